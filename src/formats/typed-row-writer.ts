/**
 * Rows in the engine's runtime representation → the values Flink's JSON and CSV formats write:
 * TIMESTAMP as `2024-01-01 10:00:00.5` (or ISO-8601), DATE as `yyyy-MM-dd`, TIME as `HH:mm:ss`, bytes
 * as base64, nested values field by field. The inverse of typed-row-reader.ts, compiled per table.
 */
import type { DataType, RowType } from '../core/data-types.ts';
import type { Row } from '../core/row.ts';
import { formatDateText, formatTimeText, formatTimestampText, type TimestampStandard } from './temporal-text.ts';

type Write = (value: unknown) => unknown;

/** Writing options, as Flink's JSON format has them. */
export interface TypedRowWriterOptions {
  /** How TIMESTAMP values are spelled; default 'SQL' ('json.timestamp-format.standard'). */
  readonly timestampStandard?: TimestampStandard;
}

/**
 * A function turning a row into a plain object of exactly the type's fields, in order, with values
 * ready for `JSON.stringify` or a CSV field. The row-kind marker and columns outside the type are left out.
 *
 * @example
 * const write = typedRowWriter(DataTypes.ROW([{ name: 'ts', type: DataTypes.TIMESTAMP(3) }]));
 * write({ ts: 1704103200000 }) // { ts: '2024-01-01 10:00:00' }
 */
export function typedRowWriter(type: RowType, options: TypedRowWriterOptions = {}): (row: Row) => Row {
  const standard = options.timestampStandard ?? 'SQL';
  const names = type.fields.map((f) => f.name);
  const writers = type.fields.map((f) => writerFor(f.type, standard));
  return (row) => {
    const out: Row = {};
    for (let i = 0; i < names.length; i++) out[names[i]] = writers[i](row[names[i]]);
    return out;
  };
}

/**
 * One value in its written form (see {@link typedRowWriter}).
 *
 * @example
 * writeTypedValue(19723, DataTypes.DATE()) // '2024-01-01'
 */
export function writeTypedValue(value: unknown, type: DataType, standard: TimestampStandard = 'SQL'): unknown {
  return writerFor(type, standard)(value);
}

function writerFor(type: DataType, standard: TimestampStandard): Write {
  const nullable = (write: Write): Write => (value) => (value === null || value === undefined ? null : write(value));
  // A value that is not in the runtime representation (already text, say) is written as it is.
  const numeric = (write: (n: number) => unknown): Write => nullable((value) => (typeof value === 'number' && Number.isFinite(value) ? write(value) : value));
  switch (type.kind) {
    case 'DATE':
      return numeric(formatDateText);
    case 'TIME':
      return numeric(formatTimeText);
    case 'TIMESTAMP':
      return numeric((n) => formatTimestampText(n, standard, false));
    case 'TIMESTAMP_LTZ':
      return numeric((n) => formatTimestampText(n, standard, true));
    case 'BINARY': case 'VARBINARY':
      return nullable((value) => (value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') : value));
    case 'ARRAY': case 'MULTISET': {
      const element = writerFor(type.element, standard);
      return nullable((value) => (Array.isArray(value) ? value.map(element) : value));
    }
    case 'MAP': {
      const entry = writerFor(type.value, standard);
      return nullable((value) => {
        if (value instanceof Map) {
          const out: Record<string, unknown> = {};
          for (const [k, v] of value) out[String(k)] = entry(v);
          return out;
        }
        if (typeof value !== 'object') return value;
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(value as object)) out[k] = entry((value as Record<string, unknown>)[k]);
        return out;
      });
    }
    case 'ROW': {
      const names = type.fields.map((f) => f.name);
      const fields = type.fields.map((f) => writerFor(f.type, standard));
      return nullable((value) => {
        if (typeof value !== 'object') return value;
        const input = value as Row;
        const out: Row = {};
        for (let i = 0; i < names.length; i++) out[names[i]] = fields[i](input[names[i]]);
        return out;
      });
    }
    default:
      return nullable((value) => value);
  }
}
