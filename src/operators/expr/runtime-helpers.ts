import { addMonthsToDays, addMonthsToMillis } from '../../plan/expr/datetime-text.ts';
import {
  cachedDateFormatter, cachedDateParser, formatText, millisToDays, millisToSeconds, toDate, toTimestamp,
} from './date-format.ts';
import { cachedJsonPath, jsonExists } from './json-path.ts';
import { likeTest, similarTest } from './like.ts';
import { jsonDefaultFailed, jsonFail, jsonQueryOf, jsonValueOf } from './runtime-json-path.ts';
import {
  divDecimal, divInt, divLong, formatDecimal, formatDouble, greatest2, least2, modExact, roundDecimal, roundHalfUp, truncateTo,
} from './runtime-numeric.ts';
import {
  ascii, cachedRegex, chr, concatWs, initcap, left, locate, lpad, overlay, regexpExtract, regexpReplace, regexpTest, repeat,
  replace, reverse, right, rpad, splitIndex, substring, trimChars,
} from './runtime-string.ts';
import { addTime, ceilTo, extract, extractInterval, floorTo, monthsBetween, timestampDiff } from './runtime-temporal.ts';
import { arrayItem, cardinality, compareValues, digest, hashCode, mapItem, mapOf, uuid, valuesEqual } from './runtime-values.ts';

/**
 * The functions generated code may call, passed to every compiled function as `h` and bound to
 * local constants (`const h_substring = h.substring`). Operators and most functions are inlined;
 * these are the ones with real logic (regexes, calendars, formats, JSON, deep equality).
 *
 * @example
 * RUNTIME_HELPERS.substring('Hello', 2, 3) // 'ell'
 */
export const RUNTIME_HELPERS = Object.freeze({
  // numbers
  roundHalfUp, roundDecimal, truncateTo, divInt, divLong, divDecimal, modExact, formatDouble, formatDecimal, greatest2, least2,
  // strings
  trimChars, substring, overlay, left, right, lpad, rpad, repeat, reverse, initcap, replace, splitIndex, locate, concatWs,
  ascii, chr, cachedRegex, regexpExtract, regexpReplace, regexpTest, likeTest, similarTest,
  // time
  extract, extractInterval, floorTo, ceilTo, addTime, monthsBetween, timestampDiff, addMonthsToMillis, addMonthsToDays,
  cachedDateFormatter, cachedDateParser, formatText, millisToDays, millisToSeconds, toDate, toTimestamp,
  // JSON
  cachedJsonPath, jsonValueOf, jsonQueryOf, jsonExists, jsonFail, jsonDefaultFailed,
  // values
  valuesEqual, compareValues, arrayItem, mapItem, mapOf, cardinality, hashCode, uuid, digest,
});

/** The name of a runtime helper. */
export type RuntimeHelperName = keyof typeof RUNTIME_HELPERS;
