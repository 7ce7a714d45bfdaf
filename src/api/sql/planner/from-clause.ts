import { field } from '../../../plan/expr/index.ts';
import type { Expr as AstExpr } from '../ast/expressions.ts';
import type { SourcePos } from '../ast/node.ts';
import type { Hint, TableAlias, TableRef } from '../ast/queries.ts';
import { parseQuery } from '../parser/index.ts';
import { calc } from './calc.ts';
import type { PlanContext, StoredQuery } from './context.ts';
import { at, fail } from './errors.ts';
import { WINDOW_TVFS, functionName } from './function-kinds.ts';
import { planJoin } from './join.ts';
import { planTemporalJoin } from './temporal-join.ts';
import { planQuery } from './query.ts';
import { rowTypeOf, type Relation } from './relation.ts';
import { scanTable } from './table-scan.ts';
import { planWindowTvf } from './window-tvf.ts';

/**
 * The FROM clause: a table (its connector's source), a view or WITH query (planned in place), a
 * subquery, a window TVF, or a join of them (see join.ts). UNNEST and user table functions are not
 * supported yet. `pending` holds the WHERE conjuncts a comma or CROSS join may take as its condition
 * (those taken are removed); it reaches only joins whose result the WHERE filters directly (not the
 * inputs of an outer join).
 *
 * @example
 * const input = planFrom(select.from!, ctx);
 */
export function planFrom(ref: TableRef, ctx: PlanContext, pending: AstExpr[] = []): Relation {
  switch (ref.kind) {
    case 'TableName': {
      if (ref.systemTime !== undefined) throw fail(ref.pos, ctx.source, 'FOR SYSTEM_TIME AS OF is allowed only on the right side of a JOIN (a temporal join)');
      const qualifier = ref.alias?.name ?? ref.name[ref.name.length - 1];
      const relation = planNamed(ref.name, ref.pos, qualifier, ctx, ref.hints);
      return renamed(relation, ref.alias, ref.pos, ctx);
    }
    case 'SubqueryRef': {
      if (ref.lateral) throw fail(ref.pos, ctx.source, 'LATERAL subqueries are not supported yet');
      const relation = planQuery(ref.query, ctx);
      const qualified = ref.alias === undefined ? relation : requalified(relation, ref.alias.name);
      return renamed(qualified, ref.alias, ref.pos, ctx);
    }
    case 'TableFunctionRef': {
      const call = ref.call;
      if (ref.lateral || call.kind !== 'FunctionCall' || !WINDOW_TVFS.has(functionName(call))) {
        throw fail(ref.pos, ctx.source, 'table functions other than the window TVFs (TUMBLE, HOP, CUMULATE, SESSION) are not supported yet');
      }
      const relation = planWindowTvf(ref, ctx, (name, pos, qualifier) => planNamed(name, pos, qualifier, ctx, []));
      if (ref.alias?.columns !== undefined) throw fail(ref.pos, ctx.source, 'column aliases are not supported on window table functions');
      return relation;
    }
    case 'UnnestRef': throw fail(ref.pos, ctx.source, 'UNNEST is not supported yet');
    case 'Join': {
      const inner = ref.type === 'INNER' || ref.type === 'CROSS' || ref.type === 'COMMA';
      const below = inner ? pending : [];
      const left = planFrom(ref.left, ctx, below);
      if (ref.right.kind === 'TableName' && ref.right.systemTime !== undefined) {
        const { systemTime: _asOf, ...versioned } = ref.right;
        return planTemporalJoin(ref, ref.right, left, planFrom(versioned, ctx), ctx);
      }
      const right = planFrom(ref.right, ctx, below);
      return planJoin(ref, left, right, ctx, pending);
    }
  }
}

/** A table, view or WITH query by name, its columns qualified by `qualifier`. */
function planNamed(name: readonly string[], pos: SourcePos, qualifier: string, ctx: PlanContext, hints: readonly Hint[]): Relation {
  if (name.length === 1) {
    for (let i = ctx.ctes.length - 1; i >= 0; i--) {
      const cte = ctx.ctes[i].get(name[0]);
      if (cte === undefined) continue;
      // A WITH query sees the WITH queries declared before it, not itself.
      const saved = ctx.ctes.splice(i);
      try {
        const relation = ctx.withSource(cte.source, () => planQuery(cte.query, ctx));
        return requalified(cte.columns === undefined ? relation : renamed(relation, { name: qualifier, columns: cte.columns }, pos, ctx), qualifier);
      } finally {
        ctx.ctes.push(...saved);
      }
    }
  }
  const bound = name.length === 1 ? ctx.relations.get(name[0]) : undefined;
  if (bound !== undefined) return requalified(bound(ctx), qualifier);
  const relation = at(pos, ctx.source, () => ctx.catalog.resolve(name));
  if (relation.kind === 'table') return scanTable(relation, { pos, qualifier, hints }, ctx);
  if (hints.length > 0) throw fail(pos, ctx.source, `table hints are not allowed on view '${relation.name}'`);
  if (ctx.expanding.includes(relation.name)) throw fail(pos, ctx.source, `view '${relation.name}' refers to itself (${[...ctx.expanding, relation.name].join(' → ')})`);
  const stored = storedQuery(relation.query, relation.text);
  if (stored === undefined) throw fail(pos, ctx.source, `view '${relation.name}' has no SQL query`);
  ctx.expanding.push(relation.name);
  try {
    const planned = ctx.withSource(stored.source, () => planQuery(stored.query, ctx));
    const columns = relation.columns;
    return requalified(columns === undefined ? planned : renamed(planned, { name: qualifier, columns }, pos, ctx), qualifier);
  } finally {
    ctx.expanding.pop();
  }
}

/** A view's query: as the planner stores it, or SQL text (views created through an API). */
function storedQuery(query: unknown, text: string | undefined): StoredQuery | undefined {
  const stored = query as Partial<StoredQuery> | undefined;
  if (stored?.query?.kind === 'Query') return { query: stored.query, source: stored.source ?? text ?? '' };
  const sql = typeof query === 'string' ? query : text;
  return sql === undefined ? undefined : { query: parseQuery(sql), source: sql };
}

/** The relation with every column qualified by `qualifier` (a subquery or view alias). */
function requalified(relation: Relation, qualifier: string): Relation {
  return { ...relation, columns: relation.columns.map((c) => ({ ...c, qualifier })) };
}

/** `AS t(a, b, …)`: renames the columns in order (a calc that keeps time attributes). */
function renamed(relation: Relation, alias: TableAlias | undefined, pos: SourcePos, ctx: PlanContext): Relation {
  const names = alias?.columns;
  if (names === undefined) return relation;
  const visible = relation.columns.filter((c) => c.windowBound === undefined);
  if (names.length !== visible.length) {
    throw fail(pos, ctx.source, `the alias '${alias!.name}' names ${names.length} columns, but the relation has ${visible.length} (${visible.map((c) => c.name).join(', ')})`);
  }
  const rowType = rowTypeOf(relation);
  return calc(relation, ctx, {
    qualifier: alias!.name,
    projections: visible.map((c, i) => ({ name: names[i], expr: field(rowType, c.name), ...(c.time === undefined ? {} : { time: c.time }) })),
  });
}
