import { DataTypes } from '../../../core/data-types.ts';
import { field, type Expr } from '../../../plan/expr/index.ts';
import type { OverAggregateNode } from '../../../plan/nodes.ts';
import type { AggregateCall, OverAggregateNodeFields } from '../../../plan/relational-nodes.ts';
import type { Expr as AstExpr, FrameBound, WindowSpec } from '../ast/expressions.ts';
import { printExpr, printWindowSpec } from '../printer/index.ts';
import { bindAggregate } from './aggregates.ts';
import type { PlanContext } from './context.ts';
import { fail } from './errors.ts';
import { bindExpr, type ExprScope } from './expressions.ts';
import { functionName, overAggregateOf } from './function-kinds.ts';
import { resolveName } from './names.ts';
import { rowTypeOf, type Column, type Relation } from './relation.ts';
import type { WindowCall } from './window-functions.ts';

/** A relation with columns computed by window calls, and how the select list reads them. */
export interface WindowedInput {
  readonly relation: Relation;
  /** Replaces each OVER call of the select list by the column that holds its value. */
  readonly substitute: (ast: AstExpr) => Expr | undefined;
}

/**
 * OVER aggregates of a select list (`SUM(x) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 2
 * PRECEDING AND CURRENT ROW)`), as Flink plans them: one over-aggregate node computing every call
 * (they must share one window, as in Flink), ordered by one time attribute ascending, the frame from
 * `n PRECEDING` (ROWS: a row count; RANGE: an INTERVAL) or UNBOUNDED PRECEDING to the CURRENT ROW (the
 * default frame is RANGE UNBOUNDED PRECEDING). The input must be append-only; so is the output, and
 * it keeps the input's time attributes.
 *
 * @example
 * const { relation, substitute } = planOverAggregates(windowCallsOf(select, ctx), input, ctx);
 */
export function planOverAggregates(calls: readonly WindowCall[], input: Relation, ctx: PlanContext): WindowedInput {
  const first = calls[0];
  for (const { call } of calls) {
    if (overAggregateOf(call) === undefined) {
      throw fail(call.pos, ctx.source, `${functionName(call)}(…) OVER is not supported: OVER takes the aggregate functions, and ROW_NUMBER() for Top-N and deduplication`);
    }
  }
  const text = printWindowSpec(first.spec);
  const other = calls.find((c) => printWindowSpec(c.spec) !== text);
  if (other !== undefined) {
    throw fail(other.call.pos, ctx.source, `all OVER aggregates of a SELECT must use the same window (as in Flink): ${printWindowSpec(other.spec)} differs from ${text}`);
  }
  if (input.updating) {
    throw fail(first.call.pos, ctx.source, `OVER aggregates over a changelog (the input produces updates: ${input.changelogReason ?? 'an updating input'}) are not supported (Flink refuses them too)`);
  }
  if (input.window !== undefined) throw fail(first.call.pos, ctx.source, 'OVER aggregates over a window TVF are not supported; aggregate the windows with GROUP BY window_start, window_end');
  const scope: ExprScope = { columns: input.columns, rowType: rowTypeOf(input), clause: 'OVER (PARTITION BY …)' };
  const spec = first.spec;
  const partitionKeys = spec.partitionBy.map((e) => bindExpr(e, scope, ctx));
  const order = orderOf(spec, input, ctx);
  const frame = frameOf(spec, ctx);

  const byText = new Map<string, string>();
  const bound: AggregateCall[] = [];
  const taken = new Set(input.columns.map((c) => c.name));
  for (const { call } of calls) {
    const key = printExpr(call);
    if (byText.has(key)) continue;
    let name = `$over${bound.length}`;
    while (taken.has(name)) name = `$${name}`;
    taken.add(name);
    const { over: _window, ...plain } = call;
    bound.push(bindAggregate(plain, overAggregateOf(call)!, { ...scope, clause: 'an OVER aggregate' }, ctx, name));
    byText.set(key, name);
  }
  const columns: Column[] = [...input.columns, ...bound.map((c) => ({ name: c.name, type: c.type }))];
  const outputType = DataTypes.ROW(columns.map((c) => ({ name: c.name, type: c.type })));
  const fields: Omit<OverAggregateNodeFields, 'kind'> = {
    inputType: rowTypeOf(input), partitionKeys: Object.freeze(partitionKeys), order: Object.freeze(order), frame: Object.freeze(frame),
    calls: Object.freeze(bound), outputType, ...ctx.stateTtl(),
  };
  const node = ctx.node<OverAggregateNode>({ kind: 'over-aggregate', input: input.node, ...fields });
  const relation: Relation = { node, columns, updating: false, bounded: input.bounded };
  return {
    relation,
    substitute: (ast) => {
      if (ast.kind !== 'FunctionCall' || ast.over === undefined) return undefined;
      const name = byText.get(printExpr(ast));
      return name === undefined ? undefined : field(outputType, name);
    },
  };
}

/** ORDER BY of an OVER window: one time attribute, ascending. */
function orderOf(spec: WindowSpec, input: Relation, ctx: PlanContext): OverAggregateNodeFields['order'] {
  const problem = 'OVER windows must be ordered by one time attribute (a rowtime or PROCTIME() column), ascending, as in Flink';
  if (spec.orderBy.length !== 1) throw fail(spec.pos, ctx.source, problem);
  const item = spec.orderBy[0];
  if (item.direction === 'DESC' || item.expr.kind !== 'Identifier') throw fail(item.pos, ctx.source, problem);
  const { column, fields } = resolveName(item.expr, input.columns, ctx.source);
  if (fields.length > 0 || column.time === undefined) throw fail(item.pos, ctx.source, `${problem}; '${printExpr(item.expr)}' is not one`);
  return column.time === 'rowtime' ? { time: 'rowtime', column: column.name } : { time: 'proctime' };
}

/** The frame: from n (or UNBOUNDED) PRECEDING to the CURRENT ROW; absent: RANGE UNBOUNDED PRECEDING. */
function frameOf(spec: WindowSpec, ctx: PlanContext): OverAggregateNodeFields['frame'] {
  const frame = spec.frame;
  if (frame === undefined) return { unit: 'range', preceding: Number.POSITIVE_INFINITY };
  const unit = frame.unit === 'ROWS' ? 'rows' : 'range';
  if (frame.end !== undefined && frame.end.type !== 'CURRENT ROW') {
    throw fail(spec.pos, ctx.source, `OVER windows end at the CURRENT ROW in streaming (got ${frame.end.type}${frame.end.offset === undefined ? '' : ` ${printExpr(frame.end.offset)}`})`);
  }
  return { unit, preceding: precedingOf(frame.start, unit, spec, ctx) };
}

function precedingOf(start: FrameBound, unit: 'rows' | 'range', spec: WindowSpec, ctx: PlanContext): number {
  switch (start.type) {
    case 'UNBOUNDED PRECEDING': return Number.POSITIVE_INFINITY;
    case 'CURRENT ROW': return 0;
    case 'PRECEDING': {
      const offset = start.offset!;
      if (unit === 'rows') {
        if (offset.kind !== 'NumericLiteral' || !/^\d+$/.test(offset.text)) throw fail(offset.pos, ctx.source, 'ROWS … PRECEDING takes a non-negative integer literal');
        return Number(offset.text);
      }
      if (offset.kind !== 'IntervalLiteral') throw fail(offset.pos, ctx.source, "RANGE … PRECEDING over a time attribute takes an INTERVAL literal such as INTERVAL '10' MINUTE");
      const e = bindExpr(offset, { columns: [], rowType: DataTypes.ROW([]), clause: 'RANGE … PRECEDING' }, ctx);
      if (e.kind !== 'literal' || e.type.kind !== 'INTERVAL_DAY_TIME' || typeof e.value !== 'number' || e.value < 0) {
        throw fail(offset.pos, ctx.source, "RANGE … PRECEDING takes a non-negative day-time INTERVAL such as INTERVAL '10' MINUTE");
      }
      return e.value;
    }
    default: throw fail(spec.pos, ctx.source, `OVER windows start before the current row in streaming (got ${start.type})`);
  }
}
