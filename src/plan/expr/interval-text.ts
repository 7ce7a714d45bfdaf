import type { DataType, IntervalUnit } from '../../core/data-types.ts';

/**
 * The text of interval literals and of intervals cast to strings. Day-time intervals are
 * milliseconds, year-month intervals months (see data-types.ts).
 *
 * @example
 * parseIntervalText('1 10:30', 'DAY', 'MINUTE') // 124200000
 * formatIntervalText(5000, DataTypes.INTERVAL('SECOND')) // '+0 00:00:05.000'
 */

const UNIT_MS: Record<string, number> = { DAY: 86_400_000, HOUR: 3_600_000, MINUTE: 60_000, SECOND: 1000 };
const DAY_TIME_ORDER = ['DAY', 'HOUR', 'MINUTE', 'SECOND'];

/**
 * The value of an interval literal's text for its qualifier (`INTERVAL '1-6' YEAR TO MONTH` → 18
 * months; `INTERVAL '5.5' SECOND` → 5500 ms). A leading sign in the text is honoured. NaN when the
 * text does not fit the qualifier.
 *
 * @example
 * parseIntervalText('1-6', 'YEAR', 'MONTH') // 18
 */
export function parseIntervalText(text: string, start: IntervalUnit, end: IntervalUnit = start): number {
  let t = text.trim();
  let sign = 1;
  if (t.startsWith('-') || t.startsWith('+')) {
    if (t[0] === '-') sign = -1;
    t = t.slice(1).trim();
  }
  if (start === 'YEAR' || start === 'MONTH') {
    if (start === 'YEAR' && end === 'MONTH') {
      const m = /^(\d+)-(\d{1,2})$/.exec(t);
      return m === null || Number(m[2]) > 11 ? Number.NaN : sign * (Number(m[1]) * 12 + Number(m[2]));
    }
    if (!/^\d+$/.test(t)) return Number.NaN;
    return sign * Number(t) * (start === 'YEAR' ? 12 : 1);
  }
  const units = DAY_TIME_ORDER.slice(DAY_TIME_ORDER.indexOf(start), DAY_TIME_ORDER.indexOf(end) + 1);
  if (units.length === 0) return Number.NaN;
  // 'd h:m:s.f': the day is separated by a space, the rest by colons.
  const parts = units[0] === 'DAY' && units.length > 1 ? [t.split(' ')[0], ...(t.split(' ')[1] ?? '').split(':')] : t.split(':');
  if (parts.length !== units.length) return Number.NaN;
  let millis = 0;
  for (let i = 0; i < units.length; i++) {
    const fractional = units[i] === 'SECOND';
    if (!(fractional ? /^\d+(\.\d*)?$/ : /^\d+$/).test(parts[i])) return Number.NaN;
    const n = Number(parts[i]);
    // Leading fields are unbounded; trailing fields must fit (minutes < 60 …).
    if (i > 0 && n >= (units[i] === 'HOUR' ? 24 : 60)) return Number.NaN;
    millis += n * UNIT_MS[units[i]];
  }
  return sign * Math.round(millis);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * Flink's text for an interval value: `+1 10:30:15.123` (day-time), `+1-06` (year-month).
 *
 * @example
 * formatIntervalText(18, DataTypes.INTERVAL('YEAR', 'MONTH')) // '+1-06'
 */
export function formatIntervalText(value: number, type: DataType): string {
  const sign = value < 0 ? '-' : '+';
  const v = Math.abs(value);
  if (type.kind === 'INTERVAL_YEAR_MONTH') return `${sign}${Math.floor(v / 12)}-${pad(v % 12, 2)}`;
  const days = Math.floor(v / 86_400_000);
  const rest = v - days * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  const m = Math.floor(rest / 60_000) % 60;
  const s = Math.floor(rest / 1000) % 60;
  return `${sign}${days} ${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(Math.round(rest % 1000), 3)}`;
}
