import { typeToString } from '../../../core/data-types.ts';
import { and, type Expr } from '../../../plan/expr/index.ts';
import type { TemporalJoinNode } from '../../../plan/nodes.ts';
import type { Expr as AstExpr } from '../ast/expressions.ts';
import type { Join, TableName } from '../ast/queries.ts';
import type { PlanContext } from './context.ts';
import { at, fail } from './errors.ts';
import { bindExpr } from './expressions.ts';
import { conjunctsOf, splitJoinCondition } from './join-condition.ts';
import { bindJoinKey, JoinOutputColumns } from './join-output.ts';
import { planLookupJoin } from './lookup-join.ts';
import { resolveName } from './names.ts';
import { rowTypeOf, type Relation } from './relation.ts';

/**
 * `left [LEFT] JOIN versioned FOR SYSTEM_TIME AS OF left.rowtime [AS r] ON …` (Flink's event-time
 * temporal join): the versioned table is a catalog table with a PRIMARY KEY and a WATERMARK (e.g.
 * upsert-kafka); ON must equate every primary key column with an expression of the left, and the
 * other conjuncts are a condition on the joined row. The left input is append-only; the output is
 * append-only and keeps the left rowtime. A processing-time AS OF is a lookup join (lookup-join.ts).
 *
 * @example
 * const relation = planTemporalJoin(join, ref, left, right, ctx);
 */
export function planTemporalJoin(join: Join, ref: TableName, left: Relation, right: Relation, ctx: PlanContext): Relation {
  const asOf = ref.systemTime!;
  if (join.type !== 'INNER' && join.type !== 'LEFT') throw fail(join.pos, ctx.source, `a temporal join (FOR SYSTEM_TIME AS OF) is INNER or LEFT, not ${join.type}`);
  if (join.natural || join.using !== undefined) throw fail(join.pos, ctx.source, 'a temporal join needs its condition in ON');
  const asOfTime = asOfColumn(asOf, left, ctx);
  if (asOfTime.time === 'proctime') return planLookupJoin(join, ref, left, right, ctx);
  const leftTime = asOfTime.name;
  if (left.updating) throw fail(join.pos, ctx.source, `the left input of a temporal join must be append-only, but it is updating (${left.changelogReason ?? 'an updating input'})`);
  const resolved = at(ref.pos, ctx.source, () => ctx.catalog.resolve(ref.name));
  const primaryKey = resolved.kind === 'table' ? resolved.primaryKey : undefined;
  if (primaryKey === undefined || primaryKey.length === 0) {
    throw fail(ref.pos, ctx.source, `FOR SYSTEM_TIME AS OF needs a versioned table: '${ref.name.join('.')}' has no PRIMARY KEY (a table with a PRIMARY KEY and a WATERMARK, e.g. upsert-kafka)`);
  }
  const rightTime = right.columns.find((c) => c.time === 'rowtime');
  if (rightTime === undefined) throw fail(ref.pos, ctx.source, `FOR SYSTEM_TIME AS OF needs a versioned table: '${ref.name.join('.')}' has no WATERMARK (the time of its versions)`);

  const visibleLeft = left.columns.filter((c) => c.windowBound === undefined);
  const visibleRight = right.columns;
  const condition = splitJoinCondition(conjunctsOf(join.on), visibleLeft, visibleRight, ctx.source);
  const leftScope = { columns: left.columns, rowType: rowTypeOf(left), clause: 'ON' };
  const rightScope = { columns: right.columns, rowType: rowTypeOf(right), clause: 'ON' };
  const keys = { left: [] as Expr[], right: [] as Expr[] };
  const residual: AstExpr[] = [...condition.residual, ...(condition.range?.conjuncts ?? [])];
  const keyed = new Set<string>();
  for (const pair of condition.pairs) {
    // Only the primary key locates a version: other equalities are conditions on the pair.
    const column = pair.right.kind === 'Identifier' ? resolveName(pair.right, right.columns, ctx.source).column.name : undefined;
    if (column === undefined || !primaryKey.includes(column) || keyed.has(column)) {
      residual.push({ kind: 'Binary', op: '=', left: pair.left, right: pair.right, pos: pair.left.pos });
      continue;
    }
    keyed.add(column);
    bindJoinKey(pair, leftScope, rightScope, keys, ctx);
  }
  const missing = primaryKey.filter((k) => !keyed.has(k));
  if (missing.length > 0) {
    throw fail(join.pos, ctx.source, `a temporal join's ON must equate the versioned table's primary key with the left input; missing: ${missing.join(', ')}`);
  }

  const output = new JoinOutputColumns();
  for (const c of visibleLeft) output.add('left', c, false, c.name === leftTime);
  for (const c of visibleRight) output.add('right', c, join.type === 'LEFT', false);
  const { fields, columns } = output;
  const outputType = output.rowType();
  const bound = residual.map((e) => bindExpr(e, { columns, rowType: outputType, clause: 'ON' }, ctx));
  const residualExpr = bound.length === 0 ? undefined : bound.length === 1 ? bound[0] : and(...bound);
  if (residualExpr !== undefined && residualExpr.type.kind !== 'BOOLEAN' && residualExpr.type.kind !== 'NULL') {
    throw fail(join.pos, ctx.source, `a join condition must be BOOLEAN, got ${typeToString(residualExpr.type)}`);
  }
  const node = ctx.node<TemporalJoinNode>({
    kind: 'temporal-join', left: left.node, right: right.node, leftType: rowTypeOf(left), rightType: rowTypeOf(right),
    leftKeys: Object.freeze(keys.left), rightKeys: Object.freeze(keys.right), leftTime, rightTime: rightTime.name,
    joinType: join.type === 'LEFT' ? 'left' : 'inner', outputFields: Object.freeze(fields), outputType,
    ...(residualExpr === undefined ? {} : { condition: residualExpr }),
  });
  return { node, columns, updating: false, bounded: left.bounded && right.bounded };
}

/** The left time attribute AS OF names: a rowtime (temporal join) or a proctime (lookup join). */
function asOfColumn(asOf: AstExpr, left: Relation, ctx: PlanContext): { name: string; time: 'rowtime' | 'proctime' } {
  if (asOf.kind !== 'Identifier') throw fail(asOf.pos, ctx.source, 'FOR SYSTEM_TIME AS OF takes a time attribute column of the left input (e.g. o.order_time)');
  const column = resolveName(asOf, left.columns, ctx.source).column;
  if (column.time === undefined) {
    throw fail(asOf.pos, ctx.source, `FOR SYSTEM_TIME AS OF needs a time attribute of the left input; '${column.name}' is not one (declare a WATERMARK for it, or a PROCTIME() column for a lookup join)`);
  }
  return { name: column.name, time: column.time };
}
