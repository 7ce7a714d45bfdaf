import { ConfigError } from './errors.ts';

const UNIT_MS: Record<string, number> = {
  ms: 1, millisecond: 1, milliseconds: 1, milli: 1, millis: 1,
  s: 1000, sec: 1000, second: 1000, seconds: 1000, secs: 1000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hour: 3_600_000, hours: 3_600_000, hr: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
};

/**
 * A length of time: milliseconds, or text such as `'1 hour'`, `'10 minutes'`, `'5s'`, `'250ms'`
 * (Spark's and Flink's spellings).
 *
 * @example
 * const size: Duration = '1 hour';
 */
export type Duration = number | string;

/**
 * Converts a {@link Duration} to milliseconds; `option` names the setting in the error.
 *
 * @example
 * toMillis('1 hour') // 3600000
 * toMillis('90s')    // 90000
 */
export function toMillis(duration: Duration, option = 'duration'): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0) {
      throw new ConfigError(option, `must be a non-negative number of milliseconds, got ${duration}`);
    }
    return duration;
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/.exec(duration);
  const unit = match ? UNIT_MS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new ConfigError(option, `'${duration}' is not a duration (try '5 seconds', '1 hour', '250ms')`);
  }
  return Math.round(Number(match[1]) * unit);
}
