import { DataTypes, MAX_LENGTH, withNullability, type DataType } from '../../../core/data-types.ts';
import type { DataType as AstType } from '../ast/types.ts';
import { at } from './errors.ts';

/**
 * A data type as written in DDL or CAST → the engine's {@link DataType}, with Flink's defaults:
 * `VARCHAR` without a length is STRING (Flink's type system gives VARCHAR its maximum length),
 * `CHAR` is CHAR(1), `DECIMAL` is DECIMAL(10, 0), `TIMESTAMP` is TIMESTAMP(6), `TIME` is TIME(0).
 *
 * @example
 * toDataType(parseDataType('TIMESTAMP(3) NOT NULL')) // TIMESTAMP(3) NOT NULL
 */
export function toDataType(t: AstType, source?: string): DataType {
  return at(t.pos, source, () => withNullability(base(t, source), !t.notNull));
}

function base(t: AstType, source: string | undefined): DataType {
  switch (t.kind) {
    case 'AtomicType':
      switch (t.name) {
        case 'CHAR': return DataTypes.CHAR(t.length ?? 1);
        case 'VARCHAR': return DataTypes.VARCHAR(t.length ?? MAX_LENGTH);
        case 'STRING': return DataTypes.STRING();
        case 'BINARY': return DataTypes.BINARY(t.length ?? 1);
        case 'VARBINARY': return DataTypes.VARBINARY(t.length ?? MAX_LENGTH);
        case 'BYTES': return DataTypes.BYTES();
        case 'BOOLEAN': return DataTypes.BOOLEAN();
        case 'TINYINT': return DataTypes.TINYINT();
        case 'SMALLINT': return DataTypes.SMALLINT();
        case 'INT': return DataTypes.INT();
        case 'BIGINT': return DataTypes.BIGINT();
        case 'FLOAT': return DataTypes.FLOAT();
        case 'DOUBLE': return DataTypes.DOUBLE();
        case 'DECIMAL': return DataTypes.DECIMAL(t.precision ?? 10, t.scale ?? 0);
        case 'DATE': return DataTypes.DATE();
        case 'TIME': return DataTypes.TIME(t.precision ?? 0);
        case 'TIMESTAMP': return DataTypes.TIMESTAMP(t.precision ?? 6);
        case 'TIMESTAMP_LTZ': return DataTypes.TIMESTAMP_LTZ(t.precision ?? 6);
      }
      break;
    case 'IntervalType': {
      const q = t.qualifier;
      return DataTypes.INTERVAL(q.start, q.end, { precision: q.startPrecision, fractionalPrecision: q.fractionalPrecision });
    }
    case 'CollectionType': {
      const element = toDataType(t.element, source);
      return t.collection === 'ARRAY' ? DataTypes.ARRAY(element) : DataTypes.MULTISET(element);
    }
    case 'MapType': return DataTypes.MAP(toDataType(t.key, source), toDataType(t.value, source));
    case 'RowType':
      return DataTypes.ROW(t.fields.map((f) => (f.comment === undefined
        ? { name: f.name, type: toDataType(f.type, source) }
        : { name: f.name, type: toDataType(f.type, source), description: f.comment })));
  }
  throw new Error(`unhandled data type ${JSON.stringify(t)}`);
}
