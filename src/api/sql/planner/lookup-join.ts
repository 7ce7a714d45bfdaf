import type { TableDescriptor } from '../../../catalog/descriptors.ts';
import { typeToString } from '../../../core/data-types.ts';
import { and, type Expr } from '../../../plan/expr/index.ts';
import type { LookupJoinNode } from '../../../plan/nodes.ts';
import type { LookupJoinOutputField } from '../../../plan/relational-nodes.ts';
import type { Join, TableName } from '../ast/queries.ts';
import type { PlanContext } from './context.ts';
import { at, fail } from './errors.ts';
import { bindExpr } from './expressions.ts';
import { conjunctsOf, splitJoinCondition } from './join-condition.ts';
import { bindJoinKey, JoinOutputColumns } from './join-output.ts';
import { rowTypeOf, type Relation } from './relation.ts';

/**
 * `stream [LEFT] JOIN dim FOR SYSTEM_TIME AS OF stream.proc_time [AS d] ON stream.k = d.id [AND …]`
 * (Flink's lookup join): each stream row is joined with the rows of `dim` as they are when it arrives.
 * `dim` is a catalog table whose connector offers lookups (`TableFactory.createLookup`: jdbc with
 * 'lookup.cache' = 'FULL', the table held whole and reloaded on a schedule). ON needs at least one
 * equality between an expression of the stream and one of the table; the other conjuncts are a
 * condition on the joined row. The stream is append-only; so is the output, which keeps the stream's
 * rowtime.
 *
 * @example
 * const relation = planLookupJoin(join, ref, stream, dim, ctx);
 */
export function planLookupJoin(join: Join, ref: TableName, left: Relation, right: Relation, ctx: PlanContext): Relation {
  const name = ref.name.join('.');
  const resolved = at(ref.pos, ctx.source, () => ctx.catalog.resolve(ref.name));
  if (resolved.kind !== 'table') throw fail(ref.pos, ctx.source, `a lookup join (FOR SYSTEM_TIME AS OF a processing-time attribute) needs a table, but '${name}' is a view`);
  const table: TableDescriptor = resolved;
  const { factory, ctx: tableCtx } = at(ref.pos, ctx.source, () => ctx.connectors.tableContext(table, 'source'));
  if (factory.createLookup === undefined) {
    throw fail(ref.pos, ctx.source, `a lookup join (FOR SYSTEM_TIME AS OF a processing-time attribute) needs a table whose connector offers lookups (jdbc); '${name}' has connector '${factory.identifier}'`);
  }
  const lookup = at(ref.pos, ctx.source, () => factory.createLookup!(tableCtx));
  const physical = tableCtx.schema.fields.map((f) => f.name);
  const extra = right.columns.filter((c) => !physical.includes(c.name));
  if (extra.length > 0) {
    throw fail(ref.pos, ctx.source, `a lookup table's columns are read as they are in the database: '${name}' has computed or metadata columns (${extra.map((c) => c.name).join(', ')})`);
  }
  if (left.updating) throw fail(join.pos, ctx.source, `the input of a lookup join must be append-only, but it is updating (${left.changelogReason ?? 'an updating input'})`);

  const visibleLeft = left.columns.filter((c) => c.windowBound === undefined);
  const condition = splitJoinCondition(conjunctsOf(join.on), visibleLeft, right.columns, ctx.source);
  if (condition.pairs.length === 0) {
    throw fail(join.pos, ctx.source, `a lookup join's ON needs an equality between the stream and the table '${name}' (e.g. s.customer_id = ${ref.alias?.name ?? name}.id)`);
  }
  const leftScope = { columns: left.columns, rowType: rowTypeOf(left), clause: 'ON' };
  const rightScope = { columns: right.columns, rowType: rowTypeOf(right), clause: 'ON' };
  const keys = { left: [] as Expr[], right: [] as Expr[] };
  for (const pair of condition.pairs) bindJoinKey(pair, leftScope, rightScope, keys, ctx);

  const output = new JoinOutputColumns();
  for (const c of visibleLeft) output.add('left', c, false, c.time === 'rowtime');
  for (const c of right.columns) output.add('right', c, join.type === 'LEFT', false);
  const { columns } = output;
  const outputType = output.rowType();
  const residual = [...condition.residual, ...(condition.range?.conjuncts ?? [])];
  const bound = residual.map((e) => bindExpr(e, { columns, rowType: outputType, clause: 'ON' }, ctx));
  const residualExpr = bound.length === 0 ? undefined : bound.length === 1 ? bound[0] : and(...bound);
  if (residualExpr !== undefined && residualExpr.type.kind !== 'BOOLEAN' && residualExpr.type.kind !== 'NULL') {
    throw fail(join.pos, ctx.source, `a join condition must be BOOLEAN, got ${typeToString(residualExpr.type)}`);
  }
  const fields: LookupJoinOutputField[] = output.fields.map((f) => ({ side: f.side === 'left' ? 'input' : 'table', field: f.field, name: f.name }));
  const node = ctx.node<LookupJoinNode>({
    kind: 'lookup-join', input: left.node, inputType: rowTypeOf(left), tableType: rowTypeOf(right),
    loadTable: () => lookup.loadAll(),
    inputKeys: Object.freeze(keys.left), tableKeys: Object.freeze(keys.right),
    joinType: join.type === 'LEFT' ? 'left' : 'inner', outputFields: Object.freeze(fields), outputType,
    ...(residualExpr === undefined ? {} : { condition: residualExpr }),
    ...(lookup.reloadIntervalMs === undefined ? {} : { reloadIntervalMs: lookup.reloadIntervalMs }),
    ...(lookup.reloadMode === undefined ? {} : { reloadMode: lookup.reloadMode }),
  }, table.name);
  return { node, columns, updating: false, bounded: left.bounded };
}
