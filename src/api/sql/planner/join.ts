import { typeToString, type RowType } from '../../../core/data-types.ts';
import { and, type Expr } from '../../../plan/expr/index.ts';
import type { IntervalJoinNode, RegularJoinNode } from '../../../plan/nodes.ts';
import type { SourcePos } from '../ast/node.ts';
import type { Expr as AstExpr } from '../ast/expressions.ts';
import type { Join } from '../ast/queries.ts';
import type { PlanContext } from './context.ts';
import { fail } from './errors.ts';
import { bindExpr } from './expressions.ts';
import { walkAst } from './function-kinds.ts';
import { conjunctsOf, sidesOf, splitJoinCondition, type JoinCondition, type TimeRange } from './join-condition.ts';
import { resolveName } from './names.ts';
import { rowTypeOf, type Column, type Relation } from './relation.ts';
import { bindJoinKey, JoinOutputColumns, type JoinOutputField } from './join-output.ts';
import { planWindowJoin } from './window-join.ts';

/** The join types a planned join runs with. */
type JoinKind = 'inner' | 'left' | 'right' | 'full';

const KINDS: Readonly<Record<Join['type'], JoinKind>> = { INNER: 'inner', CROSS: 'inner', COMMA: 'inner', LEFT: 'left', RIGHT: 'right', FULL: 'full' };

/**
 * A join in FROM, as Flink plans it for a stream: an **interval join** (operators/interval-join.ts)
 * when both inputs are append-only and the condition bounds a rowtime column of each side both ways
 * (`b.t BETWEEN a.t - INTERVAL … AND a.t + INTERVAL …`, or `>=`/`<=`), else a **regular join**
 * (operators/regular-join.ts) that holds both inputs in state and emits a changelog. ON's
 * equalities between an expression of each side become the keys, the rest a condition on the joined
 * row. `FROM a, b` and CROSS JOIN are inner joins; their condition is the WHERE conjuncts that read
 * both sides (`pending`: the caller's WHERE conjuncts; those used are removed from it).
 *
 * Output columns: the left's then the right's; a name both sides have is renamed on the right
 * (`id` → `id0`, as Flink's SELECT * shows it) and still found as `b.id`.
 *
 * @example
 * const relation = planJoin(join, left, right, ctx, whereConjuncts);
 */
export function planJoin(join: Join, left: Relation, right: Relation, ctx: PlanContext, pending: AstExpr[]): Relation {
  if (join.natural || join.using !== undefined) throw fail(join.pos, ctx.source, `${join.natural ? 'NATURAL' : 'USING'} joins are not supported yet; write the condition with ON`);
  const kind = KINDS[join.type];
  const conjuncts = conjunctsOf(join.on);
  if (join.type === 'COMMA' || join.type === 'CROSS') {
    // The WHERE conjuncts that read both inputs (and nothing beyond them) are this join's condition.
    for (let i = 0; i < pending.length; i++) {
      if (sidesOf(pending[i], left.columns, right.columns, ctx.source) !== 'both' || !resolvable(pending[i], [...left.columns, ...right.columns], ctx)) continue;
      conjuncts.push(...pending.splice(i--, 1));
    }
  }
  if (left.window !== undefined || right.window !== undefined) return planWindowJoin(join, left, right, kind, conjuncts, ctx);
  const visibleLeft = left.columns.filter((c) => c.windowBound === undefined);
  const visibleRight = right.columns.filter((c) => c.windowBound === undefined);
  const condition = splitJoinCondition(conjuncts, visibleLeft, visibleRight, ctx.source);
  const interval = condition.range !== undefined && !left.updating && !right.updating;
  if (interval && kind === 'full') throw fail(join.pos, ctx.source, 'FULL OUTER interval joins are not supported yet (INNER, LEFT and RIGHT are)');
  const output = outputColumns(visibleLeft, visibleRight, kind, interval ? condition.range : undefined);
  const leftType = rowTypeOf(left);
  const rightType = rowTypeOf(right);
  const keys = joinKeys(condition, left, right, ctx);
  // A range that does not make an interval join (an updating input) stays part of the condition.
  const rest = interval ? condition.residual : [...condition.residual, ...(condition.range?.conjuncts ?? [])];
  const residual = rest.length === 0 ? undefined : checkedCondition(bindConjuncts(rest, output.columns, output.type, ctx), join.pos, ctx);
  const bounded = left.bounded && right.bounded;
  const common = {
    leftType, rightType, leftKeys: Object.freeze(keys.left), rightKeys: Object.freeze(keys.right),
    outputFields: Object.freeze(output.fields), outputType: output.type, ...(residual === undefined ? {} : { condition: residual }),
  };
  if (interval) {
    const range = condition.range!;
    const node = ctx.node<IntervalJoinNode>({
      kind: 'interval-join', left: left.node, right: right.node, ...common, joinType: kind as 'inner' | 'left' | 'right',
      leftTime: range.leftTime, rightTime: range.rightTime, lowerMs: range.lowerMs, upperMs: range.upperMs,
    });
    return { node, columns: output.columns, updating: false, bounded };
  }
  const node = ctx.node<RegularJoinNode>({
    kind: 'regular-join', left: left.node, right: right.node, ...common, joinType: kind,
    ...upsertKeyOf(left, 'left', join, ctx), ...upsertKeyOf(right, 'right', join, ctx), ...ctx.stateTtl(),
  });
  const updating = left.updating || right.updating || kind !== 'inner';
  const reason = left.updating ? left.changelogReason : right.updating ? right.changelogReason : `a regular ${join.type === 'COMMA' ? 'INNER' : join.type} JOIN`;
  return { node, columns: output.columns, updating, bounded, ...(updating && reason !== undefined ? { changelogReason: reason } : {}) };
}

/** The output: left columns then right ones, names made unique, the padded side nullable. */
function outputColumns(left: readonly Column[], right: readonly Column[], kind: JoinKind, range: TimeRange | undefined): {
  fields: JoinOutputField[]; columns: Column[]; type: RowType;
} {
  const output = new JoinOutputColumns();
  // An interval join's rows carry the left row's time (a padded right row its own), so the left time
  // column stays the rowtime unless a RIGHT join pads it. A regular join's output has no time attribute.
  const rowtime = range !== undefined && kind !== 'right' ? range.leftTime : undefined;
  for (const c of left) output.add('left', c, kind === 'right' || kind === 'full', c.name === rowtime);
  for (const c of right) output.add('right', c, kind === 'left' || kind === 'full', false);
  return { fields: output.fields, columns: output.columns, type: output.rowType() };
}

/** The key expressions of each side, cast pairwise to a common type. */
function joinKeys(condition: JoinCondition, left: Relation, right: Relation, ctx: PlanContext): { left: Expr[]; right: Expr[] } {
  const keys = { left: [] as Expr[], right: [] as Expr[] };
  const leftScope = { columns: left.columns, rowType: rowTypeOf(left), clause: 'ON' };
  const rightScope = { columns: right.columns, rowType: rowTypeOf(right), clause: 'ON' };
  for (const pair of condition.pairs) bindJoinKey(pair, leftScope, rightScope, keys, ctx);
  return keys;
}

function bindConjuncts(conjuncts: readonly AstExpr[], columns: readonly Column[], rowType: RowType, ctx: PlanContext): Expr {
  const scope = { columns, rowType, clause: 'ON' };
  const bound = conjuncts.map((c) => bindExpr(c, scope, ctx));
  return bound.length === 1 ? bound[0] : and(...bound);
}

function checkedCondition(e: Expr, pos: SourcePos, ctx: PlanContext): Expr {
  if (e.type.kind !== 'BOOLEAN' && e.type.kind !== 'NULL') throw fail(pos, ctx.source, `a join condition must be BOOLEAN, got ${typeToString(e.type)}`);
  return e;
}

/** True when every name in `e` resolves against `columns` (a WHERE conjunct a join can take). */
function resolvable(e: AstExpr, columns: readonly Column[], ctx: PlanContext): boolean {
  let ok = true;
  walkAst(e, (node) => {
    if (node.kind !== 'Identifier') return ok;
    try {
      resolveName(node, columns, ctx.source);
    } catch {
      ok = false;
    }
    return false;
  });
  return ok;
}

/** An upsert input's key (the join normalises it), or nothing for an append-only or retracting input. */
function upsertKeyOf(input: Relation, side: 'left' | 'right', join: Join, ctx: PlanContext): { leftUpsertKey?: readonly string[]; rightUpsertKey?: readonly string[] } {
  if (input.upsertOnly !== true) return {};
  if (input.upsertKey === undefined) {
    throw fail(join.pos, ctx.source, `the ${side} input of the join is an upsert stream (${input.changelogReason ?? 'an upsert source'}) whose PRIMARY KEY columns are not all in its columns; keep them to join it`);
  }
  return side === 'left' ? { leftUpsertKey: input.upsertKey } : { rightUpsertKey: input.upsertKey };
}
