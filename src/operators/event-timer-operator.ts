import type { Batch } from '../core/batch.ts';
import { MIN_WATERMARK } from '../core/batch.ts';
import { BaseOperator } from './operator.ts';
import { PendingOutput } from './pending-output.ts';

/**
 * What every keyed operator that waits for the watermark (OVER aggregate, window Top-N, deduplication,
 * temporal and interval joins) does the same way: fire the keyed event-time timers the watermark
 * passes, gather what firing emits into one batch, and remember the watermark across a checkpoint —
 * rows at or behind it are late. A subclass says what a due timer means. Its snapshot is `{ watermark }`; a subclass with
 * more of its own spreads `super.snapshot()` into its own.
 *
 * @example
 * class Delay extends EventTimerOperator<Row, Row> {
 *   processBatch(batch: Batch<Row>): void {
 *     for (let i = 0; i < batch.values.length; i++) this.ctx.timers.registerEventTimeTimer(batch.values[i], batch.times[i]);
 *   }
 *   protected fireTimer(key: unknown, time: number): void { this.out.push(key as Row, time); }
 * }
 */
export abstract class EventTimerOperator<In, Out> extends BaseOperator<In, Out> {
  /** The watermark timers have fired up to. */
  protected watermark = MIN_WATERMARK;
  /** Results gathered while processing a batch or firing timers, emitted as one batch. */
  protected readonly out = new PendingOutput<Out>();
  readonly #emit = (batch: Batch<Out>): void => this.ctx.emit(batch);
  /** Bound once: the timer service calls it for every due timer. */
  readonly #onTimer = (key: unknown, time: number): void => this.fireTimer(key, time);

  /** One due event-time timer of `key` at `time`; `this.watermark` is already the new watermark. */
  protected abstract fireTimer(key: unknown, time: number): void;

  /** Runs once the watermark's timers have fired, before their output is emitted. Default: nothing. */
  protected afterTimers(): void {}

  /** Emits what was gathered since the last flush, if anything, as one batch. */
  protected flushOutput(): void {
    this.out.flush(this.#emit);
  }

  override onWatermark(watermark: number): void {
    if (!(watermark > this.watermark)) return;
    this.watermark = watermark;
    this.ctx.timers.advanceEventTime(watermark, this.#onTimer);
    this.afterTimers();
    this.flushOutput();
  }

  /** Keyed state and timers live in the backend; the operator's own is how far the watermark got. */
  override snapshot(): unknown {
    return { watermark: this.watermark };
  }

  override restore(snapshot: unknown): void {
    const saved = snapshot as { watermark?: unknown } | null | undefined;
    if (typeof saved?.watermark === 'number') this.watermark = saved.watermark;
  }
}
