import type { Expr, OrderItem } from '../ast/expressions.ts';
import type { CommonTableExpr, Query, QueryBody, SetOperation, Values } from '../ast/queries.ts';
import { parseExpr, parseExprList } from './expressions.ts';
import { parseOrderItems } from './function-calls.ts';
import type { Cursor } from './parser-base.ts';
import { parseSelect } from './select.ts';

const SET_PREC: Record<string, number> = { UNION: 1, EXCEPT: 1, MINUS: 1, INTERSECT: 2 };

/**
 * A whole query: `[WITH …] body [ORDER BY …] [LIMIT n | FETCH FIRST n ROWS ONLY] [OFFSET m]`,
 * where the body is SELECTs, VALUES and parenthesised queries joined by UNION / EXCEPT and the
 * tighter-binding INTERSECT.
 *
 * @example
 * parseQuery(new Cursor('SELECT a FROM t UNION ALL SELECT b FROM u ORDER BY 1 LIMIT 10'))
 */
export function parseQuery(c: Cursor): Query {
  return c.nested(() => query(c));
}

function query(c: Cursor): Query {
  const pos = c.pos();
  let withClause: Query['with'];
  if (c.acceptWords('WITH')) {
    const recursive = c.acceptWords('RECURSIVE');
    const ctes: CommonTableExpr[] = [];
    do ctes.push(parseCte(c)); while (c.acceptSymbol(','));
    withClause = { recursive, ctes };
  }
  const body = parseSetExpr(c, 0);
  const orderBy: OrderItem[] = c.acceptWords('ORDER', 'BY') ? parseOrderItems(c) : [];
  let limit: Expr | undefined;
  let offset: Expr | undefined;
  if (c.acceptWords('LIMIT')) {
    if (!c.acceptWords('ALL')) limit = parseExpr(c);
  }
  if (c.acceptWords('OFFSET')) {
    offset = parseExpr(c);
    if (!c.acceptWords('ROWS')) c.acceptWords('ROW');
  }
  if (limit === undefined && c.isWord('FETCH')) limit = parseFetch(c);
  return { kind: 'Query', ...(withClause && { with: withClause }), body, orderBy, ...(limit && { limit }), ...(offset && { offset }), pos };
}

function parseCte(c: Cursor): CommonTableExpr {
  const pos = c.pos();
  const name = c.identifier('a name for the WITH query');
  const columns = c.isSymbol('(') ? c.parenthesisedNames() : undefined;
  c.expectWords('AS');
  c.expectSymbol('(');
  const query = parseQuery(c);
  c.expectSymbol(')');
  return { name, ...(columns && { columns }), query, pos };
}

/** `FETCH FIRST|NEXT [n] ROW|ROWS ONLY`, read as a limit (1 when n is left out). */
function parseFetch(c: Cursor): Expr {
  const at = c.next();
  if (!c.acceptWords('FIRST')) c.expectWords('NEXT');
  const limit: Expr = c.isWord('ROW') || c.isWord('ROWS')
    ? { kind: 'NumericLiteral', text: '1', pos: at.pos }
    : parseExpr(c);
  if (!c.acceptWords('ROWS') && !c.acceptWords('ROW')) c.fail(["'ROWS'"]);
  c.expectWords('ONLY');
  return limit;
}

/** Set operations by precedence climbing: INTERSECT binds tighter than UNION and EXCEPT. */
function parseSetExpr(c: Cursor, minPrec: number): QueryBody {
  let left = parseQueryPrimary(c);
  for (;;) {
    const t = c.peek();
    const prec = t.kind === 'word' ? (SET_PREC[t.upper] ?? 0) : 0;
    if (prec <= minPrec) return left;
    c.next();
    const op: SetOperation['op'] = t.upper === 'MINUS' ? 'EXCEPT' : (t.upper as SetOperation['op']);
    const all = c.acceptWords('ALL');
    if (!all) c.acceptWords('DISTINCT');
    const right = parseSetExpr(c, prec);
    left = { kind: 'SetOperation', op, all, left, right, pos: left.pos };
  }
}

function parseQueryPrimary(c: Cursor): QueryBody {
  if (c.isWord('SELECT')) return parseSelect(c);
  if (c.isWord('VALUES')) return parseValues(c);
  if (c.isSymbol('(')) {
    c.next();
    const inner = parseQuery(c);
    c.expectSymbol(')');
    return inner;
  }
  return c.fail(["'SELECT'", "'VALUES'", "'('"]);
}

/** `VALUES (a, b), (c, d)`; a row without parentheses is one column. */
function parseValues(c: Cursor): Values {
  const pos = c.expectWords('VALUES').pos;
  const rows: Expr[][] = [];
  do {
    if (c.acceptSymbol('(')) {
      rows.push(parseExprList(c));
      c.expectSymbol(')');
    } else {
      rows.push([parseExpr(c)]);
    }
  } while (c.acceptSymbol(','));
  return { kind: 'Values', rows, pos };
}
