import type { Expr } from '../ast/expressions.ts';
import type { Query } from '../ast/queries.ts';
import { CALLABLE_RESERVED, RESERVED } from '../lexer/keywords.ts';
import { SqlParseError } from '../sql-error.ts';
import { parseCall } from './function-calls.ts';
import { parseExpr, parseExprList } from './expressions.ts';
import { parseIntervalLiteral } from './literals.ts';
import type { Cursor } from './parser-base.ts';
import { PREC } from './precedence.ts';
import { parseQuery } from './queries.ts';
import { parseCase, SPECIAL_FORMS } from './special-forms.ts';

const NILADIC = new Set(['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'LOCALTIME', 'LOCALTIMESTAMP'] as const);
type Niladic = typeof NILADIC extends Set<infer T> ? T : never;

/**
 * Parses an operand: a literal, a name, a call, a special form, a parenthesised expression,
 * row or subquery, or a prefix operator applied to one.
 *
 * @example
 * parsePrimary(new Cursor("DATE '2024-01-31'")) // { kind: 'DateTimeLiteral', type: 'DATE', … }
 */
export function parsePrimary(c: Cursor): Expr {
  return c.nested(() => primary(c));
}

function primary(c: Cursor): Expr {
  const t = c.peek();
  const pos = t.pos;
  switch (t.kind) {
    case 'number':
      c.next();
      return { kind: 'NumericLiteral', text: t.value, pos };
    case 'string':
      c.next();
      return { kind: 'StringLiteral', value: t.value, pos };
    case 'binary':
      c.next();
      return { kind: 'BinaryLiteral', hex: t.value, pos };
    case 'quoted':
      return parseNameOrCall(c);
    case 'word':
      return parseWord(c);
    case 'symbol':
      if (t.value === '(') return parseParenthesised(c);
      if (t.value === '-' || t.value === '+') {
        c.next();
        return { kind: 'Unary', op: t.value, operand: parseExpr(c, PREC.UNARY), pos };
      }
      break;
    default:
      break;
  }
  return c.fail(['an expression']);
}

function parseWord(c: Cursor): Expr {
  const t = c.peek();
  const pos = t.pos;
  const word = t.upper;
  switch (word) {
    case 'NOT':
      c.next();
      return { kind: 'Unary', op: 'NOT', operand: parseExpr(c, PREC.NOT), pos };
    case 'TRUE': case 'FALSE': case 'UNKNOWN':
      c.next();
      return { kind: 'BooleanLiteral', value: word === 'UNKNOWN' ? null : word === 'TRUE', pos };
    case 'NULL':
      c.next();
      return { kind: 'NullLiteral', pos };
    case 'CASE':
      return parseCase(c);
    case 'INTERVAL':
      return parseIntervalLiteral(c);
    case 'DATE': case 'TIME': case 'TIMESTAMP':
      if (c.peek(1).kind === 'string') {
        c.next();
        return { kind: 'DateTimeLiteral', type: word, value: c.next().value, pos };
      }
      break;
    case 'EXISTS':
      c.next();
      c.expectSymbol('(');
      return { kind: 'Exists', query: closeQuery(c), pos };
    case 'ROW':
      if (c.isSymbol('(', 1)) {
        c.next();
        c.next();
        const fields = c.isSymbol(')') ? [] : parseExprList(c);
        c.expectSymbol(')');
        return { kind: 'RowConstructor', fields, explicit: true, pos };
      }
      break;
    case 'ARRAY': case 'MAP':
      if (c.isSymbol('[', 1)) return parseCollection(c, word);
      break;
    default:
      if (NILADIC.has(word as Niladic)) {
        c.next();
        return { kind: 'NiladicCall', name: word as Niladic, pos };
      }
  }
  const special = c.isSymbol('(', 1) ? SPECIAL_FORMS[word] : undefined;
  if (special !== undefined) return special(c);
  return parseNameOrCall(c);
}

/** `name`, `a.b.c`, or a call `f(…)` / `cat.db.f(…)`. */
function parseNameOrCall(c: Cursor): Expr {
  const t = c.peek();
  if (t.kind === 'word' && RESERVED.has(t.upper)) {
    if (CALLABLE_RESERVED.has(t.upper) && c.isSymbol('(', 1)) {
      c.next();
      return parseCall(c, [t.value], t.pos);
    }
    c.fail(['an expression']);
  }
  const parts = c.compoundName();
  if (c.isSymbol('(')) return parseCall(c, parts, t.pos);
  return { kind: 'Identifier', parts, pos: t.pos };
}

/** `ARRAY[a, b]` or `MAP[k, v, …]`. */
function parseCollection(c: Cursor, word: 'ARRAY' | 'MAP'): Expr {
  const pos = c.next().pos;
  c.next();
  const items = c.isSymbol(']') ? [] : parseExprList(c);
  const close = c.peek();
  c.expectSymbol(']');
  if (word === 'ARRAY') return { kind: 'ArrayConstructor', elements: items, pos };
  if (items.length % 2 !== 0) c.failWith('MAP[…] takes key, value pairs: the last key has no value', close);
  const entries = [];
  for (let k = 0; k < items.length; k += 2) entries.push({ key: items[k], value: items[k + 1] });
  return { kind: 'MapConstructor', entries, pos };
}

/** `(expr)`, `(a, b)` (a row), or `(query)` (a scalar subquery). */
function parseParenthesised(c: Cursor): Expr {
  const pos = c.peek().pos;
  const inside = parseParenthesisedQueryOrList(c);
  if (inside.kind === 'Query') return { kind: 'Subquery', query: inside, pos };
  if (inside.list.length === 1) return inside.list[0];
  return { kind: 'RowConstructor', fields: inside.list, explicit: false, pos };
}

/**
 * After `(`: a query up to `)`, or a list of expressions up to `)`. `((SELECT …) UNION …)`
 * and `((SELECT 1) + 1)` start alike, so when parentheses precede SELECT both readings are
 * tried and the one that got further reports the error.
 *
 * @example
 * parseParenthesisedQueryOrList(new Cursor('(1, 2)')) // { kind: 'List', list: [1, 2] }
 */
export function parseParenthesisedQueryOrList(c: Cursor): Query | { kind: 'List'; list: Expr[] } {
  c.expectSymbol('(');
  if (startsQuery(c)) return closeQuery(c);
  const asList = (): { kind: 'List'; list: Expr[] } => {
    const list = parseExprList(c);
    c.expectSymbol(')');
    return { kind: 'List', list };
  };
  let k = 0;
  while (c.isSymbol('(', k)) k++;
  if (k === 0 || !startsQuery(c, k)) return asList();
  return speculate(c, () => closeQuery(c), asList);
}

/**
 * The token `ahead` starts a query: SELECT, WITH or VALUES.
 *
 * @example
 * startsQuery(new Cursor('(SELECT 1)'), 1) // true
 */
export function startsQuery(c: Cursor, ahead = 0): boolean {
  return c.isWord('SELECT', ahead) || c.isWord('WITH', ahead) || c.isWord('VALUES', ahead);
}

function closeQuery(c: Cursor): Query {
  const query = parseQuery(c);
  c.expectSymbol(')');
  return query;
}

/**
 * Tries `first`; if it fails, rewinds and tries `second`; if both fail, throws the error that got further.
 *
 * @example
 * speculate(c, () => parseQuery(c), () => parseExprList(c))
 */
export function speculate<A, B>(c: Cursor, first: () => A, second: () => B): A | B {
  const start = c.index;
  try {
    return first();
  } catch (firstError) {
    if (!(firstError instanceof SqlParseError)) throw firstError;
    c.index = start;
    try {
      return second();
    } catch (secondError) {
      if (!(secondError instanceof SqlParseError)) throw secondError;
      throw secondError.offset >= firstError.offset ? secondError : firstError;
    }
  }
}
