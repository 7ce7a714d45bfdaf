import { isCharacter, type DataType } from '../../core/data-types.ts';
import { ExprTypeError } from '../../plan/expr/errors.ts';
import type { CallExpr } from '../../plan/expr/expr.ts';
import { MILLIS_PER_DAY as DAY, TIME_OF_DAY_UNITS, UNIT_MILLIS, UNIT_MONTHS } from '../../plan/expr/time-units.ts';
import { argType, custom, literalArg, strict, type CallEmitter, type ExprCompiler } from './compiler.ts';
import { compileDateFormatter, compileDateParser } from './date-format.ts';
import { EXTRACTORS } from './runtime-temporal.ts';

/**
 * Code for the date and time functions. DATE arguments (days) are turned into milliseconds where a
 * function works on timestamps; EXTRACT binds the unit's extractor as a constant; format patterns
 * given as literals are compiled once (an invalid literal pattern is a compile-time error); the
 * current-time functions call the compile options' clock (Date.now by default).
 *
 * @example
 * TEMPORAL_EMITTERS.HOUR // `k0(ts)` with k0 the HOUR extractor
 */

const DEFAULT_FORMAT = 'yyyy-MM-dd HH:mm:ss';
const asMillis = (code: string, t: DataType): string => (t.kind === 'DATE' ? `(${code} * ${DAY})` : code);

function compiledPattern<F>(call: CallExpr, i: number, compile: (p: string) => F, c: ExprCompiler, fallback?: string): string | undefined {
  const pattern = call.args.length > i ? literalArg(call, i) : fallback;
  if (typeof pattern !== 'string') return undefined;
  try {
    return c.g.constant(compile(pattern));
  } catch (e) {
    throw new ExprTypeError(`${call.name}: invalid format '${pattern}' (${(e as Error).message})`);
  }
}

/** A formatter reference for argument `i` (a constant for literals, a cached lookup otherwise). */
function formatter(call: CallExpr, args: readonly string[], i: number, c: ExprCompiler): string {
  return compiledPattern(call, i, compileDateFormatter, c, DEFAULT_FORMAT) ?? `${c.g.helper('cachedDateFormatter')}(${args[i]})`;
}

function parser(call: CallExpr, args: readonly string[], i: number, c: ExprCompiler): string {
  return compiledPattern(call, i, compileDateParser, c) ?? `${c.g.helper('cachedDateParser')}(${args[i]})`;
}

function extractCode(unit: string, x: string, t: DataType, c: ExprCompiler): string {
  if (t.kind === 'INTERVAL_DAY_TIME' || t.kind === 'INTERVAL_YEAR_MONTH') {
    return `${c.g.helper('extractInterval')}(${JSON.stringify(unit)}, ${x}, ${t.kind === 'INTERVAL_YEAR_MONTH'})`;
  }
  return `${c.g.constant(EXTRACTORS[unit])}(${asMillis(x, t)})`;
}

const fieldOf = (unit: string) => strict(([x], call, c) => extractCode(unit, x, argType(call, 0), c));
const now = (code: (clock: string) => string) => custom((_call, c) => ({ code: code(`${c.clock()}()`), guards: [] }));

function timestampAdd([, n, t]: readonly string[], call: CallExpr, c: ExprCompiler): string {
  const unit = literalArg(call, 0) as string;
  const kind = argType(call, 2).kind;
  const months = UNIT_MONTHS[unit];
  if (months !== undefined) {
    const delta = months === 1 ? n : `${n} * ${months}`;
    return `${c.g.helper(kind === 'DATE' ? 'addMonthsToDays' : 'addMonthsToMillis')}(${t}, ${delta})`;
  }
  const ms = UNIT_MILLIS[unit];
  if (kind === 'DATE') {
    return TIME_OF_DAY_UNITS.has(unit) ? `(${t} * ${DAY} + ${n} * ${ms})` : `(${t} + ${n} * ${ms / DAY})`;
  }
  if (kind === 'TIME') return `${c.g.helper('addTime')}(${t}, ${n} * ${ms})`;
  return `(${t} + ${n} * ${ms})`;
}

/** The temporal function emitters by name. */
export const TEMPORAL_EMITTERS: Readonly<Record<string, CallEmitter>> = {
  DATE_FORMAT: strict((args, call, c) => {
    const format = formatter(call, args, 1, c);
    const t = argType(call, 0);
    return isCharacter(t) ? `${c.g.helper('formatText')}(${args[0]}, ${format})` : `${format}(${asMillis(args[0], t)})`;
  }),
  TO_TIMESTAMP: strict((args, call, c) => (args.length === 1 ? `${c.g.helper('toTimestamp')}(${args[0]})` : `${parser(call, args, 1, c)}(${args[0]})`)),
  TO_TIMESTAMP_LTZ: strict((args, call) => (literalArg(call, 1) === 0 ? `Math.floor(${args[0]} * 1000)` : `Math.floor(${args[0]})`)),
  TO_DATE: strict((args, call, c) =>
    (args.length === 1 ? `${c.g.helper('toDate')}(${args[0]})` : `${c.g.helper('millisToDays')}(${parser(call, args, 1, c)}(${args[0]}))`)),
  EXTRACT: strict(([, x], call, c) => extractCode(literalArg(call, 0) as string, x, argType(call, 1), c)),
  YEAR: fieldOf('YEAR'),
  QUARTER: fieldOf('QUARTER'),
  MONTH: fieldOf('MONTH'),
  WEEK: fieldOf('WEEK'),
  DAYOFYEAR: fieldOf('DOY'),
  DAYOFMONTH: fieldOf('DAY'),
  DAYOFWEEK: fieldOf('DOW'),
  HOUR: fieldOf('HOUR'),
  MINUTE: fieldOf('MINUTE'),
  SECOND: fieldOf('SECOND'),
  TIMESTAMPADD: strict((args, call, c) => timestampAdd(args, call, c)),
  TIMESTAMPDIFF: strict(([, a, b], call, c) =>
    `${c.g.helper('timestampDiff')}(${JSON.stringify(literalArg(call, 0))}, ${asMillis(a, argType(call, 1))}, ${asMillis(b, argType(call, 2))})`),
  CURRENT_TIMESTAMP: now((clock) => clock),
  NOW: now((clock) => clock),
  PROCTIME: now((clock) => clock),
  CURRENT_ROW_TIMESTAMP: now((clock) => clock),
  LOCALTIMESTAMP: now((clock) => clock),
  CURRENT_DATE: now((clock) => `Math.floor(${clock} / ${DAY})`),
  CURRENT_TIME: now((clock) => `(Math.floor(${clock} / 1000) % 86400 * 1000)`),
  LOCALTIME: now((clock) => `(Math.floor(${clock} / 1000) % 86400 * 1000)`),
  UNIX_TIMESTAMP: strict((args, call, c) => {
    if (args.length === 0) return `Math.floor(${c.clock()}() / 1000)`;
    const ms = args.length === 1 ? `${c.g.helper('toTimestamp')}(${args[0]})` : `${parser(call, args, 1, c)}(${args[0]})`;
    return `${c.g.helper('millisToSeconds')}(${ms})`;
  }),
  FROM_UNIXTIME: strict((args, call, c) => `${formatter(call, args, 1, c)}(Math.floor(${args[0]} * 1000))`),
};
