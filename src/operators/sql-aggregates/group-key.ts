import type { RowType } from '../../core/data-types.ts';
import type { Row } from '../../core/row.ts';
import type { NamedExpr } from '../../plan/relational-nodes.ts';
import { compileExpr, type CompileOptions } from '../expr/compile.ts';

/**
 * Compiles GROUP BY keys into the key function of a keyed operator: no keys → undefined (one global
 * group), one key → its value, several → an array of the values (the state backend and the timer
 * service normalise composite keys, so equal arrays address the same state).
 *
 * @example
 * const key = compileGroupKey([{ name: 'symbol', expr: field(t, 'symbol') }], t);
 * key!({ symbol: 'AAPL' }) // 'AAPL'
 */
export function compileGroupKey(
  keys: readonly NamedExpr[],
  inputType: RowType,
  options?: CompileOptions,
): ((row: Row) => unknown) | undefined {
  const fns = keys.map((k) => compileExpr(k.expr, inputType, options));
  switch (fns.length) {
    case 0: return undefined;
    case 1: return fns[0];
    case 2: {
      const [a, b] = fns;
      return (row) => [a(row), b(row)];
    }
    case 3: {
      const [a, b, c] = fns;
      return (row) => [a(row), b(row), c(row)];
    }
    default: {
      const n = fns.length;
      return (row) => {
        const key = new Array<unknown>(n);
        for (let i = 0; i < n; i++) key[i] = fns[i](row);
        return key;
      };
    }
  }
}
