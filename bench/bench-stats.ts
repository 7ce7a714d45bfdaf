/**
 * What every benchmark needs: timing a run and the median of several.
 *
 * @example
 * const { ms, result } = await timed(() => runSql());
 * median([3, 1, 2]) // 2
 */

/** The middle value (the upper middle for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs `fn` and measures its wall-clock time in milliseconds. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}
