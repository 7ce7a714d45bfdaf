import type { DataType } from '../../core/data-types.ts';
import { roundDecimal } from '../expr/runtime-numeric.ts';

/**
 * Brings a numeric aggregate result (SUM, AVG, VAR/STDDEV) into the runtime form of the call's result
 * type, as Flink computes it in that type:
 *
 * - TINYINT / SMALLINT / INT: truncated toward zero, then wrapped to the type's width as Java's
 *   integer arithmetic does (SUM(INT) is INT in Flink and overflows silently)
 * - BIGINT: truncated toward zero (integral AVG is the truncated mean)
 * - DECIMAL(p, s): rounded HALF_UP to scale s (also cleans the binary noise of summed decimals)
 * - FLOAT / DOUBLE and anything else: as computed
 *
 * @example
 * numericResult(DataTypes.INT())(2.5)            // 2
 * numericResult(DataTypes.DECIMAL(38, 2))(0.1 + 0.2) // 0.3
 */
export function numericResult(type: DataType): (x: number) => number {
  switch (type.kind) {
    case 'TINYINT': return (x) => (Math.trunc(x) << 24) >> 24;
    case 'SMALLINT': return (x) => (Math.trunc(x) << 16) >> 16;
    case 'INT': return (x) => Math.trunc(x) | 0;
    // `+ 0` turns -0 (the truncation of -0.5) into 0.
    case 'BIGINT': return (x) => Math.trunc(x) + 0;
    case 'DECIMAL': {
      const scale = type.scale;
      return (x) => roundDecimal(x, scale) + 0;
    }
    default: return identity;
  }
}

const identity = (x: number): number => x;

