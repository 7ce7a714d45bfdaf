import type { Expr as AstExpr } from '../ast/expressions.ts';
import type { Select } from '../ast/queries.ts';
import type { PlanContext } from './context.ts';
import { fail } from './errors.ts';
import { sqlName, type Relation } from './relation.ts';

/** One select-list entry after `*` expansion: its expression and its (not yet unique) output name. */
export interface SelectItemPlan {
  readonly ast: AstExpr;
  readonly name: string;
}

/**
 * The select list with `*` and `t.*` expanded to the input's columns (window TVF bounds included,
 * as Flink's `SELECT *` over a window TVF shows them) and each item named: its alias, else the
 * column or field it reads, else `EXPR$<position>` as Flink names it.
 *
 * @example
 * selectProjections(select, input, ctx) // [{ ast: <symbol>, name: 'symbol' }, { ast: <SUM(shares)>, name: 'total_shares' }]
 */
export function selectProjections(select: Select, input: Relation, ctx: PlanContext): SelectItemPlan[] {
  const out: SelectItemPlan[] = [];
  select.items.forEach((item, index) => {
    if (item.kind === 'SelectStar') {
      const qualifier = item.qualifier?.[item.qualifier.length - 1];
      const columns = input.columns.filter((c) => qualifier === undefined || c.qualifier === qualifier);
      if (columns.length === 0) {
        throw fail(item.pos, ctx.source, qualifier === undefined ? 'SELECT * over an input without columns' : `no table '${qualifier}' in FROM`);
      }
      for (const c of columns) {
        const name = sqlName(c);
        const parts = c.qualifier === undefined ? [name] : [c.qualifier, name];
        out.push({ ast: { kind: 'Identifier', parts, pos: item.pos }, name });
      }
      return;
    }
    out.push({ ast: item.expr, name: item.alias ?? implicitName(item.expr, index) });
  });
  return out;
}

function implicitName(e: AstExpr, index: number): string {
  if (e.kind === 'Identifier') return e.parts[e.parts.length - 1];
  if (e.kind === 'FieldAccess') return e.field;
  return `EXPR$${index}`;
}
