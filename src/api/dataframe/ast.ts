import { typeToString, type DataType } from '../../core/data-types.ts';
import type { Expr, FunctionCall } from '../sql/ast/expressions.ts';
import type { SourcePos } from '../sql/ast/node.ts';
import type { DataType as AstDataType } from '../sql/ast/types.ts';
import { parseDataType } from '../sql/parser/index.ts';

/**
 * Building the SQL AST that DataFrame operations compile to. The DataFrame API shares the SQL
 * binder (Spark's DataFrames and SQL share Catalyst's analyzer the same way), so a Column is an AST
 * expression and a DataFrame step is a SELECT over the previous step. Nodes built here have no place
 * in any SQL text: they carry {@link NO_POS}.
 */

/** The position of AST nodes the DataFrame API builds (line 0: not from SQL text). */
export const NO_POS: SourcePos = Object.freeze({ line: 0, column: 0, offset: 0 });

/** @example identifier('data', 'symbol') */
export function identifier(...parts: string[]): Expr {
  return { kind: 'Identifier', parts, pos: NO_POS };
}

/** @example call('UPPER', [identifier('symbol')]) */
export function call(name: string, args: readonly Expr[], options: { distinct?: boolean; star?: boolean } = {}): FunctionCall {
  return { kind: 'FunctionCall', name: [name], args, distinct: options.distinct ?? false, star: options.star ?? false, pos: NO_POS };
}

/** A JavaScript value as a SQL literal, as Spark's `lit` types it (1 → INT, 1.5 → DOUBLE, 2**40 → BIGINT). */
export function literal(value: unknown): Expr {
  if (value === null || value === undefined) return { kind: 'NullLiteral', pos: NO_POS };
  if (typeof value === 'boolean') return { kind: 'BooleanLiteral', value, pos: NO_POS };
  if (typeof value === 'string') return { kind: 'StringLiteral', value, pos: NO_POS };
  if (typeof value === 'bigint') return { kind: 'NumericLiteral', text: value.toString(), pos: NO_POS };
  if (typeof value === 'number') {
    if (Number.isNaN(value) || !Number.isFinite(value)) return cast({ kind: 'StringLiteral', value: String(value), pos: NO_POS }, 'DOUBLE');
    if (Number.isInteger(value) && !Object.is(value, -0)) {
      const text = String(Math.abs(value));
      const positive: Expr = { kind: 'NumericLiteral', text: /e/i.test(text) ? BigInt(Math.abs(value)).toString() : text, pos: NO_POS };
      return value < 0 ? { kind: 'Unary', op: '-', operand: positive, pos: NO_POS } : positive;
    }
    // An exponent makes it an approximate (DOUBLE) literal, as Spark types 1.5.
    const text = Math.abs(value).toExponential();
    const positive: Expr = { kind: 'NumericLiteral', text, pos: NO_POS };
    return value < 0 || Object.is(value, -0) ? { kind: 'Unary', op: '-', operand: positive, pos: NO_POS } : positive;
  }
  if (value instanceof Date) return { kind: 'DateTimeLiteral', type: 'TIMESTAMP', value: value.toISOString().replace('T', ' ').replace('Z', ''), pos: NO_POS };
  throw new TypeError(`lit(): cannot make a literal of ${typeof value} (${String(value)})`);
}

/** `CAST(e AS type)`; the type as SQL text or an engine type. */
export function cast(e: Expr, type: string | DataType, tryCast = false): Expr {
  return { kind: 'Cast', operand: e, type: astType(type), try: tryCast, pos: NO_POS };
}

/** An engine type (or SQL type text) as the AST's type node. */
export function astType(type: string | DataType): AstDataType {
  return parseDataType(typeof type === 'string' ? type : typeToString(type));
}

/** `INTERVAL 'n' SECOND` for a duration in milliseconds. */
export function intervalMillis(millis: number): Expr {
  return { kind: 'IntervalLiteral', negative: false, value: String(millis / 1000), qualifier: { start: 'SECOND', fractionalPrecision: 3 }, pos: NO_POS };
}
