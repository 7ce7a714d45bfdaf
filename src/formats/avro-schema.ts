/**
 * A table's Avro schema, derived from its columns with Flink's type mapping (AvroSchemaConverter):
 * the row is a record named `record` (nested rows `record_<field>`), a nullable column a union with
 * null first and a null default, DECIMAL bytes with the decimal logical type, DATE an int date,
 * TIME an int time-millis (time-micros above precision 3), TIMESTAMP a long timestamp-millis
 * (timestamp-micros above precision 3), MAP a map with string keys.
 */
import avro from 'avsc';
import type { DataType, RowType } from '../core/data-types.ts';
import { asNullable, DataTypes, notNull, typeToString } from '../core/data-types.ts';
import { ConfigError } from '../core/errors.ts';
import { AVRO_LOGICAL_TYPES } from './avro-logical-types.ts';

/** An Avro schema as JSON (what the registry stores and a container file's header holds). */
export type AvroSchema = string | { readonly [key: string]: unknown } | readonly AvroSchema[];

/** A parsed Avro type (avsc's). */
export type AvroType = InstanceType<typeof avro.Type>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The Avro schema Flink derives for a row type; `name` is the record's full name.
 *
 * @example
 * avroSchemaOf(DataTypes.ROW([{ name: 'id', type: notNull(DataTypes.INT()) }, { name: 'ts', type: DataTypes.TIMESTAMP(3) }]))
 * // { type: 'record', name: 'record', fields: [{ name: 'id', type: 'int' },
 * //   { name: 'ts', type: ['null', { type: 'long', logicalType: 'timestamp-millis' }], default: null }] }
 */
export function avroSchemaOf(type: RowType, name = 'record', option = 'format'): AvroSchema {
  return recordSchema(type, name, option);
}

function recordSchema(type: RowType, name: string, option: string): AvroSchema {
  const fields = type.fields.map((field) => {
    if (!NAME.test(field.name)) {
      throw new ConfigError(option, `Avro cannot name the column '${field.name}' (names are letters, digits and '_', not starting with a digit)`);
    }
    const schema = fieldSchema(field.type, `${name}_${field.name}`, option, field.name);
    return field.type.nullable ? { name: field.name, type: schema, default: null } : { name: field.name, type: schema };
  });
  return { type: 'record', name, fields };
}

function fieldSchema(type: DataType, name: string, option: string, column: string): AvroSchema {
  const schema = nonNullSchema(type, name, option, column);
  return type.nullable ? ['null', schema] : schema;
}

function nonNullSchema(type: DataType, name: string, option: string, column: string): AvroSchema {
  switch (type.kind) {
    case 'BOOLEAN': return 'boolean';
    case 'TINYINT': case 'SMALLINT': case 'INT': return 'int';
    case 'BIGINT': return 'long';
    case 'FLOAT': return 'float';
    case 'DOUBLE': return 'double';
    case 'CHAR': case 'VARCHAR': return 'string';
    case 'BINARY': case 'VARBINARY': return 'bytes';
    case 'DECIMAL': return { type: 'bytes', logicalType: 'decimal', precision: type.precision, scale: type.scale };
    case 'DATE': return { type: 'int', logicalType: 'date' };
    case 'TIME': return type.precision <= 3 ? { type: 'int', logicalType: 'time-millis' } : { type: 'long', logicalType: 'time-micros' };
    case 'TIMESTAMP': case 'TIMESTAMP_LTZ':
      return { type: 'long', logicalType: type.precision <= 3 ? 'timestamp-millis' : 'timestamp-micros' };
    case 'ARRAY': return { type: 'array', items: fieldSchema(type.element, name, option, column) };
    case 'MAP':
      if (type.key.kind !== 'VARCHAR' && type.key.kind !== 'CHAR') {
        throw new ConfigError(option, `Avro maps have string keys; column '${column}' is ${typeToString(type)}`);
      }
      return { type: 'map', values: fieldSchema(type.value, name, option, column) };
    case 'ROW': return recordSchema(type, name, option);
    default:
      throw new ConfigError(option, `Avro has no type for column '${column}' of type ${typeToString(type)}`);
  }
}

/**
 * Parses an Avro schema with the engine's logical types (values in the runtime representation) and
 * unions with null read as plain nullable values.
 *
 * @example
 * const type = parseAvroSchema({ type: 'int', logicalType: 'date' });
 * type.fromBuffer(type.toBuffer(19723)) // 19723
 */
export function parseAvroSchema(schema: AvroSchema): AvroType {
  return avro.Type.forSchema(schema as never, { logicalTypes: AVRO_LOGICAL_TYPES as never, wrapUnions: 'auto', omitRecordMethods: true });
}

/**
 * The row type of an Avro record schema, the reverse of {@link avroSchemaOf}: a union with null is a
 * nullable column, anything else NOT NULL; an enum reads as STRING, fixed as BINARY, and the
 * logical types as their SQL types (timestamp-millis → TIMESTAMP(3), -micros → TIMESTAMP(6), uuid →
 * STRING). Unions of several non-null types have no SQL type and are refused.
 *
 * @example
 * rowTypeOfAvro({ type: 'record', name: 'r', fields: [{ name: 'id', type: 'long' }] }) // ROW<`id` BIGINT NOT NULL>
 */
export function rowTypeOfAvro(schema: AvroSchema, option = 'schema'): RowType {
  const type = typeOfAvro(schema, option, '');
  if (type.kind !== 'ROW') throw new ConfigError(option, `the Avro schema must be a record, got ${JSON.stringify(schema).slice(0, 60)}`);
  return type;
}

function typeOfAvro(schema: AvroSchema, option: string, path: string): DataType {
  if (Array.isArray(schema)) {
    const branches = schema.filter((b) => b !== 'null');
    if (branches.length !== 1) throw new ConfigError(option, `Avro union ${JSON.stringify(schema)}${path === '' ? '' : ` at '${path}'`} has no SQL type (only unions with null are read)`);
    return asNullable(typeOfAvro(branches[0], option, path));
  }
  const spec = (typeof schema === 'string' ? { type: schema } : schema) as { [key: string]: unknown };
  const NOT_NULL = <T extends DataType>(t: T): T => notNull(t);
  switch (spec['logicalType']) {
    case 'decimal': return NOT_NULL(DataTypes.DECIMAL(Number(spec['precision'] ?? 38), Number(spec['scale'] ?? 0)));
    case 'date': return NOT_NULL(DataTypes.DATE());
    case 'time-millis': return NOT_NULL(DataTypes.TIME(3));
    case 'time-micros': return NOT_NULL(DataTypes.TIME(6));
    case 'timestamp-millis': case 'local-timestamp-millis': return NOT_NULL(DataTypes.TIMESTAMP(3));
    case 'timestamp-micros': case 'local-timestamp-micros': return NOT_NULL(DataTypes.TIMESTAMP(6));
    default: break;
  }
  switch (spec['type']) {
    case 'boolean': return NOT_NULL(DataTypes.BOOLEAN());
    case 'int': return NOT_NULL(DataTypes.INT());
    case 'long': return NOT_NULL(DataTypes.BIGINT());
    case 'float': return NOT_NULL(DataTypes.FLOAT());
    case 'double': return NOT_NULL(DataTypes.DOUBLE());
    case 'string': case 'enum': return NOT_NULL(DataTypes.STRING());
    case 'bytes': return NOT_NULL(DataTypes.BYTES());
    case 'fixed': return NOT_NULL(DataTypes.BINARY(Number(spec['size'])));
    case 'array': return NOT_NULL(DataTypes.ARRAY(typeOfAvro(spec['items'] as AvroSchema, option, `${path}[]`)));
    case 'map': return NOT_NULL(DataTypes.MAP(notNull(DataTypes.STRING()), typeOfAvro(spec['values'] as AvroSchema, option, `${path}{}`)));
    case 'record': {
      const fields = (spec['fields'] as { name: string; type: AvroSchema }[]).map((f) => ({
        name: f.name, type: typeOfAvro(f.type, option, path === '' ? f.name : `${path}.${f.name}`),
      }));
      return NOT_NULL(DataTypes.ROW(fields));
    }
    default:
      if (typeof spec['type'] === 'object' && spec['type'] !== null) return typeOfAvro(spec['type'] as AvroSchema, option, path);
      throw new ConfigError(option, `Avro type ${JSON.stringify(spec['type'])}${path === '' ? '' : ` at '${path}'`} has no SQL type (named type references are not read)`);
  }
}
