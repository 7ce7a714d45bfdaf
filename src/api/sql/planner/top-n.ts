import { DataTypes, notNull } from '../../../core/data-types.ts';
import { field, type Expr } from '../../../plan/expr/index.ts';
import type { DeduplicateNode, RankNode, WindowRankNode } from '../../../plan/nodes.ts';
import type { RankWindow, SortKey } from '../../../plan/relational-nodes.ts';
import type { Expr as AstExpr, FunctionCall } from '../ast/expressions.ts';
import type { Query, Select, TableRef } from '../ast/queries.ts';
import type { PlanContext } from './context.ts';
import { fail } from './errors.ts';
import { bindExpr, type ExprScope } from './expressions.ts';
import { walkAst } from './function-kinds.ts';
import { conjunctsOf } from './join-condition.ts';
import { resolveName } from './names.ts';
import type { WindowedInput } from './over-aggregate.ts';
import { rowTypeOf, uniqueName, type Column, type Relation } from './relation.ts';
import { isRowNumber, type WindowCall } from './window-functions.ts';

/**
 * Top-N, as Flink recognises it: `SELECT … FROM (SELECT …, ROW_NUMBER() OVER (PARTITION BY k ORDER
 * BY x) AS rn FROM t) WHERE rn <= N` (the subquery may also be a WITH query or a view). The enclosing
 * query's filters on the row number (`rn <= N`, `rn < N`, `rn = N`, `rn >= a`, `rn BETWEEN a AND b`;
 * an upper bound is needed) are taken out of its WHERE and handed to the subquery's ROW_NUMBER call
 * through `ctx.topNFilters`, with whether the query reads rn at all; the subquery then plans the
 * ranking (planRowNumber). Returns the SELECT without those conjuncts (the same SELECT when it has no
 * such shape).
 *
 * @example
 * const rest = takeTopNFilter(select, ctx); // WHERE rn <= 3 AND price > 10 → WHERE price > 10
 */
export function takeTopNFilter(select: Select, ctx: PlanContext): Select {
  const from = select.from;
  const inner = from === undefined ? undefined : rankedQueryOf(from, ctx);
  if (inner === undefined) return select;
  let call: FunctionCall | undefined;
  let name: string | undefined;
  for (const item of inner.items) {
    if (item.kind === 'SelectExpr' && isRowNumber(item.expr) && item.expr.over !== undefined && item.alias !== undefined) {
      call = item.expr;
      name = item.alias;
    }
  }
  if (call === undefined || name === undefined) return select;
  const ref = from as Extract<TableRef, { kind: 'SubqueryRef' | 'TableName' }>;
  const alias = ref.alias?.name ?? (ref.kind === 'TableName' ? ref.name[ref.name.length - 1] : undefined);
  const isRn = (e: AstExpr): boolean =>
    e.kind === 'Identifier' && e.parts[e.parts.length - 1].toLowerCase() === name.toLowerCase() &&
    (e.parts.length === 1 || (e.parts.length === 2 && alias !== undefined && e.parts[0].toLowerCase() === alias.toLowerCase()));
  const conjuncts = conjunctsOf(select.where);
  let start = 1;
  let limit: number | undefined;
  let found: AstExpr | undefined;
  const rest: AstExpr[] = [];
  for (const c of conjuncts) {
    const range = rankRangeOf(c, isRn);
    if (range === undefined) {
      rest.push(c);
      continue;
    }
    found ??= c;
    start = Math.max(start, range.start);
    if (range.end !== undefined) limit = Math.min(limit ?? range.end, range.end);
  }
  if (found === undefined) return select;
  if (limit === undefined) throw fail(found.pos, ctx.source, `a Top-N filter needs an upper bound on ${name} (rn <= N, rn < N, rn = N or rn BETWEEN a AND b)`);
  if (limit < start) throw fail(found.pos, ctx.source, `the Top-N filter on ${name} keeps no rank (from ${start} to ${limit})`);
  // Grouping or HAVING over a Top-N: counted as reading rn (the rank changes are emitted, which is always correct).
  let selected = select.items.some((item) => item.kind === 'SelectStar') || select.groupBy !== undefined || select.having !== undefined;
  for (const e of [...select.items.flatMap((item) => (item.kind === 'SelectExpr' ? [item.expr] : [])), ...rest]) {
    walkAst(e, (n) => {
      if (isRn(n)) selected = true;
      return !selected;
    });
  }
  ctx.topNFilters.set(call, { limit, start, selected, column: name });
  const where = rest.length === 0 ? undefined : rest.reduce((left, right) => ({ kind: 'Binary', op: 'AND', left, right, pos: left.pos }));
  const { where: _where, ...withoutWhere } = select;
  return where === undefined ? withoutWhere : { ...withoutWhere, where };
}

/**
 * The SELECT a FROM item stands for when it may compute a row number: a subquery, a WITH query or a
 * view defined in SQL (their column lists left as they are).
 */
function rankedQueryOf(from: TableRef, ctx: PlanContext): Select | undefined {
  if (from.kind !== 'SubqueryRef' && from.kind !== 'TableName') return undefined;
  if (from.alias?.columns !== undefined) return undefined;
  let query: Query | undefined;
  if (from.kind === 'SubqueryRef') query = from.query;
  else if (from.kind === 'TableName' && from.systemTime === undefined) {
    const name = from.name;
    for (let i = ctx.ctes.length - 1; i >= 0 && query === undefined && name.length === 1; i--) {
      const cte = ctx.ctes[i].get(name[0]);
      if (cte !== undefined) query = cte.columns === undefined ? cte.query : undefined;
    }
    if (query === undefined && !ctx.relations.has(name[0])) {
      const relation = resolvedOrUndefined(() => ctx.catalog.resolve(name));
      const stored = relation?.kind === 'view' && relation.columns === undefined ? (relation.query as { query?: Query } | undefined)?.query : undefined;
      if (stored?.kind === 'Query') query = stored;
    }
  }
  return query?.body.kind === 'Select' ? query.body : undefined;
}

/** A lookup that may fail: an unknown name is reported where FROM is planned, not here. */
function resolvedOrUndefined<T>(lookup: () => T): T | undefined {
  try {
    return lookup();
  } catch {
    return undefined;
  }
}

/**
 * The ranks a conjunct allows when it compares the row number with an integer literal (`rn <= N`,
 * `rn < N`, `rn = N`, `rn >= a`, `rn > a`, either way round, `rn BETWEEN a AND b`); undefined when it
 * is not such a comparison (it stays in WHERE).
 */
function rankRangeOf(c: AstExpr, isRn: (e: AstExpr) => boolean): { start: number; end?: number } | undefined {
  const integer = (e: AstExpr): number | undefined => (e.kind === 'NumericLiteral' && /^\d+$/.test(e.text) ? Number(e.text) : undefined);
  if (c.kind === 'Between' && !c.negated && !c.symmetric && isRn(c.operand)) {
    const low = integer(c.low);
    const high = integer(c.high);
    return low === undefined || high === undefined ? undefined : { start: Math.max(1, low), end: high };
  }
  if (c.kind !== 'Binary' || !['<=', '<', '=', '>=', '>'].includes(c.op)) return undefined;
  const flipped = { '<=': '>=', '<': '>', '>=': '<=', '>': '<', '=': '=' } as const;
  let op = c.op as keyof typeof flipped;
  let other: AstExpr;
  if (isRn(c.left)) other = c.right;
  else if (isRn(c.right)) {
    other = c.left;
    op = flipped[op];
  } else return undefined;
  const n = integer(other);
  if (n === undefined) return undefined;
  switch (op) {
    case '<=': return { start: 1, end: n };
    case '<': return { start: 1, end: n - 1 };
    case '=': return { start: Math.max(1, n), end: n };
    case '>=': return { start: Math.max(1, n) };
    case '>': return { start: n + 1 };
  }
}

/**
 * The ROW_NUMBER() call of a select list, limited by the enclosing query's filter:
 *
 * - over a window TVF, partitioned by its window_start and window_end → window Top-N (window-rank,
 *   assigning the windows; emitted once per window, append-only);
 * - over a relation with window_start and window_end columns and a rowtime (a window aggregate's
 *   output), partitioned by both → window Top-N reading those columns;
 * - ORDER BY one time attribute, rn = 1, rn not selected → deduplication: keep the first row on
 *   proctime is the append-only deduplicate node, the other cases a rank node emitting -U/+U;
 * - otherwise → Top-N (rank), an updating output keyed by the partition (and the rank when selected);
 *   over a changelog (a GROUP BY's output) the rank retracts, holding every row of a partition.
 *
 * @example
 * const { relation, substitute } = planRowNumber(windowCallsOf(select, ctx), input, ctx);
 */
export function planRowNumber(calls: readonly WindowCall[], input: Relation, ctx: PlanContext, itemName?: string): WindowedInput {
  const { call, spec } = calls[0];
  if (calls.length > 1) throw fail(calls[1].call.pos, ctx.source, 'ROW_NUMBER() cannot be combined with other OVER calls in one SELECT');
  if (call.args.length > 0) throw fail(call.pos, ctx.source, 'ROW_NUMBER() takes no arguments');
  // Taken once: the same view or WITH query used again elsewhere has a filter of its own, or none.
  const found = ctx.topNFilters.get(call);
  ctx.topNFilters.delete(call);
  const filter = found ?? (ctx.checkingView ? { limit: 1, start: 1, selected: true, column: itemName ?? 'rn' } : undefined);
  if (filter === undefined) {
    throw fail(call.pos, ctx.source, 'ROW_NUMBER() is supported as Top-N only: select it AS rn in a subquery and filter the enclosing query with WHERE rn <= N');
  }
  if (spec.orderBy.length === 0) throw fail(spec.pos, ctx.source, 'ROW_NUMBER() needs an ORDER BY in its OVER window');
  if (spec.frame !== undefined) throw fail(spec.pos, ctx.source, 'ROW_NUMBER() takes no ROWS/RANGE frame');
  if (input.upsertOnly === true) {
    throw fail(call.pos, ctx.source, `Top-N over an upsert stream (${input.changelogReason ?? 'an upsert table'}) is not supported yet: its updates carry no retraction of the old row`);
  }
  const scope: ExprScope = { columns: input.columns, rowType: rowTypeOf(input), clause: 'OVER (…)' };
  const windowBounds = new Map<'start' | 'end', AstExpr>();
  const partition: AstExpr[] = [];
  for (const e of spec.partitionBy) {
    const bound = e.kind === 'Identifier' ? windowBoundOf(e, input, ctx) : undefined;
    if (bound !== undefined && !windowBounds.has(bound)) windowBounds.set(bound, e);
    else partition.push(e);
  }
  const windowed = windowBounds.size === 2;
  if (input.window !== undefined && !windowed) {
    throw fail(spec.pos, ctx.source, 'ROW_NUMBER() over a window TVF must PARTITION BY window_start, window_end (window Top-N)');
  }
  const partitionKeys = partition.map((e) => bindExpr(e, scope, ctx));
  const orderBy: SortKey[] = spec.orderBy.map((item) => {
    const descending = item.direction === 'DESC';
    // NULLs count as the largest value, as the outermost ORDER BY sorts them.
    return Object.freeze({ expr: bindExpr(item.expr, scope, ctx), descending, nullsFirst: item.nulls === undefined ? descending : item.nulls === 'FIRST' });
  });
  const taken = new Set(input.columns.map((c) => c.name));
  const rankColumn = filter.selected ? uniqueName(filter.column, taken) : undefined;
  const inputType = rowTypeOf(input);

  const rankStart = filter.start === 1 ? {} : { rankStart: filter.start };
  if (windowed && input.updating) {
    throw fail(call.pos, ctx.source, `window Top-N over a changelog (the input produces updates: ${input.changelogReason ?? 'an updating input'}) is not supported`);
  }
  if (windowed) return windowRank(input, ctx, { call, partitionKeys, orderBy, limit: filter.limit, rankStart, rankColumn, taken, windowBounds });

  const timeOrder = spec.orderBy.length === 1 && spec.orderBy[0].expr.kind === 'Identifier' ? timeAttributeOf(spec.orderBy[0].expr, input, ctx) : undefined;
  const deduplicate = filter.limit === 1 && filter.start === 1 && rankColumn === undefined && timeOrder !== undefined && !input.updating;
  if (deduplicate && timeOrder === 'proctime' && !orderBy[0].descending && partitionKeys.length > 0) {
    // Keep the first row on processing time: the first row to arrive, never replaced (append-only).
    const node = ctx.node<DeduplicateNode>({ kind: 'deduplicate', input: input.node, inputType, keys: Object.freeze(partitionKeys), outputType: inputType, ...ctx.stateTtl() });
    return { relation: { ...input, node }, substitute: () => undefined };
  }
  const columns: Column[] = [...input.columns.map(withoutTime), ...(rankColumn === undefined ? [] : [{ name: rankColumn, type: notNull(DataTypes.BIGINT()) }])];
  const outputType = DataTypes.ROW(columns.map((c) => ({ name: c.name, type: c.type })));
  const node = ctx.node<RankNode>({
    kind: 'rank', input: input.node, inputType, partitionKeys: Object.freeze(partitionKeys), orderBy: Object.freeze(orderBy), limit: filter.limit, ...rankStart,
    ...(rankColumn === undefined ? {} : { rankColumn }),
    ...(deduplicate ? { deduplicate: orderBy[0].descending ? 'last' as const : 'first' as const } : {}),
    ...(input.updating ? { updatingInput: true } : {}),
    outputType, ...ctx.stateTtl(),
  });
  const keyColumns = partitionKeys.every((k) => k.kind === 'field') ? partitionKeys.map((k) => (k as Extract<Expr, { kind: 'field' }>).name) : undefined;
  const relation: Relation = {
    node, columns, updating: true, bounded: input.bounded,
    changelogReason: deduplicate ? 'a deduplication that replaces the row it keeps (ROW_NUMBER)' : 'a Top-N (ROW_NUMBER), which updates the ranks',
    // Keyed by the partition and the rank; a deduplication by the partition alone.
    ...(keyColumns !== undefined && (rankColumn !== undefined || deduplicate) ? { upsertKey: [...keyColumns, ...(rankColumn === undefined ? [] : [rankColumn])] } : {}),
  };
  return { relation, substitute: rankSubstitute(call, rankColumn, outputType) };
}

interface WindowRankParts {
  readonly call: FunctionCall;
  readonly partitionKeys: readonly Expr[];
  readonly orderBy: readonly SortKey[];
  readonly limit: number;
  readonly rankStart: { readonly rankStart?: number };
  readonly rankColumn: string | undefined;
  readonly taken: Set<string>;
  readonly windowBounds: Map<'start' | 'end', AstExpr>;
}

function windowRank(input: Relation, ctx: PlanContext, parts: WindowRankParts): WindowedInput {
  const { call, partitionKeys, orderBy, limit, rankStart, rankColumn } = parts;
  let window: RankWindow;
  let columns: Column[];
  if (input.window !== undefined) {
    // The TVF's bounds become real columns here (they were only announced by the TVF).
    const named = (bound: Column['windowBound']): string => input.columns.find((c) => c.windowBound === bound)!.name;
    window = { kind: 'assign', spec: Object.freeze({ ...input.window.spec }), bounds: Object.freeze({ start: named('start'), end: named('end'), rowtime: named('time') }) };
    columns = input.columns.map((c) => {
      if (c.windowBound === undefined) return withoutTime(c);
      const { windowBound: _bound, ...plain } = c;
      return c.windowBound === 'time' ? { ...plain, time: 'rowtime' as const } : plain;
    });
    if (input.window.spec.kind === 'session') throw fail(call.pos, ctx.source, 'window Top-N over SESSION windows is not supported yet (TUMBLE, HOP and CUMULATE are)');
    if (input.window.spec.time !== 'event') throw fail(call.pos, ctx.source, 'window Top-N needs event-time windows: the DESCRIPTOR column must be a rowtime attribute');
  } else {
    const name = (bound: 'start' | 'end'): string => resolveName(parts.windowBounds.get(bound) as Extract<AstExpr, { kind: 'Identifier' }>, input.columns, ctx.source).column.name;
    window = { kind: 'columns', start: name('start'), end: name('end') };
    columns = input.columns.map((c) => (c.time === 'rowtime' ? c : withoutTime(c)));
  }
  if (rankColumn !== undefined) columns.push({ name: rankColumn, type: notNull(DataTypes.BIGINT()) });
  const outputType = DataTypes.ROW(columns.map((c) => ({ name: c.name, type: c.type })));
  const node = ctx.node<WindowRankNode>({
    kind: 'window-rank', input: input.node, inputType: rowTypeOf(input), partitionKeys: Object.freeze([...partitionKeys]),
    orderBy: Object.freeze([...orderBy]), limit, ...rankStart, ...(rankColumn === undefined ? {} : { rankColumn }), window: Object.freeze(window), outputType,
  });
  return { relation: { node, columns, updating: false, bounded: input.bounded }, substitute: rankSubstitute(call, rankColumn, outputType) };
}

/** The select list reads the row number from the rank column (the item is dropped when not selected). */
function rankSubstitute(call: FunctionCall, rankColumn: string | undefined, outputType: ReturnType<typeof DataTypes.ROW>): (ast: AstExpr) => Expr | undefined {
  return (ast) => (ast === call && rankColumn !== undefined ? field(outputType, rankColumn) : undefined);
}

/** 'start'/'end' when the identifier names a window_start/window_end column (a TVF's bound, or a column so named with a TIMESTAMP type). */
function windowBoundOf(e: Extract<AstExpr, { kind: 'Identifier' }>, input: Relation, ctx: PlanContext): 'start' | 'end' | undefined {
  const { column, fields } = resolveName(e, input.columns, ctx.source);
  if (fields.length > 0) return undefined;
  if (column.windowBound === 'start' || column.windowBound === 'end') return column.windowBound;
  if (input.window !== undefined || !input.columns.some((c) => c.time === 'rowtime') || column.type.kind !== 'TIMESTAMP') return undefined;
  const name = column.name.toLowerCase();
  return name === 'window_start' ? 'start' : name === 'window_end' ? 'end' : undefined;
}

function timeAttributeOf(e: Extract<AstExpr, { kind: 'Identifier' }>, input: Relation, ctx: PlanContext): 'rowtime' | 'proctime' | undefined {
  const { column, fields } = resolveName(e, input.columns, ctx.source);
  return fields.length === 0 ? column.time : undefined;
}

/** A rank's output rows are updates: its columns are no longer time attributes downstream. */
function withoutTime(c: Column): Column {
  if (c.time === undefined) return c;
  const { time: _time, ...plain } = c;
  return plain;
}
