import { compareValues } from '../expr/runtime-values.ts';
import type { ValueAggregator } from './value-aggregator.ts';

/**
 * The non-arithmetic SQL aggregates: COUNT, MIN, MAX, FIRST_VALUE, LAST_VALUE and LISTAGG. Values
 * reach them non-null (nulls are skipped before, as Flink's accumulate methods skip them).
 */

/**
 * COUNT: one per value it is given (COUNT(*) is given every row).
 *
 * @example
 * countAggregator().result(3) // 3
 */
export function countAggregator(): ValueAggregator<number> {
  return COUNT;
}

const COUNT: ValueAggregator<number> = {
  create: () => 0,
  add: (acc) => acc + 1,
  result: (acc) => acc,
  merge: (a, b) => a + b,
  retract: (acc) => acc - 1,
};

/**
 * MIN or MAX: the accumulator is the extreme so far, or null. Numbers (timestamps, dates, decimals),
 * strings and booleans compare with `<`; `structured` values (bytes, arrays) element-wise.
 *
 * @example
 * const low = extremeAggregator('MIN', false); // 3, 1, 2 → 1
 */
export function extremeAggregator(which: 'MIN' | 'MAX', structured: boolean): ValueAggregator<unknown> {
  const sign = which === 'MIN' ? -1 : 1;
  // `better(a, b)`: should `a` replace `b`?
  const better: (a: unknown, b: unknown) => boolean = structured
    ? (a, b) => compareValues(a, b) * sign > 0
    : which === 'MIN'
      ? (a, b) => (a as number) < (b as number)
      : (a, b) => (a as number) > (b as number);
  return {
    create: () => null,
    add: (acc, v) => (acc === null || better(v, acc) ? v : acc),
    result: (acc) => acc,
    merge: (a, b) => (a === null ? b : b === null ? a : better(b, a) ? b : a),
  };
}

/**
 * FIRST_VALUE: the first non-null value by arrival. Merging (session windows) keeps the value of
 * `a`, the session that existed first, when both have one.
 *
 * @example
 * firstValueAggregator() // 'x', 'y' → 'x'
 */
export function firstValueAggregator(): ValueAggregator<unknown> {
  return FIRST_VALUE;
}

const FIRST_VALUE: ValueAggregator<unknown> = {
  create: () => null,
  add: (acc, v) => (acc === null ? v : acc),
  result: (acc) => acc,
  merge: (a, b) => (a === null ? b : a),
};

/**
 * LAST_VALUE: the last non-null value by arrival. Merging keeps the value of `b` when both have one.
 *
 * @example
 * lastValueAggregator() // 'x', 'y' → 'y'
 */
export function lastValueAggregator(): ValueAggregator<unknown> {
  return LAST_VALUE;
}

const LAST_VALUE: ValueAggregator<unknown> = {
  create: () => null,
  add: (_acc, v) => v,
  result: (acc) => acc,
  merge: (a, b) => (b === null ? a : b),
};

/**
 * LISTAGG(x, separator): the values joined by the separator in arrival order; null when there are
 * none. The accumulator is the joined string itself, so it stays one plain value.
 *
 * @example
 * listAggAggregator(';') // 'a', 'b' → 'a;b'
 */
export function listAggAggregator(separator: string): ValueAggregator<string | null> {
  return {
    create: () => null,
    add: (acc, v) => (acc === null ? String(v) : acc + separator + String(v)),
    result: (acc) => acc,
    merge: (a, b) => (a === null ? b : b === null ? a : a + separator + b),
  };
}
