import type { AggregateFunction } from './functions.ts';

/**
 * The built-in incremental aggregates that every API compiles to (SQL's COUNT/SUM/AVG/MIN/MAX, the
 * DataFrame `agg(…)` functions, the Dataflow `.window(…).aggregate(…)`).
 *
 * Null handling is SQL's: a value that is null or undefined is skipped, and SUM/AVG/MIN/MAX over no
 * (non-null) values is null. Accumulators are plain numbers, arrays or null so that they survive
 * structured cloning into a checkpoint and serialisation into an on-disk state backend.
 */

/** Extracts the aggregated value from a record; null/undefined means "no value" (skipped). */
export type ValueOf<In, V> = (record: In) => V | null | undefined;

/** What MIN and MAX compare: numbers (including epoch-ms timestamps) or strings. */
export type Comparable = number | string;

/**
 * COUNT(*) without an argument; COUNT(expr) — the non-null values — with one.
 *
 * @example
 * const perWindow = count();                       // every record
 * const withPrice = count((t: Trade) => t.price);  // records whose price is not null
 */
export function count<In = unknown>(value?: ValueOf<In, unknown>): AggregateFunction<In, number, number> {
  return {
    createAccumulator: () => 0,
    add: value === undefined ? (acc) => acc + 1 : (acc, record) => (value(record) == null ? acc : acc + 1),
    getResult: (acc) => acc,
    merge: (a, b) => a + b,
  };
}

/**
 * SUM(expr): null until a non-null value arrives.
 *
 * @example
 * const shares = sum((t: Trade) => t.shares);
 */
export function sum<In>(value: ValueOf<In, number>): AggregateFunction<In, number | null, number | null> {
  return {
    createAccumulator: () => null,
    add: (acc, record) => {
      const v = value(record);
      if (v == null) return acc;
      return acc === null ? v : acc + v;
    },
    getResult: (acc) => acc,
    merge: (a, b) => (a === null ? b : b === null ? a : a + b),
  };
}

/**
 * AVG(expr): the accumulator is `[sum, count]`, updated in place.
 *
 * @example
 * const avgPrice = avg((t: Trade) => t.price);
 */
export function avg<In>(value: ValueOf<In, number>): AggregateFunction<In, [number, number], number | null> {
  return {
    createAccumulator: () => [0, 0],
    add: (acc, record) => {
      const v = value(record);
      if (v != null) {
        acc[0] += v;
        acc[1] += 1;
      }
      return acc;
    },
    getResult: (acc) => (acc[1] === 0 ? null : acc[0] / acc[1]),
    merge: (a, b) => {
      a[0] += b[0];
      a[1] += b[1];
      return a;
    },
  };
}

/** MIN or MAX: `better(a, b)` says whether `a` should replace `b`. */
function extreme<In, V extends Comparable>(
  value: ValueOf<In, V>,
  better: (a: V, b: V) => boolean,
): AggregateFunction<In, V | null, V | null> {
  return {
    createAccumulator: () => null,
    add: (acc, record) => {
      const v = value(record);
      if (v == null) return acc;
      return acc === null || better(v, acc) ? v : acc;
    },
    getResult: (acc) => acc,
    merge: (a, b) => (a === null ? b : b === null ? a : better(b, a) ? b : a),
  };
}

/**
 * MIN(expr) over numbers or strings.
 *
 * @example
 * const low = min((t: Trade) => t.price);
 */
export function min<In, V extends Comparable = number>(value: ValueOf<In, V>): AggregateFunction<In, V | null, V | null> {
  return extreme(value, (a, b) => a < b);
}

/**
 * MAX(expr) over numbers or strings.
 *
 * @example
 * const high = max((t: Trade) => t.price);
 */
export function max<In, V extends Comparable = number>(value: ValueOf<In, V>): AggregateFunction<In, V | null, V | null> {
  return extreme(value, (a, b) => a > b);
}

/**
 * Folds the records with a reducer (Flink's ReduceFunction, Bytewax's `reduce_window`); the result is
 * the fold, or null when there were no records. The accumulator is `[]` or `[folded]`, so a record that
 * is itself null still counts. The reducer also merges, so it must be associative.
 *
 * @example
 * const biggest = reduce((a: Trade, b: Trade) => (b.shares > a.shares ? b : a));
 */
export function reduce<T>(reducer: (a: T, b: T) => T): AggregateFunction<T, [] | [T], T | null> {
  return {
    createAccumulator: () => [],
    add: (acc, record) => {
      if (acc.length === 0) return [record];
      acc[0] = reducer(acc[0], record);
      return acc;
    },
    getResult: (acc) => (acc.length === 0 ? null : acc[0]),
    merge: (a, b) => {
      if (b.length === 0) return a;
      if (a.length === 0) return b;
      a[0] = reducer(a[0], b[0]);
      return a;
    },
  };
}

/** The object type `aggregates` produces from its named parts. */
export type AggregatesResult<Parts extends Record<string, AggregateFunction<any, any, any>>> = {
  [Name in keyof Parts]: Parts[Name] extends AggregateFunction<any, any, infer Out> ? Out : never;
};

/**
 * Several aggregates over the same records as one: the result is an object with one property per
 * part, the accumulator an array of the parts' accumulators. It can merge only if every part can.
 *
 * @example
 * const stats = aggregates({ trades: count(), shares: sum((t: Trade) => t.shares), avgPrice: avg((t: Trade) => t.price) });
 * // getResult → { trades: 3, shares: 300, avgPrice: 101.5 }
 */
export function aggregates<In, Parts extends Record<string, AggregateFunction<In, any, any>>>(
  parts: Parts,
): AggregateFunction<In, unknown[], AggregatesResult<Parts>> {
  const names = Object.keys(parts);
  const fns: AggregateFunction<In, unknown, unknown>[] = names.map((name) => parts[name]);
  const n = fns.length;
  const combined: AggregateFunction<In, unknown[], AggregatesResult<Parts>> = {
    createAccumulator: () => {
      const accs = new Array<unknown>(n);
      for (let i = 0; i < n; i++) accs[i] = fns[i].createAccumulator();
      return accs;
    },
    add: (accs, record) => {
      for (let i = 0; i < n; i++) accs[i] = fns[i].add(accs[i], record);
      return accs;
    },
    getResult: (accs) => {
      const result: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) result[names[i]] = fns[i].getResult(accs[i]);
      return result as AggregatesResult<Parts>;
    },
  };
  if (fns.every((fn) => fn.merge !== undefined)) {
    combined.merge = (a, b) => {
      for (let i = 0; i < n; i++) a[i] = fns[i].merge!(a[i], b[i]);
      return a;
    };
  }
  return combined;
}
