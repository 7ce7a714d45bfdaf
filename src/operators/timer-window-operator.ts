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
 *   processBatch(batch: Batch<Row>): void { this.ctx.timers.registerEventTimeTimer(keyOf(batch), endOf(batch) - 1); }
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
  /** Early fire: keys and windows (window ends; 0 for sessions) changed since the last checkpoint. */
  #dirtyKeys: unknown[] = [];
  #dirtyWindows: number[] = [];

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

  /** Early fire: the result of `key`'s `window` changed and was clean before; emit it at the checkpoint. */
  protected markChanged(key: unknown, window: number): void {
    this.#dirtyKeys.push(key);
    this.#dirtyWindows.push(window);
  }

  /**
   * Early fire: emit the result of `key`'s `window` if it still differs from what was last emitted
   * (it may have fired or been purged since it was marked). Default: nothing.
   */
  protected emitChanged(_key: unknown, _window: number): void {}

  /** Emits every window changed since the last checkpoint (a no-op without early fire). */
  override prepareCheckpoint(): void {
    const keys = this.#dirtyKeys;
    if (keys.length === 0) return;
    const windows = this.#dirtyWindows;
    this.#dirtyKeys = [];
    this.#dirtyWindows = [];
    this.beforeTimers();
    for (let i = 0; i < keys.length; i++) this.emitChanged(keys[i], windows[i]);
    this.flushOutput();
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

  /**
   * Keyed state and timers live in the backend; the operator's own is how far firing got and, when
   * a snapshot is taken without `prepareCheckpoint` first (a harness), the windows still to early-fire.
   */
  override snapshot(): unknown {
    if (this.#dirtyKeys.length === 0) return { firedUpTo: this.firedUpTo };
    return { firedUpTo: this.firedUpTo, dirty: { keys: this.#dirtyKeys.slice(), windows: this.#dirtyWindows.slice() } };
  }

  override restore(snapshot: unknown): void {
    const saved = snapshot as { firedUpTo?: unknown; dirty?: { keys: unknown[]; windows: number[] } } | null | undefined;
    if (typeof saved?.firedUpTo === 'number') this.firedUpTo = saved.firedUpTo;
    this.#dirtyKeys = saved?.dirty?.keys.slice() ?? [];
    this.#dirtyWindows = saved?.dirty?.windows.slice() ?? [];
  }
}

