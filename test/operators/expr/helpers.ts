import { DataTypes, asNullable, type DataType, type RowType } from '../../../src/core/data-types.ts';
import {
  call, field, literal, lookupFunction, numericLiteral, stringLiteral, type Expr, type LiteralExpr,
} from '../../../src/plan/expr/index.ts';
import { compileExpr, type CompileOptions } from '../../../src/operators/expr/index.ts';

/** A row type with a column of most types, all nullable. */
export const T: RowType = DataTypes.ROW([
  { name: 'i', type: DataTypes.INT() },
  { name: 'j', type: DataTypes.INT() },
  { name: 'b', type: DataTypes.BIGINT() },
  { name: 'd', type: DataTypes.DOUBLE() },
  { name: 'dec', type: DataTypes.DECIMAL(10, 2) },
  { name: 's', type: DataTypes.STRING() },
  { name: 's2', type: DataTypes.STRING() },
  { name: 'flag', type: DataTypes.BOOLEAN() },
  { name: 'flag2', type: DataTypes.BOOLEAN() },
  { name: 'ts', type: DataTypes.TIMESTAMP(3) },
  { name: 'ltz', type: DataTypes.TIMESTAMP_LTZ(3) },
  { name: 'dt', type: DataTypes.DATE() },
  { name: 'tm', type: DataTypes.TIME(0) },
  { name: 'arr', type: DataTypes.ARRAY(DataTypes.INT()) },
  { name: 'm', type: DataTypes.MAP(DataTypes.STRING(), DataTypes.INT()) },
  { name: 'r', type: DataTypes.ROW([{ name: 'x', type: DataTypes.INT() }, { name: 'y', type: DataTypes.STRING() }]) },
  { name: 'bytes', type: DataTypes.BYTES() },
]);

/** A field of {@link T}. */
export const f = (name: string): Expr => field(T, name);
/** A numeric literal from its SQL text. */
export const n = (text: string): LiteralExpr => numericLiteral(text);
/** A string literal. */
export const s = (text: string): LiteralExpr => stringLiteral(text);

/** Compiles `expr` over {@link T} and runs it on `row`. */
export function evaluate(expr: Expr, row: Record<string, unknown> = {}, options?: CompileOptions): unknown {
  return compileExpr(expr, T, options)(row);
}

/** 2024-01-01 10:00:00.000 UTC, a Monday. */
export const TS = Date.UTC(2024, 0, 1, 10, 0, 0);

/**
 * Calls a built-in two ways and returns both results: with every argument inline as a literal, and
 * with every argument (except those the function needs as literals) read from a nullable column —
 * so both the compile-time and the run-time paths are exercised.
 */
export function callBothWays(name: string, args: readonly LiteralExpr[], options?: CompileOptions): { inline: unknown; fromRow: unknown } {
  const inline = compileExpr(call(name, args), DataTypes.ROW([]), options)({});
  const def = lookupFunction(name);
  const literalArgs = new Set(def?.literalArgs ?? []);
  const fields = args.map((a, i) => ({ name: `a${i}`, type: asNullable(a.type.kind === 'NULL' ? DataTypes.STRING() : a.type) }));
  const rowType = DataTypes.ROW(fields);
  const callArgs = args.map((a, i) => (literalArgs.has(i) ? a : field(rowType, `a${i}`)));
  const row = Object.fromEntries(args.map((a, i) => [`a${i}`, a.value]));
  const fromRow = compileExpr(call(name, callArgs), rowType, options)(row);
  return { inline, fromRow };
}

/** Runs `name(args)` with argument `nullAt` read from a column holding NULL (literal-only arguments stay literals). */
export function callWithNullAt(name: string, args: readonly LiteralExpr[], nullAt: number): unknown {
  const literalArgs = new Set(lookupFunction(name)?.literalArgs ?? []);
  const fields = args.map((a, i) => ({ name: `a${i}`, type: asNullable(a.type) as DataType }));
  const rowType = DataTypes.ROW(fields);
  const row = Object.fromEntries(args.map((a, i) => [`a${i}`, i === nullAt ? null : a.value]));
  const callArgs = args.map((a, i) => (literalArgs.has(i) ? a : field(rowType, `a${i}`)));
  return compileExpr(call(name, callArgs), rowType)(row);
}

/** A literal of a type (value in the runtime representation). */
export const lit = (value: unknown, type: DataType): LiteralExpr => literal(value, type);
