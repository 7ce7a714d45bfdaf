import { DataTypes, notNull } from '../../../core/data-types.ts';
import type { WindowSpec } from '../../../plan/windows.ts';
import type { Expr as AstExpr, FunctionCall, TableArgument } from '../ast/expressions.ts';
import type { SourcePos } from '../ast/node.ts';
import type { TableFunctionRef } from '../ast/queries.ts';
import type { PlanContext } from './context.ts';
import { fail } from './errors.ts';
import { functionName } from './function-kinds.ts';
import { resolveName } from './names.ts';
import type { Column, Relation } from './relation.ts';
import { intervalMillis, slidingSpec, windowTimeDomain, windowTimeType } from './window-specs.ts';

/** Plans a named table, view or WITH query (from-clause.ts supplies it; passed in to avoid an import cycle). */
export type NamedRelationPlanner = (name: readonly string[], pos: SourcePos, qualifier: string) => Relation;

const PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  TUMBLE: ['DATA', 'TIMECOL', 'SIZE', 'OFFSET'],
  HOP: ['DATA', 'TIMECOL', 'SLIDE', 'SIZE', 'OFFSET'],
  CUMULATE: ['DATA', 'TIMECOL', 'STEP', 'SIZE', 'OFFSET'],
  SESSION: ['DATA', 'TIMECOL', 'GAP'],
};

/**
 * `TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10' MINUTES))` and HOP / CUMULATE / SESSION, with
 * positional or named arguments (`DATA =>`, `TIMECOL =>`, `SIZE =>` …). The result announces the
 * window columns window_start, window_end and window_time; the windows themselves are computed by
 * the window aggregate a `GROUP BY window_start, window_end` makes of it.
 *
 * @example
 * planWindowTvf(fromRef, ctx, planNamed) // { node: <t's plan>, window: { spec, timeColumn: 'ts' }, columns: [..., window_start, …] }
 */
export function planWindowTvf(ref: TableFunctionRef, ctx: PlanContext, planNamed: NamedRelationPlanner): Relation {
  const call = ref.call as FunctionCall;
  const name = functionName(call);
  const params = parameters(call, name, ctx);
  const data = params.get('DATA')!;
  if (data.kind !== 'TableArgument') throw fail(data.pos, ctx.source, `${name}: the first argument must be TABLE name`);
  const qualifier = ref.alias?.name ?? data.table[data.table.length - 1];
  const input = planNamed(data.table, data.pos, qualifier);
  if (input.window !== undefined) throw fail(data.pos, ctx.source, `${name}: the input is already a window table function`);
  const timecol = params.get('TIMECOL')!;
  if (timecol.kind !== 'Descriptor' || timecol.columns.length !== 1) throw fail(timecol.pos, ctx.source, `${name}: the time column is given as DESCRIPTOR(column)`);
  const timeName = timecol.columns[0];
  const timeColumn = resolveName({ kind: 'Identifier', parts: [timeName], pos: timecol.pos }, input.columns, ctx.source).column;
  const time = windowTimeDomain(timeColumn, name, timecol.pos, ctx);
  const spec = windowSpec(name, params, time, ctx);
  const partitionBy = partitionKeys(data, input, name, ctx);
  if (input.updating) throw fail(ref.pos, ctx.source, `${name}: window table functions need an insert-only input, but '${data.table.join('.')}' produces updates`);
  const bounds: Column[] = [
    { name: 'window_start', type: notNull(DataTypes.TIMESTAMP(3)), qualifier, windowBound: 'start' },
    { name: 'window_end', type: notNull(DataTypes.TIMESTAMP(3)), qualifier, windowBound: 'end' },
    { name: 'window_time', type: notNull(windowTimeType(timeColumn)), qualifier, windowBound: 'time', ...(time === 'event' ? { time: 'rowtime' as const } : {}) },
  ];
  for (const bound of bounds) {
    if (input.columns.some((c) => c.name === bound.name)) throw fail(ref.pos, ctx.source, `${name}: the input already has a column '${bound.name}'`);
  }
  return {
    node: input.node,
    columns: [...input.columns.map((c) => ({ ...c, qualifier })), ...bounds],
    updating: false,
    bounded: input.bounded,
    window: { spec, timeColumn: timeColumn.name, partitionBy },
  };
}

function parameters(call: FunctionCall, name: string, ctx: PlanContext): Map<string, AstExpr> {
  const names = PARAMETERS[name];
  const params = new Map<string, AstExpr>();
  call.args.forEach((arg, i) => {
    if (arg.kind === 'NamedArgument') {
      const key = arg.name.toUpperCase();
      if (!names.includes(key)) throw fail(arg.pos, ctx.source, `${name} has no parameter '${arg.name}' (parameters: ${names.join(', ')})`);
      params.set(key, arg.value);
    } else {
      if (i >= names.length) throw fail(arg.pos, ctx.source, `${name} takes at most ${names.length} arguments: ${name}(${names.join(', ')})`);
      params.set(names[i], arg);
    }
  });
  for (const required of names.filter((n) => n !== 'OFFSET')) {
    if (!params.has(required)) throw fail(call.pos, ctx.source, `${name}: missing argument ${required} (${name}(${names.join(', ')}))`);
  }
  return params;
}

function windowSpec(name: string, params: Map<string, AstExpr>, time: 'event' | 'processing', ctx: PlanContext): WindowSpec {
  const interval = (key: string) => intervalMillis(params.get(key)!, `${key.toLowerCase()} of ${name}`, ctx);
  const offset = params.has('OFFSET') ? intervalMillis(params.get('OFFSET')!, `offset of ${name}`, ctx, true) : 0;
  switch (name) {
    case 'TUMBLE': return { kind: 'tumbling', size: interval('SIZE'), offset, time };
    case 'HOP': return slidingSpec(interval('SIZE'), interval('SLIDE'), offset, time, params.get('SIZE')!, ctx);
    case 'CUMULATE': {
      const step = interval('STEP');
      const maxSize = interval('SIZE');
      if (maxSize % step !== 0) throw fail(params.get('SIZE')!.pos, ctx.source, `CUMULATE: the size (${maxSize} ms) must be an integral multiple of the step (${step} ms)`);
      return { kind: 'cumulate', step, maxSize, offset, time };
    }
    default: return { kind: 'session', gap: interval('GAP'), time };
  }
}

function partitionKeys(data: TableArgument, input: Relation, name: string, ctx: PlanContext): string[] {
  if (data.partitionBy.length > 0 && name !== 'SESSION') throw fail(data.pos, ctx.source, `${name}: PARTITION BY is allowed only for SESSION windows`);
  return data.partitionBy.map((p) => {
    if (p.kind !== 'Identifier') throw fail(p.pos, ctx.source, 'PARTITION BY takes column names');
    return resolveName(p, input.columns, ctx.source).column.name;
  });
}
