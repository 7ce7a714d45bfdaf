import type { RecordOrigin } from '../core/errors.ts';
import { ConfigError, RecordError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { CsvSyntaxError, quoteCsvField, splitCsvRecord } from './csv-text.ts';
import { convertField, encodeTimestamp } from './field-convert.ts';
import type { FieldType, RowFormat, SimpleSchema, TimestampEncoding } from './format.ts';
import { textOf } from './format.ts';

export interface CsvFormatOptions {
  /** The columns in field order. Defaults to the schema's keys. */
  readonly columns?: readonly string[];
  /** Column types; columns it does not name stay strings. */
  readonly schema?: SimpleSchema;
  /** One character; default `,`. */
  readonly delimiter?: string;
  /** One character; default `"`. */
  readonly quote?: string;
  /** A field with exactly this text decodes to null, and null encodes to it; default: empty text for non-string columns. */
  readonly nullLiteral?: string;
  /** How TIMESTAMP columns are written on encode; default epoch milliseconds. */
  readonly timestampFormat?: TimestampEncoding;
}

/**
 * CSV records (RFC 4180 quoting) mapped to rows by a column list. Without a schema every field is a
 * string; with one, fields are parsed to numbers, booleans and timestamps (epoch ms), and an empty
 * field of a non-string column is null. A record with the wrong number of fields is an error.
 *
 * @example
 * const csv = csvFormat({ columns: ['symbol', 'price'], schema: { price: 'number' } });
 * csv.decode('AAPL,101.5', { source: 'trades.csv', offset: 2 }) // { symbol: 'AAPL', price: 101.5 }
 * csv.encode({ symbol: 'Apple, Inc.', price: 101.5 }) // '"Apple, Inc.",101.5'
 */
export function csvFormat(options: CsvFormatOptions): RowFormat {
  const columns = options.columns ?? (options.schema ? Object.keys(options.schema) : []);
  if (columns.length === 0) throw new ConfigError('columns', 'the CSV format needs a column list (or a schema)');
  const delimiter = options.delimiter ?? ',';
  const quote = options.quote ?? '"';
  if (delimiter.length !== 1) throw new ConfigError('delimiter', `must be one character, got ${JSON.stringify(delimiter)}`);
  if (quote.length !== 1 || quote === delimiter) throw new ConfigError('quote', `must be one character other than the delimiter, got ${JSON.stringify(quote)}`);
  const types: FieldType[] = columns.map((c) => options.schema?.[c] ?? 'string');
  const nullLiteral = options.nullLiteral;
  const encoding = options.timestampFormat ?? 'epoch-millis';

  return {
    name: 'csv',
    decode(data: Uint8Array | string, origin: RecordOrigin): Row {
      const text = textOf(data, origin);
      let fields: string[];
      try {
        fields = splitCsvRecord(text.endsWith('\r') ? text.slice(0, -1) : text, delimiter, quote);
      } catch (error) {
        if (error instanceof CsvSyntaxError) throw new RecordError(origin, `invalid CSV: ${error.message}`);
        throw error;
      }
      if (fields.length !== columns.length) {
        throw new RecordError(origin, `invalid CSV: expected ${columns.length} fields (${columns.join(', ')}), got ${fields.length}`);
      }
      const row: Row = {};
      for (let i = 0; i < columns.length; i++) {
        const field = fields[i];
        row[columns[i]] = field === nullLiteral ? null : types[i] === 'string' ? field : convertField(field, types[i], columns[i], origin);
      }
      return row;
    },
    encode(row: Row): string {
      let line = '';
      for (let i = 0; i < columns.length; i++) {
        if (i > 0) line += delimiter;
        line += encodeField(row[columns[i]], types[i]);
      }
      return line;
    },
  };

  function encodeField(value: unknown, type: FieldType): string {
    if (value === null || value === undefined) return nullLiteral ?? '';
    if (type === 'timestamp') value = encodeTimestamp(value, encoding);
    const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    return quoteCsvField(text, delimiter, quote);
  }
}
