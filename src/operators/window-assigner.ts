import { PlanError } from '../core/errors.ts';
import type { CumulateWindow, SlidingWindow, TumblingWindow, WindowSpec } from '../plan/windows.ts';

/**
 * The start of the `size`-long window (aligned to `offset`) that contains `timestamp`. Negative
 * timestamps round down too (JS `%` keeps the dividend's sign, so a negative remainder is shifted),
 * as Flink's `TimeWindow.getWindowStartWithOffset`.
 *
 * @example
 * windowStart(7_500, 0, 5_000)    // 5000
 * windowStart(-1, 0, 5_000)       // -5000
 * windowStart(7_500, 1_000, 5_000) // 6000
 */
export function windowStart(timestamp: number, offset: number, size: number): number {
  const remainder = (timestamp - offset) % size;
  return remainder < 0 ? timestamp - (remainder + size) : timestamp - remainder;
}

/** The fixed-size window kinds: each window is identified by its end alone (see {@link WindowAssigner}). */
export type FixedWindowSpec = TumblingWindow | SlidingWindow | CumulateWindow;

/**
 * Which windows a timestamp belongs to, for tumbling, sliding and cumulate windows. `assign` writes
 * the window ends into the reusable `ends` array and returns how many it wrote, so assigning a record
 * allocates nothing.
 *
 * Every window of one assigner has a distinct end, so state and timers address a window by its end
 * and `startOf(end)` recovers the start (tumbling and sliding windows have a fixed size; all cumulate
 * windows of one period share the period's start).
 *
 * @example
 * const assigner = new WindowAssigner({ kind: 'sliding', size: 10_000, slide: 5_000, offset: 0, time: 'event' });
 * const n = assigner.assign(12_000);             // 2
 * assigner.ends.slice(0, n)                      // [15000, 20000]
 * assigner.startOf(20_000)                       // 10000
 */
export class WindowAssigner {
  /** Ends of the windows found by the last `assign`, ascending; only the first n entries are valid. */
  readonly ends: number[];
  /** The most windows one timestamp can belong to. */
  readonly maxWindows: number;
  readonly #kind: FixedWindowSpec['kind'];
  readonly #size: number;
  /** Tumbling: the size; sliding: the slide; cumulate: the step. */
  readonly #stride: number;
  readonly #offset: number;

  constructor(spec: WindowSpec) {
    if (spec.kind === 'session') throw new PlanError('session windows merge per key; they have no fixed-window assigner');
    const positive = (what: string, value: number): void => {
      if (!(value > 0) || !Number.isFinite(value)) throw new PlanError(`${spec.kind} window ${what} must be a positive number of milliseconds, got ${value}`);
    };
    this.#kind = spec.kind;
    this.#offset = spec.offset ?? 0;
    if (!Number.isFinite(this.#offset)) throw new PlanError(`${spec.kind} window offset must be finite, got ${spec.offset}`);
    switch (spec.kind) {
      case 'tumbling':
        positive('size', spec.size);
        this.#size = spec.size;
        this.#stride = spec.size;
        this.maxWindows = 1;
        break;
      case 'sliding':
        positive('size', spec.size);
        positive('slide', spec.slide);
        this.#size = spec.size;
        this.#stride = spec.slide;
        this.maxWindows = Math.ceil(spec.size / spec.slide);
        break;
      case 'cumulate':
        positive('step', spec.step);
        positive('maxSize', spec.maxSize);
        if (spec.maxSize % spec.step !== 0) {
          throw new PlanError(`cumulate window maxSize (${spec.maxSize}) must be a multiple of its step (${spec.step})`);
        }
        this.#size = spec.maxSize;
        this.#stride = spec.step;
        this.maxWindows = spec.maxSize / spec.step;
        break;
    }
    this.ends = new Array<number>(this.maxWindows).fill(0);
  }

  /** Writes the ends of the windows containing `timestamp` into `ends` (ascending); returns the count. */
  assign(timestamp: number): number {
    const ends = this.ends;
    switch (this.#kind) {
      case 'tumbling':
        ends[0] = windowStart(timestamp, this.#offset, this.#size) + this.#size;
        return 1;
      case 'sliding': {
        // The latest window starts at the slide boundary at or before the timestamp; earlier ones
        // start a slide apart while they still reach past the timestamp.
        const lastStart = windowStart(timestamp, this.#offset, this.#stride);
        let n = 0;
        let first = lastStart;
        while (first - this.#stride > timestamp - this.#size) first -= this.#stride;
        for (let start = first; start <= lastStart; start += this.#stride) ends[n++] = start + this.#size;
        return n;
      }
      case 'cumulate': {
        // All windows of a period start at its start; the smallest one containing the timestamp
        // ends at the next step boundary, the largest at the period's end.
        const periodEnd = windowStart(timestamp, this.#offset, this.#size) + this.#size;
        let n = 0;
        for (let end = windowStart(timestamp, this.#offset, this.#stride) + this.#stride; end <= periodEnd; end += this.#stride) ends[n++] = end;
        return n;
      }
    }
  }

  /** The start of the window that ends at `end`. */
  startOf(end: number): number {
    return this.#kind === 'cumulate' ? windowStart(end - 1, this.#offset, this.#size) : end - this.#size;
  }
}

/**
 * The error for a record without an event timestamp reaching an event-time window: the stream never
 * had timestamps assigned, which is a mistake in the job, not in the record.
 *
 * @example
 * if (Number.isNaN(ts)) throw missingTimestampError(ctx.id);
 */
export function missingTimestampError(operatorId: string): PlanError {
  return new PlanError(
    `event-time window '${operatorId}' received a record without a timestamp: the stream has no timestamps. ` +
      'Assign them with a watermark strategy on the input (a WATERMARK in the table, or assignTimestamps/watermark ' +
      'on the stream), or use a processing-time window.',
  );
}
