/**
 * Flink SQL's logical data types as frozen, kind-tagged objects, with Flink's spelling, widening and
 * cast rules. Types are plain data (no methods), so they compare with {@link typesEqual}, print with
 * {@link typeToString} and survive `structuredClone`.
 *
 * Runtime representation — the one place that says how a value of each type looks inside the engine
 * (every operator, the expression compiler and the formats follow it):
 *
 * | type                          | JavaScript value                                                    |
 * |-------------------------------|---------------------------------------------------------------------|
 * | BOOLEAN                       | `boolean`                                                           |
 * | TINYINT, SMALLINT, INT        | `number` (an integer; INT arithmetic wraps at 32 bits like Java)     |
 * | BIGINT                        | `number` — exact only up to 2^53; beyond that it is approximate      |
 * | FLOAT, DOUBLE                 | `number` (FLOAT is held as a double, not rounded to 32 bits)         |
 * | DECIMAL(p, s)                 | `number`, rounded HALF_UP to scale `s` by casts and arithmetic; exact to ~15 significant digits |
 * | CHAR(n), VARCHAR(n), STRING   | `string` (CHAR is padded to `n` only by an explicit CAST)           |
 * | BINARY(n), VARBINARY(n), BYTES| `Uint8Array`                                                        |
 * | DATE                          | `number`: days since 1970-01-01                                     |
 * | TIME(p)                       | `number`: milliseconds of the day                                   |
 * | TIMESTAMP(p), TIMESTAMP_LTZ(p)| `number`: epoch milliseconds (UTC; precision beyond 3 is not kept)  |
 * | INTERVAL day-time             | `number`: milliseconds                                              |
 * | INTERVAL year-month           | `number`: months                                                    |
 * | ARRAY<T>                      | `T[]`                                                               |
 * | MULTISET<T>                   | `T[]` (elements repeated by their multiplicity)                     |
 * | MAP<K, V>                     | plain object keyed by `String(key)` — the shape JSON decoding gives and JSON encoding, consoles and checkpoints take as is; readers also accept a `Map` |
 * | ROW<…>                        | plain object keyed by field name                                    |
 * | NULL (any nullable type)      | `null`; `undefined` in input is read as null                        |
 *
 * @example
 * const t = DataTypes.ROW([{ name: 'symbol', type: DataTypes.STRING() }, { name: 'ts', type: DataTypes.TIMESTAMP(3) }]);
 * typeToString(t) // 'ROW<`symbol` STRING, `ts` TIMESTAMP(3)>'
 */

interface TypeBase { readonly nullable: boolean }
export interface BooleanType extends TypeBase { readonly kind: 'BOOLEAN' }
export interface IntegerType extends TypeBase { readonly kind: 'TINYINT' | 'SMALLINT' | 'INT' | 'BIGINT' }
export interface FloatingType extends TypeBase { readonly kind: 'FLOAT' | 'DOUBLE' }
export interface DecimalType extends TypeBase { readonly kind: 'DECIMAL'; readonly precision: number; readonly scale: number }
export interface CharacterType extends TypeBase { readonly kind: 'CHAR' | 'VARCHAR'; readonly length: number }
export interface BinaryType extends TypeBase { readonly kind: 'BINARY' | 'VARBINARY'; readonly length: number }
export interface DateType extends TypeBase { readonly kind: 'DATE' }
export interface TimeType extends TypeBase { readonly kind: 'TIME'; readonly precision: number }
export interface TimestampType extends TypeBase { readonly kind: 'TIMESTAMP' | 'TIMESTAMP_LTZ'; readonly precision: number }
/** The units an interval type or qualifier names. */
export type IntervalUnit = 'YEAR' | 'MONTH' | 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND';
export interface DayTimeIntervalType extends TypeBase {
  readonly kind: 'INTERVAL_DAY_TIME';
  readonly start: 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND';
  readonly end: 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND';
  readonly dayPrecision: number;
  readonly fractionalPrecision: number;
}
export interface YearMonthIntervalType extends TypeBase {
  readonly kind: 'INTERVAL_YEAR_MONTH';
  readonly start: 'YEAR' | 'MONTH';
  readonly end: 'YEAR' | 'MONTH';
  readonly yearPrecision: number;
}
export interface ArrayType extends TypeBase { readonly kind: 'ARRAY'; readonly element: DataType }
export interface MultisetType extends TypeBase { readonly kind: 'MULTISET'; readonly element: DataType }
export interface MapType extends TypeBase { readonly kind: 'MAP'; readonly key: DataType; readonly value: DataType }
export interface RowField { readonly name: string; readonly type: DataType; readonly description?: string }
export interface RowType extends TypeBase { readonly kind: 'ROW'; readonly fields: readonly RowField[] }
/** The type of an untyped NULL literal; always nullable. */
export interface NullType extends TypeBase { readonly kind: 'NULL' }

/**
 * A Flink SQL logical type. Switch on `kind`; every variant carries `nullable`.
 *
 * @example
 * function isText(t: DataType) { return t.kind === 'CHAR' || t.kind === 'VARCHAR'; }
 */
export type DataType =
  | BooleanType | IntegerType | FloatingType | DecimalType | CharacterType | BinaryType
  | DateType | TimeType | TimestampType | DayTimeIntervalType | YearMonthIntervalType
  | ArrayType | MultisetType | MapType | RowType | NullType;
export type DataTypeKind = DataType['kind'];

/** The length of STRING (= VARCHAR(MAX)) and BYTES (= VARBINARY(MAX)). */
export const MAX_LENGTH = 2147483647;
/** The largest DECIMAL precision. */
export const MAX_DECIMAL_PRECISION = 38;

type Without<T> = T extends DataType ? Omit<T, 'nullable'> : never;
const make = <T extends DataType>(t: Without<T>, nullable = true): T => Object.freeze({ ...t, nullable }) as unknown as T;

/**
 * Constructors with Flink's defaults (`DECIMAL()` = DECIMAL(10, 0), `TIMESTAMP()` = TIMESTAMP(6),
 * `VARCHAR()` = VARCHAR(1)). Every type is nullable; wrap in {@link notNull} for NOT NULL.
 *
 * @example
 * notNull(DataTypes.DECIMAL(10, 2)) // DECIMAL(10, 2) NOT NULL
 * DataTypes.INTERVAL('DAY', 'SECOND', { fractionalPrecision: 3 }) // INTERVAL DAY(2) TO SECOND(3)
 */
export const DataTypes = Object.freeze({
  /** `BOOLEAN`. */
  BOOLEAN: (): BooleanType => make({ kind: 'BOOLEAN' }),
  /** `TINYINT`: an 8-bit integer. */
  TINYINT: (): IntegerType => make({ kind: 'TINYINT' }),
  /** `SMALLINT`: a 16-bit integer. */
  SMALLINT: (): IntegerType => make({ kind: 'SMALLINT' }),
  /** `INT`: a 32-bit integer. */
  INT: (): IntegerType => make({ kind: 'INT' }),
  /** `BIGINT`: a 64-bit integer (a bigint in rows). */
  BIGINT: (): IntegerType => make({ kind: 'BIGINT' }),
  /** `FLOAT`: a 32-bit float. */
  FLOAT: (): FloatingType => make({ kind: 'FLOAT' }),
  /** `DOUBLE`: a 64-bit float. */
  DOUBLE: (): FloatingType => make({ kind: 'DOUBLE' }),
  /** `DECIMAL(precision, scale)`, default `DECIMAL(10, 0)`. */
  DECIMAL: (precision = 10, scale = 0): DecimalType => make({ kind: 'DECIMAL', precision, scale }),
  /** `CHAR(length)`: a fixed-length string. */
  CHAR: (length = 1): CharacterType => make({ kind: 'CHAR', length }),
  /** `VARCHAR(length)`: a string of at most `length` characters. */
  VARCHAR: (length = 1): CharacterType => make({ kind: 'VARCHAR', length }),
  /** `STRING`: `VARCHAR` of the maximum length. */
  STRING: (): CharacterType => make({ kind: 'VARCHAR', length: MAX_LENGTH }),
  /** `BINARY(length)`: fixed-length bytes. */
  BINARY: (length = 1): BinaryType => make({ kind: 'BINARY', length }),
  /** `VARBINARY(length)`: at most `length` bytes. */
  VARBINARY: (length = 1): BinaryType => make({ kind: 'VARBINARY', length }),
  /** `BYTES`: `VARBINARY` of the maximum length. */
  BYTES: (): BinaryType => make({ kind: 'VARBINARY', length: MAX_LENGTH }),
  /** `DATE`: a calendar date. */
  DATE: (): DateType => make({ kind: 'DATE' }),
  /** `TIME(precision)`: a time of day. */
  TIME: (precision = 0): TimeType => make({ kind: 'TIME', precision }),
  /** `TIMESTAMP(precision)`: a date and time without time zone (default precision 6). */
  TIMESTAMP: (precision = 6): TimestampType => make({ kind: 'TIMESTAMP', precision }),
  /** `TIMESTAMP_LTZ(precision)`: an instant, shown in the session time zone. */
  TIMESTAMP_LTZ: (precision = 6): TimestampType => make({ kind: 'TIMESTAMP_LTZ', precision }),
  /** `INTERVAL start [TO end]`, as in SQL: ('DAY', 'SECOND'), ('MINUTE'), ('YEAR', 'MONTH'). */
  INTERVAL(start: IntervalUnit, end: IntervalUnit = start, p: { precision?: number; fractionalPrecision?: number } = {}):
    DayTimeIntervalType | YearMonthIntervalType {
    if (start === 'YEAR' || start === 'MONTH') {
      if (end !== 'YEAR' && end !== 'MONTH') throw new TypeError(`INTERVAL ${start} TO ${end} mixes year-month and day-time units`);
      return make({ kind: 'INTERVAL_YEAR_MONTH', start, end, yearPrecision: p.precision ?? 2 });
    }
    if (end === 'YEAR' || end === 'MONTH') throw new TypeError(`INTERVAL ${start} TO ${end} mixes day-time and year-month units`);
    return make({ kind: 'INTERVAL_DAY_TIME', start, end, dayPrecision: p.precision ?? 2, fractionalPrecision: p.fractionalPrecision ?? 6 });
  },
  /** `ARRAY<element>`. */
  ARRAY: (element: DataType): ArrayType => make({ kind: 'ARRAY', element }),
  /** `MULTISET<element>`: a bag. */
  MULTISET: (element: DataType): MultisetType => make({ kind: 'MULTISET', element }),
  /** `MAP<key, value>`. */
  MAP: (key: DataType, value: DataType): MapType => make({ kind: 'MAP', key, value }),
  /** `ROW<name type, …>`: a structured value of named fields. */
  ROW: (fields: readonly RowField[]): RowType => make({ kind: 'ROW', fields: Object.freeze(fields.map((f) => Object.freeze({ ...f }))) }),
  /** `NULL`: the type of an untyped NULL literal. */
  NULL: (): NullType => make({ kind: 'NULL' }),
});

/**
 * The same type with the given nullability (NULL stays nullable).
 *
 * @example
 * withNullability(DataTypes.INT(), false) // INT NOT NULL
 */
export function withNullability<T extends DataType>(type: T, nullable: boolean): T {
  if (type.nullable === nullable || type.kind === 'NULL') return type;
  return Object.freeze({ ...type, nullable }) as unknown as T;
}

/** @example notNull(DataTypes.STRING()) // STRING NOT NULL */
export function notNull<T extends DataType>(type: T): T { return withNullability(type, false); }

/** @example asNullable(notNull(DataTypes.INT())) // INT */
export function asNullable<T extends DataType>(type: T): T { return withNullability(type, true); }

/**
 * Flink's spelling of a type: `DECIMAL(10, 2)`, `TIMESTAMP(3)`, `STRING NOT NULL`,
 * ``ROW<`a` INT, `b` STRING>``, `INTERVAL DAY(2) TO SECOND(3)`.
 *
 * @example
 * typeToString(notNull(DataTypes.BIGINT())) // 'BIGINT NOT NULL'
 */
export function typeToString(type: DataType): string {
  return baseString(type) + (type.nullable ? '' : ' NOT NULL');
}

function baseString(t: DataType): string {
  switch (t.kind) {
    case 'DECIMAL': return `DECIMAL(${t.precision}, ${t.scale})`;
    case 'CHAR': case 'BINARY': return `${t.kind}(${t.length})`;
    case 'VARCHAR': return t.length === MAX_LENGTH ? 'STRING' : `VARCHAR(${t.length})`;
    case 'VARBINARY': return t.length === MAX_LENGTH ? 'BYTES' : `VARBINARY(${t.length})`;
    case 'TIME': case 'TIMESTAMP': case 'TIMESTAMP_LTZ': return `${t.kind}(${t.precision})`;
    case 'INTERVAL_YEAR_MONTH':
      if (t.start === 'MONTH') return 'INTERVAL MONTH';
      return `INTERVAL YEAR(${t.yearPrecision})${t.end === 'MONTH' ? ' TO MONTH' : ''}`;
    case 'INTERVAL_DAY_TIME': {
      const start = t.start === 'DAY' ? `DAY(${t.dayPrecision})` : t.start === 'SECOND' ? `SECOND(${t.fractionalPrecision})` : t.start;
      if (t.end === t.start) return `INTERVAL ${start}`;
      return `INTERVAL ${start} TO ${t.end === 'SECOND' ? `SECOND(${t.fractionalPrecision})` : t.end}`;
    }
    case 'ARRAY': case 'MULTISET': return `${t.kind}<${typeToString(t.element)}>`;
    case 'MAP': return `MAP<${typeToString(t.key)}, ${typeToString(t.value)}>`;
    case 'ROW': {
      const fields = t.fields.map((f) => `\`${f.name.replaceAll('`', '``')}\` ${typeToString(f.type)}` +
        (f.description === undefined ? '' : ` '${f.description.replaceAll("'", "''")}'`));
      return `ROW<${fields.join(', ')}>`;
    }
    default: return t.kind;
  }
}

/**
 * Structural equality; `ignoreNullability` compares only the shape (at every level).
 *
 * @example
 * typesEqual(DataTypes.STRING(), DataTypes.VARCHAR(MAX_LENGTH)) // true
 */
export function typesEqual(a: DataType, b: DataType, ignoreNullability = false): boolean {
  if (a.kind !== b.kind || (!ignoreNullability && a.nullable !== b.nullable)) return false;
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const key of Object.keys(x)) {
    if (key === 'nullable' || key === 'kind') continue;
    const u = x[key];
    const v = y[key];
    if (key === 'element' || key === 'key' || key === 'value') {
      if (!typesEqual(u as DataType, v as DataType, ignoreNullability)) return false;
    } else if (key === 'fields') {
      const f = u as readonly RowField[];
      const g = v as readonly RowField[];
      if (f.length !== g.length) return false;
      for (let i = 0; i < f.length; i++) {
        if (f[i].name !== g[i].name || !typesEqual(f[i].type, g[i].type, ignoreNullability)) return false;
      }
    } else if (u !== v) return false;
  }
  return true;
}

// ---- families ---------------------------------------------------------------------------------

const RANK: Partial<Record<DataTypeKind, number>> = { TINYINT: 1, SMALLINT: 2, INT: 3, BIGINT: 4, DECIMAL: 5, FLOAT: 6, DOUBLE: 7 };
const INTEGER_DIGITS: Partial<Record<DataTypeKind, number>> = { TINYINT: 3, SMALLINT: 5, INT: 10, BIGINT: 19 };

/** TINYINT, SMALLINT, INT, BIGINT, DECIMAL, FLOAT, DOUBLE. @example isNumeric(DataTypes.DOUBLE()) // true */
export const isNumeric = (t: DataType): boolean => RANK[t.kind] !== undefined;
/** TINYINT … BIGINT. @example isIntegral(DataTypes.DECIMAL(10, 0)) // false */
export const isIntegral = (t: DataType): t is IntegerType => INTEGER_DIGITS[t.kind] !== undefined;
/** Integers and DECIMAL. @example isExactNumeric(DataTypes.DECIMAL()) // true */
export const isExactNumeric = (t: DataType): boolean => isIntegral(t) || t.kind === 'DECIMAL';
/** FLOAT and DOUBLE. @example isApproximateNumeric(DataTypes.FLOAT()) // true */
export const isApproximateNumeric = (t: DataType): t is FloatingType => t.kind === 'FLOAT' || t.kind === 'DOUBLE';
/** CHAR, VARCHAR, STRING. @example isCharacter(DataTypes.STRING()) // true */
export const isCharacter = (t: DataType): t is CharacterType => t.kind === 'CHAR' || t.kind === 'VARCHAR';
/** BINARY, VARBINARY, BYTES. @example isBinary(DataTypes.BYTES()) // true */
export const isBinary = (t: DataType): t is BinaryType => t.kind === 'BINARY' || t.kind === 'VARBINARY';
/** TIMESTAMP and TIMESTAMP_LTZ. @example isTimestamp(DataTypes.TIMESTAMP_LTZ(3)) // true */
export const isTimestamp = (t: DataType): t is TimestampType => t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ';
/** DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ (Flink's DATETIME family). @example isTemporal(DataTypes.DATE()) // true */
export const isTemporal = (t: DataType): boolean => t.kind === 'DATE' || t.kind === 'TIME' || isTimestamp(t);
/** Both interval kinds. @example isInterval(DataTypes.INTERVAL('SECOND')) // true */
export const isInterval = (t: DataType): t is DayTimeIntervalType | YearMonthIntervalType =>
  t.kind === 'INTERVAL_DAY_TIME' || t.kind === 'INTERVAL_YEAR_MONTH';
/** ARRAY, MULTISET, MAP, ROW. @example isConstructed(DataTypes.ARRAY(DataTypes.INT())) // true */
export const isConstructed = (t: DataType): boolean => t.kind === 'ARRAY' || t.kind === 'MULTISET' || t.kind === 'MAP' || t.kind === 'ROW';
/** Types with an order (`<`, MIN, ORDER BY). @example isComparable(DataTypes.MAP(DataTypes.STRING(), DataTypes.INT())) // false */
export const isComparable = (t: DataType): boolean =>
  isNumeric(t) || isCharacter(t) || isBinary(t) || isTemporal(t) || isInterval(t) || t.kind === 'BOOLEAN' || t.kind === 'NULL';

/**
 * The number of integer digits a numeric type needs as a DECIMAL (INT → 10); DECIMAL gives its own.
 *
 * @example
 * asDecimal(DataTypes.INT()) // DECIMAL(10, 0)
 */
export function asDecimal(t: DataType): DecimalType {
  if (t.kind === 'DECIMAL') return t;
  const digits = INTEGER_DIGITS[t.kind];
  if (digits === undefined) throw new TypeError(`${typeToString(t)} is not an exact numeric type`);
  return make({ kind: 'DECIMAL', precision: digits, scale: 0 }, t.nullable);
}

/**
 * The field of a ROW type by name (exact match), or undefined.
 *
 * @example
 * findField(DataTypes.ROW([{ name: 'a', type: DataTypes.INT() }]), 'a')?.type // INT
 */
export function findField(row: RowType, name: string): RowField | undefined {
  return row.fields.find((f) => f.name === name);
}

// ---- widening --------------------------------------------------------------------------------

/**
 * The common type of CASE branches, UNION inputs, IN lists and COALESCE arguments, with Flink's
 * implicit widening: TINYINT < SMALLINT < INT < BIGINT < DECIMAL < FLOAT < DOUBLE; CHAR/VARCHAR →
 * VARCHAR of the longest length (CHARs of one length stay CHAR); DATE < TIMESTAMP < TIMESTAMP_LTZ;
 * collections and rows field by field. Nullable when any input is (NULL counts as nullable).
 * Undefined when the types have nothing in common (INT and STRING).
 *
 * @example
 * leastRestrictive([notNull(DataTypes.INT()), DataTypes.BIGINT()]) // BIGINT
 * leastRestrictive([DataTypes.DECIMAL(5, 2), DataTypes.INT()]) // DECIMAL(12, 2)
 */
export function leastRestrictive(types: readonly DataType[]): DataType | undefined {
  if (types.length === 0) return undefined;
  const nullable = types.some((t) => t.nullable);
  const ts = types.filter((t) => t.kind !== 'NULL');
  if (ts.length === 0) return DataTypes.NULL();
  const merged = mergeNonNull(ts);
  return merged === undefined ? undefined : withNullability(merged, nullable);
}

function mergeNonNull(ts: readonly DataType[]): DataType | undefined {
  const first = ts[0];
  if (ts.every((t) => typesEqual(t, first, true))) return first;
  if (ts.every(isNumeric)) {
    const top = Math.max(...ts.map((t) => RANK[t.kind] as number));
    if (top !== RANK.DECIMAL) return ts.find((t) => RANK[t.kind] === top);
    let scale = 0;
    let intDigits = 0;
    for (const t of ts) {
      const d = asDecimal(t);
      scale = Math.max(scale, d.scale);
      intDigits = Math.max(intDigits, d.precision - d.scale);
    }
    scale = Math.max(0, Math.min(scale, MAX_DECIMAL_PRECISION - intDigits));
    return DataTypes.DECIMAL(Math.min(MAX_DECIMAL_PRECISION, intDigits + scale), scale);
  }
  if (ts.every(isCharacter)) {
    const length = Math.max(...ts.map((t) => t.length));
    return ts.every((t) => t.kind === 'CHAR' && t.length === length) ? DataTypes.CHAR(length) : DataTypes.VARCHAR(length);
  }
  if (ts.every(isBinary)) {
    const length = Math.max(...ts.map((t) => t.length));
    return ts.every((t) => t.kind === 'BINARY' && t.length === length) ? DataTypes.BINARY(length) : DataTypes.VARBINARY(length);
  }
  if (ts.every((t) => t.kind === 'DATE' || isTimestamp(t))) {
    const precision = Math.max(...ts.map((t) => (t.kind === 'DATE' ? 0 : (t as TimestampType).precision)));
    return ts.some((t) => t.kind === 'TIMESTAMP_LTZ') ? DataTypes.TIMESTAMP_LTZ(precision) : DataTypes.TIMESTAMP(precision);
  }
  if (ts.every((t) => t.kind === 'TIME')) return DataTypes.TIME(Math.max(...ts.map((t) => (t as TimeType).precision)));
  if (ts.every((t) => t.kind === 'INTERVAL_DAY_TIME')) {
    return DataTypes.INTERVAL('DAY', 'SECOND', { precision: Math.max(...ts.map((t) => t.dayPrecision)), fractionalPrecision: Math.max(...ts.map((t) => t.fractionalPrecision)) });
  }
  if (ts.every((t) => t.kind === 'INTERVAL_YEAR_MONTH')) return DataTypes.INTERVAL('YEAR', 'MONTH', { precision: Math.max(...ts.map((t) => t.yearPrecision)) });
  if (ts.every((t) => t.kind === 'ARRAY' || t.kind === 'MULTISET') && ts.every((t) => t.kind === first.kind)) {
    const element = leastRestrictive(ts.map((t) => (t as ArrayType).element));
    return element && make({ kind: first.kind as 'ARRAY', element });
  }
  if (ts.every((t) => t.kind === 'MAP')) {
    const key = leastRestrictive(ts.map((t) => t.key));
    const value = leastRestrictive(ts.map((t) => t.value));
    return key && value && DataTypes.MAP(key, value);
  }
  if (first.kind === 'ROW' && ts.every((t) => t.kind === 'ROW' && t.fields.length === first.fields.length)) {
    const fields: RowField[] = [];
    for (let i = 0; i < first.fields.length; i++) {
      const type = leastRestrictive(ts.map((t) => (t as RowType).fields[i].type));
      if (type === undefined) return undefined;
      fields.push({ name: first.fields[i].name, type });
    }
    return DataTypes.ROW(fields);
  }
  return undefined;
}

// ---- casts ----------------------------------------------------------------------------------

/**
 * Whether Flink converts `from` to `to` without an explicit CAST (widening numerics, CHAR → VARCHAR,
 * DATE → TIMESTAMP, TIMESTAMP ↔ TIMESTAMP_LTZ, NULL → anything). Nullability is not considered.
 *
 * @example
 * canCastImplicitly(DataTypes.INT(), DataTypes.DOUBLE()) // true
 * canCastImplicitly(DataTypes.STRING(), DataTypes.INT()) // false
 */
export function canCastImplicitly(from: DataType, to: DataType): boolean {
  if (from.kind === 'NULL' || typesEqual(from, to, true)) return true;
  if (isNumeric(from) && isNumeric(to)) return (RANK[from.kind] as number) <= (RANK[to.kind] as number);
  if (isCharacter(from) && isCharacter(to)) return to.kind === 'VARCHAR' || (from.kind === 'CHAR' && to.length >= from.length);
  if (isBinary(from) && isBinary(to)) return to.kind === 'VARBINARY' || (from.kind === 'BINARY' && to.length >= from.length);
  if ((from.kind === 'DATE' || isTimestamp(from)) && isTimestamp(to)) return true;
  if (from.kind === 'TIME' && to.kind === 'TIME') return true;
  if (isInterval(from) && from.kind === to.kind) return true;
  return castChildren(from, to, canCastImplicitly);
}

/**
 * Whether `CAST(x AS to)` is allowed for `x` of type `from`, as Flink allows it: anything to a
 * string; strings to booleans, numerics, temporals and binaries; numerics and booleans among
 * themselves; numerics to TIMESTAMP_LTZ (epoch seconds); DATE/TIMESTAMP among each other and
 * TIMESTAMP to TIME; collections and rows element by element.
 *
 * @example
 * canCast(DataTypes.STRING(), DataTypes.TIMESTAMP(3)) // true
 * canCast(DataTypes.DATE(), DataTypes.INT()) // false
 */
export function canCast(from: DataType, to: DataType): boolean {
  if (canCastImplicitly(from, to) || isCharacter(to)) return true;
  const numericOrBool = (t: DataType) => isNumeric(t) || t.kind === 'BOOLEAN';
  if (isCharacter(from)) return numericOrBool(to) || isTemporal(to) || isBinary(to);
  if (numericOrBool(from) && numericOrBool(to)) return true;
  if (isNumeric(from) && to.kind === 'TIMESTAMP_LTZ') return true;
  if (isBinary(from) && isBinary(to)) return true;
  if (isTimestamp(from)) return to.kind === 'DATE' || to.kind === 'TIME' || isTimestamp(to);
  if (from.kind === 'DATE') return isTimestamp(to);
  if (isInterval(from) && isInterval(to)) return from.kind === to.kind;
  return castChildren(from, to, canCast);
}

function castChildren(from: DataType, to: DataType, rule: (a: DataType, b: DataType) => boolean): boolean {
  if ((from.kind === 'ARRAY' || from.kind === 'MULTISET') && to.kind === from.kind) return rule(from.element, (to as ArrayType).element);
  if (from.kind === 'MAP' && to.kind === 'MAP') return rule(from.key, to.key) && rule(from.value, to.value);
  if (from.kind === 'ROW' && to.kind === 'ROW') {
    return from.fields.length === to.fields.length && from.fields.every((f, i) => rule(f.type, to.fields[i].type));
  }
  return false;
}
