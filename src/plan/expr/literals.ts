import { DataTypes, withNullability, type DataType, type IntervalUnit } from '../../core/data-types.ts';
import { parseDateText, parseTimeText, parseTimestampText } from './datetime-text.ts';
import { ExprTypeError } from './errors.ts';
import type { LiteralExpr } from './expr.ts';
import { parseIntervalText } from './interval-text.ts';
import type { TimeUnit } from './time-units.ts';

/**
 * Literal constructors: from a value and type, from SQL literal text (what the binder has from the
 * AST), and from plain JavaScript values (what the DataFrame API's `lit(…)` has). Literals are NOT
 * NULL unless they are NULL.
 *
 * @example
 * numericLiteral('3.14').type // DECIMAL(3, 2) NOT NULL
 */

/**
 * A literal of a given type; `value` must already be in the type's runtime representation.
 *
 * @example
 * literal(19753, notNull(DataTypes.DATE())) // DATE '2024-01-31'
 */
export function literal(value: unknown, type: DataType): LiteralExpr {
  const v = value === undefined ? null : value;
  return Object.freeze({ kind: 'literal', value: v, type: withNullability(type, v === null) });
}

/** A typed NULL (`CAST(NULL AS INT)`), or the untyped NULL. @example nullLiteral(DataTypes.INT()) */
export function nullLiteral(type: DataType = DataTypes.NULL()): LiteralExpr { return literal(null, type); }

/** TRUE, FALSE or UNKNOWN (null). @example booleanLiteral(true) */
export function booleanLiteral(value: boolean | null): LiteralExpr { return literal(value, DataTypes.BOOLEAN()); }

/** `'text'`: CHAR(length) NOT NULL, as in Flink. @example stringLiteral('AAPL').type // CHAR(4) NOT NULL */
export function stringLiteral(value: string): LiteralExpr { return literal(value, DataTypes.CHAR(value.length)); }

/**
 * A numeric literal's text: integers are INT, then BIGINT, then DECIMAL(p, 0); `3.14` is DECIMAL(3, 2);
 * text with an exponent is DOUBLE — Flink's rules.
 *
 * @example
 * numericLiteral('42').type // INT NOT NULL
 * numericLiteral('1e10').type // DOUBLE NOT NULL
 */
export function numericLiteral(text: string): LiteralExpr {
  const value = Number(text);
  if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || !Number.isFinite(value)) throw new ExprTypeError(`invalid numeric literal '${text}'`);
  if (/[eE]/.test(text)) return literal(value, DataTypes.DOUBLE());
  const [whole, fraction = ''] = text.split('.');
  const digits = whole.replace(/^0+/, '').length;
  if (!text.includes('.')) {
    if (value <= 2147483647) return literal(value, DataTypes.INT());
    if (BigInt(whole) <= 9223372036854775807n) return literal(value, DataTypes.BIGINT());
  }
  const precision = Math.max(digits + fraction.length, 1);
  if (precision > 38) return literal(value, DataTypes.DOUBLE());
  return literal(value, DataTypes.DECIMAL(precision, fraction.length));
}

/** `DATE 'yyyy-MM-dd'`. @example dateLiteral('2024-01-31').value // 19753 */
export function dateLiteral(text: string): LiteralExpr {
  return literal(checked(parseDateText(text), 'DATE', text), DataTypes.DATE());
}

/** `TIME 'HH:mm:ss[.fff]'`: TIME(p) with p the fractional digits written (at most 3 kept). @example timeLiteral('10:00:00').type // TIME(0) NOT NULL */
export function timeLiteral(text: string): LiteralExpr {
  return literal(checked(parseTimeText(text), 'TIME', text), DataTypes.TIME(fractionDigits(text)));
}

/** `TIMESTAMP 'yyyy-MM-dd HH:mm:ss[.fff]'`: TIMESTAMP(p) with p the fractional digits written. @example timestampLiteral('2024-01-31 10:00:00.123').type // TIMESTAMP(3) NOT NULL */
export function timestampLiteral(text: string): LiteralExpr {
  return literal(checked(parseTimestampText(text), 'TIMESTAMP', text), DataTypes.TIMESTAMP(fractionDigits(text)));
}

function fractionDigits(text: string): number {
  const m = /\.(\d+)\s*$/.exec(text);
  return m === null ? 0 : Math.min(m[1].length, 9);
}

function checked(value: number, type: string, text: string): number {
  if (Number.isNaN(value)) throw new ExprTypeError(`invalid ${type} literal '${text}'`);
  return value;
}

/** `X'0FA2'`: BINARY(n) NOT NULL. @example binaryLiteral('0FA2').value // Uint8Array [15, 162] */
export function binaryLiteral(hex: string): LiteralExpr {
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new ExprTypeError(`invalid binary literal X'${hex}'`);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return literal(bytes, DataTypes.BINARY(bytes.length));
}

/** The qualifier of an interval literal (the SQL AST's IntervalQualifier has this shape). */
export interface IntervalQualifierLike {
  readonly start: IntervalUnit;
  readonly end?: IntervalUnit;
  readonly startPrecision?: number;
  readonly fractionalPrecision?: number;
}

/**
 * `INTERVAL [-]'text' qualifier`: milliseconds (day-time) or months (year-month).
 *
 * @example
 * intervalLiteral('5', { start: 'SECOND' }).value // 5000
 * intervalLiteral('1-6', { start: 'YEAR', end: 'MONTH' }).value // 18
 */
export function intervalLiteral(text: string, q: IntervalQualifierLike, negative = false): LiteralExpr {
  const value = parseIntervalText(text, q.start, q.end);
  const spelled = `INTERVAL '${text}' ${q.start}${q.end === undefined ? '' : ` TO ${q.end}`}`;
  if (Number.isNaN(value)) throw new ExprTypeError(`invalid interval literal ${spelled}`);
  let type: DataType;
  try {
    type = DataTypes.INTERVAL(q.start, q.end, { precision: q.startPrecision, fractionalPrecision: q.fractionalPrecision ?? 3 });
  } catch (e) {
    throw new ExprTypeError(`invalid interval literal ${spelled}: ${(e as Error).message}`);
  }
  return literal(negative ? -value : value, type);
}

/**
 * The unit argument of EXTRACT, FLOOR/CEIL … TO, TIMESTAMPADD and TIMESTAMPDIFF.
 *
 * @example
 * call('EXTRACT', [timeUnit('YEAR'), field(t, 'ts')])
 */
export function timeUnit(unit: TimeUnit): LiteralExpr { return stringLiteral(unit); }

/**
 * A literal from a plain JavaScript value: integers are INT (BIGINT past 32 bits), other numbers
 * DOUBLE, strings STRING, booleans BOOLEAN, Uint8Array BYTES, null/undefined the untyped NULL.
 *
 * @example
 * valueLiteral(5).type // INT NOT NULL
 */
export function valueLiteral(value: unknown): LiteralExpr {
  if (value === null || value === undefined) return nullLiteral();
  switch (typeof value) {
    case 'number':
      if (Number.isInteger(value)) return literal(value, Math.abs(value) <= 2147483647 ? DataTypes.INT() : DataTypes.BIGINT());
      return literal(value, DataTypes.DOUBLE());
    case 'string': return literal(value, DataTypes.STRING());
    case 'boolean': return literal(value, DataTypes.BOOLEAN());
    default:
      if (value instanceof Uint8Array) return literal(value, DataTypes.BYTES());
      throw new ExprTypeError(`cannot make a literal of ${Object.prototype.toString.call(value)}; give its type with literal(value, type)`);
  }
}
