import type { Expr } from '../ast/expressions.ts';
import type { JoinType, TableAlias, TableRef } from '../ast/queries.ts';
import { parseExpr, parseExprList } from './expressions.ts';
import { parseHints } from './hints.ts';
import type { Cursor } from './parser-base.ts';
import { speculate, startsQuery } from './primary.ts';
import { parseQuery } from './queries.ts';

/**
 * A FROM clause: table references joined by JOINs, then by commas (a comma binds looser than
 * JOIN, so `a, b JOIN c ON …` is `a, (b JOIN c ON …)`).
 *
 * @example
 * parseFrom(new Cursor('orders o LEFT JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.cur = r.cur'))
 */
export function parseFrom(c: Cursor): TableRef {
  let left = parseJoinChain(c);
  while (c.isSymbol(',')) {
    c.next();
    left = { kind: 'Join', type: 'COMMA', natural: false, left, right: parseJoinChain(c), pos: left.pos };
  }
  return left;
}

function parseJoinChain(c: Cursor): TableRef {
  let left = parseTablePrimary(c);
  for (;;) {
    const natural = c.acceptWords('NATURAL');
    const type = parseJoinType(c);
    if (type === undefined) {
      if (natural) c.fail(["'JOIN'"]);
      return left;
    }
    const right = parseTablePrimary(c);
    let on: Expr | undefined;
    let using: string[] | undefined;
    if (type !== 'CROSS' && !natural) {
      if (c.acceptWords('ON')) on = parseExpr(c);
      else if (c.acceptWords('USING')) using = c.parenthesisedNames();
      else c.fail(["'ON'", "'USING'"]);
    }
    left = { kind: 'Join', type, natural, left, right, ...(on && { on }), ...(using && { using }), pos: left.pos };
  }
}

function parseJoinType(c: Cursor): JoinType | undefined {
  if (c.acceptWords('JOIN') || c.acceptWords('INNER', 'JOIN')) return 'INNER';
  if (c.acceptWords('CROSS', 'JOIN')) return 'CROSS';
  for (const side of ['LEFT', 'RIGHT', 'FULL'] as const) {
    if (c.acceptWords(side)) {
      c.acceptWords('OUTER');
      c.expectWords('JOIN');
      return side;
    }
  }
  return undefined;
}

function parseTablePrimary(c: Cursor): TableRef {
  return c.nested(() => tablePrimary(c));
}

function tablePrimary(c: Cursor): TableRef {
  const pos = c.pos();
  if (c.acceptWords('LATERAL')) {
    if (c.isWord('TABLE')) return parseTableFunction(c, true);
    if (!c.isSymbol('(')) c.fail(["'TABLE'", "'('"]);
    c.next();
    const query = parseQuery(c);
    c.expectSymbol(')');
    return { kind: 'SubqueryRef', query, lateral: true, ...aliasField(c), pos };
  }
  if (c.isWord('TABLE') && c.isSymbol('(', 1)) return parseTableFunction(c, false);
  if (c.isWord('UNNEST') && c.isSymbol('(', 1)) {
    c.next();
    c.next();
    const args = parseExprList(c);
    c.expectSymbol(')');
    const withOrdinality = c.acceptWords('WITH', 'ORDINALITY');
    return { kind: 'UnnestRef', args, withOrdinality, ...aliasField(c), pos };
  }
  if (c.isSymbol('(')) return parseParenthesisedTable(c);
  const name = c.compoundName('a table name');
  const hints = parseHints(c);
  let systemTime: Expr | undefined;
  if (c.acceptWords('FOR')) {
    c.expectWords('SYSTEM_TIME', 'AS', 'OF');
    systemTime = parseExpr(c);
  }
  return { kind: 'TableName', name, hints, ...(systemTime && { systemTime }), ...aliasField(c), pos };
}

/** `(query) [AS] t` or a parenthesised join `(a JOIN b ON …)`. */
function parseParenthesisedTable(c: Cursor): TableRef {
  const pos = c.pos();
  const subquery = (): TableRef => {
    c.expectSymbol('(');
    const query = parseQuery(c);
    c.expectSymbol(')');
    return { kind: 'SubqueryRef', query, lateral: false, ...aliasField(c), pos };
  };
  const join = (): TableRef => {
    c.expectSymbol('(');
    const inner = parseFrom(c);
    c.expectSymbol(')');
    return inner;
  };
  if (startsQuery(c, 1)) return subquery();
  let k = 1;
  while (c.isSymbol('(', k)) k++;
  return k > 1 && startsQuery(c, k) ? speculate(c, subquery, join) : join();
}

/** `TABLE(f(…))` / `LATERAL TABLE(f(…))`: the argument must be a function call. */
function parseTableFunction(c: Cursor, lateral: boolean): TableRef {
  const pos = c.expectWords('TABLE').pos;
  c.expectSymbol('(');
  const at = c.peek();
  const call = parseExpr(c);
  if (call.kind !== 'FunctionCall') c.fail(['a table function call such as TUMBLE(…)'], at);
  c.expectSymbol(')');
  return { kind: 'TableFunctionRef', call, lateral, ...aliasField(c), pos };
}

/** `{ alias }` when an alias follows, `{}` otherwise (so the key is absent rather than undefined). */
function aliasField(c: Cursor): { alias?: TableAlias } {
  let name: string | undefined;
  if (c.acceptWords('AS')) name = c.identifier('an alias');
  else if (c.isIdentifier()) name = c.identifier();
  if (name === undefined) return {};
  const columns = c.isSymbol('(') ? c.parenthesisedNames() : undefined;
  return { alias: { name, ...(columns && { columns }) } };
}
