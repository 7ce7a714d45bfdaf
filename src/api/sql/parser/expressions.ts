import type { BinaryOp, Expr } from '../ast/expressions.ts';
import type { Cursor } from './parser-base.ts';
import { PREC, binaryPrec } from './precedence.ts';
import { parsePrimary, parseParenthesisedQueryOrList } from './primary.ts';

const SYMBOL_OPS: Record<string, BinaryOp> = {
  '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=',
  '+': '+', '-': '-', '*': '*', '/': '/', '%': '%', '||': '||',
};
const NEGATABLE = new Set(['BETWEEN', 'IN', 'LIKE', 'SIMILAR']);

/**
 * Parses an expression by precedence climbing (Pratt): operators binding no tighter than
 * `minPrec` are left for the caller, so `parseExpr(c, PREC.AND)` stops before `AND`.
 *
 * @example
 * parseExpr(new Cursor('a OR b AND NOT c = d')) // OR(a, AND(b, NOT(c = d)))
 */
export function parseExpr(c: Cursor, minPrec = 0): Expr {
  let left = parsePrimary(c);
  // Each operator chained onto the left makes the tree one level deeper.
  let chained = 0;
  try {
    for (;;) {
      const prec = infixPrec(c);
      if (prec <= minPrec) return left;
      c.enter(1);
      chained++;
      left = parseInfix(c, left, prec);
    }
  } finally {
    c.leave(chained);
  }
}

/**
 * Parses a comma-separated list of expressions.
 *
 * @example
 * parseExprList(new Cursor('a, b + 1')).length // 2
 */
export function parseExprList(c: Cursor): Expr[] {
  const list = [parseExpr(c)];
  while (c.acceptSymbol(',')) list.push(parseExpr(c));
  return list;
}

/** How tightly the current token binds as an infix or postfix operator (0: it is not one). */
function infixPrec(c: Cursor): number {
  const t = c.peek();
  if (t.kind === 'symbol') {
    const op = SYMBOL_OPS[t.value];
    if (op !== undefined) return binaryPrec(op);
    return t.value === '[' || t.value === '.' ? PREC.POSTFIX : 0;
  }
  if (t.kind !== 'word') return 0;
  switch (t.upper) {
    case 'OR': return PREC.OR;
    case 'AND': return PREC.AND;
    case 'IS': return PREC.IS;
    case 'BETWEEN': case 'IN': case 'LIKE': return PREC.PREDICATE;
    case 'SIMILAR': return c.isWord('TO', 1) ? PREC.PREDICATE : 0;
    case 'NOT': return c.peek(1).kind === 'word' && NEGATABLE.has(c.peek(1).upper) ? PREC.PREDICATE : 0;
    default: return 0;
  }
}

function parseInfix(c: Cursor, left: Expr, prec: number): Expr {
  const pos = left.pos;
  const t = c.next();
  if (t.kind === 'symbol') {
    if (t.value === '[') {
      const index = parseExpr(c);
      c.expectSymbol(']');
      return { kind: 'ItemAccess', target: left, index, pos };
    }
    if (t.value === '.') {
      const name = c.peek();
      if (name.kind !== 'word' && name.kind !== 'quoted') c.fail(['a field name']);
      c.next();
      if (left.kind === 'Identifier') return { kind: 'Identifier', parts: [...left.parts, name.value], pos };
      return { kind: 'FieldAccess', target: left, field: name.value, pos };
    }
    return { kind: 'Binary', op: SYMBOL_OPS[t.value], left, right: parseExpr(c, prec), pos };
  }
  switch (t.upper) {
    case 'OR': case 'AND':
      return { kind: 'Binary', op: t.upper, left, right: parseExpr(c, prec), pos };
    case 'IS':
      return parseIs(c, left);
    case 'NOT':
      return parsePredicate(c, left, true);
    default:
      c.index--;
      return parsePredicate(c, left, false);
  }
}

/** After IS: `[NOT] NULL | TRUE | FALSE | UNKNOWN | DISTINCT FROM expr`. */
function parseIs(c: Cursor, operand: Expr): Expr {
  const pos = operand.pos;
  const negated = c.acceptWords('NOT');
  if (c.acceptWords('DISTINCT', 'FROM')) {
    return { kind: 'IsDistinctFrom', left: operand, right: parseExpr(c, PREC.IS), negated, pos };
  }
  const t = c.peek();
  if (t.kind === 'word' && (t.upper === 'NULL' || t.upper === 'TRUE' || t.upper === 'FALSE' || t.upper === 'UNKNOWN')) {
    c.next();
    return { kind: 'Is', operand, test: t.upper, negated, pos };
  }
  return c.fail(["'NULL'", "'TRUE'", "'FALSE'", "'UNKNOWN'", "'DISTINCT FROM'"]);
}

/** BETWEEN, IN, LIKE, SIMILAR TO (after an optional NOT, already consumed when `negated`). */
function parsePredicate(c: Cursor, operand: Expr, negated: boolean): Expr {
  const pos = operand.pos;
  const t = c.next();
  switch (t.upper) {
    case 'BETWEEN': {
      const symmetric = c.acceptWords('SYMMETRIC');
      if (!symmetric) c.acceptWords('ASYMMETRIC');
      // Bounds bind tighter than AND, so the AND here is BETWEEN's own.
      const low = parseExpr(c, PREC.PREDICATE);
      c.expectWords('AND');
      const high = parseExpr(c, PREC.PREDICATE);
      return { kind: 'Between', operand, low, high, negated, symmetric, pos };
    }
    case 'IN': {
      const inside = parseParenthesisedQueryOrList(c);
      return inside.kind === 'Query'
        ? { kind: 'InSubquery', operand, query: inside, negated, pos }
        : { kind: 'InList', operand, list: inside.list, negated, pos };
    }
    case 'SIMILAR':
      c.expectWords('TO');
      return parseLike(c, operand, 'SIMILAR TO', negated);
    default:
      return parseLike(c, operand, 'LIKE', negated);
  }
}

function parseLike(c: Cursor, operand: Expr, op: 'LIKE' | 'SIMILAR TO', negated: boolean): Expr {
  const pattern = parseExpr(c, PREC.PREDICATE);
  const escape = c.acceptWords('ESCAPE') ? parseExpr(c, PREC.PREDICATE) : undefined;
  return { kind: 'Like', op, operand, pattern, ...(escape && { escape }), negated, pos: operand.pos };
}
