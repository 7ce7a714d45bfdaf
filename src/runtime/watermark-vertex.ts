import type { Batch } from '../core/batch.ts';
import { MAX_WATERMARK } from '../core/batch.ts';
import type { WatermarkStrategy } from '../plan/watermark-strategy.ts';
import { maxRecordWatermark, recordWatermarkOf, SplitWatermarks, type RecordWatermarkFn, type SplitWatermarkState } from './split-watermarks.ts';
import { Vertex } from './vertex.ts';

const ONLY_SPLIT = 'stream';

/**
 * Assigns timestamps and watermarks mid-stream, replacing the upstream's watermarks (as Flink's
 * assignTimestampsAndWatermarks does): bounded out-of-orderness over the timestamps, or the largest
 * per-record watermark. Only the end of event time passes through from upstream.
 *
 * @example
 * new WatermarkVertex('wm-2', { timestamp: (t) => (t as { ts: number }).ts, maxOutOfOrderness: 5000 }, clock.now())
 */
export class WatermarkVertex extends Vertex {
  private readonly strategy: WatermarkStrategy<unknown>;
  private readonly marks: SplitWatermarks;
  private readonly recordWatermark: RecordWatermarkFn | undefined;
  private readonly now: () => number;

  constructor(id: string, strategy: WatermarkStrategy<unknown>, now: () => number) {
    super(id, 'watermark');
    this.strategy = strategy;
    this.now = now;
    this.marks = new SplitWatermarks(strategy);
    this.recordWatermark = recordWatermarkOf(strategy);
    this.marks.addSplit(ONLY_SPLIT, now());
  }

  receive(batch: Batch<unknown>): void {
    const { values } = batch;
    const extract = this.strategy.timestamp;
    const times = new Array<number>(values.length);
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < values.length; i++) {
      const time = extract ? extract(values[i], batch.times[i]) : batch.times[i];
      times[i] = time;
      if (time > max) max = time;
    }
    if (this.recordWatermark !== undefined) max = maxRecordWatermark(values, times, this.recordWatermark);
    this.recordsIn += values.length;
    const now = this.now();
    this.marks.observe(ONLY_SPLIT, max, now);
    this.emit({ values, times });
    this.advanceWatermark(this.marks.combined(now));
  }

  override receiveWatermark(_input: number, watermark: number): void {
    if (watermark === MAX_WATERMARK) this.advanceWatermark(MAX_WATERMARK);
  }

  tick(now: number): void {
    this.advanceWatermark(this.marks.combined(now));
  }

  watermarkState(): Record<string, SplitWatermarkState> {
    return this.marks.snapshot();
  }

  restoreMarks(state: Record<string, SplitWatermarkState> | undefined, now: number): void {
    if (state?.[ONLY_SPLIT]) this.marks.addSplit(ONLY_SPLIT, now, state[ONLY_SPLIT]);
  }
}
