import { MAX_WATERMARK, MIN_WATERMARK } from '../core/batch.ts';
import { compileExpr } from '../operators/expr/index.ts';
import type { WatermarkStrategy } from '../plan/watermark-strategy.ts';

/** A record's watermark from the record and its timestamp; null or NaN for none. */
export type RecordWatermarkFn = (value: unknown, timestamp: number) => number | null;

/**
 * The per-record watermark of a strategy — its function, or its expression compiled once — or
 * undefined when the strategy is plain bounded out-of-orderness over the timestamps.
 *
 * @example
 * const fn = recordWatermarkOf({ maxOutOfOrderness: 0, recordWatermarkExpr: { expr: watermarkExpr, inputType } });
 */
export function recordWatermarkOf(strategy: WatermarkStrategy<unknown> | undefined): RecordWatermarkFn | undefined {
  if (strategy?.recordWatermark !== undefined) return strategy.recordWatermark;
  const spec = strategy?.recordWatermarkExpr;
  if (spec === undefined) return undefined;
  // The compiled expression reads the row only; the timestamp argument is ignored.
  return compileExpr<number | null>(spec.expr, spec.inputType) as RecordWatermarkFn;
}

/**
 * The largest watermark the records of a batch allow, MIN_WATERMARK when none allows one (every
 * value NULL or NaN).
 *
 * @example
 * maxRecordWatermark([{ ts: 5000 }, { ts: null }], [5000, NaN], (r) => (r as { ts: number }).ts - 1000) // 4000
 */
export function maxRecordWatermark(values: readonly unknown[], times: readonly number[], fn: RecordWatermarkFn): number {
  let max = MIN_WATERMARK;
  for (let i = 0; i < values.length; i++) {
    const mark = fn(values[i], times[i]);
    if (mark !== null && mark > max) max = mark; // NaN compares false
  }
  return max;
}

/** Per-split watermark bookkeeping, as it goes into a checkpoint. */
export interface SplitWatermarkState {
  readonly maxTimestamp: number;
  readonly ended: boolean;
}

/**
 * Bounded-out-of-orderness watermarks per source split, combined as the minimum over the splits that
 * are neither idle nor ended. A split that produced nothing for `idleTimeout` ms of processing time is
 * idle and stops holding the watermark back until it produces again. The combined watermark never
 * goes backwards.
 *
 * The watermark of a split is `max timestamp seen - maxOutOfOrderness`, which is what Flink SQL's
 * `WATERMARK FOR ts AS ts - INTERVAL 'n' SECOND` produces. With a per-record watermark (any other
 * `WATERMARK … AS expr`) the vertices observe the records' watermarks instead of their timestamps
 * ({@link maxRecordWatermark}), so a split's watermark is the largest of them.
 *
 * @example
 * const marks = new SplitWatermarks({ maxOutOfOrderness: 5_000, idleTimeout: 30_000 });
 * marks.addSplit('p0', now);
 * marks.observe('p0', 1_000_000, now);
 * marks.combined(now); // 995000
 */
export class SplitWatermarks {
  private readonly delay: number;
  private readonly idleTimeout: number;
  private readonly splits = new Map<string, SplitEntry>();
  private emitted = MIN_WATERMARK;

  constructor(strategy: Pick<WatermarkStrategy<unknown>, 'maxOutOfOrderness' | 'idleTimeout'>) {
    this.delay = strategy.maxOutOfOrderness;
    this.idleTimeout = strategy.idleTimeout ?? Number.POSITIVE_INFINITY;
  }

  addSplit(id: string, now: number, restored?: SplitWatermarkState): void {
    this.splits.set(id, {
      maxTimestamp: restored?.maxTimestamp ?? MIN_WATERMARK,
      ended: restored?.ended ?? false,
      lastActive: now,
      readerIdle: false,
    });
  }

  /** Records the largest timestamp (or record watermark) of a batch that the split just produced. */
  observe(id: string, maxTimestampInBatch: number, now: number): void {
    const entry = this.splits.get(id)!;
    entry.lastActive = now;
    if (maxTimestampInBatch > entry.maxTimestamp) entry.maxTimestamp = maxTimestampInBatch;
  }

  /**
   * The split's reader says what its watermark is (a repartition topic's markers) and whether it is
   * idle; with `maxOutOfOrderness` 0 the watermark is kept as the split's maximum, so it goes into
   * checkpoints like a timestamp-derived one. An idle split holds nothing back until it is not.
   */
  observeProvided(id: string, watermark: number | undefined, idle: boolean | undefined, now: number): void {
    const entry = this.splits.get(id)!;
    entry.lastActive = now;
    if (watermark !== undefined && watermark > entry.maxTimestamp) entry.maxTimestamp = watermark;
    if (idle !== undefined) entry.readerIdle = idle;
  }

  /** The split produced a batch without timestamps or an empty one: counts as activity only when non-empty. */
  touch(id: string, now: number): void {
    this.splits.get(id)!.lastActive = now;
  }

  end(id: string): void {
    this.splits.get(id)!.ended = true;
  }

  /** True when every split has ended. */
  allEnded(): boolean {
    for (const entry of this.splits.values()) if (!entry.ended) return false;
    return true;
  }

  /** True when no split is active: all idle or ended (but not all ended). */
  allIdle(now: number): boolean {
    let sawIdle = false;
    for (const entry of this.splits.values()) {
      if (entry.ended) continue;
      if (now - entry.lastActive < this.idleTimeout && !entry.readerIdle) return false;
      sawIdle = true;
    }
    return sawIdle;
  }

  /** The watermark over all splits right now; monotonic. */
  combined(now: number): number {
    if (this.splits.size === 0) return this.emitted;
    let min = MAX_WATERMARK;
    let anyActive = false;
    for (const entry of this.splits.values()) {
      if (entry.ended || entry.readerIdle) continue;
      if (now - entry.lastActive >= this.idleTimeout) continue;
      anyActive = true;
      const mark = entry.maxTimestamp - this.delay;
      if (mark < min) min = mark;
    }
    if (!anyActive) {
      if (!this.allEnded()) return this.emitted; // every live split idle: hold where we are
      min = MAX_WATERMARK;
    }
    if (min > this.emitted) this.emitted = min;
    return this.emitted;
  }

  snapshot(): Record<string, SplitWatermarkState> {
    const out: Record<string, SplitWatermarkState> = {};
    for (const [id, entry] of this.splits) out[id] = { maxTimestamp: entry.maxTimestamp, ended: entry.ended };
    return out;
  }
}

interface SplitEntry {
  maxTimestamp: number;
  ended: boolean;
  lastActive: number;
  /** The reader said the split is idle (observeProvided). */
  readerIdle: boolean;
}
