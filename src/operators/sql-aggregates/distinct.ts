import { keyId } from '../../state/state-backend.ts';
import type { ValueAggregator } from './value-aggregator.ts';

/**
 * The accumulator of `agg(DISTINCT x)`: the values seen so far, by identity (`keyId`: type-tagged
 * text, so 1 and '1' differ and equal arrays match), and the inner aggregate's accumulator over them.
 * A plain object and an array: both go into checkpoints as they are.
 */
export type DistinctAccumulator<Acc> = [seen: Record<string, unknown>, inner: Acc];

/**
 * Wraps an aggregate so that each distinct value is added once. Merging two accumulators (session
 * windows) is the union of their seen values: the values only `b` saw are added to `a`'s inner
 * accumulator, so a value both saw still counts once.
 *
 * @example
 * const countDistinct = distinctAggregator(countAggregator());
 * // add 'a', 'b', 'a' → result 2
 */
export function distinctAggregator<Acc>(inner: ValueAggregator<Acc>): ValueAggregator<DistinctAccumulator<Acc>> {
  return {
    create: () => [{}, inner.create()],
    add: (acc, v) => {
      const seen = acc[0];
      const id = keyId(v);
      if (Object.hasOwn(seen, id)) return acc;
      seen[id] = v;
      acc[1] = inner.add(acc[1], v);
      return acc;
    },
    result: (acc) => inner.result(acc[1]),
    merge: (a, b) => {
      const seen = a[0];
      const other = b[0];
      for (const id in other) {
        if (Object.hasOwn(seen, id)) continue;
        const v = other[id];
        seen[id] = v;
        a[1] = inner.add(a[1], v);
      }
      return a;
    },
  };
}
