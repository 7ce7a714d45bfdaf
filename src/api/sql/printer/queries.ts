import type { Hint, HintOption, GroupingElement, Query, QueryBody, Select, SelectItem, SetOperation, TableAlias, TableRef } from '../ast/queries.ts';
import type { Expr } from '../ast/expressions.ts';
import { printExpr, printOrderItems, printWindowSpec } from './expressions.ts';
import { printName, printWord, quoteIdent, quoteString } from './identifiers.ts';

const SET_PREC: Record<SetOperation['op'], number> = { UNION: 1, EXCEPT: 1, INTERSECT: 2 };

/**
 * A query as one line of SQL.
 *
 * @example
 * printQuery(parseQuery('select a from t order by a')) // 'SELECT a FROM t ORDER BY a'
 */
export function printQuery(q: Query): string {
  const parts: string[] = [];
  if (q.with) {
    const ctes = q.with.ctes.map((c) => `${quoteIdent(c.name)}${c.columns ? ` (${c.columns.map(quoteIdent).join(', ')})` : ''} AS (${printQuery(c.query)})`);
    parts.push(`WITH ${q.with.recursive ? 'RECURSIVE ' : ''}${ctes.join(', ')}`);
  }
  parts.push(printBody(q.body));
  if (q.orderBy.length) parts.push(`ORDER BY ${printOrderItems(q.orderBy)}`);
  if (q.limit) parts.push(`LIMIT ${printExpr(q.limit)}`);
  if (q.offset) parts.push(`OFFSET ${printExpr(q.offset)}`);
  return parts.join(' ');
}

function printBody(b: QueryBody): string {
  switch (b.kind) {
    case 'Select': return printSelect(b);
    case 'Values': return `VALUES ${b.rows.map((r) => `(${r.map(printExpr).join(', ')})`).join(', ')}`;
    case 'Query': return `(${printQuery(b)})`;
    case 'SetOperation': {
      const prec = SET_PREC[b.op];
      const side = (o: QueryBody, parens: boolean) => (o.kind === 'SetOperation' && parens ? `(${printBody(o)})` : printBody(o));
      const l = side(b.left, b.left.kind === 'SetOperation' && SET_PREC[b.left.op] < prec);
      const r = side(b.right, b.right.kind === 'SetOperation' && SET_PREC[b.right.op] <= prec);
      return `${l} ${b.op}${b.all ? ' ALL' : ''} ${r}`;
    }
  }
}

function printSelect(s: Select): string {
  const parts = ['SELECT'];
  if (s.hints.length) parts.push(printHints(s.hints));
  if (s.distinct) parts.push('DISTINCT');
  parts.push(s.items.map(printSelectItem).join(', '));
  if (s.from) parts.push(`FROM ${printTableRef(s.from)}`);
  if (s.where) parts.push(`WHERE ${printExpr(s.where)}`);
  if (s.groupBy) parts.push(`GROUP BY ${s.groupBy.map(printGroupingElement).join(', ')}`);
  if (s.having) parts.push(`HAVING ${printExpr(s.having)}`);
  if (s.windows.length) parts.push(`WINDOW ${s.windows.map((w) => `${quoteIdent(w.name)} AS ${printWindowSpec(w.spec)}`).join(', ')}`);
  return parts.join(' ');
}

function printSelectItem(item: SelectItem): string {
  if (item.kind === 'SelectStar') return item.qualifier ? `${printName(item.qualifier)}.*` : '*';
  return printExpr(item.expr) + (item.alias === undefined ? '' : ` AS ${quoteIdent(item.alias)}`);
}

function printGroupingElement(g: GroupingElement): string {
  switch (g.kind) {
    case 'GroupingSets': return `GROUPING SETS (${g.sets.map(printGroupingElement).join(', ')})`;
    case 'Rollup': return `ROLLUP (${g.items.map(printExpr).join(', ')})`;
    case 'Cube': return `CUBE (${g.items.map(printExpr).join(', ')})`;
    case 'EmptyGroup': return '()';
    default: return printExpr(g as Expr);
  }
}

/**
 * A FROM clause item; a join on the right of another join is parenthesised.
 *
 * @example
 * printTableRef(from) // 'orders AS o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.cur = r.cur'
 */
export function printTableRef(t: TableRef): string {
  switch (t.kind) {
    case 'TableName': {
      let text = printName(t.name);
      if (t.hints.length) text += ` ${printHints(t.hints)}`;
      if (t.systemTime) text += ` FOR SYSTEM_TIME AS OF ${printExpr(t.systemTime)}`;
      return text + printAlias(t.alias);
    }
    case 'SubqueryRef':
      return `${t.lateral ? 'LATERAL ' : ''}(${printQuery(t.query)})${printAlias(t.alias)}`;
    case 'TableFunctionRef':
      return `${t.lateral ? 'LATERAL ' : ''}TABLE(${printExpr(t.call)})${printAlias(t.alias)}`;
    case 'UnnestRef':
      return `UNNEST(${t.args.map(printExpr).join(', ')})${t.withOrdinality ? ' WITH ORDINALITY' : ''}${printAlias(t.alias)}`;
    case 'Join': {
      // A comma binds looser than JOIN, so a comma join on the left of a JOIN needs parentheses.
      const l = t.left.kind === 'Join' && t.left.type === 'COMMA' && t.type !== 'COMMA' ? `(${printTableRef(t.left)})` : printTableRef(t.left);
      const r = t.right.kind === 'Join' ? `(${printTableRef(t.right)})` : printTableRef(t.right);
      if (t.type === 'COMMA') return `${l}, ${r}`;
      const type = t.type === 'INNER' ? 'JOIN' : `${t.type} JOIN`;
      let text = `${l} ${t.natural ? 'NATURAL ' : ''}${type} ${r}`;
      if (t.on) text += ` ON ${printExpr(t.on)}`;
      if (t.using) text += ` USING (${t.using.map(quoteIdent).join(', ')})`;
      return text;
    }
  }
}

function printAlias(alias: TableAlias | undefined): string {
  if (alias === undefined) return '';
  return ` AS ${quoteIdent(alias.name)}${alias.columns ? `(${alias.columns.map(quoteIdent).join(', ')})` : ''}`;
}

/**
 * `/*+ NAME(…), … *\/`.
 *
 * @example
 * printHints(hints) // "/*+ OPTIONS('scan.startup.mode' = 'earliest-offset') *\/"
 */
export function printHints(hints: readonly Hint[]): string {
  const one = (h: Hint) => `${printWord(h.name)}${h.options.length ? `(${h.options.map(printHintOption).join(', ')})` : ''}`;
  return `/*+ ${hints.map(one).join(', ')} */`;
}

function printHintOption(o: HintOption): string {
  if (o.kind === 'HintKeyValue') return `${quoteString(o.key)} = ${quoteString(o.value)}`;
  if (o.quoted) return quoteString(o.value);
  return /^\d+$/.test(o.value) ? o.value : printWord(o.value);
}
