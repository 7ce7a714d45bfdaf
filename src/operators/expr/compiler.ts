import type { DataType } from '../../core/data-types.ts';
import type { CallExpr, Expr } from '../../plan/expr/expr.ts';
import type { CodeGen, Operand } from './codegen.ts';

/**
 * What node compilers and call emitters get: the code generator, recursive compilation, and the
 * compile options. Passing this object (instead of importing the dispatcher) keeps the per-kind
 * modules free of import cycles.
 *
 * @example
 * const op = c.node(call.args[0]); c.g.valueOf(op)
 */
export interface ExprCompiler {
  readonly g: CodeGen;
  /** Compiles a node to an operand (statements go to the current block). */
  node(e: Expr): Operand;
  /** Compiles a boolean node to a JavaScript condition that is true exactly when the SQL value is TRUE. */
  condition(e: Expr): string;
  /** A reference to the clock function for NOW() and friends. */
  clock(): string;
}

/**
 * Code for a strict call: `args` are JavaScript expressions for non-null argument values (atoms when
 * `multiUse` is set, so they may be repeated). Returns an expression for the result.
 */
export interface StrictEmitter {
  readonly custom?: false;
  readonly multiUse?: boolean;
  emit(args: readonly string[], call: CallExpr, c: ExprCompiler): string;
}

/** Code for a null-aware call (COALESCE, IF, CONCAT_WS…): compiles its own arguments, lazily if it wants. */
export interface CustomEmitter {
  readonly custom: true;
  emit(call: CallExpr, c: ExprCompiler): Operand;
}

/** How one built-in function becomes code. */
export type CallEmitter = StrictEmitter | CustomEmitter;

/** Shorthand for a strict emitter. @example strict((a) => `${a[0]}.toUpperCase()`) */
export const strict = (emit: StrictEmitter['emit'], multiUse = false): StrictEmitter => ({ emit, multiUse });
/** Shorthand for a custom emitter. @example custom((call, c) => c.node(call.args[0])) */
export const custom = (emit: CustomEmitter['emit']): CustomEmitter => ({ custom: true, emit });

/** Types whose values compare with `===` and `<` (not BYTES, ARRAY, MAP, ROW). @example isPrimitive(DataTypes.INT()) // true */
export function isPrimitive(t: DataType): boolean {
  switch (t.kind) {
    case 'BINARY': case 'VARBINARY': case 'ARRAY': case 'MULTISET': case 'MAP': case 'ROW': return false;
    default: return true;
  }
}

/** JavaScript for `a = b` on non-null values of type `t`. @example equalsCode(DataTypes.INT(), 'a', 'b', g) // '(a === b)' */
export function equalsCode(t: DataType, a: string, b: string, g: CodeGen): string {
  return isPrimitive(t) ? `(${a} === ${b})` : `${g.helper('valuesEqual')}(${a}, ${b})`;
}

/** JavaScript for `a op b` (an order comparison) on non-null values of type `t`. @example compareCode(DataTypes.INT(), '<', 'a', 'b', g) // '(a < b)' */
export function compareCode(t: DataType, op: string, a: string, b: string, g: CodeGen): string {
  return isPrimitive(t) ? `(${a} ${op} ${b})` : `(${g.helper('compareValues')}(${a}, ${b}) ${op} 0)`;
}

/** The literal value of argument `i`, or undefined when it is not a literal. @example literalArg(call, 1) */
export function literalArg(call: CallExpr, i: number): unknown {
  const a = call.args[i];
  return a !== undefined && a.kind === 'literal' ? a.value : undefined;
}

/** The type of argument `i` (the untyped NULL when absent). */
export const argType = (call: CallExpr, i: number): DataType => call.args[i].type;
