/**
 * Dates, times, timestamps and ANSI intervals as Spark's cast to STRING prints them (UTC: the
 * engine has no session time zone). Inputs follow the engine's runtime representation: DATE in
 * days since 1970-01-01, TIME in milliseconds of the day, TIMESTAMP in epoch milliseconds, day-time
 * intervals in milliseconds and year-month intervals in months.
 */

import type { IntervalUnit } from '../../core/data-types.ts';

const MS_PER_DAY = 86_400_000;

/**
 * A DATE as `yyyy-MM-dd`.
 *
 * @example
 * sparkDateText(19723) // '2024-01-01'
 */
export function sparkDateText(days: number): string {
  return dateOf(new Date(Math.floor(days) * MS_PER_DAY));
}

/**
 * A TIMESTAMP as `yyyy-MM-dd HH:mm:ss`, followed by the fraction of the second only when it is
 * not zero and without trailing zeros (`…:05.5`, `…:05.123`), as Spark's fraction formatter does.
 *
 * @example
 * sparkTimestampText(1704103200000) // '2024-01-01 10:00:00'
 * sparkTimestampText(1704103200500) // '2024-01-01 10:00:00.5'
 */
export function sparkTimestampText(millis: number): string {
  // Work in microseconds (Spark's unit) so a fractional millisecond still prints.
  const micros = Math.round(millis * 1000);
  const fraction = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
  const date = new Date((micros - fraction) / 1000);
  return `${dateOf(date)} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}${fractionText(fraction)}`;
}

/**
 * A TIME as `HH:mm:ss` with the same optional fraction as timestamps.
 *
 * @example
 * sparkTimeText(37_800_250) // '10:30:00.25'
 */
export function sparkTimeText(millisOfDay: number): string {
  const micros = Math.round(millisOfDay * 1000);
  const fraction = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
  const seconds = (micros - fraction) / 1_000_000;
  return `${pad2(Math.floor(seconds / 3600) % 24)}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}${fractionText(fraction)}`;
}

/**
 * A day-time interval in Spark's ANSI style: `INTERVAL '1 02:03:04.5' DAY TO SECOND`,
 * `INTERVAL '90' MINUTE`. The leading field is not bounded (`'26:00' HOUR TO MINUTE`).
 *
 * @example
 * dayTimeIntervalText(93_784_500, 'DAY', 'SECOND') // "INTERVAL '1 02:03:04.5' DAY TO SECOND"
 */
export function dayTimeIntervalText(millis: number, start: IntervalUnit, end: IntervalUnit): string {
  const from = dayTimeRank(start);
  const to = dayTimeRank(end);
  let rest = Math.round(Math.abs(millis) * 1000);
  let text = millis < 0 ? '-' : '';
  const units = [86_400_000_000, 3_600_000_000, 60_000_000];
  for (let rank = from; rank <= Math.min(to, 2); rank++) {
    const whole = Math.floor(rest / units[rank]);
    rest -= whole * units[rank];
    const digits = rank === 0 ? String(whole) : pad2(whole);
    text += rank === from ? digits : `${rank === 1 ? ' ' : ':'}${digits}`;
  }
  if (to === 3) text += `${from === 3 ? '' : ':'}${secondsText(rest)}`;
  const qualifier = from === to ? start : `${start} TO ${end}`;
  return `INTERVAL '${text}' ${qualifier}`;
}

/**
 * A year-month interval in Spark's ANSI style: `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '14' MONTH`.
 *
 * @example
 * yearMonthIntervalText(14, 'YEAR', 'MONTH') // "INTERVAL '1-2' YEAR TO MONTH"
 */
export function yearMonthIntervalText(months: number, start: IntervalUnit, end: IntervalUnit): string {
  const sign = months < 0 ? '-' : '';
  const abs = Math.abs(months);
  const years = `${sign}${Math.floor(abs / 12)}`;
  if (start !== end) return `INTERVAL '${years}-${abs % 12}' YEAR TO MONTH`;
  return start === 'YEAR' ? `INTERVAL '${years}' YEAR` : `INTERVAL '${months}' MONTH`;
}

/** Seconds with their fraction as BigDecimal.stripTrailingZeros prints them, zero-padded to two digits. */
function secondsText(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  return `${pad2(whole)}${fractionText(micros - whole * 1_000_000)}`;
}

function dayTimeRank(unit: IntervalUnit): number {
  switch (unit) {
    case 'DAY': return 0;
    case 'HOUR': return 1;
    case 'MINUTE': return 2;
    default: return 3;
  }
}

/** `.5`, `.123`, `.000001` — or nothing for a whole second. */
function fractionText(micros: number): string {
  if (micros === 0) return '';
  return `.${String(micros).padStart(6, '0').replace(/0+$/, '')}`;
}

/** ISO-8601's year rule (four digits, a sign beyond 9999 or before year 0), then `-MM-dd`. */
function dateOf(date: Date): string {
  const year = date.getUTCFullYear();
  const yearText = year < 0 ? `-${String(-year).padStart(4, '0')}` : year > 9999 ? `+${year}` : String(year).padStart(4, '0');
  return `${yearText}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
