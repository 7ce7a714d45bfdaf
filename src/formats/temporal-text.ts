/**
 * The text forms of DATE, TIME and TIMESTAMP values that Flink's JSON and CSV formats read and write,
 * converted to and from the engine's numbers (days since the epoch, milliseconds of the day, epoch
 * milliseconds — see src/core/data-types.ts). All UTC: the engine has no session time zone.
 */

const MS_PER_DAY = 86_400_000;
const DATE_TEXT = /^\s*([+-]?\d{4,6})-(\d{1,2})-(\d{1,2})\s*$/;
const TIME_TEXT = /^\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*$/;

/** How TIMESTAMP text is spelled: `2024-01-01 10:00:00` (SQL) or `2024-01-01T10:00:00` (ISO-8601). */
export type TimestampStandard = 'SQL' | 'ISO-8601';

/**
 * Days since 1970-01-01 of `yyyy-MM-dd` text, or NaN when the text is not a valid date.
 *
 * @example
 * parseDateText('1970-01-02') // 1
 */
export function parseDateText(text: string): number {
  const match = DATE_TEXT.exec(text);
  if (match === null) return Number.NaN;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  // Date rolls 2024-02-30 over to March; a real date round-trips.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return Number.NaN;
  return Math.floor(date.getTime() / MS_PER_DAY);
}

/**
 * Milliseconds of the day of `HH:mm[:ss[.fff]]` text (digits beyond milliseconds are dropped), or NaN.
 *
 * @example
 * parseTimeText('10:00:01.5') // 36001500
 */
export function parseTimeText(text: string): number {
  const match = TIME_TEXT.exec(text);
  if (match === null) return Number.NaN;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = match[3] === undefined ? 0 : Number(match[3]);
  if (hours > 23 || minutes > 59 || seconds > 59) return Number.NaN;
  const millis = match[4] === undefined ? 0 : Number(match[4].padEnd(3, '0').slice(0, 3));
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

/**
 * `yyyy-MM-dd` of a day number.
 *
 * @example
 * formatDateText(19723) // '2024-01-01'
 */
export function formatDateText(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * `HH:mm:ss[.f]` of milliseconds of the day; the fraction has as few digits as it needs (Flink's way).
 *
 * @example
 * formatTimeText(36001500) // '10:00:01.5'
 */
export function formatTimeText(millis: number): string {
  const iso = new Date(millis).toISOString(); // 1970-01-01T10:00:01.500Z
  return iso.slice(11, 19) + fraction(iso.slice(20, 23));
}

/**
 * Text of a TIMESTAMP (or, with `withZone`, TIMESTAMP_LTZ: a trailing `Z`) as Flink's JSON format
 * writes it: `2024-01-01 10:00:00.5` (SQL) or `2024-01-01T10:00:00.5` (ISO-8601), the fraction with
 * as few digits as it needs.
 *
 * @example
 * formatTimestampText(1704103200000, 'SQL', false) // '2024-01-01 10:00:00'
 */
export function formatTimestampText(millis: number, standard: TimestampStandard, withZone: boolean): string {
  const iso = new Date(millis).toISOString();
  const text = iso.slice(0, 10) + (standard === 'SQL' ? ' ' : 'T') + iso.slice(11, 19) + fraction(iso.slice(20, 23));
  return withZone ? `${text}Z` : text;
}

function fraction(digits: string): string {
  const trimmed = digits.replace(/0+$/, '');
  return trimmed === '' ? '' : `.${trimmed}`;
}
