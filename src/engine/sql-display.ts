import type { DataType } from '../core/data-types.ts';
import { formatDateText, formatTimeText } from '../formats/temporal-text.ts';
import { writeTypedValue } from '../formats/typed-row-writer.ts';

/**
 * How Flink's SQL client and print connector show a value of a type: TIMESTAMP(p) as
 * `2024-01-01 10:00:00.000` with p fraction digits, DOUBLE / FLOAT as Java prints them (`150.0`,
 * `1.0E10`), BOOLEAN as TRUE / FALSE, DECIMAL(p, s) with exactly s decimals, DATE / TIME as text, nested values as JSON.
 *
 * @example
 * displayText(1704103200000, DataTypes.TIMESTAMP(3)) // '2024-01-01 10:00:00.000'
 * displayText(150, DataTypes.DOUBLE())              // '150.0'
 */
export function displayText(value: unknown, type: DataType, nullText = 'null'): string {
  if (value === null || value === undefined) return nullText;
  if (typeof value === 'number') {
    switch (type.kind) {
      case 'TIMESTAMP': case 'TIMESTAMP_LTZ': return withFraction(new Date(value).toISOString().replace('T', ' ').slice(0, 23), 19, type.precision);
      case 'DATE': return formatDateText(value);
      case 'TIME': return withFraction(`${formatTimeText(value - (value % 1000))}.${String(value % 1000).padStart(3, '0')}`, 8, type.precision);
      case 'FLOAT': case 'DOUBLE': return javaDouble(value);
      case 'DECIMAL': return value.toFixed(type.scale);
      default: return String(value);
    }
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  const written = writeTypedValue(value, type);
  return typeof written === 'string' ? written : JSON.stringify(written);
}

/** `text` (a whole part of `whole` characters, then `.SSS`) with exactly `precision` fraction digits. */
function withFraction(text: string, whole: number, precision: number): string {
  if (precision <= 0) return text.slice(0, whole);
  return `${text.slice(0, whole)}.${text.slice(whole + 1).padEnd(precision, '0').slice(0, precision)}`;
}

/**
 * A double as Java's Double.toString writes it: `1.0`, `-0.0`, `101.5`, `1.0E7`, `1.5E-4`, `NaN`, `Infinity`.
 *
 * @example
 * javaDouble(100) // '100.0'
 */
export function javaDouble(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
  // String(-0) is '0', but Java keeps the sign: CEIL(-0.5) prints -0.0.
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(x);
    return text.includes('.') || text.includes('e') ? text : `${text}.0`;
  }
  const [mantissa, exponent] = x.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}
