/**
 * One SQL aggregate over argument values that are already computed and never null (the caller skips
 * nulls, applies FILTER and DISTINCT): the piece each AggregateCall compiles to. Accumulators are
 * plain data — numbers, strings, arrays, null — because they go into checkpoints and state backends.
 *
 * `add` may mutate and return `acc`; `merge` may mutate and return `a` (session windows merge).
 *
 * @example
 * const count: ValueAggregator<number> = {
 *   create: () => 0, add: (acc) => acc + 1, result: (acc) => acc, merge: (a, b) => a + b,
 * };
 */
export interface ValueAggregator<Acc> {
  create(): Acc;
  /** `value` is the (non-null) argument; for several arguments, an array of them. */
  add(acc: Acc, value: unknown): Acc;
  /** The SQL result; null for "no value". */
  result(acc: Acc): unknown;
  merge(a: Acc, b: Acc): Acc;
  /**
   * Takes a value back out (a retracted row of a changelog input: -U or -D); absent for aggregates
   * that cannot (MIN, MAX, LISTAGG… would need every value kept).
   */
  retract?(acc: Acc, value: unknown): Acc;
}
