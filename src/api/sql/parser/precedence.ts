import type { BinaryOp } from '../ast/expressions.ts';

/**
 * Binding strengths shared by the Pratt parser and the printer, loosest first. They follow
 * Calcite (Flink's parser): NOT binds looser than comparisons, IS looser than `=`, the predicates
 * BETWEEN / IN / LIKE tighter than `=`, `||` at the level of `*`, unary minus tighter than `*`,
 * and postfix `[i]` / `.f` tightest.
 *
 * @example
 * PREC.AND < PREC.COMPARE // true: `a = 1 AND b = 2` is `(a = 1) AND (b = 2)`
 */
export const PREC = {
  OR: 10,
  AND: 20,
  NOT: 25,
  IS: 30,
  COMPARE: 40,
  PREDICATE: 45,
  ADD: 50,
  MUL: 60,
  UNARY: 70,
  POSTFIX: 80,
  ATOM: 100,
} as const;

const BINARY_PREC: Record<BinaryOp, number> = {
  OR: PREC.OR,
  AND: PREC.AND,
  '=': PREC.COMPARE, '<>': PREC.COMPARE, '<': PREC.COMPARE, '<=': PREC.COMPARE, '>': PREC.COMPARE, '>=': PREC.COMPARE,
  '+': PREC.ADD, '-': PREC.ADD,
  '*': PREC.MUL, '/': PREC.MUL, '%': PREC.MUL, '||': PREC.MUL,
};

/**
 * The binding strength of a binary operator.
 *
 * @example
 * binaryPrec('*') > binaryPrec('+') // true
 */
export function binaryPrec(op: BinaryOp): number {
  return BINARY_PREC[op];
}
