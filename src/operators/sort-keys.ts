import type { RowType } from '../core/data-types.ts';
import type { Row } from '../core/row.ts';
import type { SortKey } from '../plan/relational-nodes.ts';
import { compileExpr, type CompileOptions } from './expr/compile.ts';

/** Orders two rows: negative when `a` comes first, positive when `b` does, 0 when they tie. */
export type RowComparator = (a: Row, b: Row) => number;

/**
 * Compiles ORDER BY keys into a row comparator with SQL's order: each key ascending or descending,
 * NULLs first or last as the key says; numbers, strings (by UTF-16 code units, as Java compares them)
 * and booleans compared by value; TIMESTAMPs are epoch milliseconds, so they compare as numbers.
 *
 * @example
 * const byPriceDesc = compileSortKeys([{ expr: field(bids, 'price'), descending: true, nullsFirst: true }], bids);
 * [{ price: 1 }, { price: 3 }].sort(byPriceDesc) // [{ price: 3 }, { price: 1 }]
 */
export function compileSortKeys(keys: readonly SortKey[], inputType: RowType, options?: CompileOptions): RowComparator {
  const values = keys.map((k) => compileExpr(k.expr, inputType, options));
  const descending = keys.map((k) => k.descending);
  const nullsFirst = keys.map((k) => k.nullsFirst);
  const n = keys.length;
  return (a, b) => {
    for (let i = 0; i < n; i++) {
      const x = values[i](a);
      const y = values[i](b);
      if (x === y) continue;
      const xNull = x === null || x === undefined;
      const yNull = y === null || y === undefined;
      if (xNull || yNull) {
        if (xNull && yNull) continue;
        return xNull === nullsFirst[i] ? -1 : 1;
      }
      const order = (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
      if (order !== 0) return descending[i] ? -order : order;
    }
    return 0;
  };
}

/**
 * Where `row` goes in `sorted` (ascending by `compare`): after the rows it ties with, or before them
 * when `beforeTies` (the newer row wins a tie). Binary search: O(log n) comparisons.
 *
 * @example
 * insertionIndex([{ p: 1 }, { p: 3 }], { p: 2 }, byP, false) // 1
 */
export function insertionIndex(sorted: readonly Row[], row: Row, compare: RowComparator, beforeTies: boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const order = compare(sorted[mid], row);
    if (order < 0 || (order === 0 && !beforeTies)) low = mid + 1;
    else high = mid;
  }
  return low;
}
