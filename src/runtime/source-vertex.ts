import type { Batch } from '../core/batch.ts';
import { MAX_WATERMARK, NO_TIMESTAMP } from '../core/batch.ts';
import { PlanError } from '../core/errors.ts';
import type { Source } from '../connectors/spi.ts';
import type { WatermarkStrategy } from '../plan/watermark-strategy.ts';
import type { SinkVertex } from './sink-vertex.ts';
import { maxRecordWatermark, recordWatermarkOf, SplitWatermarks, type RecordWatermarkFn, type SplitWatermarkState } from './split-watermarks.ts';
import { Vertex } from './vertex.ts';

/**
 * Where records enter the graph. Assigns each record its event timestamp (the strategy's extractor,
 * else the source's own timestamp), keeps a watermark per split (from the timestamps, or from the
 * strategy's per-record watermark) and emits the minimum over the live splits after each batch.
 *
 * @example
 * vertex.pushSplitBatch('partition-0', trades, tradeTimes, clock.now());
 */
export class SourceVertex extends Vertex {
  readonly source: Source<unknown>;
  readonly strategy: WatermarkStrategy<unknown> | undefined;
  private readonly marks: SplitWatermarks | undefined;
  private readonly recordWatermark: RecordWatermarkFn | undefined;
  /** Where the source's dead letters go (Source.deadLetterSink), written in the outputs' checkpoint. */
  readonly deadLetters: SinkVertex | undefined;
  /** Records the source skipped as undecodable (ignore-parse-errors), this run. */
  recordsSkipped = 0;
  /** Records the source handed to its dead-letter sink, this run. */
  recordsDeadLettered = 0;
  private splitsIdle = false;

  constructor(id: string, source: Source<unknown>, strategy: WatermarkStrategy<unknown> | undefined, deadLetters?: SinkVertex) {
    super(id, 'source');
    this.source = source;
    this.deadLetters = deadLetters;
    this.strategy = strategy;
    // A source whose readers give the watermark (a repartition topic) keeps it per split as given.
    this.marks = source.providesWatermarks === true ? new SplitWatermarks({ maxOutOfOrderness: 0 }) : strategy ? new SplitWatermarks(strategy) : undefined;
    this.recordWatermark = recordWatermarkOf(strategy);
  }

  receive(): void {
    throw new PlanError(`source '${this.id}' has no inputs`);
  }

  addSplit(splitId: string, now: number, restored?: SplitWatermarkState): void {
    this.marks?.addSplit(splitId, now, restored);
  }

  /** Pushes what a split's reader returned; `sourceTimes` are the source's own timestamps, if any. */
  pushSplitBatch(splitId: string, values: unknown[], sourceTimes: number[] | undefined, now: number): void {
    if (values.length === 0) return;
    const times = this.assignTimestamps(values, sourceTimes);
    this.recordsIn += values.length;
    if (this.marks !== undefined && this.source.providesWatermarks !== true) {
      let max = Number.NEGATIVE_INFINITY;
      if (this.recordWatermark !== undefined) max = maxRecordWatermark(values, times, this.recordWatermark);
      else for (let i = 0; i < times.length; i++) if (times[i] > max) max = times[i];
      this.marks.observe(splitId, max, now);
      this.setIdle(false);
    }
    this.emit({ values, times } satisfies Batch<unknown>);
    if (this.marks !== undefined) this.advanceWatermark(this.marks.combined(now));
  }

  /**
   * Takes the watermark and idleness a reader gave for its split (`SourceBatch.watermark` / `idle`,
   * sources with `providesWatermarks`), after the batch's records, and emits the new minimum.
   */
  pushSplitWatermark(splitId: string, watermark: number | undefined, idle: boolean | undefined, now: number): void {
    if (this.marks === undefined) return;
    this.marks.observeProvided(splitId, watermark, idle, now);
    this.advanceWatermark(this.marks.combined(now));
    this.setIdle(this.marks.allIdle(now));
  }

  /**
   * Counts what a reader rejected and hands its dead letters to the dead-letter sink (pending like any
   * sink write, so the next checkpoint waits for them). Dead letters without a sink are an error:
   * a record may not vanish.
   */
  pushRejected(deadLetters: readonly unknown[] | undefined, skipped: number | undefined): void {
    this.recordsSkipped += skipped ?? 0;
    if (deadLetters === undefined || deadLetters.length === 0) return;
    if (this.deadLetters === undefined) throw new PlanError(`source '${this.id}' returned dead letters but has no deadLetterSink`);
    this.recordsDeadLettered += deadLetters.length;
    this.deadLetters.receive({ values: deadLetters as unknown[], times: new Array<number>(deadLetters.length).fill(NO_TIMESTAMP) });
  }

  /** A split is drained: it no longer holds the watermark back. */
  endSplit(splitId: string, now: number): void {
    if (this.marks === undefined) return;
    this.marks.end(splitId);
    this.advanceWatermark(this.marks.combined(now));
  }

  /** Re-evaluates idleness as processing time passes (an idle split stops holding the watermark). */
  tick(now: number): void {
    if (this.marks === undefined) return;
    this.advanceWatermark(this.marks.combined(now));
    this.setIdle(this.marks.allIdle(now));
  }

  /** Raises the watermark by hand (the TestDriver's `advanceWatermark`); it never goes backwards. */
  forceWatermark(watermark: number): void {
    this.advanceWatermark(watermark);
  }

  /** All input is consumed: event time ends, which fires every remaining window downstream. */
  endOfInput(): void {
    this.advanceWatermark(MAX_WATERMARK);
  }

  watermarkState(): Record<string, SplitWatermarkState> | undefined {
    return this.marks?.snapshot();
  }

  private assignTimestamps(values: unknown[], sourceTimes: number[] | undefined): number[] {
    const extract = this.strategy?.timestamp;
    const times = new Array<number>(values.length);
    if (extract !== undefined) {
      for (let i = 0; i < values.length; i++) times[i] = extract(values[i], sourceTimes ? sourceTimes[i] : NO_TIMESTAMP);
    } else if (sourceTimes !== undefined) {
      for (let i = 0; i < values.length; i++) times[i] = sourceTimes[i];
    } else {
      times.fill(NO_TIMESTAMP);
    }
    return times;
  }

  private setIdle(idle: boolean): void {
    if (idle === this.splitsIdle) return;
    this.splitsIdle = idle;
    for (const edge of this.mainOutputs) edge.target.receiveIdle(edge.input, idle);
  }
}
