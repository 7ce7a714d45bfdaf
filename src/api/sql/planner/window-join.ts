import { typeToString } from '../../../core/data-types.ts';
import { and, type Expr } from '../../../plan/expr/index.ts';
import type { WindowJoinNode } from '../../../plan/nodes.ts';
import type { WindowColumns } from '../../../plan/relational-nodes.ts';
import type { Expr as AstExpr } from '../ast/expressions.ts';
import type { Join } from '../ast/queries.ts';
import type { PlanContext } from './context.ts';
import { fail } from './errors.ts';
import { bindExpr } from './expressions.ts';
import { splitJoinCondition } from './join-condition.ts';
import { bindJoinKey, JoinOutputColumns } from './join-output.ts';
import { resolveName } from './names.ts';
import { rowTypeOf, type Column, type Relation } from './relation.ts';

/**
 * A join of two window TVFs (Flink's window join): `TABLE(TUMBLE(…)) l JOIN TABLE(TUMBLE(…)) r ON
 * l.window_start = r.window_start AND l.window_end = r.window_end AND l.k = r.k`. Both sides need the
 * same event-time tumbling, hopping or cumulating window and both window equalities; the other
 * equalities are keys, the rest a condition on the joined row. INNER, LEFT, RIGHT and FULL; the
 * output keeps each side's window_start, window_end and window_time (NULL on a padded side) and is
 * append-only, emitted when the window ends; window_time stays the rowtime of a preserved side.
 *
 * @example
 * const relation = planWindowJoin(join, left, right, 'inner', conjuncts, ctx);
 */
export function planWindowJoin(join: Join, left: Relation, right: Relation, kind: 'inner' | 'left' | 'right' | 'full', conjuncts: readonly AstExpr[], ctx: PlanContext): Relation {
  const lw = left.window;
  const rw = right.window;
  if (lw === undefined || rw === undefined) {
    throw fail(join.pos, ctx.source, `a window join needs a window table function on both sides; the ${lw === undefined ? 'left' : 'right'} input has none`);
  }
  for (const [input, which] of [[left, 'left'], [right, 'right']] as const) {
    if (input.updating) throw fail(join.pos, ctx.source, `the ${which} input of a window join must be append-only, but it is updating (${input.changelogReason ?? 'an updating input'})`);
  }
  if (JSON.stringify(lw.spec) !== JSON.stringify(rw.spec)) throw fail(join.pos, ctx.source, 'the two sides of a window join must use the same window (kind, size, slide/step and offset)');
  if (lw.spec.kind === 'session') throw fail(join.pos, ctx.source, 'window joins over SESSION windows are not supported yet (TUMBLE, HOP and CUMULATE are)');
  if (lw.spec.time !== 'event') throw fail(join.pos, ctx.source, 'window joins need event-time windows: the DESCRIPTOR column must be a rowtime attribute');
  // The window bounds are real columns of the join's rows (the operator fills them in from each window).
  const leftColumns = left.columns.map(materialised);
  const rightColumns = right.columns.map(materialised);
  const rest: AstExpr[] = [];
  const matched = new Set<string>();
  for (const e of conjuncts) {
    const bound = windowEquality(e, left.columns, right.columns, ctx);
    if (bound === undefined) rest.push(e);
    else matched.add(bound);
  }
  if (!matched.has('start') || !matched.has('end')) {
    throw fail(join.pos, ctx.source, 'a window join needs both window equalities in ON: l.window_start = r.window_start AND l.window_end = r.window_end');
  }
  const visible = (r: Relation) => r.columns.filter((c) => c.windowBound === undefined);
  const condition = splitJoinCondition(rest, visible(left), visible(right), ctx.source);
  const keys = { left: [] as Expr[], right: [] as Expr[] };
  const leftScope = { columns: left.columns, rowType: rowTypeOf(left), clause: 'ON' };
  const rightScope = { columns: right.columns, rowType: rowTypeOf(right), clause: 'ON' };
  for (const pair of condition.pairs) bindJoinKey(pair, leftScope, rightScope, keys, ctx);
  const residual = [...condition.residual, ...(condition.range?.conjuncts ?? [])];

  const output = new JoinOutputColumns();
  const rowtimeSide = kind === 'inner' || kind === 'left' ? 'left' : kind === 'right' ? 'right' : undefined;
  left.columns.forEach((c, i) => output.add('left', leftColumns[i], kind === 'right' || kind === 'full', c.windowBound === 'time' && rowtimeSide === 'left'));
  right.columns.forEach((c, i) => output.add('right', rightColumns[i], kind === 'left' || kind === 'full', c.windowBound === 'time' && rowtimeSide === 'right'));
  const { fields, columns } = output;
  const outputType = output.rowType();
  const scope = { columns, rowType: outputType, clause: 'ON' };
  const bound = residual.map((c) => bindExpr(c, scope, ctx));
  const residualExpr = bound.length === 0 ? undefined : bound.length === 1 ? bound[0] : and(...bound);
  if (residualExpr !== undefined && residualExpr.type.kind !== 'BOOLEAN' && residualExpr.type.kind !== 'NULL') {
    throw fail(join.pos, ctx.source, `a join condition must be BOOLEAN, got ${typeToString(residualExpr.type)}`);
  }
  const node = ctx.node<WindowJoinNode>({
    kind: 'window-join', left: left.node, right: right.node, leftType: rowTypeOf(left), rightType: rowTypeOf(right), window: lw.spec,
    leftKeys: Object.freeze(keys.left), rightKeys: Object.freeze(keys.right), joinType: kind,
    leftBounds: boundsOf(left.columns), rightBounds: boundsOf(right.columns),
    outputFields: Object.freeze(fields), outputType, ...(residualExpr === undefined ? {} : { condition: residualExpr }),
  });
  return { node, columns, updating: false, bounded: left.bounded && right.bounded };
}

/** A window bound as a plain column (no time attribute: the output's rowtime is chosen above). */
function materialised(c: Column): Column {
  if (c.windowBound === undefined) {
    const { time: _time, ...rest } = c;
    return rest;
  }
  const { windowBound: _bound, time: _time, ...rest } = c;
  return rest;
}

/** The names of a TVF relation's window bound columns. */
function boundsOf(columns: readonly Column[]): WindowColumns {
  const name = (b: Column['windowBound']) => columns.find((c) => c.windowBound === b)?.name;
  const start = name('start');
  const end = name('end');
  const time = name('time');
  return { ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }), ...(time === undefined ? {} : { rowtime: time }) };
}

/** 'start' or 'end' when `e` is `l.window_x = r.window_x` (either order) with the same bound on each side. */
function windowEquality(e: AstExpr, left: readonly Column[], right: readonly Column[], ctx: PlanContext): 'start' | 'end' | undefined {
  if (e.kind !== 'Binary' || e.op !== '=' || e.left.kind !== 'Identifier' || e.right.kind !== 'Identifier') return undefined;
  const boundOf = (id: AstExpr & { kind: 'Identifier' }, columns: readonly Column[]): Column['windowBound'] => {
    try {
      return resolveName(id, columns, ctx.source).column.windowBound;
    } catch {
      return undefined;
    }
  };
  for (const [a, b] of [[e.left, e.right], [e.right, e.left]] as const) {
    const l = boundOf(a, left);
    const r = boundOf(b, right);
    if (l !== undefined && l === r && l !== 'time' && boundOf(a, right) === undefined && boundOf(b, left) === undefined) return l;
  }
  return undefined;
}
