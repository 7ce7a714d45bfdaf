import { toMillis, type Duration } from '../../core/duration.ts';
import type { TimeDomain, WindowSpec } from '../../plan/windows.ts';

/** Options every window kind takes. */
export interface WindowOptions {
  /** Event time (default) or processing time. */
  readonly time?: TimeDomain;
  /** Shifts window boundaries, e.g. '-8 hours' style offsets for time zones (ms or text). */
  readonly offset?: Duration;
}

/**
 * Fixed, non-overlapping windows.
 *
 * @example
 * declare const trades: Stream<StockTrade>;
 * trades.keyBy((t) => t.symbol).window(tumbling('1 hour')).aggregate(sum((t: StockTrade) => t.shares))
 */
export function tumbling(size: Duration, options: WindowOptions = {}): WindowSpec {
  return { kind: 'tumbling', size: positive(size, 'size'), offset: offsetOf(options), time: options.time ?? 'event' };
}

/**
 * Hopping windows: `size` long, a new one every `slide`.
 *
 * @example
 * keyed.window(sliding('1 hour', '10 minutes'))
 */
export function sliding(size: Duration, slide: Duration, options: WindowOptions = {}): WindowSpec {
  return {
    kind: 'sliding',
    size: positive(size, 'size'),
    slide: positive(slide, 'slide'),
    offset: offsetOf(options),
    time: options.time ?? 'event',
  };
}

/**
 * Per-key sessions that close after `gap` without records.
 *
 * @example
 * keyed.window(session('30 minutes'))
 */
export function session(gap: Duration, options: Pick<WindowOptions, 'time'> = {}): WindowSpec {
  return { kind: 'session', gap: positive(gap, 'gap'), time: options.time ?? 'event' };
}

/**
 * Flink's cumulating windows: results at every `step` for a window growing up to `maxSize`.
 *
 * @example
 * keyed.window(cumulate('10 minutes', '1 hour'))
 */
export function cumulate(step: Duration, maxSize: Duration, options: WindowOptions = {}): WindowSpec {
  return {
    kind: 'cumulate',
    step: positive(step, 'step'),
    maxSize: positive(maxSize, 'maxSize'),
    offset: offsetOf(options),
    time: options.time ?? 'event',
  };
}

function positive(duration: Duration, option: string): number {
  const millis = toMillis(duration, option);
  if (millis <= 0) throw new RangeError(`window ${option} must be positive, got ${String(duration)}`);
  return millis;
}

function offsetOf(options: WindowOptions): number {
  return options.offset === undefined ? 0 : toMillis(options.offset, 'offset');
}
