import type { Expr } from '../ast/expressions.ts';
import { PREC, binaryPrec } from '../parser/precedence.ts';

/**
 * How tightly an expression's top-level operator binds (atoms: PREC.ATOM).
 *
 * @example
 * precOf(parseExpression('a + b')) // PREC.ADD
 */
export function precOf(e: Expr): number {
  switch (e.kind) {
    case 'Binary': return binaryPrec(e.op);
    case 'Unary': return e.op === 'NOT' ? PREC.NOT : PREC.UNARY;
    case 'Is': case 'IsDistinctFrom': return PREC.IS;
    case 'Between': case 'InList': case 'InSubquery': case 'Like': return PREC.PREDICATE;
    case 'FieldAccess': case 'ItemAccess': return PREC.POSTFIX;
    default: return PREC.ATOM;
  }
}

/**
 * The loosest operand context along the expression's right edge: an operator binding no
 * tighter than this, written right after the expression, would be swallowed by it
 * (`NOT a` followed by `= b` reads as `NOT (a = b)`).
 */
function trailing(e: Expr): number {
  switch (e.kind) {
    case 'Binary': return tail(binaryPrec(e.op), e.right);
    case 'Unary': return tail(precOf(e), e.operand);
    case 'IsDistinctFrom': return tail(PREC.IS, e.right);
    case 'Between': return tail(PREC.PREDICATE, e.high);
    case 'Like': return e.escape ? tail(PREC.PREDICATE, e.escape) : tail(PREC.PREDICATE, e.pattern);
    default: return PREC.ATOM;
  }
}

/** An operator of strength `own` ending in operand `last` (read at that same strength). */
function tail(own: number, last: Expr): number {
  return needsParensRight(last, own) ? own : Math.min(own, trailing(last));
}

/**
 * Parentheses needed for `e` as the left operand of (or the target of a postfix) operator of
 * strength `prec`.
 *
 * @example
 * needsParensLeft(parseExpression('a + b'), PREC.MUL) // true: (a + b) * c
 */
export function needsParensLeft(e: Expr, prec: number): boolean {
  return trailing(e) < prec;
}

/**
 * Parentheses needed for `e` as an operand the parser reads with `parseExpr(c, minPrec)`: the
 * right side of a binary operator, a BETWEEN bound, the operand of NOT or unary minus.
 *
 * @example
 * needsParensRight(parseExpression('b - c'), PREC.ADD) // true: a - (b - c)
 */
export function needsParensRight(e: Expr, minPrec: number): boolean {
  return leading(e) <= minPrec;
}

/**
 * The loosest operator along the expression's left edge: the parser, reading from the left
 * with a given minimum strength, stops at the first operator that binds no tighter
 * (`x IN (1)[2]` read as the operand of unary minus stops at IN).
 */
function leading(e: Expr): number {
  const first = leftOperand(e);
  if (first === undefined) return PREC.ATOM;
  const own = precOf(e);
  return needsParensLeft(first, own) ? own : Math.min(own, leading(first));
}

/** The operand an infix or postfix expression's text starts with. */
function leftOperand(e: Expr): Expr | undefined {
  switch (e.kind) {
    case 'Binary': case 'IsDistinctFrom': return e.left;
    case 'Is': case 'Between': case 'InList': case 'InSubquery': case 'Like': return e.operand;
    case 'FieldAccess': case 'ItemAccess': return e.target;
    default: return undefined;
  }
}
