/**
 * Window specifications shared by every API: what the Dataflow `.window(…)`, SQL's TUMBLE/HOP/SESSION/
 * CUMULATE and Spark's `window()` all compile to. Sizes are milliseconds.
 *
 * @example
 * const hourly: WindowSpec = { kind: 'tumbling', size: 3_600_000, offset: 0, time: 'event' };
 */
export type WindowSpec = TumblingWindow | SlidingWindow | SessionWindow | CumulateWindow;

/** Event time (record timestamps and watermarks) or processing time (the wall clock). */
export type TimeDomain = 'event' | 'processing';

export interface TumblingWindow {
  readonly kind: 'tumbling';
  readonly size: number;
  readonly offset: number;
  readonly time: TimeDomain;
}

/** Hopping windows: `size` long, one starting every `slide`. */
export interface SlidingWindow {
  readonly kind: 'sliding';
  readonly size: number;
  readonly slide: number;
  readonly offset: number;
  readonly time: TimeDomain;
}

/** Per-key windows that close after `gap` without records; overlapping sessions merge. */
export interface SessionWindow {
  readonly kind: 'session';
  readonly gap: number;
  readonly time: TimeDomain;
}

/** Flink's CUMULATE: windows of `step`, `2·step`, … up to `maxSize`, all starting at the same point. */
export interface CumulateWindow {
  readonly kind: 'cumulate';
  readonly step: number;
  readonly maxSize: number;
  readonly offset: number;
  readonly time: TimeDomain;
}

/** A window instance: [start, end). Its results carry timestamp `end - 1`. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * One result of a window: the key (undefined for a non-keyed window), the window bounds and the
 * aggregate's value. `update` is true when a late record (within the allowed lateness) changed a
 * window that had already fired and this result replaces the earlier one.
 *
 * @example
 * // { key: 'AAPL', start: 1704103200000, end: 1704106800000, value: { shares: 300 }, update: false }
 */
export interface WindowResult<K, V> {
  readonly key: K;
  readonly start: number;
  readonly end: number;
  readonly value: V;
  readonly update: boolean;
}

/**
 * What to do with records later than the watermark plus the allowed lateness.
 * Dropped records are always counted in the `lateRecordsDropped` metric; with `sideOutput` they are
 * emitted on that tag instead of being dropped.
 */
export interface LatenessPolicy {
  /** Milliseconds after a window's end during which late records still update it. Default 0. */
  readonly allowed: number;
  /** Side-output tag for records too late to count. */
  readonly sideOutput?: string;
}
