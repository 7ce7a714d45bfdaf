import type { RecordOrigin } from '../core/errors.ts';
import { RecordError } from '../core/errors.ts';
import { formatTimestamp, parseTimestamp } from '../core/timestamp-format.ts';
import type { FieldType, TimestampEncoding } from './format.ts';

const INTEGER_TEXT = /^[+-]?\d+$/;

/**
 * Converts a decoded field (text from CSV, or any JSON value) to the schema's type. Empty text and
 * null become null for non-string types. Throws a {@link RecordError} naming the column.
 *
 * @example
 * convertField('101.5', 'number', 'price', { source: 'trades.csv', offset: 2 }) // 101.5
 * convertField('2024-01-01 10:00:00', 'timestamp', 'ts', origin) // 1704103200000
 */
export function convertField(value: unknown, type: FieldType, column: string, origin: RecordOrigin): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'string') return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (value === '') return null;
  switch (type) {
    case 'number': {
      if (typeof value === 'number') return value;
      const text = typeof value === 'string' ? value.trim() : undefined;
      if (text === '') return null;
      const n = text === undefined ? Number.NaN : Number(text);
      if (Number.isNaN(n) && value !== 'NaN') throw badField(value, 'a number', column, origin);
      return n;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw badField(value, 'a boolean (true or false)', column, origin);
    }
    case 'timestamp': {
      if (typeof value === 'number') return value;
      const text = typeof value === 'string' ? value.trim() : '';
      const millis = INTEGER_TEXT.test(text) ? Number(text) : parseTimestamp(text);
      if (Number.isNaN(millis)) throw badField(value, "a timestamp (epoch ms, ISO-8601 or 'yyyy-MM-dd HH:mm:ss')", column, origin);
      return millis;
    }
  }
}

function badField(value: unknown, expected: string, column: string, origin: RecordOrigin): RecordError {
  return new RecordError(origin, `column '${column}': ${JSON.stringify(value)} is not ${expected}`);
}

/**
 * Writes a TIMESTAMP value (epoch ms) in the chosen encoding; anything that is not a finite number is
 * returned unchanged.
 *
 * @example
 * encodeTimestamp(1704103200000, 'sql') // '2024-01-01 10:00:00.000'
 */
export function encodeTimestamp(value: unknown, encoding: TimestampEncoding): unknown {
  if (typeof value !== 'number' || !Number.isFinite(value) || encoding === 'epoch-millis') return value;
  return encoding === 'sql' ? formatTimestamp(value) : new Date(value).toISOString();
}
