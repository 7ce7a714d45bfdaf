import { toMillis } from '../../core/duration.ts';
import { ConfigError } from '../../core/errors.ts';
import { fromJsonSchemaLiteral } from '../../plan/expr/functions-json.ts';
import { parseAvroSchema, rowTypeOfAvro, type AvroSchema } from '../../formats/avro-schema.ts';
import type { Expr } from '../sql/ast/expressions.ts';
import type { SelectItem } from '../sql/ast/queries.ts';
import { parseQuery } from '../sql/parser/index.ts';
import { NO_POS, call, identifier, literal } from './ast.ts';
import { Column, toExpr, type ColumnOrValue } from './column.ts';
import { StructType } from './spark-types.ts';

/**
 * Spark's `pyspark.sql.functions` with TypeScript names (`fromJson` for `from_json`): each builds a
 * {@link Column} over the SQL built-in of the same meaning, so the DataFrame API and SQL share one
 * function library.
 *
 * @example
 * import { col, window, functions as F } from 'sluice';
 * df.groupBy(window(col('ts'), '1 hour'), col('symbol')).agg(F.sum('shares').alias('total'))
 */

/**
 * A column by name: `'price'`, a struct field `'data.symbol'`, or a name with dots in backticks
 * (`` '`a.b`' ``). `'*'` and `'data.*'` are for select.
 *
 * @example
 * col('price').gt(100)
 */
export function col(name: string): Column {
  return new Column(nameExpr(name));
}

/** Same as {@link col}. */
export const column = col;

/** A literal value (1 → INT, 1.5 → DOUBLE, 'x' → STRING, a Date → TIMESTAMP). @example lit(0) */
export function lit(value: ColumnOrValue): Column {
  return value instanceof Column ? value : new Column(literal(value));
}

/**
 * A SQL expression as a column, with an optional `AS alias`, as Spark's `expr`.
 *
 * @example
 * expr("price * shares AS value")
 */
export function expr(text: string): Column {
  const item = selectItem(text);
  if (item.kind === 'SelectStar') throw new ConfigError('expr', `'${text}' is a star; use select('*')`);
  return new Column(item.expr, item.alias === undefined ? {} : { alias: item.alias });
}

/**
 * One select-list item parsed from text (`'price * 2 AS p'`, `'*'`) — what selectExpr and expr take.
 *
 * @example
 * selectItem('a + 1 AS b') // { kind: 'SelectExpr', alias: 'b', … }
 */
export function selectItem(text: string): SelectItem {
  const query = parseQuery(`SELECT ${sparkIntervals(text)}`);
  const body = query.body;
  if (body.kind !== 'Select' || body.items.length !== 1 || body.from !== undefined || body.where !== undefined || body.groupBy !== undefined) {
    throw new ConfigError('expr', `'${text}' is not one expression`);
  }
  return body.items[0];
}

/** `CASE WHEN condition THEN value … [ELSE …] END`; chain `.when(…)` and `.otherwise(…)`. @example when(col('x').gt(0), 'pos').otherwise('neg') */
export function when(condition: Column, value: ColumnOrValue): Column {
  return new Column({ kind: 'Case', whens: [{ when: condition.expr, then: toExpr(value) }], pos: NO_POS });
}

/**
 * Event-time windows for groupBy (Spark's `window`): tumbling with one duration, sliding with a
 * slide, shifted by `startTime`. Grouping by it gives a `window` column, a struct of `start` and `end`.
 *
 * @example
 * df.groupBy(window(col('transaction_date'), '1 hour'), col('symbol'))
 * df.groupBy(window(col('ts'), '10 minutes', '5 minutes'))
 */
export function window(timeColumn: Column | string, windowDuration: string, slideDuration?: string, startTime?: string): Column {
  const time = toColumn(timeColumn).expr;
  const size = sparkDuration(windowDuration, 'windowDuration');
  const slide = slideDuration === undefined ? size : sparkDuration(slideDuration, 'slideDuration');
  const offset = startTime === undefined ? 0 : sparkDuration(startTime, 'startTime');
  if (size <= 0) throw new ConfigError('windowDuration', 'must be positive');
  if (slide <= 0 || slide > size) throw new ConfigError('slideDuration', `must be positive and at most the window duration (${windowDuration})`);
  const kind = slide === size ? 'tumbling' : 'sliding';
  return new Column(call('WINDOW', [time]), { alias: 'window', window: { kind, time, size, ...(kind === 'sliding' ? { slide } : {}), ...(offset === 0 ? {} : { offset }) } });
}

/**
 * Session windows for groupBy (Spark's `session_window`): a session closes after `gapDuration`
 * without events.
 *
 * @example
 * df.groupBy(sessionWindow(col('ts'), '5 minutes'), col('user'))
 */
export function sessionWindow(timeColumn: Column | string, gapDuration: string): Column {
  const time = toColumn(timeColumn).expr;
  const gap = sparkDuration(gapDuration, 'gapDuration');
  if (gap <= 0) throw new ConfigError('gapDuration', 'must be positive');
  return new Column(call('SESSION_WINDOW', [time]), { alias: 'session_window', window: { kind: 'session', time, size: gap } });
}

/**
 * Parses JSON text into a struct of `schema` (Spark's `from_json`, PERMISSIVE: malformed text gives
 * a null struct). Select `'data.*'` afterwards to get the fields as columns.
 *
 * @example
 * df.select(fromJson(col('value').cast('string'), schema).alias('data')).select('data.*')
 */
export function fromJson(json: Column | string, schema: StructType): Column {
  return new Column(call('FROM_JSON', [toColumn(json).expr, literal(fromJsonSchemaLiteral(schema.toRowType()))]));
}

/** A struct, array or map as JSON text (Spark's `to_json`). @example toJson(col('data')).alias('value') */
export function toJson(value: Column | string): Column {
  return new Column(call('TO_JSON', [toColumn(value).expr]));
}

/**
 * Reads binary Avro written with `jsonFormatSchema` (an Avro schema as JSON text) into a struct
 * (Spark's `from_avro`, in its default FAILFAST mode: bytes that are not a datum of the schema fail
 * the query). Nullable fields are unions with null; logical types read as their SQL types.
 *
 * @example
 * const schema = '{"type":"record","name":"trade","fields":[{"name":"symbol","type":"string"}]}';
 * df.select(fromAvro(col('value'), schema).alias('trade')).select('trade.*')
 */
export function fromAvro(data: Column | string, jsonFormatSchema: string): Column {
  let schema: AvroSchema;
  try {
    schema = JSON.parse(jsonFormatSchema) as AvroSchema;
  } catch {
    throw new ConfigError('jsonFormatSchema', `is not JSON: ${jsonFormatSchema.slice(0, 60)}`);
  }
  const type = rowTypeOfAvro(schema, 'jsonFormatSchema');
  parseAvroSchema(schema); // refuses an invalid schema here, not when the query starts
  return new Column(call('FROM_AVRO', [toColumn(data).expr, literal(fromJsonSchemaLiteral(type)), literal(JSON.stringify(schema))]));
}

/**
 * A struct as binary Avro (Spark's `to_avro`), with the schema Flink derives for its type (record
 * `record`, nullable fields as unions with null). Turn a row into a Kafka value with
 * `toAvro(struct(...df.columns))`.
 *
 * @example
 * df.select(toAvro(struct('symbol', 'price')).alias('value'))
 */
export function toAvro(data: Column | string): Column {
  return new Column(call('TO_AVRO', [toColumn(data).expr]));
}

/**
 * A struct of columns named after them (Spark's `struct`): names as given, a Column's alias, or the
 * column it reads. Turn a row into a Kafka value with `toJson(struct(...df.columns))`.
 *
 * @example
 * df.select(toJson(struct('symbol', col('price').multiply(2).alias('double_price'))).alias('value'))
 */
export function struct(...columns: (Column | string | readonly (Column | string)[])[]): Column {
  const args: Expr[] = [];
  for (const c of columns.flat() as (Column | string)[]) {
    if (c === '*') throw new ConfigError('struct', "takes columns by name; for every column use struct(...df.columns)");
    const column = toColumn(c);
    const e = column.expr;
    const name = column.aliasName ?? (e.kind === 'Identifier' ? e.parts[e.parts.length - 1] : e.kind === 'FieldAccess' ? e.field : column.toString());
    args.push(literal(name), e);
  }
  if (args.length === 0) throw new ConfigError('struct', 'give at least one column');
  return new Column(call('NAMED_STRUCT', args), { alias: 'struct' });
}

// ---- aggregates ----

/** @example sum('shares') */
export const sum = (c: Column | string): Column => aggregate('SUM', c);
/** @example avg('price') */
export const avg = (c: Column | string): Column => aggregate('AVG', c);
/** Same as {@link avg}. */
export const mean = avg;
/** @example min('price') */
export const min = (c: Column | string): Column => aggregate('MIN', c);
/** @example max('price') */
export const max = (c: Column | string): Column => aggregate('MAX', c);
/** The first value seen in the group. */
export const first = (c: Column | string): Column => aggregate('FIRST_VALUE', c);
/** The last value seen in the group. */
export const last = (c: Column | string): Column => aggregate('LAST_VALUE', c);
/** SQL's `STDDEV_SAMP` of a column (Spark's `stddev`). */
export const stddev = (c: Column | string): Column => aggregate('STDDEV_SAMP', c);
/** Spark's name for {@link stddev}. */
export const stddev_samp = stddev;
/** SQL's `STDDEV_POP` of a column (Spark's `stddev_pop`). */
export const stddev_pop = (c: Column | string): Column => aggregate('STDDEV_POP', c);
/** SQL's `VAR_SAMP` of a column (Spark's `variance`). */
export const variance = (c: Column | string): Column => aggregate('VAR_SAMP', c);
/** Spark's name for {@link variance}. */
export const var_samp = variance;
/** SQL's `VAR_POP` of a column (Spark's `var_pop`). */
export const var_pop = (c: Column | string): Column => aggregate('VAR_POP', c);

/** Rows (`count('*')`) or non-null values of a column. @example count('*') */
export function count(c: Column | string): Column {
  if (c === '*') return new Column(call('COUNT', [], { star: true }), { alias: 'count' });
  return aggregate('COUNT', c);
}

/** Distinct non-null values (Spark's count_distinct / countDistinct). */
export function countDistinct(c: Column | string, ...more: (Column | string)[]): Column {
  if (more.length > 0) throw new ConfigError('countDistinct', 'takes one column here');
  const column = toColumn(c);
  return new Column(call('COUNT', [column.expr], { distinct: true }), { alias: `count(DISTINCT ${column})` });
}
/** Spark's name for {@link countDistinct}. */
export const count_distinct = countDistinct;
/** Exact here: counts distinct values. */
export const approx_count_distinct = (c: Column | string): Column => countDistinct(c);

// ---- scalar functions ----

/** SQL's `UPPER` of a column (Spark's `upper`). */
export const upper = (c: Column | string): Column => scalar('UPPER', c);
/** SQL's `LOWER` of a column (Spark's `lower`). */
export const lower = (c: Column | string): Column => scalar('LOWER', c);
/** SQL's `TRIM(BOTH FROM c)`: the string without leading and trailing spaces. */
export const trim = (c: Column | string): Column => new Column({ kind: 'Trim', side: 'BOTH', source: toColumn(c).expr, pos: NO_POS });
/** SQL's `CHAR_LENGTH` of a column (Spark's `length`). */
export const length = (c: Column | string): Column => scalar('CHAR_LENGTH', c);
/** SQL's `ABS` of a column (Spark's `abs`). */
export const abs = (c: Column | string): Column => scalar('ABS', c);
/** SQL's `SQRT` of a column (Spark's `sqrt`). */
export const sqrt = (c: Column | string): Column => scalar('SQRT', c);
/** SQL's `FLOOR` of a column (Spark's `floor`). */
export const floor = (c: Column | string): Column => scalar('FLOOR', c);
/** SQL's `CEIL` of a column (Spark's `ceil`). */
export const ceil = (c: Column | string): Column => scalar('CEIL', c);
/** SQL's `EXP` of a column (Spark's `exp`). */
export const exp = (c: Column | string): Column => scalar('EXP', c);
/** SQL's `LOG10` of a column (Spark's `log10`). */
export const log10 = (c: Column | string): Column => scalar('LOG10', c);
/** SQL's `YEAR` of a column (Spark's `year`). */
export const year = (c: Column | string): Column => scalar('YEAR', c);
/** SQL's `MONTH` of a column (Spark's `month`). */
export const month = (c: Column | string): Column => scalar('MONTH', c);
/** SQL's `HOUR` of a column (Spark's `hour`). */
export const hour = (c: Column | string): Column => scalar('HOUR', c);
/** SQL's `MINUTE` of a column (Spark's `minute`). */
export const minute = (c: Column | string): Column => scalar('MINUTE', c);
/** SQL's `SECOND` of a column (Spark's `second`). */
export const second = (c: Column | string): Column => scalar('SECOND', c);
/** `c IS NULL` (Spark's `isnull`). */
export const isnull = (c: Column | string): Column => toColumn(c).isNull();

/** Rounds HALF_UP to `scale` decimals. */
export const round = (c: Column | string, scale = 0): Column => new Column(call('ROUND', [toColumn(c).expr, literal(scale)]));
/** Joins strings (NULL if any is NULL). */
export const concat = (...cs: (Column | string)[]): Column => new Column(call('CONCAT', cs.map((c) => toColumn(c).expr)));
/** Joins strings with a separator, skipping NULLs. */
export const concat_ws = (sep: string, ...cs: (Column | string)[]): Column => new Column(call('CONCAT_WS', [literal(sep), ...cs.map((c) => toColumn(c).expr)]));
/** The first non-null value. */
export const coalesce = (...cs: (Column | string)[]): Column => new Column(call('COALESCE', cs.map((c) => toColumn(c).expr)));
/** `substring(str, pos, len)`, 1-based as Spark's. */
export const substring = (c: Column | string, pos: number, len: number): Column => toColumn(c).substr(pos, len);
/** Group `idx` of the first match of `pattern`. */
export const regexp_extract = (c: Column | string, pattern: string, idx: number): Column =>
  new Column(call('REGEXP_EXTRACT', [toColumn(c).expr, literal(pattern), literal(idx)]));
/** Every match of `pattern` replaced. */
export const regexp_replace = (c: Column | string, pattern: string, replacement: string): Column =>
  new Column(call('REGEXP_REPLACE', [toColumn(c).expr, literal(pattern), literal(replacement)]));
/** Timestamp or date as text in a Java/Spark pattern (`yyyy-MM-dd HH:mm`). */
export const dateFormat = (c: Column | string, format: string): Column => new Column(call('DATE_FORMAT', [toColumn(c).expr, literal(format)]));
/** Spark's name for {@link dateFormat}. */
export const date_format = dateFormat;
/** Text (optionally in a pattern) as a timestamp. */
export const toTimestamp = (c: Column | string, format?: string): Column =>
  new Column(call('TO_TIMESTAMP', format === undefined ? [toColumn(c).expr] : [toColumn(c).expr, literal(format)]));
/** Spark's name for {@link toTimestamp}. */
export const to_timestamp = toTimestamp;
/** Text as a date. */
export const toDate = (c: Column | string): Column => scalar('TO_DATE', c);
/** Spark's name for {@link toDate}. */
export const to_date = toDate;
/** The time when the query plans this call (per row in streaming, as Flink's CURRENT_TIMESTAMP). */
export const currentTimestamp = (): Column => new Column({ kind: 'NiladicCall', name: 'CURRENT_TIMESTAMP', pos: NO_POS });
/** Spark's name for {@link currentTimestamp}. */
export const current_timestamp = currentTimestamp;
/** Spark's name for {@link fromJson}. */
export const from_json = fromJson;
/** Spark's name for {@link toJson}. */
export const to_json = toJson;
/** Spark's name for {@link sessionWindow}. */
export const session_window = sessionWindow;

/** A column given as a Column or a name. */
export function toColumn(c: Column | string): Column {
  return typeof c === 'string' ? col(c) : c;
}

function aggregate(fn: string, c: Column | string): Column {
  const column = toColumn(c);
  return new Column(call(fn, [column.expr]), { alias: `${sparkAggregateName(fn)}(${column})` });
}

function scalar(fn: string, c: Column | string): Column {
  return new Column(call(fn, [toColumn(c).expr]));
}

/** Spark's function names in default column names: `sum(shares)`, `avg(price)`, `first(x)`. */
function sparkAggregateName(fn: string): string {
  const names: Record<string, string> = { FIRST_VALUE: 'first', LAST_VALUE: 'last', STDDEV_SAMP: 'stddev_samp', VAR_SAMP: 'var_samp' };
  return names[fn] ?? fn.toLowerCase();
}

const INTERVAL_UNITS: Readonly<Record<string, [string, number]>> = {
  year: ['YEAR', 1], month: ['MONTH', 1], week: ['DAY', 7], day: ['DAY', 1], hour: ['HOUR', 1], minute: ['MINUTE', 1],
  second: ['SECOND', 1], millisecond: ['SECOND', 0.001],
};

/**
 * Spark's interval spellings in SQL text (`interval 1 hour`, `interval 10 minutes`, `interval '5 seconds'`)
 * as Flink's (`INTERVAL '1' HOUR`); text inside other string literals is left alone.
 *
 * @example
 * sparkIntervals('t2 <= t1 + interval 1 hour') // "t2 <= t1 + INTERVAL '1' HOUR"
 */
export function sparkIntervals(text: string): string {
  const unit = '(years?|months?|weeks?|days?|hours?|minutes?|seconds?|milliseconds?)';
  const pattern = new RegExp(`\\binterval\\s+(?:(\\d+(?:\\.\\d+)?)\\s+${unit}|'\\s*(\\d+(?:\\.\\d+)?)\\s+${unit}\\s*')(?![\\w'])`, 'gi');
  return rewriteOutsideStrings(text, pattern);
}

function rewriteOutsideStrings(text: string, pattern: RegExp): string {
  return text.replace(pattern, (match, n1: string | undefined, u1: string | undefined, n2: string | undefined, u2: string | undefined, offset: number) => {
    // An odd number of quotes before the match puts it inside a string literal ('' escapes count twice).
    if ((text.slice(0, offset).match(/'/g)?.length ?? 0) % 2 === 1) return match;
    const [unitName, factor] = INTERVAL_UNITS[(u1 ?? u2)!.toLowerCase().replace(/s$/, '')];
    const amount = Number(n1 ?? n2) * factor;
    return `INTERVAL '${amount}' ${unitName}`;
  });
}

function nameExpr(name: string): Expr {
  if (name.startsWith('`') && name.endsWith('`') && name.length >= 2) return identifier(name.slice(1, -1).replaceAll('``', '`'));
  return identifier(...name.split('.'));
}

/**
 * A duration as Spark writes one (`'10 minutes'`, `'interval 1 hour'`) in milliseconds; `option`
 * names the setting in the error.
 *
 * @example
 * sparkDuration('interval 10 minutes', 'delay') // 600000
 */
export function sparkDuration(text: string, option: string): number {
  return toMillis(text.replace(/^\s*interval\s+/i, ''), option);
}
