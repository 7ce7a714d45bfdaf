/**
 * String helpers called by generated code, with Flink's edge cases (1-based positions, negative
 * SUBSTRING starts counting from the end, NULL for impossible pads). Regular expressions given as
 * literals are compiled once by the compiler; dynamic patterns go through {@link cachedRegex}.
 *
 * @example
 * substring('Hello', -3, 2) // 'll'
 */
import { ExprEvalError } from '../../plan/expr/errors.ts';

/** The longest string V8 can hold (2^29 − 24 UTF-16 units): a longer result is an error naming the function, not an engine crash. */
export const MAX_STRING_LENGTH = 2 ** 29 - 24;

function checkLength(fn: string, length: number): void {
  if (length > MAX_STRING_LENGTH) throw new ExprEvalError(`${fn}: a result of ${length} characters is longer than the longest string (${MAX_STRING_LENGTH})`);
}

/** Removes any of `chars` from the chosen ends (TRIM/LTRIM/RTRIM). @example trimChars('xxhixx', 'x', true, true) // 'hi' */
export function trimChars(s: string, chars: string, leading: boolean, trailing: boolean): string {
  let start = 0;
  let end = s.length;
  if (leading) while (start < end && chars.includes(s[start])) start++;
  if (trailing) while (end > start && chars.includes(s[end - 1])) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/**
 * SQL SUBSTRING: 1-based `start`; 0 counts as 1; negative counts from the end; a negative length gives NULL.
 *
 * @example
 * substring('Hello', 2, 3) // 'ell'
 */
export function substring(s: string, start: number, length?: number): string | null {
  if (length !== undefined && length < 0) return null;
  let from: number;
  if (start > 0) from = start - 1;
  else if (start < 0) from = Math.max(s.length + start, 0);
  else from = 0;
  if (from >= s.length) return '';
  return length === undefined ? s.slice(from) : s.slice(from, from + length);
}

/** OVERLAY(s PLACING r FROM start [FOR length]). @example overlay('abcdef', 'XY', 2, 3) // 'aXYef' */
export function overlay(s: string, r: string, start: number, length: number = r.length): string {
  return s.slice(0, Math.max(start - 1, 0)) + r + s.slice(Math.max(start - 1 + length, 0));
}

/** LEFT(s, n). @example left('abc', 2) // 'ab' */
export const left = (s: string, n: number): string => (n <= 0 ? '' : s.slice(0, n));
/** RIGHT(s, n). @example right('abc', 2) // 'bc' */
export const right = (s: string, n: number): string => (n <= 0 ? '' : s.slice(Math.max(s.length - n, 0)));

/** LPAD: pads (or truncates) to `length`; NULL for a negative length or empty padding. @example lpad('7', 3, '0') // '007' */
export function lpad(s: string, length: number, pad: string): string | null {
  if (length < 0 || (pad === '' && length > s.length)) return null;
  checkLength('LPAD', length);
  return length <= s.length ? s.slice(0, length) : s.padStart(length, pad);
}

/** RPAD, like {@link lpad} on the right. @example rpad('ab', 4, '.') // 'ab..' */
export function rpad(s: string, length: number, pad: string): string | null {
  if (length < 0 || (pad === '' && length > s.length)) return null;
  checkLength('RPAD', length);
  return length <= s.length ? s.slice(0, length) : s.padEnd(length, pad);
}

/** REPEAT(s, n); n ≤ 0 gives ''. @example repeat('ab', 2) // 'abab' */
export function repeat(s: string, n: number): string {
  if (n <= 0 || s === '') return '';
  checkLength('REPEAT', s.length * n);
  return s.repeat(n);
}

/** REVERSE by code point (surrogate pairs stay together). @example reverse('abc') // 'cba' */
export const reverse = (s: string): string => Array.from(s).reverse().join('');

/**
 * INITCAP as Flink runs it (Calcite's `SqlFunctions.initcap`): a word is a run of ASCII letters and
 * digits; its first letter is upper-cased and the rest lower-cased. Every other character — space,
 * '-', '_', but also a non-ASCII letter — ends a word and is kept as is.
 *
 * @example initcap('hello wORLD') // 'Hello World'
 * @example initcap('dave_o carol-ann') // 'Dave_O Carol-Ann'
 */
export function initcap(s: string): string {
  let out = '';
  let atStart = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const upper = c >= 65 && c <= 90;
    const lower = c >= 97 && c <= 122;
    if (upper || lower || (c >= 48 && c <= 57)) {
      if (atStart && lower) out += String.fromCharCode(c - 32);
      else if (!atStart && upper) out += String.fromCharCode(c + 32);
      else out += s[i];
      atStart = false;
    } else {
      out += s[i];
      atStart = true;
    }
  }
  return out;
}

/** REPLACE(s, search, replacement); an empty search leaves `s` as is. @example replace('a.b.c', '.', '/') // 'a/b/c' */
export const replace = (s: string, search: string, replacement: string): string => (search === '' ? s : s.replaceAll(search, replacement));

/** SPLIT_INDEX(s, separator, i): the i-th (0-based) piece, or NULL. @example splitIndex('a/b/c', '/', 1) // 'b' */
export function splitIndex(s: string, separator: string, index: number): string | null {
  if (index < 0 || separator === '') return null;
  const parts = s.split(separator);
  return index < parts.length ? parts[index] : null;
}

/** LOCATE(needle, s [, start]): 1-based position at or after `start`, 0 when absent. @example locate('b', 'abcb', 3) // 4 */
export function locate(needle: string, s: string, start = 1): number {
  if (start < 1) return 0;
  return s.indexOf(needle, start - 1) + 1;
}

/** CONCAT_WS: joins the non-null strings with the separator. @example concatWs('-', 'a', null, 'b') // 'a-b' */
export function concatWs(separator: string, ...parts: (string | null)[]): string {
  let out = '';
  let first = true;
  for (const p of parts) {
    if (p === null || p === undefined) continue;
    out += first ? p : separator + p;
    first = false;
  }
  return out;
}

/** ASCII: the first character's code, 0 for ''. @example ascii('A') // 65 */
export const ascii = (s: string): number => (s.length === 0 ? 0 : s.charCodeAt(0));
/** CHR: the character of a code (modulo 256, as Flink). @example chr(65) // 'A' */
export const chr = (n: number): string => String.fromCharCode(((n % 256) + 256) % 256);

const INLINE_FLAGS = /^\(\?([imsx]+)\)/;

/**
 * Compiles a Java-style regular expression: a leading inline flag group such as `(?i)` becomes a
 * JavaScript flag. Throws SyntaxError for an invalid pattern.
 *
 * @example
 * compileRegex('(?i)abc', '').test('ABC') // true
 */
export function compileRegex(pattern: string, flags: string): RegExp {
  const m = INLINE_FLAGS.exec(pattern);
  if (m === null) return new RegExp(pattern, flags);
  const extra = [...m[1]].filter((f) => f !== 'x' && !flags.includes(f)).join('');
  return new RegExp(pattern.slice(m[0].length), flags + extra);
}

const regexCache = new Map<string, RegExp | null>();

/** A compiled regex for a pattern only known at run time (cached; null when invalid, as Flink gives NULL). @example cachedRegex('a+', 'g') */
export function cachedRegex(pattern: string, flags: string): RegExp | null {
  const key = `${flags}/${pattern}`;
  let re = regexCache.get(key);
  if (re === undefined) {
    try {
      re = compileRegex(pattern, flags);
    } catch {
      re = null;
    }
    if (regexCache.size >= 256) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

/** REGEXP_EXTRACT: the group `index` (0 = whole match) of the first match, or NULL. @example regexpExtract('foo=1', /(\w+)=(\d+)/, 2) // '1' */
export function regexpExtract(s: string, re: RegExp | null, index = 0): string | null {
  if (re === null || index < 0) return null;
  const m = re.exec(s);
  if (m === null || index >= m.length) return null;
  return m[index] ?? null;
}

/** REGEXP_REPLACE with a global regex (`$1` refers to groups). @example regexpReplace('a1b2', /\d/g, '#') // 'a#b#' */
export const regexpReplace = (s: string, re: RegExp | null, replacement: string): string | null => (re === null ? null : s.replace(re, replacement));

/** REGEXP: whether any part of `s` matches. @example regexpTest('abc', /b/) // true */
export const regexpTest = (s: string, re: RegExp | null): boolean | null => (re === null ? null : re.test(s));
