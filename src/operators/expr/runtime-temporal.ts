import {
  addMonthsToMillis, civilFromDays, dayOfPacked, daysFromCivil, monthOfPacked, yearOfPacked,
} from '../../plan/expr/datetime-text.ts';
import { MILLIS_PER_DAY as DAY, UNIT_MILLIS, UNIT_MONTHS } from '../../plan/expr/time-units.ts';

/**
 * Calendar helpers on epoch milliseconds (UTC) for EXTRACT, FLOOR/CEIL … TO, TIMESTAMPADD and
 * TIMESTAMPDIFF. DATE values are converted to milliseconds by the generated code first; TIME values
 * (milliseconds of the day) work for the time-of-day units as they are.
 *
 * Weeks: EXTRACT(WEEK) is the ISO week number (weeks start on Monday, week 1 holds the first
 * Thursday); FLOOR(… TO WEEK) starts weeks on Sunday, as Calcite does.
 *
 * @example
 * EXTRACTORS.YEAR(1704103200000) // 2024
 */

const dayOf = (ms: number): number => Math.floor(ms / DAY);
const msOfDay = (ms: number): number => ms - dayOf(ms) * DAY;
const yearOf = (ms: number): number => yearOfPacked(civilFromDays(dayOf(ms)));
const monthOf = (ms: number): number => monthOfPacked(civilFromDays(dayOf(ms)));
const mod = (a: number, n: number): number => ((a % n) + n) % n;
/** ISO day of week of a day number: Monday 1 … Sunday 7 (1970-01-01 was a Thursday). */
const isoDow = (days: number): number => mod(days + 3, 7) + 1;

/** The Thursday of the ISO week holding `days` decides the ISO year and week. */
function isoWeekThursday(days: number): number {
  return days - isoDow(days) + 4;
}

function isoWeek(ms: number): number {
  const thursday = isoWeekThursday(dayOf(ms));
  const year = yearOfPacked(civilFromDays(thursday));
  return Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
}

/**
 * EXTRACT(unit FROM timestamp) for every unit, on epoch milliseconds.
 *
 * @example
 * EXTRACTORS.DOW(0) // 5 (1970-01-01 was a Thursday; Sunday is 1)
 */
export const EXTRACTORS: Readonly<Record<string, (ms: number) => number>> = {
  MILLENNIUM: (ms) => Math.floor((yearOf(ms) + 999) / 1000),
  CENTURY: (ms) => Math.floor((yearOf(ms) + 99) / 100),
  DECADE: (ms) => Math.floor(yearOf(ms) / 10),
  YEAR: yearOf,
  ISOYEAR: (ms) => yearOfPacked(civilFromDays(isoWeekThursday(dayOf(ms)))),
  QUARTER: (ms) => Math.floor((monthOf(ms) - 1) / 3) + 1,
  MONTH: monthOf,
  WEEK: isoWeek,
  DAY: (ms) => dayOfPacked(civilFromDays(dayOf(ms))),
  DOY: (ms) => dayOf(ms) - daysFromCivil(yearOf(ms), 1, 1) + 1,
  DOW: (ms) => mod(dayOf(ms) + 4, 7) + 1,
  ISODOW: (ms) => isoDow(dayOf(ms)),
  HOUR: (ms) => Math.floor(msOfDay(ms) / 3_600_000),
  MINUTE: (ms) => Math.floor(msOfDay(ms) / 60_000) % 60,
  SECOND: (ms) => Math.floor(msOfDay(ms) / 1000) % 60,
  MILLISECOND: (ms) => msOfDay(ms) % 60_000,
  MICROSECOND: (ms) => (msOfDay(ms) % 60_000) * 1000,
  NANOSECOND: (ms) => (msOfDay(ms) % 60_000) * 1_000_000,
  EPOCH: (ms) => Math.floor(ms / 1000),
};

/** EXTRACT(unit FROM timestamp) by unit name. @example extract('HOUR', 1704103200000) // 10 */
export function extract(unit: string, ms: number): number {
  return EXTRACTORS[unit](ms);
}

/**
 * EXTRACT on an interval value: day-time (ms) or year-month (months).
 *
 * @example
 * extractInterval('HOUR', 90_000_000, false) // 1 (25 hours = 1 day 1 hour)
 */
export function extractInterval(unit: string, value: number, yearMonth: boolean): number {
  const sign = value < 0 ? -1 : 1;
  const v = Math.abs(value);
  if (yearMonth) {
    switch (unit) {
      case 'YEAR': return sign * Math.floor(v / 12);
      case 'QUARTER': return sign * (Math.floor((v % 12) / 3) + 1);
      case 'MONTH': return sign * (v % 12);
      default: return 0;
    }
  }
  switch (unit) {
    case 'DAY': return sign * Math.floor(v / DAY);
    case 'HOUR': return sign * (Math.floor(v / 3_600_000) % 24);
    case 'MINUTE': return sign * (Math.floor(v / 60_000) % 60);
    case 'SECOND': return sign * (Math.floor(v / 1000) % 60);
    case 'MILLISECOND': return sign * (v % 60_000);
    case 'EPOCH': return sign * Math.floor(v / 1000);
    default: return 0;
  }
}

/**
 * FLOOR(timestamp TO unit) on epoch milliseconds.
 *
 * @example
 * floorTo('MONTH', Date.UTC(2024, 4, 17, 10)) // Date.UTC(2024, 4, 1)
 */
export function floorTo(unit: string, ms: number): number {
  const fixed = UNIT_MILLIS[unit];
  if (unit === 'WEEK') {
    const days = dayOf(ms);
    return (days - mod(days + 4, 7)) * DAY;
  }
  if (fixed !== undefined) return Math.floor(ms / fixed) * fixed;
  const p = civilFromDays(dayOf(ms));
  const m = monthOfPacked(p);
  const month = unit === 'YEAR' ? 1 : unit === 'QUARTER' ? Math.floor((m - 1) / 3) * 3 + 1 : m;
  return daysFromCivil(yearOfPacked(p), month, 1) * DAY;
}

/** CEIL(timestamp TO unit): the value itself when already on a boundary. @example ceilTo('HOUR', 1) // 3600000 */
export function ceilTo(unit: string, ms: number): number {
  const floor = floorTo(unit, ms);
  if (floor === ms) return ms;
  const months = UNIT_MONTHS[unit];
  return months === undefined ? floor + UNIT_MILLIS[unit] : addMonthsToMillis(floor, months);
}

/** TIME ± interval, wrapping around midnight. @example addTime(23 * 3_600_000, 2 * 3_600_000) // 3600000 */
export const addTime = (t: number, delta: number): number => mod(t + delta, DAY);

/**
 * Whole months from `a` to `b` (epoch ms), counting a month only once its day and time are reached.
 *
 * @example
 * monthsBetween(Date.UTC(2024, 0, 31), Date.UTC(2024, 1, 29)) // 0
 */
export function monthsBetween(a: number, b: number): number {
  const pa = civilFromDays(dayOf(a));
  const pb = civilFromDays(dayOf(b));
  let months = (yearOfPacked(pb) * 12 + monthOfPacked(pb)) - (yearOfPacked(pa) * 12 + monthOfPacked(pa));
  const restA = dayOfPacked(pa) * DAY + msOfDay(a);
  const restB = dayOfPacked(pb) * DAY + msOfDay(b);
  if (months > 0 && restB < restA) months--;
  else if (months < 0 && restB > restA) months++;
  return months;
}

/**
 * TIMESTAMPDIFF(unit, a, b) on epoch milliseconds, truncated toward zero.
 *
 * @example
 * timestampDiff('HOUR', 0, 5_400_000) // 1
 */
export function timestampDiff(unit: string, a: number, b: number): number {
  const months = UNIT_MONTHS[unit];
  if (months !== undefined) return Math.trunc(monthsBetween(a, b) / months);
  return Math.trunc((b - a) / UNIT_MILLIS[unit]);
}
