import { leastRestrictive, typeToString, typesEqual, withNullability, type DataType } from '../../../core/data-types.ts';
import { coerceTo, field } from '../../../plan/expr/index.ts';
import type { GroupAggregateNode, UnionNode } from '../../../plan/nodes.ts';
import type { SourcePos } from '../ast/node.ts';
import type { SetOperation } from '../ast/queries.ts';
import { calc } from './calc.ts';
import type { PlanContext } from './context.ts';
import { fail } from './errors.ts';
import { planBody } from './query.ts';
import { rowTypeOf, type Column, type Relation } from './relation.ts';

/**
 * UNION ALL → a union node over the inputs, each cast to the common column types (Flink's implicit
 * widening) and named after the left input; UNION (distinct) adds a group aggregate over every
 * column. INTERSECT and EXCEPT are not supported yet.
 *
 * @example
 * planSetOperation(parseQuery('SELECT a FROM t UNION ALL SELECT b FROM u').body as SetOperation, ctx)
 */
export function planSetOperation(op: SetOperation, ctx: PlanContext): Relation {
  if (op.op !== 'UNION') throw fail(op.pos, ctx.source, `${op.op} is not supported yet`);
  const inputs = [planBody(op.left, ctx), planBody(op.right, ctx)];
  const unioned = unionAll(inputs, op.pos, ctx);
  return op.all ? unioned : distinctAll(unioned, op.pos, ctx);
}

/**
 * The union of relations with the same number of columns (names from the first), coerced to common
 * types; a column stays a time attribute when it is one, unchanged, in every input.
 *
 * @example
 * unionAll([a, b], pos, ctx)
 */
export function unionAll(inputs: readonly Relation[], pos: SourcePos, ctx: PlanContext): Relation {
  const first = inputs[0].columns;
  for (const input of inputs) {
    if (input.columns.length !== first.length) {
      throw fail(pos, ctx.source, `UNION: the inputs have different numbers of columns (${inputs.map((i) => i.columns.length).join(' and ')})`);
    }
  }
  const types: DataType[] = first.map((c, i) => {
    const common = leastRestrictive(inputs.map((input) => input.columns[i].type));
    if (common === undefined) {
      throw fail(pos, ctx.source, `UNION: column ${i + 1} ('${c.name}') has types ${inputs.map((input) => typeToString(input.columns[i].type)).join(' and ')}, which have no common type`);
    }
    return common;
  });
  const aligned = inputs.map((input) => align(input, first.map((c) => c.name), types, ctx));
  const columns: Column[] = first.map((c, i) => {
    const time = inputs.every((input) => input.columns[i].time === c.time && typesEqual(input.columns[i].type, types[i], true)) ? c.time : undefined;
    return { name: c.name, type: types[i], ...(time === undefined ? {} : { time }) };
  });
  const node = ctx.node<UnionNode>({ kind: 'union', inputs: Object.freeze(aligned.map((a) => a.node)) });
  const updating = inputs.some((i) => i.updating);
  return {
    node, columns, updating, bounded: inputs.every((i) => i.bounded),
    ...(updating ? { changelogReason: inputs.find((i) => i.updating)!.changelogReason ?? 'an updating input' } : {}),
  };
}

/** The input renamed to `names` and cast to `types` (no calc when nothing changes). */
function align(input: Relation, names: readonly string[], types: readonly DataType[], ctx: PlanContext): Relation {
  const rowType = rowTypeOf(input);
  const same = input.columns.every((c, i) => c.name === names[i] && typesEqual(c.type, types[i], true));
  if (same) return input;
  return calc(input, ctx, {
    projections: input.columns.map((c, i) => ({ name: names[i], expr: coerceTo(field(rowType, c.name), withNullability(types[i], c.type.nullable)) })),
  });
}

function distinctAll(input: Relation, pos: SourcePos, ctx: PlanContext): Relation {
  if (input.updating) throw fail(pos, ctx.source, 'UNION over a changelog is not supported yet');
  const rowType = rowTypeOf(input);
  const keys = input.columns.map((c) => Object.freeze({ name: c.name, expr: field(rowType, c.name) }));
  const node = ctx.node<GroupAggregateNode>({ kind: 'group-aggregate', input: input.node, inputType: rowType, keys: Object.freeze(keys), calls: Object.freeze([]), outputType: rowType, ...ctx.stateTtl() });
  return { node, columns: input.columns.map((c) => ({ name: c.name, type: c.type })), updating: false, bounded: input.bounded };
}
