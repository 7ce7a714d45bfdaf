import { typeToString } from '../../../core/data-types.ts';
import type { Row } from '../../../core/row.ts';
import type { Expr } from '../../../plan/expr/expr.ts';
import { UNIT_MILLIS } from '../../../plan/expr/time-units.ts';
import type { WatermarkStrategy } from '../../../plan/watermark-strategy.ts';
import type { Expr as AstExpr } from '../ast/expressions.ts';
import type { PlanContext } from './context.ts';
import { fail } from './errors.ts';
import { bindExpr, type ExprScope } from './expressions.ts';

/**
 * Flink SQL's `WATERMARK FOR rowtime AS expression`: the expression is evaluated for every row and
 * the watermark is the largest value it gave (per source split, never decreasing). It must be a
 * TIMESTAMP(p) or TIMESTAMP_LTZ(p) with p ≤ 3.
 *
 * The common forms are the rowtime minus (or plus) constant intervals — `ts`, `ts - INTERVAL '5'
 * SECOND`, `ts - INTERVAL '1' MINUTE - INTERVAL '30' SECOND`, `TIMESTAMPADD(SECOND, -5, ts)` — and
 * they become the cheap bounded-out-of-orderness strategy: max(ts) − delay, with no per-row work
 * beyond reading the rowtime. Any other expression (`CASE …`, a month interval, another column)
 * is kept as a per-record watermark expression that the runtime compiles.
 */

/**
 * The watermark strategy of a table: `expression` bound over `scope` (the rows the strategy sees) and
 * checked; a constant offset from the rowtime folded into `maxOutOfOrderness`. Errors point at the
 * expression.
 *
 * @example
 * watermarkStrategyOf(parseExpression("ts - INTERVAL '5' SECOND"), 'ts', scope, ctx).maxOutOfOrderness // 5000
 */
export function watermarkStrategyOf(
  expression: AstExpr, rowtime: string, scope: ExprScope, ctx: PlanContext, idleTimeout?: number,
): WatermarkStrategy<Row> {
  const bound = bindWatermark(expression, scope, ctx);
  const offset = constantOffset(bound, rowtime);
  return Object.freeze({
    timestamp: (row: Row) => row[rowtime] as number,
    maxOutOfOrderness: offset === undefined || offset === 0 ? 0 : -offset,
    ...(offset === undefined ? { recordWatermarkExpr: Object.freeze({ expr: bound, inputType: scope.rowType }) } : {}),
    ...(idleTimeout === undefined ? {} : { idleTimeout }),
  });
}

/**
 * The watermark expression bound and type-checked: TIMESTAMP(p) or TIMESTAMP_LTZ(p), p ≤ 3.
 *
 * @example
 * bindWatermark(parseExpression('ts + 1'), scope, ctx) // throws: … must be TIMESTAMP(3) or TIMESTAMP_LTZ(3) …
 */
export function bindWatermark(expression: AstExpr, scope: ExprScope, ctx: PlanContext): Expr {
  const bound = bindExpr(expression, scope, ctx);
  const type = bound.type;
  if (!((type.kind === 'TIMESTAMP' || type.kind === 'TIMESTAMP_LTZ') && type.precision <= 3)) {
    throw fail(expression.pos, ctx.source,
      `the watermark expression must be TIMESTAMP(3) or TIMESTAMP_LTZ(3) (evaluated for each row; the watermark is its largest value), got ${typeToString(type)}`);
  }
  return bound;
}

/**
 * How far (ms) the expression is from the rowtime when it is the rowtime plus or minus constants:
 * `ts - INTERVAL '5' SECOND` → -5000, `TIMESTAMPADD(MINUTE, 1, ts)` → 60000; undefined otherwise.
 * Only fixed-length units fold (a month is not a constant number of milliseconds).
 *
 * @example
 * constantOffset(bindWatermark(parseExpression("ts - INTERVAL '1' MINUTE - INTERVAL '30' SECOND"), scope, ctx), 'ts') // -90000
 */
export function constantOffset(e: Expr, rowtime: string): number | undefined {
  switch (e.kind) {
    case 'field': return e.name === rowtime ? 0 : undefined;
    case 'cast': return e.operand.type.kind === e.type.kind ? constantOffset(e.operand, rowtime) : undefined;
    case 'call': {
      if (e.udf !== undefined) return undefined;
      if ((e.name === '+' || e.name === '-') && e.args.length === 2) {
        const [left, right] = e.args;
        const rightMs = intervalMillis(right);
        if (rightMs !== undefined) {
          const base = constantOffset(left, rowtime);
          return base === undefined ? undefined : e.name === '+' ? base + rightMs : base - rightMs;
        }
        const leftMs = intervalMillis(left);
        if (e.name === '+' && leftMs !== undefined) {
          const base = constantOffset(right, rowtime);
          return base === undefined ? undefined : base + leftMs;
        }
        return undefined;
      }
      if (e.name === 'TIMESTAMPADD' && e.args.length === 3) {
        const [unit, count, timestamp] = e.args;
        const unitMs = unit.kind === 'literal' && typeof unit.value === 'string' ? UNIT_MILLIS[unit.value.toUpperCase()] : undefined;
        const n = count.kind === 'literal' && typeof count.value === 'number' ? count.value : undefined;
        const base = constantOffset(timestamp, rowtime);
        return unitMs === undefined || n === undefined || base === undefined ? undefined : base + n * unitMs;
      }
      return undefined;
    }
    default: return undefined;
  }
}

/** A constant day-time interval in ms: a literal, or a literal times a number. */
function intervalMillis(e: Expr): number | undefined {
  if (e.type.kind !== 'INTERVAL_DAY_TIME') return undefined;
  if (e.kind === 'literal') return typeof e.value === 'number' ? e.value : undefined;
  if (e.kind === 'call' && e.udf === undefined && e.name === '*' && e.args.length === 2) {
    const [a, b] = e.args;
    const interval = intervalMillis(a) ?? intervalMillis(b);
    const factor = [a, b].find((x) => x.kind === 'literal' && typeof x.value === 'number' && x.type.kind !== 'INTERVAL_DAY_TIME');
    return interval === undefined || factor === undefined ? undefined : interval * (factor as { value: number }).value;
  }
  if (e.kind === 'call' && e.udf === undefined && e.name === '-' && e.args.length === 1) {
    const inner = intervalMillis(e.args[0]);
    return inner === undefined ? undefined : -inner;
  }
  return undefined;
}
