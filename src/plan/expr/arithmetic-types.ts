import {
  DataTypes, MAX_DECIMAL_PRECISION, asDecimal, isApproximateNumeric, leastRestrictive, type DataType, type DecimalType,
} from '../../core/data-types.ts';

/** The arithmetic operators whose result type depends on both operand types. */
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';

/**
 * The result type of numeric arithmetic, as Flink derives it (nullability aside):
 * - any DOUBLE → DOUBLE; else any FLOAT → FLOAT;
 * - any DECIMAL → DECIMAL by the rules of {@link decimalResultType} (integers count as DECIMAL(3|5|10|19, 0));
 * - integers → the wider integer (INT + BIGINT → BIGINT; INT / INT → INT, truncating).
 * An operand of the NULL type takes the other operand's type.
 *
 * @example
 * numericResultType('+', DataTypes.INT(), DataTypes.BIGINT()) // BIGINT
 * numericResultType('*', DataTypes.DECIMAL(5, 2), DataTypes.INT()) // DECIMAL(15, 2)
 */
export function numericResultType(op: ArithmeticOp, a: DataType, b: DataType): DataType {
  const x = a.kind === 'NULL' ? b : a;
  const y = b.kind === 'NULL' ? a : b;
  if (x.kind === 'NULL') return DataTypes.NULL();
  if (isApproximateNumeric(x) || isApproximateNumeric(y)) {
    return x.kind === 'DOUBLE' || y.kind === 'DOUBLE' ? DataTypes.DOUBLE() : DataTypes.FLOAT();
  }
  if (x.kind === 'DECIMAL' || y.kind === 'DECIMAL') return decimalResultType(op, asDecimal(x), asDecimal(y));
  return leastRestrictive([x, y]) as DataType;
}

/**
 * DECIMAL arithmetic types (Flink's, after SQL Server / Hive), capped at precision 38:
 * `+ -`: scale max(s1, s2), precision max(p1-s1, p2-s2) + scale + 1;
 * `*`: p1 + p2, s1 + s2; `/`: scale max(6, s1 + p2 + 1), precision p1 - s1 + s2 + scale;
 * `%`: scale max(s1, s2), precision min(p1-s1, p2-s2) + scale.
 * When the precision exceeds 38 the integer digits are kept and the scale shrinks, but not below
 * min(scale, 6). Values are JavaScript numbers, so results are exact only to ~15 significant digits.
 *
 * @example
 * decimalResultType('/', DataTypes.DECIMAL(10, 2), DataTypes.DECIMAL(10, 2)) // DECIMAL(23, 13)
 */
export function decimalResultType(op: ArithmeticOp, a: DecimalType, b: DecimalType): DecimalType {
  const [p1, s1, p2, s2] = [a.precision, a.scale, b.precision, b.scale];
  switch (op) {
    case '+': case '-': {
      const s = Math.max(s1, s2);
      return adjusted(Math.max(p1 - s1, p2 - s2) + s + 1, s);
    }
    case '*': return adjusted(p1 + p2, s1 + s2);
    case '/': {
      const s = Math.max(6, s1 + p2 + 1);
      return adjusted(p1 - s1 + s2 + s, s);
    }
    case '%': {
      const s = Math.max(s1, s2);
      return adjusted(Math.min(p1 - s1, p2 - s2) + s, s);
    }
  }
}

function adjusted(precision: number, scale: number): DecimalType {
  if (precision <= MAX_DECIMAL_PRECISION) return DataTypes.DECIMAL(Math.max(precision, 1), scale);
  const intDigits = precision - scale;
  const s = Math.max(MAX_DECIMAL_PRECISION - intDigits, Math.min(scale, 6));
  return DataTypes.DECIMAL(MAX_DECIMAL_PRECISION, Math.min(s, MAX_DECIMAL_PRECISION));
}
