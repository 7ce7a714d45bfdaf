import type { ValueAggregator } from './value-aggregator.ts';

/**
 * The arithmetic SQL aggregates: SUM, SUM0, AVG and the variance family. Each takes `finish`, which
 * brings the computed number into the call's result type (see result-types.ts).
 */

type Finish = (x: number) => number;

/**
 * SUM: null until a value arrives.
 *
 * @example
 * const total = sumAggregator((x) => x); // add 1, 2 → 3; no values → null
 */
export function sumAggregator(finish: Finish): ValueAggregator<number | null> {
  return {
    create: () => null,
    add: (acc, v) => (acc === null ? (v as number) : acc + (v as number)),
    result: (acc) => (acc === null ? null : finish(acc)),
    merge: (a, b) => (a === null ? b : b === null ? a : a + b),
    // Back to 0, not null, when every value is retracted while the group keeps rows (Flink counts them).
    retract: (acc, v) => (acc === null ? -(v as number) : acc - (v as number)),
  };
}

/**
 * SUM0 (what COUNT-like sums lower to): 0 when there are no values.
 *
 * @example
 * sum0Aggregator((x) => x).result(0) // 0
 */
export function sum0Aggregator(finish: Finish): ValueAggregator<number> {
  return {
    create: () => 0,
    add: (acc, v) => acc + (v as number),
    result: finish,
    merge: (a, b) => a + b,
    retract: (acc, v) => acc - (v as number),
  };
}

/**
 * AVG: `[sum, count]`, updated in place; null when there are no values. The mean is computed
 * exactly, then `finish` truncates it for integral result types as Flink does (AVG(INT) is INT).
 *
 * @example
 * const avg = avgAggregator(Math.trunc); // 1, 2 → 1
 */
export function avgAggregator(finish: Finish): ValueAggregator<[number, number]> {
  return {
    create: () => [0, 0],
    add: (acc, v) => {
      acc[0] += v as number;
      acc[1] += 1;
      return acc;
    },
    result: (acc) => (acc[1] === 0 ? null : finish(acc[0] / acc[1])),
    merge: (a, b) => {
      a[0] += b[0];
      a[1] += b[1];
      return a;
    },
    retract: (acc, v) => {
      acc[0] -= v as number;
      acc[1] -= 1;
      return acc;
    },
  };
}

/** Which of the four variance aggregates. */
export type VarianceKind = 'VAR_POP' | 'VAR_SAMP' | 'STDDEV_POP' | 'STDDEV_SAMP';

/**
 * VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP with Welford's online algorithm (numerically stable,
 * unlike sum-of-squares): the accumulator is `[count, mean, m2]` where m2 is the sum of squared
 * deviations from the mean; two accumulators merge with Chan's formula. The sample forms of a
 * single value are null (n - 1 = 0), as in Flink. For integral result types the result is the
 * truncated real value (Flink computes these in integer arithmetic, which can differ by one).
 *
 * @example
 * const v = varianceAggregator('VAR_POP', (x) => x); // 2, 4, 4, 4, 5, 5, 7, 9 → 4
 */
export function varianceAggregator(kind: VarianceKind, finish: Finish): ValueAggregator<[number, number, number]> {
  const sample = kind === 'VAR_SAMP' || kind === 'STDDEV_SAMP';
  const root = kind === 'STDDEV_POP' || kind === 'STDDEV_SAMP';
  return {
    create: () => [0, 0, 0],
    add: (acc, v) => {
      const x = v as number;
      const n = acc[0] + 1;
      const delta = x - acc[1];
      const mean = acc[1] + delta / n;
      acc[0] = n;
      acc[1] = mean;
      acc[2] += delta * (x - mean);
      return acc;
    },
    result: (acc) => {
      const n = acc[0];
      const divisor = sample ? n - 1 : n;
      if (divisor <= 0) return null;
      const variance = Math.max(0, acc[2]) / divisor;
      return finish(root ? Math.sqrt(variance) : variance);
    },
    merge: (a, b) => {
      const nb = b[0];
      if (nb === 0) return a;
      const na = a[0];
      if (na === 0) {
        a[0] = nb;
        a[1] = b[1];
        a[2] = b[2];
        return a;
      }
      const n = na + nb;
      const delta = b[1] - a[1];
      a[0] = n;
      a[1] = a[1] + (delta * nb) / n;
      a[2] = a[2] + b[2] + (delta * delta * na * nb) / n;
      return a;
    },
  };
}
