import { MILLIS_PER_DAY } from './time-units.ts';

/**
 * Calendar arithmetic and the SQL text forms of DATE, TIME and TIMESTAMP values, all in UTC (the
 * engine's only time zone): used for literals at plan time and by casts at run time. Dates are
 * proleptic Gregorian; conversions are plain arithmetic (no Date objects) so they are cheap per record.
 *
 * @example
 * parseDateText('2024-01-31') // 19753
 * formatTimestampText(1704103200000, 3) // '2024-01-01 10:00:00.000'
 */

/**
 * Days since 1970-01-01 of a civil date (month 1–12).
 *
 * @example
 * daysFromCivil(1970, 1, 2) // 1
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The civil date of a day number, packed as `year * 10000 + month * 100 + day` (no allocation);
 * unpack with {@link yearOfPacked} or `% 10000`.
 *
 * @example
 * civilFromDays(19753) // 20240131
 */
export function civilFromDays(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10000 + (year < 0 ? -1 : 1) * (month * 100 + day);
}

/** @example yearOfPacked(20240131) // 2024 */
export const yearOfPacked = (packed: number): number => Math.trunc(packed / 10000);
/** @example monthOfPacked(20240131) // 1 */
export const monthOfPacked = (packed: number): number => Math.trunc(Math.abs(packed) / 100) % 100;
/** @example dayOfPacked(20240131) // 31 */
export const dayOfPacked = (packed: number): number => Math.abs(packed) % 100;

/** @example isLeapYear(2024) // true */
export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** @example daysInMonth(2024, 2) // 29 */
export const daysInMonth = (y: number, m: number): number => (m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1]);

const DATE = /^\s*([+-]?\d{1,9})-(\d{1,2})-(\d{1,2})/;
const TIME = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?\s*$/;

/**
 * Days since the epoch of `yyyy-MM-dd` text; NaN when it is not a valid date.
 *
 * @example
 * parseDateText('1970-01-02') // 1
 */
export function parseDateText(text: string): number {
  const m = DATE.exec(text);
  if (m === null || text.length !== m[0].length && text.slice(m[0].length).trim() !== '') return Number.NaN;
  return validDays(Number(m[1]), Number(m[2]), Number(m[3]));
}

function validDays(y: number, mo: number, d: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return Number.NaN;
  return daysFromCivil(y, mo, d);
}

/**
 * Milliseconds of the day of `HH:mm[:ss[.fff]]` text; NaN when invalid. Digits past milliseconds are dropped.
 *
 * @example
 * parseTimeText('10:00:01.5') // 36001500
 */
export function parseTimeText(text: string): number {
  const m = TIME.exec(text.trimStart());
  if (m === null) return Number.NaN;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 23 || mi > 59 || s > 59) return Number.NaN;
  return h * 3_600_000 + mi * 60_000 + s * 1000 + fractionMillis(m[4]);
}

function fractionMillis(digits: string | undefined): number {
  return digits === undefined ? 0 : Number(digits.slice(0, 3).padEnd(3, '0'));
}

/**
 * Epoch milliseconds (UTC) of `yyyy-MM-dd[( |T)HH:mm[:ss[.fff]]]` text; NaN when invalid.
 *
 * @example
 * parseTimestampText('2024-01-01 10:00:00') // 1704103200000
 */
export function parseTimestampText(text: string): number {
  const m = DATE.exec(text);
  if (m === null) return Number.NaN;
  const days = validDays(Number(m[1]), Number(m[2]), Number(m[3]));
  const rest = text.slice(m[0].length);
  if (rest.trim() === '') return days * MILLIS_PER_DAY;
  if (rest[0] !== ' ' && rest[0] !== 'T') return Number.NaN;
  return days * MILLIS_PER_DAY + parseTimeText(rest.slice(1));
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * `yyyy-MM-dd` of a day number.
 *
 * @example
 * formatDateText(19753) // '2024-01-31'
 */
export function formatDateText(days: number): string {
  const p = civilFromDays(days);
  const y = yearOfPacked(p);
  const year = y >= 0 && y < 10000 ? String(y).padStart(4, '0') : (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(4, '0');
  return `${year}-${pad2(monthOfPacked(p))}-${pad2(dayOfPacked(p))}`;
}

/**
 * `HH:mm:ss` plus `precision` fractional digits (digits past milliseconds are zeros).
 *
 * @example
 * formatTimeText(36001500, 3) // '10:00:01.500'
 */
export function formatTimeText(millisOfDay: number, precision: number): string {
  const ms = ((millisOfDay % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY;
  const s = Math.floor(ms / 1000);
  const text = `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`;
  if (precision <= 0) return text;
  const fraction = String(Math.floor(ms % 1000)).padStart(3, '0');
  return `${text}.${precision <= 3 ? fraction.slice(0, precision) : fraction.padEnd(precision, '0')}`;
}

/**
 * `yyyy-MM-dd HH:mm:ss` plus `precision` fractional digits, in UTC — Flink's TIMESTAMP(p) text.
 *
 * @example
 * formatTimestampText(1704103200000, 0) // '2024-01-01 10:00:00'
 */
export function formatTimestampText(millis: number, precision: number): string {
  const days = Math.floor(millis / MILLIS_PER_DAY);
  return `${formatDateText(days)} ${formatTimeText(millis - days * MILLIS_PER_DAY, precision)}`;
}

/**
 * Adds calendar months to epoch milliseconds, clamping the day to the target month's length
 * (Jan 31 + 1 month = Feb 29 in a leap year), as Java's `plusMonths` does.
 *
 * @example
 * addMonthsToMillis(parseTimestampText('2024-01-31 10:00:00'), 1) // 2024-02-29 10:00:00
 */
export function addMonthsToMillis(millis: number, months: number): number {
  const days = Math.floor(millis / MILLIS_PER_DAY);
  return addMonthsToDays(days, months) * MILLIS_PER_DAY + (millis - days * MILLIS_PER_DAY);
}

/** {@link addMonthsToMillis} for DATE values (days). @example addMonthsToDays(0, 12) // 365 */
export function addMonthsToDays(days: number, months: number): number {
  const p = civilFromDays(days);
  const total = yearOfPacked(p) * 12 + (monthOfPacked(p) - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return daysFromCivil(y, m, Math.min(dayOfPacked(p), daysInMonth(y, m)));
}
