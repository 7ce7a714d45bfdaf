import { DataTypes, asNullable, notNull, typeToString, type DataType, type RowType } from '../../core/data-types.ts';
import { ConfigError } from '../../core/errors.ts';

/**
 * Spark's data types for DataFrame schemas, as the engine's SQL types (src/core/data-types.ts): the
 * names Spark users write (`StringType`, `IntegerType`, `TimestampType` …) and `StructType` with
 * `add(name, type)`. A DataFrame's columns keep Flink's types underneath; these are the spellings.
 *
 * @example
 * const schema = new StructType().add('symbol', StringType).add('shares', IntegerType)
 *   .add('price', DoubleType).add('transaction_date', TimestampType);
 */

export const StringType: DataType = DataTypes.STRING();
/**
 * Spark's IntegerType: a 32-bit integer (SQL INT).
 *
 * @example
 * new StructType().add('shares', IntegerType)
 */
export const IntegerType: DataType = DataTypes.INT();
/**
 * Spark's LongType: a 64-bit integer (SQL BIGINT, a bigint in rows).
 *
 * @example
 * new StructType().add('id', LongType)
 */
export const LongType: DataType = DataTypes.BIGINT();
/**
 * Spark's ShortType: a 16-bit integer (SQL SMALLINT).
 *
 * @example
 * new StructType().add('level', ShortType)
 */
export const ShortType: DataType = DataTypes.SMALLINT();
/**
 * Spark's ByteType: an 8-bit integer (SQL TINYINT).
 *
 * @example
 * new StructType().add('flag', ByteType)
 */
export const ByteType: DataType = DataTypes.TINYINT();
/**
 * Spark's DoubleType: a 64-bit float (SQL DOUBLE).
 *
 * @example
 * new StructType().add('price', DoubleType)
 */
export const DoubleType: DataType = DataTypes.DOUBLE();
/**
 * Spark's FloatType: a 32-bit float (SQL FLOAT).
 *
 * @example
 * new StructType().add('ratio', FloatType)
 */
export const FloatType: DataType = DataTypes.FLOAT();
/**
 * Spark's BooleanType (SQL BOOLEAN).
 *
 * @example
 * new StructType().add('active', BooleanType)
 */
export const BooleanType: DataType = DataTypes.BOOLEAN();
/** Spark's TimestampType: event time with millisecond precision here. */
export const TimestampType: DataType = DataTypes.TIMESTAMP(3);
/**
 * Spark's DateType: a calendar date (SQL DATE).
 *
 * @example
 * new StructType().add('day', DateType)
 */
export const DateType: DataType = DataTypes.DATE();
/**
 * Spark's BinaryType: bytes (SQL BYTES, a Uint8Array in rows).
 *
 * @example
 * new StructType().add('payload', BinaryType)
 */
export const BinaryType: DataType = DataTypes.BYTES();
/** @example DecimalType(10, 2) */
export const DecimalType = (precision = 10, scale = 0): DataType => DataTypes.DECIMAL(precision, scale);
/** @example ArrayType(StringType) */
export const ArrayType = (element: DataType | StructType, containsNull = true): DataType =>
  DataTypes.ARRAY(containsNull ? asNullable(toType(element)) : notNull(toType(element)));
/** @example MapType(StringType, LongType) */
export const MapType = (key: DataType | StructType, value: DataType | StructType): DataType => DataTypes.MAP(toType(key), toType(value));

/** One field of a {@link StructType}. */
export interface StructField {
  readonly name: string;
  readonly dataType: DataType;
  readonly nullable: boolean;
}

/**
 * A schema: named, typed fields in order (Spark's StructType). Immutable: `add` returns a new one,
 * so `new StructType().add(…).add(…)` chains as in PySpark.
 *
 * @example
 * new StructType().add('symbol', StringType).add('price', 'double').fieldNames() // ['symbol', 'price']
 */
export class StructType {
  readonly fields: readonly StructField[];

  constructor(fields: readonly StructField[] = []) {
    this.fields = Object.freeze([...fields]);
  }

  /** A new schema with one more field; the type may be a Spark type name ('string', 'int', 'timestamp'). */
  add(name: string, dataType: DataType | StructType | string, nullable = true): StructType {
    if (this.fields.some((f) => f.name === name)) throw new ConfigError('schema', `duplicate field '${name}'`);
    const type = typeof dataType === 'string' ? sparkTypeFromName(dataType) : toType(dataType);
    return new StructType([...this.fields, { name, dataType: nullable ? asNullable(type) : notNull(type), nullable }]);
  }

  /** The fields' names, in order. */
  fieldNames(): string[] {
    return this.fields.map((f) => f.name);
  }

  /** Spark's `printSchema` text: `root` and a `|--` line per field, nested structs indented. */
  treeString(): string {
    const lines = ['root'];
    const walk = (fields: readonly StructField[], depth: number): void => {
      for (const f of fields) {
        lines.push(`${' |   '.repeat(depth)} |-- ${f.name}: ${f.dataType.kind === 'ROW' ? 'struct' : sparkTypeName(f.dataType)} (nullable = ${f.nullable})`);
        if (f.dataType.kind === 'ROW') walk(StructType.fromRowType(f.dataType).fields, depth + 1);
      }
    };
    walk(this.fields, 0);
    return `${lines.join('\n')}\n`;
  }

  /** The schema as the engine's ROW type. */
  toRowType(): RowType {
    return DataTypes.ROW(this.fields.map((f) => ({ name: f.name, type: f.dataType })));
  }

  /** Spark's `simpleString`: `struct<symbol:string,price:double>`. */
  simpleString(): string {
    return sparkSimpleString(this.toRowType());
  }

  /** A schema from the engine's ROW type. */
  static fromRowType(type: RowType): StructType {
    return new StructType(type.fields.map((f) => ({ name: f.name, dataType: f.type, nullable: f.type.nullable })));
  }
}

/** A StructType as its ROW type; any other type as it is. */
export function toType(type: DataType | StructType): DataType {
  return type instanceof StructType ? type.toRowType() : type;
}

const NAMES: Readonly<Record<string, () => DataType>> = {
  string: () => DataTypes.STRING(), varchar: () => DataTypes.STRING(), char: () => DataTypes.STRING(),
  int: () => DataTypes.INT(), integer: () => DataTypes.INT(), long: () => DataTypes.BIGINT(), bigint: () => DataTypes.BIGINT(),
  short: () => DataTypes.SMALLINT(), smallint: () => DataTypes.SMALLINT(), byte: () => DataTypes.TINYINT(), tinyint: () => DataTypes.TINYINT(),
  double: () => DataTypes.DOUBLE(), float: () => DataTypes.FLOAT(), real: () => DataTypes.FLOAT(),
  boolean: () => DataTypes.BOOLEAN(), bool: () => DataTypes.BOOLEAN(),
  timestamp: () => DataTypes.TIMESTAMP(3), timestamp_ntz: () => DataTypes.TIMESTAMP(3), timestamp_ltz: () => DataTypes.TIMESTAMP_LTZ(3),
  date: () => DataTypes.DATE(), binary: () => DataTypes.BYTES(), decimal: () => DataTypes.DECIMAL(10, 0),
};

/**
 * A Spark type name as a type: 'string', 'int', 'long', 'double', 'timestamp', 'decimal(10,2)',
 * 'array<string>', 'map<string,int>' — what `cast('string')` and `StructType.add(name, 'int')` take.
 *
 * @example
 * sparkTypeFromName('decimal(10,2)') // DECIMAL(10, 2)
 */
export function sparkTypeFromName(name: string): DataType {
  const text = name.trim().toLowerCase();
  const simple = NAMES[text];
  if (simple !== undefined) return simple();
  const decimal = /^(?:decimal|numeric)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(text);
  if (decimal !== null) return DataTypes.DECIMAL(Number(decimal[1]), Number(decimal[2] ?? 0));
  const array = /^array\s*<(.+)>$/.exec(text);
  if (array !== null) return DataTypes.ARRAY(sparkTypeFromName(array[1]));
  const map = /^map\s*<(.+)>$/.exec(text);
  if (map !== null) {
    const [k, v] = splitTopLevel(map[1]);
    if (v !== undefined) return DataTypes.MAP(sparkTypeFromName(k), sparkTypeFromName(v));
  }
  throw new ConfigError('type', `unknown data type '${name}' (use string, int, long, double, float, boolean, timestamp, date, binary, decimal(p,s), array<t>, map<k,v>)`);
}

function splitTopLevel(text: string): string[] {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '<' || ch === '(') depth++;
    else if (ch === '>' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) return [text.slice(0, i), text.slice(i + 1)];
  }
  return [text];
}

/**
 * Spark's name for a type, as printSchema and simpleString show it.
 *
 * @example
 * sparkTypeName(DataTypes.BIGINT()) // 'long'
 */
export function sparkTypeName(type: DataType): string {
  switch (type.kind) {
    case 'CHAR': case 'VARCHAR': return 'string';
    case 'INT': return 'integer';
    case 'BIGINT': return 'long';
    case 'SMALLINT': return 'short';
    case 'TINYINT': return 'byte';
    case 'DOUBLE': return 'double';
    case 'FLOAT': return 'float';
    case 'BOOLEAN': return 'boolean';
    case 'TIMESTAMP': case 'TIMESTAMP_LTZ': return 'timestamp';
    case 'DATE': return 'date';
    case 'BINARY': case 'VARBINARY': return 'binary';
    case 'DECIMAL': return `decimal(${type.precision},${type.scale})`;
    case 'ARRAY': case 'MULTISET': return `array<${sparkTypeName(type.element)}>`;
    case 'MAP': return `map<${sparkTypeName(type.key)},${sparkTypeName(type.value)}>`;
    case 'ROW': return `struct<${type.fields.map((f) => `${f.name}:${sparkTypeName(f.type)}`).join(',')}>`;
    default: return typeToString(type).toLowerCase();
  }
}

/**
 * Spark's `simpleString` of a type, as `dtypes` shows it: `int`, `bigint`, `struct<a:int>` (where
 * printSchema says `integer`, `long`).
 *
 * @example
 * sparkSimpleString(DataTypes.BIGINT()) // 'bigint'
 */
export function sparkSimpleString(type: DataType): string {
  switch (type.kind) {
    case 'INT': return 'int';
    case 'BIGINT': return 'bigint';
    case 'SMALLINT': return 'smallint';
    case 'TINYINT': return 'tinyint';
    case 'ARRAY': case 'MULTISET': return `array<${sparkSimpleString(type.element)}>`;
    case 'MAP': return `map<${sparkSimpleString(type.key)},${sparkSimpleString(type.value)}>`;
    case 'ROW': return `struct<${type.fields.map((f) => `${f.name}:${sparkSimpleString(f.type)}`).join(',')}>`;
    default: return sparkTypeName(type);
  }
}
