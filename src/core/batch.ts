/**
 * The unit that moves between operators: records and their event timestamps as parallel arrays.
 * Carrying timestamps beside the values (as Flink's StreamRecord does) lets any record type flow,
 * not only rows, while keeping the hot loop free of wrapper objects.
 *
 * A record without an event timestamp carries {@link NO_TIMESTAMP}.
 *
 * @example
 * const batch: Batch<number> = { values: [1, 2], times: [1000, 1001] };
 */
export interface Batch<T> {
  readonly values: T[];
  readonly times: number[];
}

/** The timestamp of a record that has none (no assigner ran, or processing time only). */
export const NO_TIMESTAMP = Number.NaN;

/** The watermark before any has been emitted. */
export const MIN_WATERMARK = Number.NEGATIVE_INFINITY;

/** The watermark that ends event time: emitted when a bounded input is drained. */
export const MAX_WATERMARK = Number.POSITIVE_INFINITY;

/**
 * Makes a batch from values and (optionally) one timestamp for all of them.
 *
 * @example
 * batchOf(['a', 'b'], 5000) // { values: ['a', 'b'], times: [5000, 5000] }
 */
export function batchOf<T>(values: T[], time: number = NO_TIMESTAMP): Batch<T> {
  const times = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) times[i] = time;
  return { values, times };
}

/** An empty batch, shared because batches are never mutated after being emitted. */
export const EMPTY_BATCH: Batch<never> = Object.freeze({ values: [], times: [] }) as Batch<never>;
