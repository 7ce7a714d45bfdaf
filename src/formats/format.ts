import type { RecordOrigin } from '../core/errors.ts';
import { RecordError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';

/**
 * A codec between rows and their text form on the wire or on disk. `decode` throws a
 * {@link RecordError} that names the origin and the problem; `encode` returns text without a
 * trailing newline (line-based sinks add it; byte-based sinks encode it as UTF-8).
 *
 * @example
 * const format: RowFormat = jsonFormat();
 * format.decode('{"symbol":"AAPL"}', { source: 'trades.jsonl', offset: 1 }) // { symbol: 'AAPL' }
 */
export interface RowFormat {
  readonly name: string;
  decode(data: Uint8Array | string, origin: RecordOrigin): Row;
  encode(row: Row): string;
}

/** The field types a simple schema can name. TIMESTAMP values are epoch milliseconds in the engine. */
export type FieldType = 'string' | 'number' | 'boolean' | 'timestamp';

/**
 * Column name → type, used to parse text fields into typed values.
 *
 * @example
 * const schema: SimpleSchema = { symbol: 'string', price: 'number', ts: 'timestamp' };
 */
export type SimpleSchema = Readonly<Record<string, FieldType>>;

/**
 * How TIMESTAMP columns are written: epoch milliseconds (the default, what the engine holds),
 * Flink's SQL text `2024-01-01 10:00:00.000`, or ISO-8601.
 */
export type TimestampEncoding = 'epoch-millis' | 'sql' | 'iso';

// Fatal so that a broken byte sequence is reported instead of silently becoming U+FFFD.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of a record: strings pass through, bytes are decoded as UTF-8.
 *
 * @example
 * textOf(new TextEncoder().encode('{}'), { source: 'orders' }) // '{}'
 */
export function textOf(data: Uint8Array | string, origin: RecordOrigin): string {
  if (typeof data === 'string') return data;
  try {
    return UTF8.decode(data);
  } catch (error) {
    throw new RecordError(origin, 'record is not valid UTF-8', { cause: error });
  }
}
