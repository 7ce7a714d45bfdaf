/**
 * The formats a SQL table names in its WITH clause (`'format' = 'json'`, `'key.format' = 'csv'`) with
 * their own options (`'json.ignore-parse-errors'`, `'value.csv.field-delimiter'`), and what a chosen
 * format gives a connector: its settings plus the typed conversion of decoded records to the
 * engine's runtime representation (and back, for sinks).
 */
import type { DataType, RowType } from '../core/data-types.ts';
import { DataTypes, isBinary, isCharacter, typeToString } from '../core/data-types.ts';
import { cdcChanges, type CdcChange } from '../formats/cdc-changes.ts';
import { ROW_KIND } from '../formats/row-kind.ts';
import { ConfigError, RecordError, type RecordOrigin } from '../core/errors.ts';
import { avroRowCodec, type AvroRowCodec } from '../formats/avro.ts';
import { AVRO_CONFLUENT_OPTIONS, avroConfluentSettings } from './schema-registry/avro-confluent-options.ts';
import { avroConfluentCodec } from './schema-registry/avro-confluent-codec.ts';
import type { Row } from '../core/row.ts';
import { csvFormat } from '../formats/csv.ts';
import type { FieldType, RowFormat, SimpleSchema } from '../formats/format.ts';
import { textOf } from '../formats/format.ts';
import { jsonFormat } from '../formats/json.ts';
import { jsonRowScanner } from '../formats/json-row-scanner.ts';
import type { TimestampStandard } from '../formats/temporal-text.ts';
import { typedRowReader } from '../formats/typed-row-reader.ts';
import { typedRowWriter } from '../formats/typed-row-writer.ts';
import { booleanOf, type OptionSpec, type TableOptions } from './table-options.ts';

/** The formats tables may name. */
export type TableFormatName = 'json' | 'csv' | 'raw' | 'avro' | 'avro-confluent' | 'debezium-json' | 'canal-json' | 'maxwell-json' | 'debezium-avro-confluent';

/** The formats whose records are change events: a table reading one is a changelog (+I/-U/+U/-D). */
export const CHANGELOG_FORMATS: readonly TableFormatName[] = ['debezium-json', 'canal-json', 'maxwell-json', 'debezium-avro-confluent'];

/**
 * 'changelog' when the table's value format is a CDC format, else undefined (the connector's own
 * capability), for a factory's `sourceCapabilityOf`.
 *
 * @example
 * changelogFormatCapability({ 'format': 'debezium-json' }) // 'changelog'
 */
export function changelogFormatCapability(options: Readonly<Record<string, string>>): 'changelog' | undefined {
  const format = (options['value.format'] ?? options['format']) as TableFormatName | undefined;
  return format !== undefined && CHANGELOG_FORMATS.includes(format) ? 'changelog' : undefined;
}

/**
 * Each format's own options, without the `json.` / `csv.` / `raw.` prefix.
 *
 * @example
 * FORMAT_OPTIONS.json.map((o) => `json.${o.key}`) // ['json.ignore-parse-errors', …]
 */
export const FORMAT_OPTIONS: Readonly<Record<TableFormatName, readonly OptionSpec[]>> = {
  json: [
    { key: 'ignore-parse-errors', type: 'boolean', default: 'false', description: 'skip records that do not parse (or whose fields do not fit their types) instead of failing' },
    { key: 'fail-on-missing-field', type: 'boolean', default: 'false', description: 'fail on a record that lacks a column, instead of reading it as null' },
    { key: 'timestamp-format.standard', type: 'enum', values: ['SQL', 'ISO-8601'], default: 'SQL', description: "how TIMESTAMP text is written: 'yyyy-MM-dd HH:mm:ss' (SQL) or 'yyyy-MM-ddTHH:mm:ss' (ISO-8601); both are read" },
  ],
  csv: [
    { key: 'field-delimiter', type: 'string', default: ',', description: "one character between fields ('\\t' for a tab)" },
    { key: 'quote-character', type: 'string', default: '"', description: 'one character around fields that contain the delimiter' },
    { key: 'allow-comments', type: 'boolean', default: 'false', description: "skip lines starting with '#'" },
    { key: 'ignore-parse-errors', type: 'boolean', default: 'false', description: 'skip records that do not parse instead of failing' },
    { key: 'null-literal', type: 'string', description: 'a field with exactly this text reads as null, and null is written as it' },
  ],
  raw: [
    { key: 'charset', type: 'enum', values: ['UTF-8'], default: 'UTF-8', description: 'the text encoding of a character column' },
  ],
  avro: [
    { key: 'codec', type: 'enum', values: ['null', 'deflate'], default: 'null', description: "files: the compression of the container file's blocks" },
    { key: 'ignore-parse-errors', type: 'boolean', default: 'false', description: 'skip records that are not Avro of the schema instead of failing (not in Flink)' },
  ],
  'avro-confluent': AVRO_CONFLUENT_OPTIONS,
  'debezium-json': [
    { key: 'schema-include', type: 'boolean', default: 'false', description: "each event is { schema, payload } (Kafka Connect's JsonConverter with schemas.enable)" },
    { key: 'ignore-parse-errors', type: 'boolean', default: 'false', description: 'skip events that do not parse instead of failing' },
    { key: 'timestamp-format.standard', type: 'enum', values: ['SQL', 'ISO-8601'], default: 'SQL', description: 'how TIMESTAMP text is read' },
  ],
  'canal-json': [
    { key: 'ignore-parse-errors', type: 'boolean', default: 'false', description: 'skip events that do not parse instead of failing' },
    { key: 'database.include', type: 'string', description: "a regular expression: only events of matching databases" },
    { key: 'table.include', type: 'string', description: 'a regular expression: only events of matching tables' },
    { key: 'timestamp-format.standard', type: 'enum', values: ['SQL', 'ISO-8601'], default: 'SQL', description: 'how TIMESTAMP text is read' },
  ],
  'maxwell-json': [
    { key: 'ignore-parse-errors', type: 'boolean', default: 'false', description: 'skip events that do not parse instead of failing' },
    { key: 'database.include', type: 'string', description: "a regular expression: only events of matching databases" },
    { key: 'table.include', type: 'string', description: 'a regular expression: only events of matching tables' },
    { key: 'timestamp-format.standard', type: 'enum', values: ['SQL', 'ISO-8601'], default: 'SQL', description: 'how TIMESTAMP text is read' },
  ],
  'debezium-avro-confluent': AVRO_CONFLUENT_OPTIONS,
};

/**
 * The prefix of a format's own options for the option that chose the format: '' for 'format',
 * 'key.' for 'key.format', 'value.' for 'value.format' (so 'value.json.ignore-parse-errors').
 *
 * @example
 * formatPrefix('key.format') // 'key.'
 */
export function formatPrefix(formatOption: string): string {
  return formatOption.slice(0, formatOption.length - 'format'.length);
}

/**
 * A format as a table configured it: settings for the connector's own codec, the simple schema its
 * decoder can apply early (so common type errors name file:line or topic/partition/offset), and the
 * full typed conversion.
 */
export interface TableFormat {
  readonly name: TableFormatName;
  readonly ignoreParseErrors: boolean;
  readonly type: RowType;
  /** Decoded record → typed row (exactly the type's columns). Throws a RecordError naming the column. */
  readonly read: (input: Row, origin: RecordOrigin) => Row;
  /** Typed row → values ready to encode (timestamps as text, bytes as base64). */
  readonly write: (row: Row) => Row;
  /** Column → the early conversion the connector's codec applies (numbers, booleans, timestamps). */
  readonly simpleSchema: SimpleSchema;
  readonly columns: readonly string[];
  readonly csv: { readonly delimiter: string; readonly quote: string; readonly nullLiteral?: string; readonly allowComments: boolean };
  readonly timestampStandard: TimestampStandard;
  /** Text (or bytes) of one record → typed row, for connectors that decode records themselves. */
  decode(data: Uint8Array | string, origin: RecordOrigin): Row;
  /** Typed row → one record: text, or bytes for a binary format (avro). */
  encode(row: Row): string | Uint8Array;
  /** The Avro codec of the columns, for avro formats. */
  readonly avro?: AvroRowCodec;
  /**
   * Formats that look things up before decoding (avro-confluent: writer schemas by id): called with
   * the raw record bytes of a batch before any is decoded; undefined when nothing is to be fetched.
   */
  readonly prepare?: (values: readonly unknown[]) => Promise<void> | undefined;
  /** Formats that must reach a service before writing (avro-confluent: register the schema); sinks call it at open. */
  readonly open?: () => Promise<void>;
  /**
   * Changelog formats (CDC): one record → the rows it stands for, each marked with its kind (see
   * row-kind.ts); `decode` is not used for them.
   */
  readonly decodeChanges?: (data: Uint8Array | string, origin: RecordOrigin) => Row[];
}

/**
 * The format a table chose with `formatOption` ('format', 'key.format' or 'value.format') for the
 * columns of `type`, with its options read from the validated table options.
 *
 * @example
 * const format = tableFormat({ 'format': 'json', 'json.ignore-parse-errors': 'true' }, 'format', rowType);
 * format.decode('{"ts":"2024-01-01 10:00:00"}', { source: 'orders' }) // { ts: 1704103200000 }
 */
export function tableFormat(options: TableOptions, formatOption: string, type: RowType): TableFormat {
  const name = options[formatOption] as TableFormatName | undefined;
  if (name === undefined) throw new ConfigError(formatOption, `is required (one of ${Object.keys(FORMAT_OPTIONS).join(', ')})`);
  const key = (option: string) => `${formatPrefix(formatOption)}${name}.${option}`;
  const ignoreParseErrors = booleanOf(options, key('ignore-parse-errors'));
  const failOnMissingField = booleanOf(options, key('fail-on-missing-field'));
  if (name === 'json' && ignoreParseErrors && failOnMissingField) {
    throw new ConfigError(key('fail-on-missing-field'), `cannot be true together with '${key('ignore-parse-errors')}'`);
  }
  const csv = {
    delimiter: oneCharacter(options[key('field-delimiter')] ?? ',', key('field-delimiter')),
    quote: oneCharacter(options[key('quote-character')] ?? '"', key('quote-character')),
    nullLiteral: options[key('null-literal')],
    allowComments: booleanOf(options, key('allow-comments')),
  };
  if (name === 'csv' && csv.quote === csv.delimiter) throw new ConfigError(key('quote-character'), 'must differ from the field delimiter');
  if (name === 'raw' && type.fields.length !== 1) {
    throw new ConfigError(formatOption, `'raw' reads and writes a single column, but the table has ${type.fields.length}: ${type.fields.map((f) => f.name).join(', ')}`);
  }
  if (name === 'raw' && !isCharacter(type.fields[0].type) && !isBinary(type.fields[0].type)) {
    throw new ConfigError(formatOption, `'raw' reads and writes a character or binary column, not ${typeToString(type.fields[0].type)} (column '${type.fields[0].name}')`);
  }
  const timestampStandard = (options[key('timestamp-format.standard')] ?? 'SQL') as TimestampStandard;
  const columns = type.fields.map((f) => f.name);
  const simpleSchema = simpleSchemaOf(type);
  const read = typedRowReader(type, { failOnMissingField });
  if (name === 'debezium-avro-confluent') {
    // The Debezium envelope of the table's row, in Avro: before/after nullable rows, op a string.
    const row = DataTypes.ROW(type.fields);
    const envelope = DataTypes.ROW([{ name: 'before', type: row }, { name: 'after', type: row }, { name: 'op', type: DataTypes.STRING() }]);
    const codec = avroConfluentCodec(envelope, avroConfluentSettings(options, formatOption, key));
    const decodeChanges = (data: Uint8Array | string, origin: RecordOrigin) => {
      if (typeof data === 'string') throw new RecordError(origin, "the 'debezium-avro-confluent' format reads bytes, got text");
      return withKinds(cdcChanges('debezium', codec.decode(data, origin), origin), (r) => pickColumns(r, columns));
    };
    const refuse = () => { throw new ConfigError(formatOption, "'debezium-avro-confluent' is read only here: a table with it cannot be written"); };
    return {
      name, ignoreParseErrors, type, read, write: (r) => r, simpleSchema, columns, csv, timestampStandard,
      decode: (data, origin) => decodeChanges(data, origin)[0], encode: refuse, prepare: codec.prepare, decodeChanges,
    };
  }
  if (name === 'debezium-json' || name === 'canal-json' || name === 'maxwell-json') {
    const json = jsonFormat();
    const cdc = name === 'debezium-json' ? 'debezium' : name === 'canal-json' ? 'canal' : 'maxwell';
    const cdcOptions = {
      schemaInclude: booleanOf(options, key('schema-include')),
      database: regexOf(options, key('database.include')),
      table: regexOf(options, key('table.include')),
    };
    const decodeChanges = (data: Uint8Array | string, origin: RecordOrigin) =>
      withKinds(cdcChanges(cdc, json.decode(data, origin), origin, cdcOptions), (r) => read(r, origin));
    const refuse = () => { throw new ConfigError(formatOption, `'${name}' is read only here: a table with it cannot be written`); };
    return {
      name, ignoreParseErrors, type, read, write: (r) => r, simpleSchema, columns, csv, timestampStandard,
      decode: (data, origin) => decodeChanges(data, origin)[0], encode: refuse, decodeChanges,
    };
  }
  if (name === 'avro-confluent') {
    const codec = avroConfluentCodec(type, avroConfluentSettings(options, formatOption, key));
    const decode = (data: Uint8Array | string, origin: RecordOrigin) => {
      if (typeof data === 'string') throw new RecordError(origin, "the 'avro-confluent' format reads bytes, got text");
      return codec.decode(data, origin);
    };
    return {
      name, ignoreParseErrors, type, read, write: (row) => row, simpleSchema, columns, csv, timestampStandard, decode,
      encode: (row) => codec.encode(row), avro: codec.avro, prepare: codec.prepare, open: codec.open,
    };
  }
  if (name === 'avro') {
    // Avro values are typed already: the compiled reader builds the row, the writer takes it as it is.
    const avro = avroRowCodec(type, { option: formatOption });
    const decode = (data: Uint8Array | string, origin: RecordOrigin) => {
      if (typeof data === 'string') throw new RecordError(origin, "the 'avro' format reads bytes, got text");
      return avro.decode(data, origin);
    };
    return { name, ignoreParseErrors, type, read, write: (row) => row, simpleSchema, columns, csv, timestampStandard, decode, encode: (row) => avro.encode(row), avro };
  }
  const write = typedRowWriter(type, { timestampStandard });
  const text = textFormat(name, columns, csv);
  // JSON bytes take the scanner's one pass when it can (the general path gives the same rows, and
  // is what reports a bad record); see src/formats/json-row-scanner.ts.
  const scanner = name === 'json' && !failOnMissingField ? jsonRowScanner(type) : undefined;
  // Chosen once here rather than tested per record: decode runs for every record a table reads.
  const decode = text === undefined
    ? (data: Uint8Array | string, origin: RecordOrigin) => read({ [columns[0]]: rawValue(data, type.fields[0].type, origin) }, origin)
    : scanner === undefined
      ? (data: Uint8Array | string, origin: RecordOrigin) => read(text.decode(data, origin), origin)
      : (data: Uint8Array | string, origin: RecordOrigin) => (typeof data === 'string' ? undefined : scanner.scan(data, origin)) ?? read(text.decode(data, origin), origin);
  const encode = text === undefined ? (row: Row) => rawText(write(row)[columns[0]]) : (row: Row) => text.encode(write(row));
  return { name, ignoreParseErrors, type, read, write, simpleSchema, columns, csv, timestampStandard, decode, encode };
}

/**
 * The early conversion a connector's own decoder can do for these columns: numbers, booleans and
 * timestamps; everything else stays as decoded for the typed conversion.
 *
 * @example
 * simpleSchemaOf(DataTypes.ROW([{ name: 'ts', type: DataTypes.TIMESTAMP(3) }])) // { ts: 'timestamp' }
 */
export function simpleSchemaOf(type: RowType): SimpleSchema {
  const schema: Record<string, FieldType> = {};
  for (const field of type.fields) {
    const simple = simpleType(field.type);
    if (simple !== undefined) schema[field.name] = simple;
  }
  return schema;
}

function simpleType(type: DataType): FieldType | undefined {
  switch (type.kind) {
    case 'BOOLEAN': return 'boolean';
    case 'TINYINT': case 'SMALLINT': case 'INT': case 'BIGINT': case 'FLOAT': case 'DOUBLE': case 'DECIMAL': return 'number';
    case 'TIMESTAMP': case 'TIMESTAMP_LTZ': return 'timestamp';
    default: return undefined;
  }
}

function textFormat(name: TableFormatName, columns: readonly string[], csv: TableFormat['csv']): RowFormat | undefined {
  // No schema for JSON: typedRowReader converts every column once, in one pass, afterwards; a schema here
  // would convert the same fields twice (the SQL benchmark showed it as a third of the decode cost).
  if (name === 'json') return jsonFormat();
  if (name === 'csv') return csvFormat({ columns, delimiter: csv.delimiter, quote: csv.quote, nullLiteral: csv.nullLiteral });
  return undefined;
}

function rawValue(data: Uint8Array | string, type: DataType, origin: RecordOrigin): unknown {
  if (isCharacter(type)) return textOf(data, origin);
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

function rawText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Typed rows of changes, each marked with its kind (an insert carries none). */
function withKinds(changes: readonly CdcChange[], typed: (row: Row) => Row): Row[] {
  const out = new Array<Row>(changes.length);
  for (let i = 0; i < changes.length; i++) {
    const row = typed(changes[i].row);
    if (changes[i].kind !== 'insert') row[ROW_KIND] = changes[i].kind;
    out[i] = row;
  }
  return out;
}

/** A plain row of exactly these columns from a decoded Avro record (its values are typed already). */
function pickColumns(record: Row, columns: readonly string[]): Row {
  const row: Row = {};
  for (const column of columns) row[column] = record[column] ?? null;
  return row;
}

function regexOf(options: TableOptions, key: string): RegExp | undefined {
  const text = options[key];
  if (text === undefined) return undefined;
  try {
    return new RegExp(`^(?:${text})$`);
  } catch (error) {
    throw new ConfigError(key, `is not a regular expression: ${(error as Error).message}`);
  }
}

function oneCharacter(text: string, key: string): string {
  const value = text === '\\t' ? '\t' : text;
  if (value.length !== 1) throw new ConfigError(key, `must be one character, got ${JSON.stringify(text)}`);
  return value;
}
