import type { Expr, FrameBound, FunctionCall, OrderItem, WindowFrame, WindowSpec } from '../ast/expressions.ts';
import type { SourcePos } from '../ast/node.ts';
import { parseExpr, parseExprList } from './expressions.ts';
import type { Cursor } from './parser-base.ts';
import { PREC } from './precedence.ts';

/**
 * A call after its name: `(args)`, then `FILTER (WHERE …)` and `OVER (…)` / `OVER w`.
 * Arguments may be `*` (COUNT(*)), start with DISTINCT, be named (`SIZE => …`), or be a table
 * (`TABLE t [PARTITION BY k]`) as window TVFs take.
 *
 * @example
 * parseCall(new Cursor('(DISTINCT bidder) FILTER (WHERE price > 10)'), ['count'], pos)
 */
export function parseCall(c: Cursor, name: readonly string[], pos: SourcePos): FunctionCall {
  c.expectSymbol('(');
  let distinct = false;
  let star = false;
  const args: Expr[] = [];
  if (c.acceptSymbol('*')) {
    star = true;
  } else if (!c.isSymbol(')')) {
    if (c.acceptWords('DISTINCT')) distinct = true;
    else c.acceptWords('ALL');
    do args.push(parseArgument(c)); while (c.acceptSymbol(','));
  }
  if (!c.isSymbol(')')) c.fail(star ? ["')'"] : ["','", "')'"]);
  c.next();
  let filter: Expr | undefined;
  if (c.isWord('FILTER') && c.isSymbol('(', 1)) {
    c.next();
    c.next();
    c.expectWords('WHERE');
    filter = parseExpr(c);
    c.expectSymbol(')');
  }
  let over: FunctionCall['over'];
  if (c.isWord('OVER')) {
    const overPos = c.next().pos;
    over = c.isSymbol('(') ? parseWindowSpec(c) : { kind: 'WindowName', name: c.identifier('a window name or ('), pos: overPos };
  }
  return { kind: 'FunctionCall', name, args, distinct, star, ...(filter && { filter }), ...(over && { over }), pos };
}

function parseArgument(c: Cursor): Expr {
  const t = c.peek();
  if ((t.kind === 'word' || t.kind === 'quoted') && c.isSymbol('=>', 1)) {
    c.next();
    c.next();
    return { kind: 'NamedArgument', name: t.value, value: parseArgumentValue(c), pos: t.pos };
  }
  return parseArgumentValue(c);
}

function parseArgumentValue(c: Cursor): Expr {
  if (c.isWord('TABLE') && (c.peek(1).kind === 'word' || c.peek(1).kind === 'quoted')) {
    const pos = c.next().pos;
    const table = c.compoundName('a table name');
    return { kind: 'TableArgument', table, partitionBy: c.acceptWords('PARTITION', 'BY') ? parsePartitionKeys(c) : [], pos };
  }
  return parseExpr(c);
}

/**
 * Keys after a table argument's PARTITION BY: one expression, or several in parentheses —
 * a bare comma list would swallow the function's next positional argument.
 */
function parsePartitionKeys(c: Cursor): Expr[] {
  if (!c.acceptSymbol('(')) return [parseExpr(c)];
  const keys = parseExprList(c);
  c.expectSymbol(')');
  return keys;
}

/**
 * `( [base] [PARTITION BY …] [ORDER BY …] [ROWS|RANGE …] )`.
 *
 * @example
 * parseWindowSpec(new Cursor('(PARTITION BY a ORDER BY ts ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)'))
 */
export function parseWindowSpec(c: Cursor): WindowSpec {
  const pos = c.expectSymbol('(').pos;
  let base: string | undefined;
  if (c.isIdentifier() && !['PARTITION', 'ROWS', 'RANGE'].some((w) => c.isWord(w))) base = c.identifier();
  const partitionBy = c.acceptWords('PARTITION', 'BY') ? parseExprList(c) : [];
  const orderBy = c.acceptWords('ORDER', 'BY') ? parseOrderItems(c) : [];
  let frame: WindowFrame | undefined;
  if (c.isWord('ROWS') || c.isWord('RANGE')) frame = parseFrame(c);
  c.expectSymbol(')');
  return { kind: 'WindowSpec', ...(base !== undefined && { base }), partitionBy, orderBy, ...(frame && { frame }), pos };
}

/**
 * `expr [ASC|DESC] [NULLS FIRST|LAST], …`.
 *
 * @example
 * parseOrderItems(new Cursor('price DESC, ts')) // two items
 */
export function parseOrderItems(c: Cursor): OrderItem[] {
  const items: OrderItem[] = [];
  do {
    const expr = parseExpr(c);
    let direction: OrderItem['direction'];
    if (c.acceptWords('ASC')) direction = 'ASC';
    else if (c.acceptWords('DESC')) direction = 'DESC';
    let nulls: OrderItem['nulls'];
    if (c.acceptWords('NULLS', 'FIRST')) nulls = 'FIRST';
    else if (c.acceptWords('NULLS', 'LAST')) nulls = 'LAST';
    items.push({ expr, ...(direction && { direction }), ...(nulls && { nulls }), pos: expr.pos });
  } while (c.acceptSymbol(','));
  return items;
}

function parseFrame(c: Cursor): WindowFrame {
  const unit = c.next().upper as WindowFrame['unit'];
  if (!c.acceptWords('BETWEEN')) return { unit, start: parseBound(c) };
  const start = parseBound(c);
  c.expectWords('AND');
  return { unit, start, end: parseBound(c) };
}

function parseBound(c: Cursor): FrameBound {
  if (c.acceptWords('UNBOUNDED', 'PRECEDING')) return { type: 'UNBOUNDED PRECEDING' };
  if (c.acceptWords('UNBOUNDED', 'FOLLOWING')) return { type: 'UNBOUNDED FOLLOWING' };
  if (c.acceptWords('CURRENT', 'ROW')) return { type: 'CURRENT ROW' };
  if (c.isWord('UNBOUNDED')) c.fail(["'PRECEDING'", "'FOLLOWING'"], c.peek(1));
  const offset = parseExpr(c, PREC.AND);
  if (c.acceptWords('PRECEDING')) return { type: 'PRECEDING', offset };
  if (c.acceptWords('FOLLOWING')) return { type: 'FOLLOWING', offset };
  return c.fail(["'PRECEDING'", "'FOLLOWING'"]);
}
