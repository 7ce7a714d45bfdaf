import { SluiceError } from '../core/errors.ts';
import type { TimerService } from './timer-service.ts';
import { TimerQueue } from './timer-queue.ts';

/** Tag of the snapshot layout, checked on restore. */
const FORMAT = 'sluice.heap-timers/1';

interface TimersSnapshot {
  format: typeof FORMAT;
  /** `[time, key]`, earliest first. */
  event: [number, unknown][];
  processing: [number, unknown][];
}

/**
 * Keyed event-time and processing-time timers in memory, one {@link TimerQueue} (a min-heap by time)
 * per domain. A (key, time) pair is one timer however often it is registered; timers fire in time
 * order, and a timer registered while firing that is already due fires in the same advance.
 *
 * @example
 * const timers = new HeapTimerService();
 * timers.registerEventTimeTimer('AAPL', 59_999);
 * timers.advanceEventTime(60_000, (key, time) => console.log(`window of ${key} ends at ${time + 1}`));
 * const copy = new HeapTimerService();
 * copy.restore(timers.snapshot());
 */
export class HeapTimerService implements TimerService {
  readonly #event = new TimerQueue();
  readonly #processing = new TimerQueue();

  registerEventTimeTimer(key: unknown, time: number): void {
    this.#event.add(key, checkedTime(time));
  }

  deleteEventTimeTimer(key: unknown, time: number): void {
    this.#event.delete(key, time);
  }

  registerProcessingTimeTimer(key: unknown, time: number): void {
    this.#processing.add(key, checkedTime(time));
  }

  deleteProcessingTimeTimer(key: unknown, time: number): void {
    this.#processing.delete(key, time);
  }

  advanceEventTime(watermark: number, fire: (key: unknown, time: number) => void): void {
    this.#event.fireUpTo(watermark, fire);
  }

  advanceProcessingTime(now: number, fire: (key: unknown, time: number) => void): void {
    this.#processing.fireUpTo(now, fire);
  }

  nextProcessingTime(): number {
    return this.#processing.peek();
  }

  /** Earliest pending event-time timer, or Infinity (not in the interface; handy in tests and metrics). */
  nextEventTime(): number {
    return this.#event.peek();
  }

  pendingCount(): number {
    return this.#event.size + this.#processing.size;
  }

  snapshot(): unknown {
    const snapshot: TimersSnapshot = { format: FORMAT, event: this.#event.list(), processing: this.#processing.list() };
    return structuredClone(snapshot); // keys may be composite objects shared with the caller
  }

  /** Replaces all timers with those of the snapshot. */
  restore(snapshot: unknown): void {
    const candidate = snapshot as Partial<TimersSnapshot> | null | undefined;
    if (candidate?.format !== FORMAT || !Array.isArray(candidate.event) || !Array.isArray(candidate.processing)) {
      throw new SluiceError(`not a heap timer service snapshot (expected format '${FORMAT}')`);
    }
    const copy = structuredClone(candidate as TimersSnapshot);
    this.#event.clear();
    this.#processing.clear();
    for (const [time, key] of copy.event) this.#event.add(key, time);
    for (const [time, key] of copy.processing) this.#processing.add(key, time);
  }
}

function checkedTime(time: number): number {
  if (Number.isNaN(time)) throw new SluiceError('a timer needs a time, got NaN (a record without an event timestamp?)');
  return time;
}
