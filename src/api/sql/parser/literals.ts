import type { Expr, TimeUnit } from '../ast/expressions.ts';
import type { IntervalQualifier, IntervalUnit } from '../ast/types.ts';
import type { Cursor } from './parser-base.ts';

const INTERVAL_UNITS: Record<string, IntervalUnit> = {
  YEAR: 'YEAR', YEARS: 'YEAR', MONTH: 'MONTH', MONTHS: 'MONTH', DAY: 'DAY', DAYS: 'DAY',
  HOUR: 'HOUR', HOURS: 'HOUR', MINUTE: 'MINUTE', MINUTES: 'MINUTE', SECOND: 'SECOND', SECONDS: 'SECOND',
};
const UNIT_ORDER: readonly IntervalUnit[] = ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND'];
const TIME_UNITS = new Set<TimeUnit>([
  'MILLENNIUM', 'CENTURY', 'DECADE', 'YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND',
  'MILLISECOND', 'MICROSECOND', 'NANOSECOND', 'DOW', 'DOY', 'EPOCH', 'ISODOW', 'ISOYEAR',
]);

/**
 * `INTERVAL [-|+] 'text' qualifier`, e.g. `INTERVAL '5' SECOND`, `INTERVAL '1 10' DAY TO HOUR`.
 *
 * @example
 * parseIntervalLiteral(new Cursor("INTERVAL '10' MINUTES")) // qualifier { start: 'MINUTE' }
 */
export function parseIntervalLiteral(c: Cursor): Expr {
  const pos = c.expectWords('INTERVAL').pos;
  let negative = false;
  if (c.acceptSymbol('-')) negative = true;
  else c.acceptSymbol('+');
  const value = c.string("an interval string such as '5'");
  return { kind: 'IntervalLiteral', negative, value, qualifier: parseIntervalQualifier(c), pos };
}

/**
 * `unit [(p)] [TO unit [(p)]]`, with `SECOND(p, f)` for fractional seconds. The end unit must
 * come after the start unit within the same family (YEAR TO MONTH, or DAY … SECOND).
 *
 * @example
 * parseIntervalQualifier(new Cursor('DAY(2) TO SECOND(3)')) // { start: 'DAY', startPrecision: 2, end: 'SECOND', fractionalPrecision: 3 }
 */
export function parseIntervalQualifier(c: Cursor): IntervalQualifier {
  const start = intervalUnit(c);
  let startPrecision: number | undefined;
  let fractionalPrecision: number | undefined;
  if (c.acceptSymbol('(')) {
    startPrecision = c.integer('a precision');
    if (start === 'SECOND' && c.acceptSymbol(',')) fractionalPrecision = c.integer('a fractional precision');
    c.expectSymbol(')');
  }
  let end: IntervalUnit | undefined;
  if (c.isWord('TO')) {
    c.next();
    const at = c.peek();
    end = intervalUnit(c);
    const yearMonth = (u: IntervalUnit) => u === 'YEAR' || u === 'MONTH';
    if (UNIT_ORDER.indexOf(end) <= UNIT_ORDER.indexOf(start) || yearMonth(start) !== yearMonth(end)) {
      c.failWith(`'${start} TO ${end}' is not an interval qualifier (use YEAR TO MONTH, or DAY/HOUR/MINUTE TO a smaller unit)`, at);
    }
    if (end === 'SECOND' && c.acceptSymbol('(')) {
      fractionalPrecision = c.integer('a fractional precision');
      c.expectSymbol(')');
    }
  }
  return {
    start,
    ...(startPrecision !== undefined && { startPrecision }),
    ...(end !== undefined && { end }),
    ...(fractionalPrecision !== undefined && { fractionalPrecision }),
  };
}

function intervalUnit(c: Cursor): IntervalUnit {
  const t = c.peek();
  const unit = t.kind === 'word' ? INTERVAL_UNITS[t.upper] : undefined;
  if (unit === undefined) c.fail(['an interval unit (YEAR, MONTH, DAY, HOUR, MINUTE or SECOND)']);
  c.next();
  return unit;
}

/**
 * A unit of EXTRACT, FLOOR/CEIL … TO, TIMESTAMPADD and TIMESTAMPDIFF; plural spellings and the
 * ODBC `SQL_TSI_` prefix are accepted.
 *
 * @example
 * parseTimeUnit(new Cursor('SQL_TSI_HOUR')) // 'HOUR'
 */
export function parseTimeUnit(c: Cursor): TimeUnit {
  const t = c.peek();
  let word = t.kind === 'word' ? t.upper.replace(/^SQL_TSI_/, '') : '';
  if (!TIME_UNITS.has(word as TimeUnit) && word.endsWith('S')) word = word.slice(0, -1);
  if (!TIME_UNITS.has(word as TimeUnit)) c.fail(['a time unit (YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, …)']);
  c.next();
  return word as TimeUnit;
}
