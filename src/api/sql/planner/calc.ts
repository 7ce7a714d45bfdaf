import { DataTypes } from '../../../core/data-types.ts';
import type { Expr } from '../../../plan/expr/index.ts';
import type { CalcNode } from '../../../plan/nodes.ts';
import type { NamedExpr } from '../../../plan/relational-nodes.ts';
import { mergeCalc, type CalcParts } from './calc-merge.ts';
import type { PlanContext } from './context.ts';
import { rowTypeOf, type Column, type Relation, type TimeAttribute } from './relation.ts';

/** One output column of a projection; `time` marks a time attribute it creates (PROCTIME()). */
export interface Projection {
  readonly name: string;
  readonly expr: Expr;
  readonly time?: TimeAttribute;
}

/**
 * A calc node over `input`: the rows where `condition` holds, mapped to `projections` (all input
 * columns when absent). A projected column stays a time attribute when it is the input's time
 * attribute unchanged, as in Flink (any expression over it is a plain timestamp).
 *
 * @example
 * const filtered = calc(input, ctx, { condition: bound });
 */
export function calc(input: Relation, ctx: PlanContext, options: { projections?: readonly Projection[]; condition?: Expr; qualifier?: string }): Relation {
  const inputType = rowTypeOf(input);
  const { projections, condition } = options;
  let columns: Column[];
  if (projections === undefined) columns = input.columns.map((c) => (options.qualifier === undefined ? c : { ...c, qualifier: options.qualifier }));
  else columns = projections.map((p) => column(p, input, options.qualifier));
  const outputType = projections === undefined ? inputType : DataTypes.ROW(projections.map((p) => ({ name: p.name, type: p.expr.type })));
  const named: NamedExpr[] | undefined = projections?.map((p) => Object.freeze({ name: p.name, expr: p.expr }));
  let parts: CalcParts = { ...(named === undefined ? {} : { projections: named }), ...(condition === undefined ? {} : { condition }) };
  let below = input.node;
  let belowType = inputType;
  // Two calcs in a row run as one (the lower one is then unused).
  const merged = below.kind === 'calc' ? mergeCalc(below, parts) : undefined;
  if (merged !== undefined && below.kind === 'calc') {
    parts = merged;
    belowType = below.inputType;
    below = below.input;
  }
  const node = ctx.node<CalcNode>({
    kind: 'calc', input: below, inputType: belowType,
    ...(parts.projections === undefined ? {} : { projections: Object.freeze([...parts.projections]) }),
    ...(parts.condition === undefined ? {} : { condition: parts.condition }),
    outputType,
  });
  return {
    node, columns, updating: input.updating, bounded: input.bounded,
    ...(input.window === undefined ? {} : { window: input.window }),
    ...(input.changelogReason === undefined ? {} : { changelogReason: input.changelogReason }),
    ...(input.upsertOnly === true ? { upsertOnly: true } : {}),
    ...upsertKeyThrough(input.upsertKey, projections),
  };
}

/** The upsert key after a projection: each key column must be projected unchanged (perhaps renamed). */
function upsertKeyThrough(key: readonly string[] | undefined, projections: readonly Projection[] | undefined): { upsertKey?: readonly string[] } {
  if (key === undefined) return {};
  if (projections === undefined) return { upsertKey: key };
  const renamed: string[] = [];
  for (const k of key) {
    const p = projections.find((x) => x.expr.kind === 'field' && x.expr.name === k);
    if (p === undefined) return {};
    renamed.push(p.name);
  }
  return { upsertKey: renamed };
}

function column(p: Projection, input: Relation, qualifier: string | undefined): Column {
  const base: Column = qualifier === undefined ? { name: p.name, type: p.expr.type } : { name: p.name, type: p.expr.type, qualifier };
  if (p.time !== undefined) return { ...base, time: p.time };
  if (p.expr.kind === 'field') {
    const source = input.columns.find((c) => c.name === (p.expr as { name: string }).name);
    if (source?.time !== undefined) return { ...base, time: source.time };
  }
  return base;
}

/**
 * True when the projections are the input's columns unchanged: every column once, in order, under its
 * own name (the calc can be skipped).
 *
 * @example
 * const unchanged = isIdentity(input, projections); // then the input relation is the result
 */
export function isIdentity(input: Relation, projections: readonly Projection[]): boolean {
  const visible = input.columns.filter((c) => c.windowBound === undefined);
  return projections.length === visible.length &&
    projections.every((p, i) => p.expr.kind === 'field' && p.expr.name === visible[i].name && p.name === visible[i].name && p.time === undefined);
}
