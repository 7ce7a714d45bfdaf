/**
 * Rows of a table over a message log (Kafka, the in-process log): the physical columns come from the
 * record's value — and with a key format, the `key.fields` from its key — and metadata columns from
 * the record (`topic`, `partition`, `offset`, `timestamp`, `headers`). Shared by the `kafka`,
 * `upsert-kafka` and `sluice-log` table factories, in both directions.
 */
import type { RowType } from '../core/data-types.ts';
import { DataTypes } from '../core/data-types.ts';
import { ConfigError, RecordError, type RecordOrigin } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { ROW_KIND, rowKindOf } from '../formats/row-kind.ts';
import { SeveralValues, SKIP_RECORD, type RecordMapper } from './mapped-connectors.ts';
import type { MetadataColumn } from './table-factory.ts';
import { tableFormat, type TableFormat } from './table-formats.ts';
import type { TableOptions } from './table-options.ts';

/** A record as the Kafka source (with metadata) and the log source (raw) hand it out. */
export interface LogMessage {
  readonly key: unknown;
  readonly value: unknown;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType?: string;
  readonly headers?: Readonly<Record<string, unknown>> | undefined;
}

/** How a table's columns map onto record keys and values. */
export interface MessageLayout {
  readonly value: TableFormat;
  /** Absent when the table reads no key. */
  readonly key?: TableFormat;
  readonly keyFields: readonly string[];
  /** Physical columns in declaration order. */
  readonly columns: readonly string[];
  /** Per column: read from the key (true) or the value. */
  readonly fromKey: readonly boolean[];
}

/**
 * The key and value formats of a table: `format` (or `value.format`) for the value, `key.format`
 * with `key.fields` ('a;b') for the key; `value.fields-include` 'EXCEPT_KEY' leaves the key fields
 * out of the value.
 *
 * @example
 * messageLayout(options, rowType, undefined).key?.name // 'json' when 'key.format' = 'json'
 */
export function messageLayout(options: TableOptions, schema: RowType, primaryKey: readonly string[] | undefined, upsert = false): MessageLayout {
  const columns = schema.fields.map((f) => f.name);
  const listed = options['key.fields']?.split(';').map((f) => f.trim()).filter((f) => f !== '');
  if (upsert && listed !== undefined) throw new ConfigError('key.fields', "upsert-kafka takes its key from the PRIMARY KEY; remove 'key.fields'");
  const keyFields = upsert ? [...(primaryKey ?? [])] : listed ?? [];
  for (const field of keyFields) {
    if (!columns.includes(field)) throw new ConfigError('key.fields', `'${field}' is not a physical column; columns: ${columns.join(', ')}`);
  }
  const keyFormatName = options['key.format'];
  if (keyFields.length > 0 && keyFormatName === undefined) throw new ConfigError('key.format', `is required with key fields (${keyFields.join(', ')})`);
  if (keyFormatName !== undefined && keyFields.length === 0) throw new ConfigError('key.fields', "is required with 'key.format'");
  const exceptKey = (options['value.fields-include'] ?? 'ALL') === 'EXCEPT_KEY';
  const valueColumns = exceptKey ? schema.fields.filter((f) => !keyFields.includes(f.name)) : schema.fields;
  if (valueColumns.length === 0) throw new ConfigError('value.fields-include', "'EXCEPT_KEY' leaves no columns for the value");
  const valueOption = options['value.format'] !== undefined ? 'value.format' : 'format';
  const value = tableFormat(options, valueOption, DataTypes.ROW(valueColumns));
  const key = keyFields.length === 0 ? undefined : tableFormat(options, 'key.format', DataTypes.ROW(keyFields.map((k) => schema.fields.find((f) => f.name === k)!)));
  if (value.decodeChanges !== undefined && key !== undefined) {
    throw new ConfigError('key.fields', `the '${value.name}' format reads whole rows from the change events; remove 'key.format' and 'key.fields'`);
  }
  return { value, key, keyFields, columns, fromKey: columns.map((c) => exceptKey && keyFields.includes(c)) };
}

/**
 * The mapper from records to table rows: decodes key and value, assembles the columns, adds
 * metadata columns. A record that does not decode is skipped with `ignore-parse-errors`, else it
 * fails with a RecordError naming topic, partition and offset. Tombstones (null values) are skipped,
 * or with `upsert` read as deletes of their key.
 *
 * @example
 * const map = messageRowMapper(layout, metadataColumns, false);
 * map(message, { source: 'orders' }) // { id: 1, ts: 1704103200000 }
 */
export function messageRowMapper(layout: MessageLayout, metadata: readonly MetadataColumn[], upsert: boolean): RecordMapper<LogMessage, Row> {
  const { value: valueFormat, key: keyFormat, columns, fromKey } = layout;
  const ignore = valueFormat.ignoreParseErrors || keyFormat?.ignoreParseErrors === true;
  const valueIsRow = keyFormat === undefined && metadata.length === 0 && !fromKey.some(Boolean)
    && valueFormat.columns.length === columns.length && valueFormat.columns.every((c, i) => c === columns[i]);
  // One origin per mapper, updated per record: an error that escapes ends the reader, so it is never
  // changed after being reported (and an ignored one is dropped).
  const origin: { source: string; partition: number; offset: number } = { source: '', partition: 0, offset: 0 };
  // The raw format reads a missing key as a NULL column (as Flink's raw format reads null bytes).
  const nullKey: Row | undefined = keyFormat?.name === 'raw' ? Object.freeze({ [keyFormat.columns[0]]: null }) : undefined;
  const changes = valueFormat.decodeChanges;
  if (changes !== undefined) return changeRowMapper(changes, metadata, ignore, origin);
  return (message) => {
    origin.source = message.topic;
    origin.partition = message.partition;
    origin.offset = message.offset;
    const tombstone = message.value === null || message.value === undefined;
    if (tombstone && !upsert) return undefined;
    let valueRow: Row | undefined;
    let keyRow: Row | undefined;
    try {
      valueRow = tombstone ? undefined : decode(valueFormat, message.value, origin);
      if (keyFormat !== undefined) {
        if (message.key !== null && message.key !== undefined) keyRow = decode(keyFormat, message.key, origin);
        else if (nullKey !== undefined) keyRow = nullKey;
        else throw new RecordError(origin, 'the record has no key, but the table reads key fields');
      }
    } catch (error) {
      if (error instanceof RecordError && ignore) return SKIP_RECORD;
      throw error;
    }
    // The common case — columns all from the value, no metadata: the decoded value row already is the
    // table row (the typed reader builds exactly the value format's columns, in order).
    if (valueIsRow && valueRow !== undefined) return valueRow;
    const row: Row = {};
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i];
      // A delete carries only its key; the other columns are null.
      row[column] = (fromKey[i] || valueRow === undefined ? keyRow?.[column] : valueRow[column]) ?? null;
    }
    for (const column of metadata) row[column.name] = metadataValue(message, column.key);
    if (tombstone) row[ROW_KIND] = 'delete';
    return row;
  };
}

/**
 * The mapper of a changelog format: each change event becomes its rows (+I, or -U and +U, or -D),
 * with the metadata columns of the record they came from. Tombstones (Debezium writes one after a
 * delete, for compaction) are skipped.
 */
function changeRowMapper(
  decodeChanges: NonNullable<TableFormat['decodeChanges']>, metadata: readonly MetadataColumn[], ignore: boolean,
  origin: { source: string; partition: number; offset: number },
): RecordMapper<LogMessage, Row> {
  return (message) => {
    origin.source = message.topic;
    origin.partition = message.partition;
    origin.offset = message.offset;
    const data = message.value;
    if (data === null || data === undefined) return undefined;
    let rows: Row[];
    try {
      if (typeof data !== 'string' && !(data instanceof Uint8Array)) throw new RecordError(origin, `a change event is text or bytes, got ${typeof data}`);
      rows = decodeChanges(data, origin);
    } catch (error) {
      if (error instanceof RecordError && ignore) return SKIP_RECORD;
      throw error;
    }
    if (metadata.length > 0) for (const row of rows) for (const column of metadata) row[column.name] = metadataValue(message, column.key);
    if (rows.length === 0) return undefined;
    return rows.length === 1 ? rows[0] : new SeveralValues(rows);
  };
}

function decode(format: TableFormat, data: unknown, origin: RecordOrigin): Row {
  if (typeof data === 'string' || data instanceof Uint8Array) return format.decode(data, origin);
  if (typeof data === 'object' && data !== null) return format.read(data as Row, origin); // appended to the log as an object
  throw new RecordError(origin, `expected text or bytes, got ${typeof data}`);
}

function metadataValue(message: LogMessage, key: string): unknown {
  switch (key) {
    case 'topic': return message.topic;
    case 'partition': return message.partition;
    case 'offset': return message.offset;
    case 'timestamp': return message.timestamp;
    case 'timestamp-type': return message.timestampType ?? 'CreateTime';
    case 'headers': return { ...(message.headers ?? {}) };
    case 'leader-epoch': return null;
    default: return null;
  }
}

/** What a sink writes for one row: the encoded value (null for a delete), the encoded key, the time. */
export interface EncodedMessage {
  readonly value: string | Uint8Array | null;
  readonly key: string | Uint8Array | null;
}

/**
 * The encoder from table rows to record key and value. With `upsert`, a delete row becomes a
 * tombstone (null value) and update-before rows are dropped (undefined); otherwise rows are written
 * whatever their kind (the planner only gives insert-only sinks inserts).
 *
 * @example
 * const encode = messageEncoder(layout, false);
 * encode({ id: 1, ts: 1704103200000 }) // { value: '{"id":1,"ts":"2024-01-01 10:00:00"}', key: null }
 */
export function messageEncoder(layout: MessageLayout, upsert: boolean): (row: Row) => EncodedMessage | undefined {
  const { value: valueFormat, key: keyFormat } = layout;
  return (row) => {
    const kind = upsert ? rowKindOf(row) : 'insert';
    if (kind === 'update-before') return undefined;
    const key = keyFormat === undefined ? null : encodeWith(keyFormat, row);
    return { key, value: kind === 'delete' ? null : encodeWith(valueFormat, row) };
  };
}

/** Text for json/csv/raw text columns; the bytes themselves for a raw binary column. */
function encodeWith(format: TableFormat, row: Row): string | Uint8Array | null {
  if (format.name === 'raw') {
    const value = row[format.columns[0]];
    if (value === null || value === undefined) return null;
    if (value instanceof Uint8Array) return value;
  }
  return format.encode(row);
}
