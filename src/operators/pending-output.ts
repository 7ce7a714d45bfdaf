import type { Batch } from '../core/batch.ts';

/**
 * Records gathered while an operator works through a batch or fires timers, emitted afterwards as
 * one batch: firing windows one timer at a time must not turn into one tiny batch per window.
 *
 * @example
 * const out = new PendingOutput<string>();
 * out.push('a', 999);
 * out.flush((batch) => ctx.emit(batch)); // emits { values: ['a'], times: [999] }, then starts afresh
 */
export class PendingOutput<T> {
  #values: T[] = [];
  #times: number[] = [];

  get length(): number {
    return this.#values.length;
  }

  push(value: T, time: number): void {
    this.#values.push(value);
    this.#times.push(time);
  }

  /** Hands over what was gathered (if anything) and starts new arrays: an emitted batch is never reused. */
  flush(emit: (batch: Batch<T>) => void): void {
    if (this.#values.length === 0) return;
    const batch: Batch<T> = { values: this.#values, times: this.#times };
    this.#values = [];
    this.#times = [];
    emit(batch);
  }
}
