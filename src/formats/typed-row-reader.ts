/**
 * Decoded JSON or CSV values → the engine's runtime representation of each column's SQL type (the
 * table in src/core/data-types.ts): timestamp text becomes epoch milliseconds, date text days since
 * the epoch, numeric text numbers, base64 bytes a Uint8Array, nested values converted field by field.
 * Driven by a RowType and compiled once per table, so the per-record loop only calls the converters.
 */
import type { DataType, RowType } from '../core/data-types.ts';
import { typeToString } from '../core/data-types.ts';
import type { RecordOrigin } from '../core/errors.ts';
import { RecordError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { parseTimestamp } from '../core/timestamp-format.ts';
import { parseDateText, parseTimeText } from './temporal-text.ts';

/** Converts one value; `path` names the column (`price`, `tags[2]`, `address.city`) in errors. */
type Convert = (value: unknown, path: string, origin: RecordOrigin) => unknown;

/** Reading options, as Flink's JSON format has them. */
export interface TypedRowReaderOptions {
  /** A column absent from the input fails the record instead of reading as null ('json.fail-on-missing-field'). */
  readonly failOnMissingField?: boolean;
}

/**
 * A function turning a decoded record into a row of exactly the type's fields, in order, each value
 * in its runtime representation. Absent fields read as null; extra fields are dropped. A value that
 * does not fit its type throws a {@link RecordError} naming the column.
 *
 * @example
 * const read = typedRowReader(DataTypes.ROW([{ name: 'ts', type: DataTypes.TIMESTAMP(3) }]));
 * read({ ts: '2024-01-01 10:00:00' }, { source: 'orders.jsonl', offset: 1 }) // { ts: 1704103200000 }
 */
export function typedRowReader(type: RowType, options: TypedRowReaderOptions = {}): (input: Row, origin: RecordOrigin) => Row {
  const names = type.fields.map((f) => f.name);
  const converters = type.fields.map((f) => converterFor(f.type));
  const failOnMissing = options.failOnMissingField === true;
  if (!failOnMissing) return generatedReader(names, type.fields.map((f) => f.type), converters, 'input') as (input: Row, origin: RecordOrigin) => Row;
  return (input, origin) => {
    const row: Row = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const value = input[name];
      if (value === undefined && failOnMissing && !(name in input)) throw new RecordError(origin, `column '${name}' is missing`);
      row[name] = converters[i](value, name, origin);
    }
    return row;
  };
}

/**
 * A typed row built from positional values — `values[i]` is the decoded value of the type's i-th
 * field, undefined when absent — for decoders that find the fields themselves (the JSON row scanner)
 * instead of making an object to read them from. Converts exactly as {@link typedRowReader}.
 *
 * @example
 * const build = typedValuesReader(DataTypes.ROW([{ name: 'ts', type: DataTypes.TIMESTAMP(3) }]));
 * build(['2024-01-01 10:00:00'], { source: 'orders', offset: 1 }) // { ts: 1704103200000 }
 */
export function typedValuesReader(type: RowType): (values: readonly unknown[], origin: RecordOrigin) => Row {
  const names = type.fields.map((f) => f.name);
  const converters = type.fields.map((f) => converterFor(f.type));
  return generatedReader(names, type.fields.map((f) => f.type), converters, 'values') as (values: readonly unknown[], origin: RecordOrigin) => Row;
}

/**
 * The reader as one generated function that builds the row as an object literal: every row then has
 * the same hidden class from birth, and there is no per-column loop or dynamic key store. Field i is
 * read by name from an `input` object, or by position from a `values` array.
 */
function generatedReader(
  names: readonly string[], types: readonly DataType[], converters: readonly Convert[], from: 'input' | 'values',
): (input: never, origin: RecordOrigin) => Row {
  const fields = names.map((name, i) => {
    const key = JSON.stringify(name);
    const read = from === 'input' ? `input[${key}]` : `values[${i}]`;
    const convert = `c[${i}](v, ${key}, origin)`;
    const fast = fastCheck(types[i]);
    // A literal `"__proto__": x` would set the prototype; the computed form makes the column.
    const property = name === '__proto__' ? `[${key}]` : key;
    // The value read once into `v`; a value already in its runtime representation is kept inline,
    // anything else (null, text to parse, a bad value) goes through the column's converter.
    return fast === undefined ? `${property}: (v = ${read}, ${convert})` : `${property}: (v = ${read}, ${fast} ? v : ${convert})`;
  });
  const build = new Function('c', `return function readTypedRow(${from}, origin) { let v; return { ${fields.join(', ')} }; };`);
  return build(converters) as (input: never, origin: RecordOrigin) => Row;
}

/**
 * A JavaScript test on `v` that is true exactly when the converter would return `v` unchanged (a
 * JSON number that fits an INT, a string for a STRING…), so the generated reader skips the call.
 * Undefined for types that always convert (DECIMAL rounds, BYTES and nested types copy).
 */
function fastCheck(type: DataType): string | undefined {
  switch (type.kind) {
    case 'BOOLEAN': return `typeof v === 'boolean'`;
    case 'TINYINT': return `(typeof v === 'number' && (v | 0) === v && v >= -128 && v < 128)`;
    case 'SMALLINT': return `(typeof v === 'number' && (v | 0) === v && v >= -32768 && v < 32768)`;
    // `(v | 0) === v` holds for exactly the integers in [-2^31, 2^31).
    case 'INT': return `(typeof v === 'number' && (v | 0) === v)`;
    case 'BIGINT': case 'DATE': case 'INTERVAL_DAY_TIME': case 'INTERVAL_YEAR_MONTH': return `(typeof v === 'number' && Number.isInteger(v))`;
    case 'FLOAT': case 'DOUBLE': return `(typeof v === 'number' && v === v)`;
    case 'CHAR': case 'VARCHAR': return `typeof v === 'string'`;
    case 'TIME': case 'TIMESTAMP': case 'TIMESTAMP_LTZ': return `(typeof v === 'number' && Number.isFinite(v))`;
    default: return undefined;
  }
}

/**
 * One value converted to its type's runtime representation (see {@link typedRowReader}).
 *
 * @example
 * readTypedValue('2024-01-01', DataTypes.DATE(), 'day', { source: 'x' }) // 19723
 */
export function readTypedValue(value: unknown, type: DataType, column: string, origin: RecordOrigin): unknown {
  return converterFor(type)(value, column, origin);
}

function converterFor(type: DataType): Convert {
  const expected = typeToString(type);
  const nullable = (convert: Convert): Convert => (value, path, origin) =>
    value === null || value === undefined ? null : convert(value, path, origin);
  // Text from CSV is empty for null in every non-character column (Flink's CSV format does the same).
  const nonText = (convert: Convert): Convert => nullable((value, path, origin) => (value === '' ? null : convert(value, path, origin)));
  const bad = (value: unknown, path: string, origin: RecordOrigin, why = ''): never => {
    throw new RecordError(origin, `column '${path}': ${show(value)} is not a valid ${expected}${why}`);
  };
  switch (type.kind) {
    case 'BOOLEAN':
      return nonText((value, path, origin) => {
        if (typeof value === 'boolean') return value;
        const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
        return text === 'true' ? true : text === 'false' ? false : bad(value, path, origin);
      });
    case 'TINYINT': case 'SMALLINT': case 'INT': case 'BIGINT': {
      const limit = type.kind === 'TINYINT' ? 128 : type.kind === 'SMALLINT' ? 32768 : type.kind === 'INT' ? 2147483648 : Number.POSITIVE_INFINITY;
      return nonText((value, path, origin) => {
        const n = numberOf(value);
        if (!Number.isInteger(n)) return bad(value, path, origin);
        if (n < -limit || n >= limit) return bad(value, path, origin, ' (out of range)');
        return n;
      });
    }
    case 'FLOAT': case 'DOUBLE':
      return nonText((value, path, origin) => {
        const n = numberOf(value);
        return Number.isNaN(n) && value !== 'NaN' ? bad(value, path, origin) : n;
      });
    case 'DECIMAL': {
      const { precision, scale } = type;
      return nonText((value, path, origin) => {
        const n = numberOf(value);
        if (!Number.isFinite(n)) return bad(value, path, origin);
        const rounded = roundHalfUp(n, scale);
        if (Math.abs(rounded) >= 10 ** (precision - scale)) return bad(value, path, origin, ' (too many digits)');
        return rounded;
      });
    }
    case 'CHAR': case 'VARCHAR':
      return nullable((value) => (typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value)));
    case 'BINARY': case 'VARBINARY':
      return nullable((value, path, origin) => {
        if (value instanceof Uint8Array) return value;
        if (typeof value === 'string') return Uint8Array.from(Buffer.from(value, 'base64'));
        if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b < 256)) return Uint8Array.from(value as number[]);
        return bad(value, path, origin, ' (expected base64 text)');
      });
    case 'DATE':
      return nonText((value, path, origin) => {
        if (typeof value === 'number' && Number.isInteger(value)) return value;
        const days = typeof value === 'string' ? parseDateText(value) : Number.NaN;
        return Number.isNaN(days) ? bad(value, path, origin, " (expected 'yyyy-MM-dd')") : days;
      });
    case 'TIME':
      return nonText((value, path, origin) => {
        if (typeof value === 'number' && Number.isFinite(value)) return value;
        const millis = typeof value === 'string' ? parseTimeText(value) : Number.NaN;
        return Number.isNaN(millis) ? bad(value, path, origin, " (expected 'HH:mm:ss')") : millis;
      });
    case 'TIMESTAMP': case 'TIMESTAMP_LTZ':
      return nonText((value, path, origin) => {
        if (typeof value === 'number') return Number.isFinite(value) ? value : bad(value, path, origin);
        const text = typeof value === 'string' ? value.trim() : '';
        const millis = /^[+-]?\d+$/.test(text) ? Number(text) : parseTimestamp(text);
        return Number.isNaN(millis) ? bad(value, path, origin, " (expected 'yyyy-MM-dd HH:mm:ss[.SSS]', ISO-8601 or epoch milliseconds)") : millis;
      });
    case 'INTERVAL_DAY_TIME': case 'INTERVAL_YEAR_MONTH':
      return nonText((value, path, origin) => {
        const n = numberOf(value);
        return Number.isInteger(n) ? n : bad(value, path, origin);
      });
    case 'ARRAY': case 'MULTISET': {
      const element = converterFor(type.element);
      return nonText((value, path, origin) => {
        const list = structured(value);
        if (!Array.isArray(list)) return bad(value, path, origin);
        const out = new Array<unknown>(list.length);
        for (let i = 0; i < list.length; i++) out[i] = element(list[i], `${path}[${i}]`, origin);
        return out;
      });
    }
    case 'MAP': {
      const entry = converterFor(type.value);
      return nonText((value, path, origin) => {
        const map = structured(value);
        const out: Record<string, unknown> = {};
        if (map instanceof Map) {
          for (const [k, v] of map) out[String(k)] = entry(v, `${path}[${String(k)}]`, origin);
          return out;
        }
        if (typeof map !== 'object' || map === null || Array.isArray(map)) return bad(value, path, origin);
        for (const k of Object.keys(map)) out[k] = entry((map as Record<string, unknown>)[k], `${path}[${k}]`, origin);
        return out;
      });
    }
    case 'ROW': {
      const names = type.fields.map((f) => f.name);
      const fields = type.fields.map((f) => converterFor(f.type));
      return nonText((value, path, origin) => {
        const input = structured(value);
        if (typeof input !== 'object' || input === null) return bad(value, path, origin);
        const positional = Array.isArray(input);
        const out: Row = {};
        for (let i = 0; i < names.length; i++) {
          const field = positional ? (input as unknown[])[i] : (input as Row)[names[i]];
          out[names[i]] = fields[i](field, `${path}.${names[i]}`, origin);
        }
        return out;
      });
    }
    case 'NULL':
      return () => null;
  }
}

/** A number from a JSON number or numeric text; NaN otherwise. */
function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'string' || value.trim() === '') return Number.NaN;
  return Number(value);
}

/** Nested values arrive as JSON text from CSV fields; parse them, leave anything else alone. */
function structured(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** HALF_UP rounding to `scale` places, through decimal exponent text so 1.005 rounds to 1.01. */
function roundHalfUp(n: number, scale: number): number {
  const abs = Math.abs(n);
  const text = String(abs);
  const shifted = text.includes('e') ? Math.round(abs * 10 ** scale) : Math.round(Number(`${text}e${scale}`));
  if (shifted === 0) return 0;
  return (n < 0 ? -1 : 1) * Number(`${shifted}e-${scale}`);
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
