import type { DataType, RowField } from '../../core/data-types.ts';
import { integralText, javaDecimalText, javaDoubleText, javaFloatText } from './spark-number-text.ts';
import {
  dayTimeIntervalText, sparkDateText, sparkTimeText, sparkTimestampText, yearMonthIntervalText,
} from './spark-time-text.ts';

/** Turns one non-null value into text. */
export type ValueText = (value: unknown) => string;

/**
 * The text of one `show()` cell: what Spark 3's `Dataset.getRows` makes of a value of `type` —
 * `null` for null, a top-level BINARY as upper-case hex bytes `[01 02 FF]`, anything else cast to
 * STRING (see {@link sparkValueText}) with control characters escaped (`\n` becomes the two
 * characters `\` `n`) so a cell stays on one line. Build it once per column, call it per value.
 *
 * @example
 * const cell = sparkCellText(DataTypes.ARRAY(DataTypes.DOUBLE()));
 * cell([1, 2.5]) // '[1.0, 2.5]'
 * cell(null) // 'null'
 */
export function sparkCellText(type: DataType): (value: unknown) => string {
  if (type.kind === 'BINARY' || type.kind === 'VARBINARY') {
    return (value) => value === null || value === undefined ? 'null'
      : value instanceof Uint8Array ? hexText(value) : escapeMetaCharacters(genericText(value));
  }
  const text = sparkValueText(type);
  return (value) => value === null || value === undefined ? 'null' : escapeMetaCharacters(text(value));
}

/**
 * Spark 3's cast to STRING for a non-null value of `type`, built once per type: booleans
 * `true`/`false`, DOUBLE/FLOAT/DECIMAL as Java prints them (`1.0`, `1.0E10`, `0E-18`), DATE
 * `yyyy-MM-dd`, TIMESTAMP `yyyy-MM-dd HH:mm:ss[.fraction]` (UTC), ANSI intervals, arrays `[a, b]`,
 * structs `{a, b}`, maps `{k -> v}`, nested nulls as `null`, nested binary decoded as UTF-8 (as
 * Spark 3 does). A value that does not have the runtime shape of its type is printed by its own shape.
 *
 * @example
 * const text = sparkValueText(DataTypes.MAP(DataTypes.STRING(), DataTypes.INT()));
 * text({ a: 1, b: null }) // '{a -> 1, b -> null}'
 */
export function sparkValueText(type: DataType): ValueText {
  switch (type.kind) {
    case 'BOOLEAN': return genericText;
    case 'TINYINT': case 'SMALLINT': case 'INT': case 'BIGINT':
      return (v) => typeof v === 'number' || typeof v === 'bigint' ? integralText(v) : genericText(v);
    case 'FLOAT': return (v) => typeof v === 'number' ? javaFloatText(v) : genericText(v);
    case 'DOUBLE': return (v) => typeof v === 'number' ? javaDoubleText(v) : genericText(v);
    case 'DECIMAL': {
      const scale = type.scale;
      return (v) => typeof v === 'number' ? javaDecimalText(v, scale) : genericText(v);
    }
    case 'CHAR': case 'VARCHAR': return genericText;
    case 'BINARY': case 'VARBINARY': return genericText;
    case 'DATE': return (v) => typeof v === 'number' ? sparkDateText(v) : genericText(v);
    case 'TIME': return (v) => typeof v === 'number' ? sparkTimeText(v) : genericText(v);
    case 'TIMESTAMP': case 'TIMESTAMP_LTZ': return timestampText;
    case 'INTERVAL_DAY_TIME': {
      const { start, end } = type;
      return (v) => typeof v === 'number' ? dayTimeIntervalText(v, start, end) : genericText(v);
    }
    case 'INTERVAL_YEAR_MONTH': {
      const { start, end } = type;
      return (v) => typeof v === 'number' ? yearMonthIntervalText(v, start, end) : genericText(v);
    }
    case 'ARRAY': case 'MULTISET': return arrayText(nullable(sparkValueText(type.element)));
    case 'MAP': return mapText(type.key, sparkValueText(type.key), nullable(sparkValueText(type.value)));
    case 'ROW': return rowText(type.fields);
    case 'NULL': return () => 'null';
    default: {
      const unknown: never = type;
      return () => String(unknown);
    }
  }
}

/**
 * Escapes the control characters that would break a `show()` table, as Spark's
 * `SchemaUtils.escapeMetaCharacters`: newline, carriage return, tab, form feed, backspace, vertical
 * tab and bell become `\n`, `\r`, `\t`, `\f`, `\b`, `\v`, `\a`.
 *
 * @example
 * escapeMetaCharacters('a\nb') // 'a\\nb'
 */
export function escapeMetaCharacters(text: string): string {
  return META.test(text) ? text.replace(META_ALL, (c) => META_ESCAPES[c] ?? c) : text;
}

const META = /[\n\r\t\f\b\v\x07]/;
const META_ALL = /[\n\r\t\f\b\v\x07]/g;
const META_ESCAPES: Record<string, string> = {
  '\n': '\\n', '\r': '\\r', '\t': '\\t', '\f': '\\f', '\b': '\\b', '\v': '\\v', '\x07': '\\a',
};

const utf8 = new TextDecoder();

/** Bytes as Spark prints a top-level BINARY cell: `[01 02 FF]`. */
function hexText(bytes: Uint8Array): string {
  let text = '[';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0) text += ' ';
    text += bytes[i] < 16 ? `0${bytes[i].toString(16)}` : bytes[i].toString(16);
  }
  return `${text.toUpperCase()}]`;
}

function nullable(text: ValueText): ValueText {
  return (v) => v === null || v === undefined ? 'null' : text(v);
}

function timestampText(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? sparkTimestampText(v) : String(v);
  if (v instanceof Date) return sparkTimestampText(v.getTime());
  return genericText(v);
}

function arrayText(element: ValueText): ValueText {
  return (v) => {
    if (!Array.isArray(v)) return genericText(v);
    let text = '[';
    for (let i = 0; i < v.length; i++) text += (i === 0 ? '' : ', ') + element(v[i]);
    return `${text}]`;
  };
}

/** A MAP is a plain object keyed by `String(key)` (or a `Map`); keys are turned back into their type to print. */
function mapText(keyType: DataType, key: ValueText, value: ValueText): ValueText {
  const keyOf = keyReviver(keyType);
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) return genericText(v);
    const entries: Iterable<[unknown, unknown]> = v instanceof Map ? v.entries() : Object.entries(v);
    const fromObject = !(v instanceof Map);
    let text = '{';
    let first = true;
    for (const [k, item] of entries) {
      text += `${first ? '' : ', '}${key(fromObject ? keyOf(k as string) : k)} -> ${value(item)}`;
      first = false;
    }
    return `${text}}`;
  };
}

function keyReviver(type: DataType): (key: string) => unknown {
  switch (type.kind) {
    case 'TINYINT': case 'SMALLINT': case 'INT': case 'BIGINT': case 'FLOAT': case 'DOUBLE': case 'DECIMAL':
    case 'DATE': case 'TIME': case 'TIMESTAMP': case 'TIMESTAMP_LTZ': case 'INTERVAL_DAY_TIME': case 'INTERVAL_YEAR_MONTH':
      return (key) => { const n = Number(key); return key.trim() === '' || Number.isNaN(n) ? key : n; };
    case 'BOOLEAN': return (key) => key === 'true' ? true : key === 'false' ? false : key;
    default: return (key) => key;
  }
}

/** A ROW is a plain object keyed by field name; its fields print in declared order. */
function rowText(fields: readonly RowField[]): ValueText {
  const names = fields.map((f) => f.name);
  const texts = fields.map((f) => nullable(sparkValueText(f.type)));
  return (v) => {
    if (typeof v !== 'object' || v === null || v instanceof Uint8Array || v instanceof Date) return genericText(v);
    const positional = Array.isArray(v);
    const row = v as Record<string, unknown>;
    let text = '{';
    for (let i = 0; i < names.length; i++) {
      text += (i === 0 ? '' : ', ') + texts[i](positional ? (v as unknown[])[i] : row[names[i]]);
    }
    return `${text}}`;
  };
}

/** A value printed by its own shape, for untyped nested values and values that do not match their type. */
function genericText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string': return v;
    case 'number': return Number.isInteger(v) ? integralText(v) : javaDoubleText(v);
    case 'object': break;
    default: return String(v);
  }
  if (v instanceof Uint8Array) return utf8.decode(v);
  if (v instanceof Date) return sparkTimestampText(v.getTime());
  if (Array.isArray(v)) return `[${v.map(genericText).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, item]) => `${genericText(k)} -> ${genericText(item)}`).join(', ')}}`;
  return `{${Object.values(v).map(genericText).join(', ')}}`;
}
