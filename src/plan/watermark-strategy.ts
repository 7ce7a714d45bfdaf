import type { RowType } from '../core/data-types.ts';
import type { Expr } from './expr/expr.ts';

/**
 * How a stream gets event time: a timestamp for each record and a watermark that trails the largest
 * timestamp seen by `maxOutOfOrderness` (Flink's bounded-out-of-orderness strategy). Applied per source
 * partition; the source's watermark is the minimum over its partitions that are not idle.
 *
 * Flink SQL's `WATERMARK FOR ts AS <expression>` may compute the watermark from each record instead
 * (`recordWatermark`, or `recordWatermarkExpr` for the runtime to compile): a partition's watermark is
 * then the largest value the records gave, minus `maxOutOfOrderness` — never decreasing.
 *
 * @example
 * const strategy: WatermarkStrategy<Trade> = {
 *   timestamp: (t) => t.transaction_date, maxOutOfOrderness: 5_000, idleTimeout: 30_000,
 * };
 *
 * @example
 * // Urgent trades hold the watermark back less than others.
 * const perRecord: WatermarkStrategy<Trade> = {
 *   timestamp: (t) => t.ts, maxOutOfOrderness: 0, recordWatermark: (t) => t.ts - (t.urgent ? 1_000 : 30_000),
 * };
 */
export interface WatermarkStrategy<T> {
  /** Event time of a record in epoch ms. Omit to use the timestamp the source attached (e.g. Kafka's). */
  readonly timestamp?: (value: T, sourceTimestamp: number) => number;
  /**
   * Milliseconds the watermark trails the largest timestamp (or record watermark) seen. Negative when
   * the watermark leads the timestamps (`WATERMARK FOR ts AS ts + INTERVAL '1' SECOND`).
   */
  readonly maxOutOfOrderness: number;
  /** A partition with no records for this long stops holding the watermark back. Default: never. */
  readonly idleTimeout?: number;
  /**
   * The watermark a record allows, in epoch ms, from the record and its timestamp; null or NaN
   * allows none. Replaces the record's timestamp in the bounded-out-of-orderness rule.
   */
  readonly recordWatermark?: (value: T, timestamp: number) => number | null;
  /** `recordWatermark` as an expression over the record's row type (SQL's form); ignored when `recordWatermark` is given. */
  readonly recordWatermarkExpr?: RecordWatermarkExpr;
}

/** A per-record watermark expression and the type of the rows it reads. */
export interface RecordWatermarkExpr {
  readonly expr: Expr;
  readonly inputType: RowType;
}
