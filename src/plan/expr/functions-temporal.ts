import { DataTypes, notNull, withNullability, type DataType } from '../../core/data-types.ts';
import { ExprTypeError } from './errors.ts';
import { accepts, defineFunction, signature, type FunctionDefinition } from './function-definition.ts';
import { checkUnit } from './functions-math.ts';
import { CALENDAR_UNITS, EXTRACT_UNITS, TIME_OF_DAY_UNITS, UNIT_MONTHS } from './time-units.ts';

/**
 * Date and time functions. The engine's time zone is UTC: TIMESTAMP and TIMESTAMP_LTZ values are both
 * epoch milliseconds and are formatted and split into fields in UTC (Flink's `table.local-time-zone`
 * = 'UTC'). Formats use Java's SimpleDateFormat letters (yyyy, MM, dd, HH, mm, ss, SSS …).
 * The current-time functions (NOW, CURRENT_TIMESTAMP, PROCTIME …) are evaluated per record, as in
 * Flink's streaming mode.
 *
 * @example
 * lookupFunction('DATE_FORMAT')!.inferReturnType([DataTypes.TIMESTAMP(3), notNull(DataTypes.STRING())]) // STRING
 */

const str = accepts.character;
const BIGINT = DataTypes.BIGINT();
const TS3 = DataTypes.TIMESTAMP(3);
const LTZ3 = DataTypes.TIMESTAMP_LTZ(3);

function now(name: string, type: DataType, aliases: string[] = []): FunctionDefinition {
  return defineFunction({ name, aliases, syntax: `${name}()`, args: 0, deterministic: false, custom: true, returns: () => notNull(type) });
}

/** YEAR(x), HOUR(x)…: EXTRACT with a fixed unit. */
function field(name: string, check: (t: DataType | undefined) => boolean): FunctionDefinition {
  return signature({ name, syntax: `${name}(datetime)`, required: [check], returns: BIGINT });
}

function extractReturn([unit, x]: readonly DataType[], lits: readonly unknown[]): DataType | undefined {
  if (!str(unit)) return undefined;
  const u = checkUnit('EXTRACT', lits[0], EXTRACT_UNITS);
  if (x.kind === 'TIME' && !TIME_OF_DAY_UNITS.has(u)) throw new ExprTypeError(`EXTRACT: cannot extract ${u} from TIME`);
  if (x.kind === 'DATE' && TIME_OF_DAY_UNITS.has(u)) throw new ExprTypeError(`EXTRACT: cannot extract ${u} from DATE`);
  return accepts.datetime(x) || accepts.interval(x) ? BIGINT : undefined;
}

/** TIMESTAMPADD on a DATE with a unit shorter than a day gives a TIMESTAMP, as in Calcite. */
function timestampAddReturn([unit, n, t]: readonly DataType[], lits: readonly unknown[]): DataType | undefined {
  if (!str(unit) || !accepts.integer(n) || !accepts.datetime(t)) return undefined;
  const u = checkUnit('TIMESTAMPADD', lits[0], CALENDAR_UNITS);
  if (t.kind === 'TIME' && UNIT_MONTHS[u] !== undefined) throw new ExprTypeError(`TIMESTAMPADD: cannot add ${u} to a TIME`);
  if (t.kind === 'DATE' && (TIME_OF_DAY_UNITS.has(u))) return TS3;
  return t.kind === 'NULL' ? TS3 : withNullability(t, false);
}

function timestampDiffReturn([unit, a, b]: readonly DataType[], lits: readonly unknown[]): DataType | undefined {
  if (!str(unit) || !accepts.datetime(a) || !accepts.datetime(b)) return undefined;
  if ((a.kind === 'TIME') !== (b.kind === 'TIME') && a.kind !== 'NULL' && b.kind !== 'NULL') return undefined;
  checkUnit('TIMESTAMPDIFF', lits[0], CALENDAR_UNITS);
  return DataTypes.INT();
}

/** The temporal function definitions. */
export const TEMPORAL_FUNCTIONS: readonly FunctionDefinition[] = [
  signature({
    name: 'DATE_FORMAT', syntax: 'DATE_FORMAT(timestamp | string, format)', required: [(t) => accepts.dateOrTimestamp(t) || str(t), str],
    returns: DataTypes.STRING(), producesNull: ([x]) => str(x) && x.kind !== 'NULL', // unparsable text gives NULL
  }),
  signature({ name: 'TO_TIMESTAMP', syntax: 'TO_TIMESTAMP(string [, format])', required: [str], optional: [str], returns: TS3, producesNull: true }),
  signature({
    name: 'TO_TIMESTAMP_LTZ', syntax: 'TO_TIMESTAMP_LTZ(numeric, precision)', required: [accepts.numeric], optional: [accepts.integer], literalArgs: [1],
    returns: (_ts, lits) => {
      if (lits[1] !== undefined && lits[1] !== 0 && lits[1] !== 3) throw new ExprTypeError(`TO_TIMESTAMP_LTZ: precision must be 0 (seconds) or 3 (milliseconds), got ${String(lits[1])}`);
      return LTZ3;
    },
  }),
  signature({ name: 'TO_DATE', syntax: 'TO_DATE(string [, format])', required: [str], optional: [str], returns: DataTypes.DATE(), producesNull: true }),
  defineFunction({ name: 'EXTRACT', syntax: 'EXTRACT(unit FROM datetime)', args: 2, literalArgs: [0], returns: extractReturn }),
  field('YEAR', accepts.dateOrTimestamp),
  field('QUARTER', accepts.dateOrTimestamp),
  field('MONTH', accepts.dateOrTimestamp),
  field('WEEK', accepts.dateOrTimestamp),
  field('DAYOFYEAR', accepts.dateOrTimestamp),
  field('DAYOFMONTH', accepts.dateOrTimestamp),
  field('DAYOFWEEK', accepts.dateOrTimestamp),
  field('HOUR', (t) => accepts.timestamp(t) || t?.kind === 'TIME'),
  field('MINUTE', (t) => accepts.timestamp(t) || t?.kind === 'TIME'),
  field('SECOND', (t) => accepts.timestamp(t) || t?.kind === 'TIME'),
  defineFunction({ name: 'TIMESTAMPADD', syntax: 'TIMESTAMPADD(unit, count, datetime)', args: 3, literalArgs: [0], returns: timestampAddReturn }),
  defineFunction({ name: 'TIMESTAMPDIFF', syntax: 'TIMESTAMPDIFF(unit, datetime, datetime)', args: 3, literalArgs: [0], returns: timestampDiffReturn }),
  now('CURRENT_TIMESTAMP', LTZ3),
  now('NOW', LTZ3),
  now('PROCTIME', LTZ3),
  now('CURRENT_ROW_TIMESTAMP', LTZ3),
  now('LOCALTIMESTAMP', TS3),
  now('CURRENT_DATE', DataTypes.DATE()),
  now('CURRENT_TIME', DataTypes.TIME(0)),
  now('LOCALTIME', DataTypes.TIME(0)),
  signature({
    name: 'UNIX_TIMESTAMP', syntax: 'UNIX_TIMESTAMP([string [, format]])', required: [], optional: [str, str], returns: BIGINT,
    deterministic: false, producesNull: (ts) => ts.length > 0,
  }),
  signature({ name: 'FROM_UNIXTIME', syntax: 'FROM_UNIXTIME(seconds [, format])', required: [accepts.numeric], optional: [str], returns: DataTypes.STRING() }),
];
