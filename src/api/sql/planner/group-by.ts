import type { Expr } from '../../../plan/expr/index.ts';
import type { WindowSpec } from '../../../plan/windows.ts';
import type { FunctionCall } from '../ast/expressions.ts';
import type { SourcePos } from '../ast/node.ts';
import type { Select } from '../ast/queries.ts';
import type { PlanContext } from './context.ts';
import { fail } from './errors.ts';
import { bindExpr, type ExprScope } from './expressions.ts';
import { aggregateOf, groupWindowOf, type GroupWindowName } from './function-kinds.ts';
import { resolveName } from './names.ts';
import { uniqueName, type Column, type Relation } from './relation.ts';
import { groupWindowSpec, timeColumnOf, windowTimeDomain } from './window-specs.ts';

/** One grouping key: its output name, bound expression and a canonical form to match select items. */
export interface GroupKey {
  readonly name: string;
  readonly expr: Expr;
  readonly canonical: string;
}

/** A legacy group window of GROUP BY (`TUMBLE(ts, INTERVAL '1' HOUR)`). */
export interface GroupWindow {
  readonly call: FunctionCall;
  readonly name: GroupWindowName;
  readonly spec: WindowSpec;
  readonly timeColumn: Column;
}

/** What a GROUP BY clause groups by. */
export interface Grouping {
  readonly keys: readonly GroupKey[];
  readonly window?: GroupWindow;
  /** The window TVF bounds grouped by (window_start, window_end, window_time). */
  readonly bounds: ReadonlySet<'start' | 'end' | 'time'>;
}

/**
 * A canonical text of a bound expression: two select items that bind to the same expression as a
 * GROUP BY key read that key.
 *
 * @example
 * canonical(bindExpr(parseExpression('t.symbol'), scope, ctx)) === canonical(bindExpr(parseExpression('symbol'), scope, ctx))
 */
export function canonical(e: Expr): string {
  return JSON.stringify(e);
}

/**
 * Classifies the GROUP BY elements: plain keys (bound against the input), at most one legacy group
 * window (whose time argument must be a time attribute), and the bounds of a window TVF input.
 * GROUPING SETS, ROLLUP and CUBE are not supported yet.
 *
 * @example
 * planGrouping(select, input, scope, ctx) // { keys: [{ name: 'symbol', … }], window: { name: 'TUMBLE', spec, … }, bounds: Set {} }
 */
export function planGrouping(select: Select, input: Relation, scope: ExprScope, ctx: PlanContext): Grouping {
  const keys: GroupKey[] = [];
  const bounds = new Set<'start' | 'end' | 'time'>();
  const taken = new Set<string>();
  let window: GroupWindow | undefined;
  (select.groupBy ?? []).forEach((g, i) => {
    switch (g.kind) {
      case 'GroupingSets': case 'Rollup': case 'Cube':
        throw fail(g.pos, ctx.source, `${g.kind === 'GroupingSets' ? 'GROUPING SETS' : g.kind.toUpperCase()} is not supported yet`);
      case 'EmptyGroup': return;
    }
    const windowName = groupWindowOf(g);
    if (windowName !== undefined) {
      const call = g as FunctionCall;
      if (window !== undefined) throw fail(g.pos, ctx.source, 'GROUP BY may name only one group window');
      if (input.window !== undefined) throw fail(g.pos, ctx.source, `${windowName}(…) in GROUP BY cannot be combined with a window table function in FROM`);
      if (call.args.length === 0) throw fail(g.pos, ctx.source, `${windowName} needs a time attribute column as its first argument`);
      const timeColumn = timeColumnOf(call.args[0], input.columns, windowName, ctx);
      const time = windowTimeDomain(timeColumn, windowName, call.args[0].pos, ctx);
      window = { call, name: windowName, spec: groupWindowSpec(call, windowName, time, ctx), timeColumn };
      return;
    }
    if (g.kind === 'Identifier') {
      const { column, fields } = resolveName(g, input.columns, ctx.source);
      if (column.windowBound !== undefined && fields.length === 0) {
        bounds.add(column.windowBound);
        return;
      }
    }
    if (aggregateOf(g) !== undefined) throw fail(g.pos, ctx.source, 'aggregate functions are not allowed in GROUP BY');
    const expr = bindExpr(g, { ...scope, clause: 'GROUP BY' }, ctx);
    const key = canonical(expr);
    if (keys.some((k) => k.canonical === key)) return;
    const base = expr.kind === 'field' ? expr.name : `$f${i}`;
    keys.push({ name: uniqueName(base, taken), expr, canonical: key });
  });
  if (input.window !== undefined) checkTvfGrouping(select.pos, input, bounds, keys, ctx);
  return { keys, ...(window === undefined ? {} : { window }), bounds };
}

function checkTvfGrouping(pos: SourcePos, input: Relation, bounds: ReadonlySet<string>, keys: readonly GroupKey[], ctx: PlanContext): void {
  if (!bounds.has('start') || !bounds.has('end')) {
    throw fail(pos, ctx.source, 'a window table function (FROM TABLE(TUMBLE(…)) …) must be aggregated: GROUP BY window_start, window_end[, other keys]');
  }
  for (const key of input.window!.partitionBy) {
    if (!keys.some((k) => k.expr.kind === 'field' && k.expr.name === key)) {
      throw fail(pos, ctx.source, `the SESSION window is partitioned by '${key}', so GROUP BY must include '${key}'`);
    }
  }
}
