import {
  civilFromDays, dayOfPacked, daysFromCivil, daysInMonth, monthOfPacked, parseDateText, parseTimestampText, yearOfPacked,
} from '../../plan/expr/datetime-text.ts';
import { MILLIS_PER_DAY as DAY } from '../../plan/expr/time-units.ts';

/**
 * Java date-time patterns (the letters of SimpleDateFormat / DateTimeFormatter that Flink's
 * DATE_FORMAT, TO_TIMESTAMP, TO_DATE, UNIX_TIMESTAMP and FROM_UNIXTIME take), compiled once into a
 * formatter or parser. All in UTC. Letters: y M d H h k K m s S a E D, and Z/X/z for the (UTC) zone;
 * text in single quotes is literal, `''` is a quote.
 *
 * @example
 * compileDateFormatter('yyyy-MM-dd HH:mm')(1704103200000) // '2024-01-01 10:00'
 */

type Part = { letter: string; count: number } | { text: string };

function parsePattern(pattern: string): Part[] {
  const parts: Part[] = [];
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i];
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      const text = end < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, end);
      parts.push({ text: text === '' ? "'" : text });
      i = end < 0 ? pattern.length : end + 1;
    } else if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (pattern[j] === ch) j++;
      parts.push({ letter: ch, count: j - i });
      i = j;
    } else {
      parts.push({ text: ch });
      i++;
    }
  }
  return parts;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** One field's text for a timestamp, given its civil parts. */
function fieldText(letter: string, count: number, ms: number): string {
  const days = Math.floor(ms / DAY);
  const p = civilFromDays(days);
  const t = ms - days * DAY;
  const hour = Math.floor(t / 3_600_000);
  switch (letter) {
    case 'y': case 'u': {
      const y = yearOfPacked(p);
      return count === 2 ? pad(((y % 100) + 100) % 100, 2) : pad(y, count);
    }
    case 'M': case 'L': {
      const m = monthOfPacked(p);
      return count >= 4 ? MONTHS[m - 1] : count === 3 ? MONTHS[m - 1].slice(0, 3) : pad(m, count);
    }
    case 'd': return pad(dayOfPacked(p), count);
    case 'D': return pad(days - daysFromCivil(yearOfPacked(p), 1, 1) + 1, count);
    case 'H': return pad(hour, count);
    case 'k': return pad(hour === 0 ? 24 : hour, count);
    case 'K': return pad(hour % 12, count);
    case 'h': return pad(hour % 12 === 0 ? 12 : hour % 12, count);
    case 'm': return pad(Math.floor(t / 60_000) % 60, count);
    case 's': return pad(Math.floor(t / 1000) % 60, count);
    case 'S': {
      const fraction = pad(t % 1000, 3);
      return count <= 3 ? fraction.slice(0, count) : fraction.padEnd(count, '0');
    }
    case 'a': return hour < 12 ? 'AM' : 'PM';
    case 'E': {
      const name = DAYS[(((days + 4) % 7) + 7) % 7];
      return count >= 4 ? name : name.slice(0, 3);
    }
    case 'Z': return '+0000';
    case 'X': case 'x': return count === 1 ? 'Z' : '+00:00';
    case 'z': return 'UTC';
    default: throw new SyntaxError(`unsupported pattern letter '${letter}'`);
  }
}

/**
 * A function formatting epoch milliseconds with a Java pattern. Throws SyntaxError for unknown letters.
 *
 * @example
 * compileDateFormatter("yyyy-MM-dd'T'HH")(0) // '1970-01-01T00'
 */
export function compileDateFormatter(pattern: string): (ms: number) => string {
  const parts = parsePattern(pattern);
  for (const part of parts) if ('letter' in part) fieldText(part.letter, part.count, 0); // validate letters now
  return (ms) => {
    let out = '';
    for (const part of parts) out += 'text' in part ? part.text : fieldText(part.letter, part.count, ms);
    return out;
  };
}

const NAME_ALTERNATIVES = (names: string[]) => names.map((n) => `${n}|${n.slice(0, 3)}`).join('|');

/**
 * A function parsing text with a Java pattern into epoch milliseconds (UTC), or null when the text
 * does not match (trailing spaces allowed). Fields absent from the pattern default to 1970-01-01 00:00.
 *
 * @example
 * compileDateParser('dd/MM/yyyy HH:mm')('31/01/2024 10:00') // 1706695200000
 */
export function compileDateParser(pattern: string): (text: string) => number | null {
  const parts = parsePattern(pattern);
  const letters: string[] = [];
  let source = '^';
  parts.forEach((part, i) => {
    if ('text' in part) {
      source += part.text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      return;
    }
    const next = parts[i + 1];
    const adjacentField = next !== undefined && 'letter' in next;
    letters.push(part.letter);
    switch (part.letter) {
      case 'M': if (part.count >= 3) { source += `(${NAME_ALTERNATIVES(MONTHS)})`; return; } break;
      case 'E': source += `(${NAME_ALTERNATIVES(DAYS)})`; return;
      case 'a': source += '(AM|PM|am|pm)'; return;
      case 'S': source += adjacentField ? `(\\d{${part.count}})` : '(\\d{1,9})'; return;
      case 'Z': case 'X': case 'x': case 'z': source += '(Z|UTC|[+-]00:?00)'; return;
      default: break;
    }
    source += adjacentField ? `(\\d{${part.count}})` : `(\\d{1,${Math.max(part.count, part.letter === 'y' ? 4 : 2)}})`;
  });
  const regex = new RegExp(`${source}\\s*$`, 'i');
  return (text) => {
    const m = regex.exec(text);
    if (m === null) return null;
    let year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0, pm = false, twelve = false;
    for (let i = 0; i < letters.length; i++) {
      const v = m[i + 1];
      switch (letters[i]) {
        case 'y': case 'u': year = Number(v); if (v.length === 2) year += 2000; break;
        case 'M': month = /^\d/.test(v) ? Number(v) : MONTHS.findIndex((n) => n.slice(0, 3).toLowerCase() === v.slice(0, 3).toLowerCase()) + 1; break;
        case 'd': day = Number(v); break;
        case 'H': case 'k': hour = Number(v) % 24; break;
        case 'h': case 'K': hour = Number(v) % 12; twelve = true; break;
        case 'm': minute = Number(v); break;
        case 's': second = Number(v); break;
        case 'S': millis = Number(v.slice(0, 3).padEnd(3, '0')); break;
        case 'a': pm = v.toUpperCase() === 'PM'; break;
        default: break;
      }
    }
    if (twelve && pm) hour += 12;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || minute > 59 || second > 59) return null;
    return daysFromCivil(year, month, day) * DAY + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis;
  };
}

const formatters = new Map<string, (ms: number) => string>();
const parsers = new Map<string, (text: string) => number | null>();

function cachedCompile<F>(cache: Map<string, F>, pattern: string, compile: (p: string) => F): F {
  let f = cache.get(pattern);
  if (f === undefined) {
    f = compile(pattern);
    if (cache.size >= 64) cache.clear();
    cache.set(pattern, f);
  }
  return f;
}

/** A formatter for a pattern known only at run time (cached). @example cachedDateFormatter('yyyy')(0) // '1970' */
export const cachedDateFormatter = (pattern: string) => cachedCompile(formatters, pattern, compileDateFormatter);
/** A parser for a pattern known only at run time (cached). @example cachedDateParser('yyyy')('2024') */
export const cachedDateParser = (pattern: string) => cachedCompile(parsers, pattern, compileDateParser);

/** TO_TIMESTAMP(text) with the default format (`yyyy-MM-dd HH:mm:ss[.SSS]`); NULL when unparsable. @example toTimestamp('2024-01-01 00:00:00') // 1704067200000 */
export function toTimestamp(text: string): number | null {
  const ms = parseTimestampText(text);
  return Number.isNaN(ms) ? null : ms;
}

/** TO_DATE(text) with the default format `yyyy-MM-dd`; NULL when unparsable. @example toDate('1970-01-02') // 1 */
export function toDate(text: string): number | null {
  const days = parseDateText(text);
  return Number.isNaN(days) ? null : days;
}

/** Epoch ms from a parser → DATE days (NULL stays NULL). @example millisToDays(86_400_000) // 1 */
export const millisToDays = (ms: number | null): number | null => (ms === null ? null : Math.floor(ms / DAY));

/** Epoch ms → epoch seconds (NULL stays NULL), for UNIX_TIMESTAMP(text). @example millisToSeconds(1500) // 1 */
export const millisToSeconds = (ms: number | null): number | null => (ms === null ? null : Math.floor(ms / 1000));

/** DATE_FORMAT on text: parses it as a timestamp first; NULL when unparsable. @example formatText('2024-01-01 10:00:00', compileDateFormatter('HH')) // '10' */
export function formatText(text: string, format: (ms: number) => string): string | null {
  const ms = parseTimestampText(text);
  return Number.isNaN(ms) ? null : format(ms);
}
