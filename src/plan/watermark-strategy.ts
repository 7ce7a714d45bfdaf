/**
 * How a stream gets event time: a timestamp for each record and a watermark that trails the largest
 * timestamp seen by `maxOutOfOrderness` (Flink's bounded-out-of-orderness strategy). Applied per source
 * partition; the source's watermark is the minimum over its partitions that are not idle.
 *
 * @example
 * const strategy: WatermarkStrategy<Trade> = {
 *   timestamp: (t) => t.transaction_date, maxOutOfOrderness: 5_000, idleTimeout: 30_000,
 * };
 */
export interface WatermarkStrategy<T> {
  /** Event time of a record in epoch ms. Omit to use the timestamp the source attached (e.g. Kafka's). */
  readonly timestamp?: (value: T, sourceTimestamp: number) => number;
  /** Milliseconds the watermark trails the largest timestamp seen. */
  readonly maxOutOfOrderness: number;
  /** A partition with no records for this long stops holding the watermark back. Default: never. */
  readonly idleTimeout?: number;
}
