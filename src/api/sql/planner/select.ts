import { typeToString } from '../../../core/data-types.ts';
import type { Row } from '../../../core/row.ts';
import { memorySource } from '../../../connectors/memory/memory-source.ts';
import { field } from '../../../plan/expr/index.ts';
import type { GroupAggregateNode, SourceNode } from '../../../plan/nodes.ts';
import type { Expr as AstExpr } from '../ast/expressions.ts';
import type { Select } from '../ast/queries.ts';
import { planAggregateSelect } from './aggregate-query.ts';
import { calc, isIdentity, type Projection } from './calc.ts';
import type { PlanContext } from './context.ts';
import { fail } from './errors.ts';
import { bindExpr, isProctimeCall, type ExprScope } from './expressions.ts';
import { aggregateOf, walkAst } from './function-kinds.ts';
import { planFrom } from './from-clause.ts';
import { conjunctsOf } from './join-condition.ts';
import { rowTypeOf, uniqueName, type Relation } from './relation.ts';
import { selectProjections } from './select-items.ts';
import { planOverAggregates } from './over-aggregate.ts';
import { planRowNumber, takeTopNFilter } from './top-n.ts';
import { isRowNumber, windowCallsOf, type WindowCall } from './window-functions.ts';

/**
 * One SELECT: FROM, then WHERE (a calc with a condition), then either the aggregate path (GROUP BY,
 * aggregates, HAVING, window TVFs) or a projection calc; DISTINCT last.
 *
 * @example
 * const relation = planSelect(parseQuery("SELECT symbol, price FROM trades WHERE price > 100").body as Select, ctx);
 */
export function planSelect(query: Select, ctx: PlanContext): Relation {
  const select = takeTopNFilter(query, ctx);
  if (select.hints.length > 0) throw fail(select.hints[0].pos, ctx.source, `query hints (/*+ ${select.hints[0].name} */) are not supported`);
  // A comma join takes the WHERE conjuncts that relate its inputs as its condition; the rest filter after.
  const pending = select.from?.kind === 'Join' ? conjunctsOf(select.where) : [];
  let input = select.from === undefined ? singleRow(ctx) : planFrom(select.from, ctx, pending);
  const where = select.from?.kind === 'Join' ? conjunction(pending) : select.where;
  if (where !== undefined) {
    const condition = bindExpr(where, scopeOf(input, 'WHERE'), ctx);
    if (condition.type.kind !== 'BOOLEAN' && condition.type.kind !== 'NULL') {
      throw fail(where.pos, ctx.source, `WHERE needs a BOOLEAN condition, got ${typeToString(condition.type)}`);
    }
    input = calc(input, ctx, { condition });
  }
  const windowCalls = windowCallsOf(select, ctx);
  const aggregated = select.groupBy !== undefined || select.having !== undefined || (input.window !== undefined && windowCalls.length === 0) || hasAggregates(select);
  if (aggregated && windowCalls.length > 0) {
    throw fail(windowCalls[0].call.pos, ctx.source, 'OVER calls in a SELECT with GROUP BY or aggregates are not supported yet: aggregate in a subquery first');
  }
  const result = aggregated ? planAggregateSelect(select, input, ctx) : project(select, input, windowCalls, ctx);
  return select.distinct ? distinct(result, select.pos, ctx) : result;
}

/** The conjuncts joined with AND again (undefined when none is left). */
function conjunction(conjuncts: readonly AstExpr[]): AstExpr | undefined {
  if (conjuncts.length === 0) return undefined;
  return conjuncts.reduce((left, right) => ({ kind: 'Binary', op: 'AND', left, right, pos: left.pos }));
}

function scopeOf(input: Relation, clause: string): ExprScope {
  return { columns: input.columns, rowType: rowTypeOf(input), clause };
}

function hasAggregates(select: Select): boolean {
  let found = false;
  for (const item of select.items) {
    if (item.kind !== 'SelectExpr') continue;
    walkAst(item.expr, (e) => {
      if (aggregateOf(e) !== undefined) found = true;
      return !found;
    });
  }
  return found;
}

/**
 * The select list over the input; OVER calls first become columns of a node of their own (OVER
 * aggregates, or a Top-N for ROW_NUMBER), which the list then reads.
 */
function project(select: Select, input: Relation, windowCalls: readonly WindowCall[], ctx: PlanContext): Relation {
  const items = selectProjections(select, input, ctx);
  let source = input;
  let substitute: ExprScope['substitute'];
  if (windowCalls.length > 0) {
    const rowNumberItem = items.find((item) => isRowNumber(item.ast));
    const windowed = windowCalls.some((c) => isRowNumber(c.call))
      ? planRowNumber(windowCalls, input, ctx, rowNumberItem?.name)
      : planOverAggregates(windowCalls, input, ctx);
    source = windowed.relation;
    substitute = windowed.substitute;
  }
  const scope = { ...scopeOf(source, 'SELECT'), ...(substitute === undefined ? {} : { substitute }) };
  const taken = new Set<string>();
  const projections: Projection[] = [];
  for (const item of items) {
    // A row number the enclosing query does not read is not computed (Top-N without rank changes).
    if (isRowNumber(item.ast) && substitute?.(item.ast) === undefined) continue;
    projections.push({
      name: uniqueName(item.name, taken),
      expr: bindExpr(item.ast, scope, ctx),
      ...(isProctimeCall(item.ast) ? { time: 'proctime' as const } : {}),
    });
  }
  if (isIdentity(source, projections)) return source;
  return calc(source, ctx, { projections });
}

/** SELECT DISTINCT: a group aggregate keyed by every column, without aggregates (emits each new row once). */
function distinct(input: Relation, pos: Select['pos'], ctx: PlanContext): Relation {
  if (input.updating) throw fail(pos, ctx.source, `SELECT DISTINCT over a changelog (${input.changelogReason ?? 'an updating input'}) is not supported yet`);
  const rowType = rowTypeOf(input);
  const keys = input.columns.map((c) => Object.freeze({ name: c.name, expr: field(rowType, c.name) }));
  const node = ctx.node<GroupAggregateNode>({ kind: 'group-aggregate', input: input.node, inputType: rowType, keys: Object.freeze(keys), calls: Object.freeze([]), outputType: rowType, ...ctx.stateTtl() });
  // Without aggregates a key's row never changes: the first row of each key is the only output.
  return { node, columns: input.columns.map((c) => ({ name: c.name, type: c.type })), updating: false, bounded: input.bounded };
}

/**
 * A relation of one row without columns: the input of `SELECT 1` (no FROM) and of VALUES rows that
 * need computing.
 *
 * @example
 * calc(singleRow(ctx), ctx, { projections: [{ name: 'one', expr: numericLiteral('1') }] })
 */
export function singleRow(ctx: PlanContext): Relation {
  const node = ctx.node<SourceNode>({ kind: 'source', connector: memorySource<Row>([{}], { name: 'values' }) }, 'values');
  return { node, columns: [], updating: false, bounded: true };
}
