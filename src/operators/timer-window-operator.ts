import type { Batch } from '../core/batch.ts';
import { MIN_WATERMARK } from '../core/batch.ts';
import type { TimeDomain } from '../plan/windows.ts';
import { BaseOperator } from './operator.ts';
import { PendingOutput } from './pending-output.ts';

/**
 * What every timer-driven window operator (window aggregate, session aggregate, window join) does the
 * same way: fire keyed timers when the watermark (event time) or the clock (processing time) passes
 * them, gather what firing emits into one batch, fire processing-time windows still open at the end
 * of input, and remember how far it has fired across a checkpoint. A subclass says what a timer means.
 *
 * @example
 * class Counter extends TimerWindowOperator<Row> {
 *   protected fireTimer(key: unknown, time: number): void { this.out.push({ key, time }, time); }
 *   processBatch(batch: Batch<Row>): void { … this.ctx.timers.registerEventTimeTimer(key, end - 1); … }
 * }
 */
export abstract class TimerWindowOperator<In, Out = unknown> extends BaseOperator<In, Out> {
  protected readonly eventTime: boolean;
  /** Event time: the watermark timers have fired up to. Processing time: the clock they have fired up to. */
  protected firedUpTo = MIN_WATERMARK;
  /** Results gathered while processing a batch or firing timers, emitted as one batch. */
  protected readonly out = new PendingOutput<Out>();
  readonly #emit = (batch: Batch<Out>): void => this.ctx.emit(batch);
  /** Bound once: the timer services call it for every due timer. */
  readonly #onTimer = (key: unknown, time: number): void => this.fireTimer(key, time);

  constructor(time: TimeDomain) {
    super();
    this.eventTime = time === 'event';
  }

  /** One due timer of `key` at `time`. */
  protected abstract fireTimer(key: unknown, time: number): void;

  /** Runs before timers fire (a subclass's per-batch caches are stale by then). */
  protected beforeTimers(): void {}

  protected flushOutput(): void {
    this.out.flush(this.#emit);
  }

  override onWatermark(watermark: number): void {
    if (!this.eventTime || !(watermark > this.firedUpTo)) return;
    this.firedUpTo = watermark;
    this.beforeTimers();
    this.ctx.timers.advanceEventTime(watermark, this.#onTimer);
    this.flushOutput();
  }

  override onProcessingTime(now: number): void {
    if (this.eventTime) return;
    if (now > this.firedUpTo) this.firedUpTo = now;
    this.beforeTimers();
    this.ctx.timers.advanceProcessingTime(now, this.#onTimer);
    this.flushOutput();
  }

  override nextProcessingTime(): number {
    return this.eventTime ? Number.POSITIVE_INFINITY : this.ctx.timers.nextProcessingTime();
  }

  /** Processing-time windows still open when the input ends fire now rather than being lost. */
  override finish(): void {
    if (!this.eventTime) this.onProcessingTime(Number.POSITIVE_INFINITY);
  }

  /** Keyed state and timers live in the backend; only how far firing got is the operator's own. */
  override snapshot(): unknown {
    return { firedUpTo: this.firedUpTo };
  }

  override restore(snapshot: unknown): void {
    const saved = snapshot as { firedUpTo?: unknown } | null | undefined;
    if (typeof saved?.firedUpTo === 'number') this.firedUpTo = saved.firedUpTo;
  }
}
