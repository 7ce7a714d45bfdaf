import type { DataType, IntervalQualifier } from '../ast/types.ts';
import { quoteIdent, quoteString } from './identifiers.ts';

/**
 * A data type in Flink's canonical spelling: `ARRAY<INT NOT NULL>`, `ROW<id BIGINT, name STRING>`,
 * `TIMESTAMP_LTZ(3)`.
 *
 * @example
 * printDataType(parseDataType('INT ARRAY')) // 'ARRAY<INT>'
 */
export function printDataType(type: DataType): string {
  return base(type) + (type.notNull ? ' NOT NULL' : '');
}

function base(type: DataType): string {
  switch (type.kind) {
    case 'AtomicType': {
      const args = [type.length ?? type.precision, type.scale].filter((n) => n !== undefined);
      return args.length === 0 ? type.name : `${type.name}(${args.join(', ')})`;
    }
    case 'IntervalType':
      return `INTERVAL ${printIntervalQualifier(type.qualifier)}`;
    case 'CollectionType':
      return `${type.collection}<${printDataType(type.element)}>`;
    case 'MapType':
      return `MAP<${printDataType(type.key)}, ${printDataType(type.value)}>`;
    case 'RowType': {
      const fields = type.fields.map((f) =>
        `${quoteIdent(f.name)} ${printDataType(f.type)}${f.comment === undefined ? '' : ` COMMENT ${quoteString(f.comment)}`}`);
      return `ROW<${fields.join(', ')}>`;
    }
  }
}

/**
 * `DAY(2) TO SECOND(3)`, `HOUR`, `SECOND(2, 6)`.
 *
 * @example
 * printIntervalQualifier({ start: 'YEAR', end: 'MONTH' }) // 'YEAR TO MONTH'
 */
export function printIntervalQualifier(q: IntervalQualifier): string {
  const f = q.fractionalPrecision;
  if (q.end === undefined) {
    if (q.startPrecision === undefined) return q.start;
    return `${q.start}(${q.startPrecision}${f === undefined ? '' : `, ${f}`})`;
  }
  const start = q.startPrecision === undefined ? q.start : `${q.start}(${q.startPrecision})`;
  return `${start} TO ${q.end}${f === undefined ? '' : `(${f})`}`;
}
