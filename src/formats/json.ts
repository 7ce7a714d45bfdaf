import type { RecordOrigin } from '../core/errors.ts';
import { RecordError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { convertField, encodeTimestamp } from './field-convert.ts';
import type { FieldType, RowFormat, SimpleSchema, TimestampEncoding } from './format.ts';
import { textOf } from './format.ts';

export interface JsonFormatOptions {
  /** Typed columns: values are converted on decode (e.g. a timestamp string → epoch ms). */
  readonly schema?: SimpleSchema;
  /** How schema TIMESTAMP columns are written on encode; default epoch milliseconds. */
  readonly timestampFormat?: TimestampEncoding;
}

/**
 * JSON objects, one per record (JSON Lines on disk). Decoding accepts only objects; with a schema,
 * the named columns are converted to their types. Encoding is `JSON.stringify`, so TIMESTAMP values
 * (epoch ms) are written as numbers unless `timestampFormat` asks for text.
 *
 * @example
 * const json = jsonFormat({ schema: { ts: 'timestamp' } });
 * json.decode('{"ts":"2024-01-01 10:00:00"}', { source: 'trades.jsonl', offset: 1 }) // { ts: 1704103200000 }
 * json.encode({ symbol: 'AAPL', ts: 1704103200000 }) // '{"symbol":"AAPL","ts":1704103200000}'
 */
export function jsonFormat(options: JsonFormatOptions = {}): RowFormat {
  // Compiled once: parallel arrays so the per-record loop allocates nothing.
  const columns = options.schema ? Object.keys(options.schema) : [];
  const types: FieldType[] = columns.map((c) => options.schema![c]);
  const encoding = options.timestampFormat ?? 'epoch-millis';
  const timestampColumns = encoding === 'epoch-millis' ? [] : columns.filter((_, i) => types[i] === 'timestamp');

  return {
    name: 'json',
    decode(data: Uint8Array | string, origin: RecordOrigin): Row {
      const text = textOf(data, origin);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new RecordError(origin, `invalid JSON: ${(error as Error).message}`, { cause: error });
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
        throw new RecordError(origin, `expected a JSON object, got ${what}`);
      }
      const row = value as Row;
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i];
        if (column in row) row[column] = convertField(row[column], types[i], column, origin);
      }
      return row;
    },
    encode(row: Row): string {
      if (timestampColumns.length === 0) return JSON.stringify(row);
      const copy: Row = { ...row };
      for (const column of timestampColumns) copy[column] = encodeTimestamp(copy[column], encoding);
      return JSON.stringify(copy);
    },
  };
}
