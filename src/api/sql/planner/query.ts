import type { Query, QueryBody } from '../ast/queries.ts';
import type { PlanContext } from './context.ts';
import { fail } from './errors.ts';
import type { Relation } from './relation.ts';
import { planSelect } from './select.ts';
import { planSetOperation } from './set-operations.ts';
import { planValues } from './values.ts';

/** One ORDER BY key of the outermost query, by output column. */
export interface OrderKey {
  readonly column: string;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/**
 * The outermost query of a statement: its relation, and the ORDER BY / LIMIT / OFFSET that apply to
 * the collected result (a streaming plan has no global order; a bounded result is sorted when
 * collected, and LIMIT stops collecting).
 */
export interface PlannedQuery {
  readonly relation: Relation;
  readonly orderBy: readonly OrderKey[];
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * A query used inside another statement (a subquery, view, INSERT's query): ORDER BY and LIMIT are
 * rejected there.
 *
 * @example
 * const relation = planQuery(parseQuery('SELECT symbol FROM trades'), ctx);
 */
export function planQuery(query: Query, ctx: PlanContext): Relation {
  if (query.orderBy.length > 0 || query.limit !== undefined || query.offset !== undefined) {
    const pos = query.orderBy[0]?.pos ?? query.limit?.pos ?? query.offset!.pos;
    throw fail(pos, ctx.source, 'ORDER BY, LIMIT and OFFSET are supported only on the outermost query of a SELECT statement');
  }
  return withCtes(query, ctx, () => planBody(query.body, ctx));
}

/**
 * The outermost query of a SELECT statement, with its ORDER BY (output columns by name or position)
 * and LIMIT / OFFSET (integer literals).
 *
 * @example
 * planTopQuery(parseQuery('SELECT * FROM t ORDER BY 1 DESC LIMIT 10'), ctx).limit // 10
 */
export function planTopQuery(query: Query, ctx: PlanContext): PlannedQuery {
  return withCtes(query, ctx, () => {
    const relation = planBody(query.body, ctx);
    const columns = relation.columns.map((c) => c.name);
    const orderBy = query.orderBy.map((item): OrderKey => {
      const e = item.expr;
      let column: string | undefined;
      if (e.kind === 'Identifier' && e.parts.length === 1) column = columns.find((c) => c === e.parts[0]);
      else if (e.kind === 'NumericLiteral' && /^\d+$/.test(e.text)) column = columns[Number(e.text) - 1];
      if (column === undefined) throw fail(item.pos, ctx.source, `ORDER BY takes output columns by name or position (1 … ${columns.length}): ${columns.join(', ')}`);
      const descending = item.direction === 'DESC';
      // SQL's default: NULLs count as the largest value.
      return { column, descending, nullsFirst: item.nulls === undefined ? descending : item.nulls === 'FIRST' };
    });
    const count = (e: Query['limit'], what: string): number | undefined => {
      if (e === undefined) return undefined;
      if (e.kind !== 'NumericLiteral' || !/^\d+$/.test(e.text)) throw fail(e.pos, ctx.source, `${what} takes a non-negative integer literal`);
      return Number(e.text);
    };
    const limit = count(query.limit, 'LIMIT');
    const offset = count(query.offset, 'OFFSET');
    return { relation, orderBy, ...(limit === undefined ? {} : { limit }), ...(offset === undefined ? {} : { offset }) };
  });
}

function withCtes<T>(query: Query, ctx: PlanContext, fn: () => T): T {
  const ctes = query.with?.ctes ?? [];
  if (query.with?.recursive) throw fail(query.pos, ctx.source, 'WITH RECURSIVE is not supported');
  for (const cte of ctes) ctx.ctes.push(new Map([[cte.name, { query: cte.query, source: ctx.source ?? '', ...(cte.columns === undefined ? {} : { columns: cte.columns }) }]]));
  try {
    return fn();
  } finally {
    ctx.ctes.splice(ctx.ctes.length - ctes.length, ctes.length);
  }
}

/**
 * A query body: SELECT, a set operation, VALUES, or a parenthesised query.
 *
 * @example
 * planBody(parseQuery('VALUES (1), (2)').body, ctx)
 */
export function planBody(body: QueryBody, ctx: PlanContext): Relation {
  switch (body.kind) {
    case 'Select': return planSelect(body, ctx);
    case 'SetOperation': return planSetOperation(body, ctx);
    case 'Values': return planValues(body, ctx);
    case 'Query': return planQuery(body, ctx);
  }
}
