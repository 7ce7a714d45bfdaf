/**
 * The time units of EXTRACT, FLOOR/CEIL … TO, TIMESTAMPADD and TIMESTAMPDIFF (the SQL parser's set,
 * `SQL_TSI_*` spellings already normalised). In the Expr tree a unit is a string literal argument
 * made with `timeUnit('HOUR')`.
 *
 * @example
 * const u: TimeUnit = 'HOUR';
 */
export type TimeUnit =
  | 'MILLENNIUM' | 'CENTURY' | 'DECADE' | 'YEAR' | 'QUARTER' | 'MONTH' | 'WEEK' | 'DAY' | 'HOUR'
  | 'MINUTE' | 'SECOND' | 'MILLISECOND' | 'MICROSECOND' | 'NANOSECOND' | 'DOW' | 'DOY' | 'EPOCH'
  | 'ISODOW' | 'ISOYEAR';

/** Units EXTRACT accepts (all of them). */
export const EXTRACT_UNITS: ReadonlySet<string> = new Set<TimeUnit>([
  'MILLENNIUM', 'CENTURY', 'DECADE', 'YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND',
  'MILLISECOND', 'MICROSECOND', 'NANOSECOND', 'DOW', 'DOY', 'EPOCH', 'ISODOW', 'ISOYEAR',
]);
/** Units of the time of day (valid on TIME values). */
export const TIME_OF_DAY_UNITS: ReadonlySet<string> = new Set<TimeUnit>(['HOUR', 'MINUTE', 'SECOND', 'MILLISECOND', 'MICROSECOND', 'NANOSECOND']);
/** Units FLOOR/CEIL … TO, TIMESTAMPADD and TIMESTAMPDIFF accept. */
export const CALENDAR_UNITS: ReadonlySet<string> = new Set<TimeUnit>(['YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'MILLISECOND']);

/** Milliseconds in the fixed-length units. */
export const UNIT_MILLIS: Readonly<Record<string, number>> = {
  WEEK: 604_800_000, DAY: 86_400_000, HOUR: 3_600_000, MINUTE: 60_000, SECOND: 1000, MILLISECOND: 1,
};
/** Months in the calendar units. */
export const UNIT_MONTHS: Readonly<Record<string, number>> = { YEAR: 12, QUARTER: 3, MONTH: 1 };

/** Milliseconds per day: DATE values are days, TIMESTAMP values milliseconds. */
export const MILLIS_PER_DAY = 86_400_000;
