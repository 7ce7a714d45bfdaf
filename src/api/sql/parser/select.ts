import type { Expr } from '../ast/expressions.ts';
import type { GroupingElement, NamedWindow, Select, SelectItem } from '../ast/queries.ts';
import { parseExpr, parseExprList } from './expressions.ts';
import { parseFrom } from './from-clause.ts';
import { parseWindowSpec } from './function-calls.ts';
import { parseHints } from './hints.ts';
import type { Cursor } from './parser-base.ts';

/**
 * `SELECT [hints] [ALL|DISTINCT] items [FROM …] [WHERE …] [GROUP BY …] [HAVING …] [WINDOW …]`.
 *
 * @example
 * parseSelect(new Cursor('SELECT symbol, SUM(shares) AS total FROM trades GROUP BY symbol'))
 */
export function parseSelect(c: Cursor): Select {
  const pos = c.expectWords('SELECT').pos;
  const hints = parseHints(c);
  const distinct = c.acceptWords('DISTINCT');
  if (!distinct) c.acceptWords('ALL');
  const items: SelectItem[] = [];
  do items.push(parseSelectItem(c)); while (c.acceptSymbol(','));
  const from = c.acceptWords('FROM') ? parseFrom(c) : undefined;
  const where = c.acceptWords('WHERE') ? parseExpr(c) : undefined;
  let groupBy: GroupingElement[] | undefined;
  if (c.acceptWords('GROUP', 'BY')) {
    groupBy = [];
    do groupBy.push(parseGroupingElement(c)); while (c.acceptSymbol(','));
  }
  const having = c.acceptWords('HAVING') ? parseExpr(c) : undefined;
  const windows: NamedWindow[] = [];
  if (c.acceptWords('WINDOW')) {
    do {
      const at = c.pos();
      const name = c.identifier('a window name');
      c.expectWords('AS');
      windows.push({ name, spec: parseWindowSpec(c), pos: at });
    } while (c.acceptSymbol(','));
  }
  return {
    kind: 'Select', hints, distinct, items,
    ...(from && { from }), ...(where && { where }), ...(groupBy && { groupBy }), ...(having && { having }),
    windows, pos,
  };
}

function parseSelectItem(c: Cursor): SelectItem {
  const pos = c.pos();
  if (c.acceptSymbol('*')) return { kind: 'SelectStar', pos };
  // `t.*` / `db.t.*`: names separated by dots, ending in a star.
  let k = 0;
  while ((c.peek(k).kind === 'word' || c.peek(k).kind === 'quoted') && c.isSymbol('.', k + 1)) {
    if (c.isSymbol('*', k + 2)) {
      const qualifier = c.compoundName();
      c.expectSymbol('.');
      c.expectSymbol('*');
      return { kind: 'SelectStar', qualifier, pos };
    }
    k += 2;
  }
  const expr = parseExpr(c);
  const alias = parseAlias(c);
  return { kind: 'SelectExpr', expr, ...(alias !== undefined && { alias }), pos };
}

/**
 * `AS name` or a bare name that is not a reserved word; undefined when there is none.
 *
 * @example
 * parseAlias(new Cursor('AS total')) // 'total'
 */
export function parseAlias(c: Cursor): string | undefined {
  if (c.acceptWords('AS')) return c.identifier('an alias');
  return c.isIdentifier() ? c.identifier() : undefined;
}

function parseGroupingElement(c: Cursor): GroupingElement {
  const pos = c.pos();
  if (c.acceptWords('GROUPING', 'SETS')) {
    c.expectSymbol('(');
    const sets: GroupingElement[] = [];
    do sets.push(parseGroupingElement(c)); while (c.acceptSymbol(','));
    c.expectSymbol(')');
    return { kind: 'GroupingSets', sets, pos };
  }
  if ((c.isWord('ROLLUP') || c.isWord('CUBE')) && c.isSymbol('(', 1)) {
    const kind = c.next().upper === 'ROLLUP' ? 'Rollup' : 'Cube';
    c.next();
    const items: Expr[] = parseExprList(c);
    c.expectSymbol(')');
    return { kind, items, pos };
  }
  if (c.isSymbol('(') && c.isSymbol(')', 1)) {
    c.next();
    c.next();
    return { kind: 'EmptyGroup', pos };
  }
  return parseExpr(c);
}
