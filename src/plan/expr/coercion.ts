import {
  isCharacter, isComparable, isNumeric, isTemporal, isTimestamp, leastRestrictive, withNullability, type DataType,
} from '../../core/data-types.ts';

/**
 * Whether a value of type `from` must be converted at run time to be a value of `to` — i.e. whether
 * an implicit coercion needs a CAST node. Widening numerics, CHAR → VARCHAR and TIMESTAMP ↔
 * TIMESTAMP_LTZ keep the same representation (numbers, strings, epoch ms) and need none; DATE →
 * TIMESTAMP (days → ms), text → temporal, and rows whose field names differ do.
 *
 * @example
 * needsConversion(DataTypes.INT(), DataTypes.DOUBLE()) // false
 * needsConversion(DataTypes.DATE(), DataTypes.TIMESTAMP(3)) // true
 */
export function needsConversion(from: DataType, to: DataType): boolean {
  if (from.kind === 'NULL') return false;
  if (isNumeric(from) && isNumeric(to)) return false;
  if (isCharacter(from) && isCharacter(to)) return false;
  if ((from.kind === 'BINARY' || from.kind === 'VARBINARY') && (to.kind === 'BINARY' || to.kind === 'VARBINARY')) return false;
  if (isTimestamp(from) && isTimestamp(to)) return false;
  if (from.kind === to.kind) {
    switch (from.kind) {
      case 'ARRAY': case 'MULTISET': return needsConversion(from.element, (to as typeof from).element);
      case 'MAP': return needsConversion(from.key, (to as typeof from).key) || needsConversion(from.value, (to as typeof from).value);
      case 'ROW': {
        const fields = (to as typeof from).fields;
        return from.fields.length !== fields.length ||
          from.fields.some((f, i) => f.name !== fields[i].name || needsConversion(f.type, fields[i].type));
      }
      default: return false;
    }
  }
  return true;
}

/**
 * The type both sides of a comparison are brought to, or undefined when they cannot be compared:
 * numerics widen, DATE compares as TIMESTAMP, a string compared with a DATE/TIME/TIMESTAMP is read as
 * that type (Flink's implicit coercion of `ts > '2024-01-01 00:00:00'`). `ordering` asks for `<`
 * and friends, which need an ordered type; `=` also works on ARRAY, MAP and ROW.
 *
 * @example
 * comparisonType(DataTypes.INT(), DataTypes.DOUBLE(), true) // DOUBLE
 * comparisonType(DataTypes.STRING(), DataTypes.TIMESTAMP(3), true) // TIMESTAMP(3)
 */
export function comparisonType(a: DataType, b: DataType, ordering: boolean): DataType | undefined {
  const nullable = a.nullable || b.nullable;
  if (isCharacter(a) && isTemporal(b)) return withNullability(b, nullable);
  if (isTemporal(a) && isCharacter(b)) return withNullability(a, nullable);
  const common = leastRestrictive([a, b]);
  if (common === undefined || (ordering && !isComparable(common))) return undefined;
  return common;
}
