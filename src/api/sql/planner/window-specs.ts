import { DataTypes, typeToString, type DataType } from '../../../core/data-types.ts';
import { ConfigError } from '../../../core/errors.ts';
import type { LatenessPolicy, TimeDomain, WindowSpec } from '../../../plan/windows.ts';
import type { Expr as AstExpr, FunctionCall } from '../ast/expressions.ts';
import type { PlanContext } from './context.ts';
import { fail } from './errors.ts';
import { bindExpr } from './expressions.ts';
import type { GroupWindowName } from './function-kinds.ts';
import { resolveName } from './names.ts';
import type { Column } from './relation.ts';

/**
 * The pieces both window syntaxes share — legacy group windows (`GROUP BY TUMBLE(ts, INTERVAL '1'
 * HOUR)`) and window TVFs (`TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' HOUR))`): the time
 * column must be a time attribute, sizes are positive day-time interval literals.
 */

/**
 * The time domain of a window over `column`: event time for the rowtime attribute (a WATERMARK was
 * declared on it), processing time for PROCTIME(); anything else is an error naming the column.
 *
 * @example
 * windowTimeDomain(timeColumn, 'TUMBLE', pos, ctx) // 'event'
 */
export function windowTimeDomain(column: Column, window: string, pos: AstExpr['pos'], ctx: PlanContext): TimeDomain {
  if (column.time === 'rowtime') return 'event';
  if (column.time === 'proctime') return 'processing';
  throw fail(pos, ctx.source,
    `${window}(${column.name}, …): column '${column.name}' is not a time attribute; declare WATERMARK FOR ${column.name} AS ${column.name} - INTERVAL '…' SECOND ` +
    `in its table (event time), or window on a PROCTIME() column (processing time)`);
}

/**
 * The column a window's time argument names (a plain column reference).
 *
 * @example
 * timeColumnOf(call.args[0], input.columns, 'TUMBLE', ctx).name // 'transaction_date'
 */
export function timeColumnOf(arg: AstExpr, columns: readonly Column[], window: string, ctx: PlanContext): Column {
  if (arg.kind !== 'Identifier') throw fail(arg.pos, ctx.source, `${window}(…): the first argument must be a time attribute column`);
  const { column, fields } = resolveName(arg, columns, ctx.source);
  if (fields.length > 0) throw fail(arg.pos, ctx.source, `${window}(…): the time argument must be a column, not a field of one`);
  return column;
}

/**
 * A window size, slide, gap or offset: a day-time INTERVAL literal, in milliseconds.
 *
 * @example
 * intervalMillis(parseExpression("INTERVAL '10' MINUTES"), 'size of TUMBLE', ctx) // 600000
 */
export function intervalMillis(ast: AstExpr, what: string, ctx: PlanContext, allowZero = false): number {
  const e = bindExpr(ast, { columns: [], rowType: DataTypes.ROW([]), clause: what }, ctx);
  if (e.kind !== 'literal' || e.type.kind !== 'INTERVAL_DAY_TIME') {
    throw fail(ast.pos, ctx.source, `the ${what} must be an INTERVAL literal such as INTERVAL '10' MINUTE, got ${typeToString(e.type)}`);
  }
  const ms = e.value as number;
  if (ms < 0 || (ms === 0 && !allowZero)) throw fail(ast.pos, ctx.source, `the ${what} must be positive`);
  return ms;
}

/**
 * The WindowSpec of a legacy group window in GROUP BY: TUMBLE(t, size), HOP(t, slide, size),
 * SESSION(t, gap).
 *
 * @example
 * groupWindowSpec(call, 'TUMBLE', 'event', ctx) // { kind: 'tumbling', size: 3600000, offset: 0, time: 'event' }
 */
export function groupWindowSpec(call: FunctionCall, window: GroupWindowName, time: TimeDomain, ctx: PlanContext): WindowSpec {
  const arity = window === 'HOP' ? 3 : 2;
  if (call.args.length !== arity) {
    const syntax = window === 'HOP' ? 'HOP(time_attr, slide, size)' : window === 'TUMBLE' ? 'TUMBLE(time_attr, size)' : 'SESSION(time_attr, gap)';
    throw fail(call.pos, ctx.source, `${window} takes ${arity} arguments: ${syntax}`);
  }
  const [, a, b] = call.args;
  switch (window) {
    case 'TUMBLE': return { kind: 'tumbling', size: intervalMillis(a, 'size of TUMBLE', ctx), offset: 0, time };
    case 'HOP': return { kind: 'sliding', size: intervalMillis(b, 'size of HOP', ctx), slide: intervalMillis(a, 'slide of HOP', ctx), offset: 0, time };
    case 'SESSION': return { kind: 'session', gap: intervalMillis(a, 'gap of SESSION', ctx), time };
  }
}

/**
 * A hopping window TVF; the size must be a multiple of the slide (as Flink requires for the HOP TVF).
 *
 * @example
 * slidingSpec(600_000, 300_000, 0, 'event', sizeAst, ctx) // { kind: 'sliding', size: 600000, slide: 300000, … }
 */
export function slidingSpec(size: number, slide: number, offset: number, time: TimeDomain, pos: AstExpr, ctx: PlanContext): WindowSpec {
  if (size % slide !== 0) throw fail(pos.pos, ctx.source, `HOP: the size (${size} ms) must be an integral multiple of the slide (${slide} ms)`);
  return { kind: 'sliding', size, slide, offset, time };
}

/**
 * The type of a window's rowtime column (window_time, TUMBLE_ROWTIME): TIMESTAMP(3) for a TIMESTAMP
 * time attribute, TIMESTAMP_LTZ(3) for a TIMESTAMP_LTZ one (and for processing time).
 *
 * @example
 * windowTimeType(rowtimeColumn) // TIMESTAMP(3)
 */
export function windowTimeType(timeColumn: Column): DataType {
  return timeColumn.type.kind === 'TIMESTAMP' ? DataTypes.TIMESTAMP(3) : DataTypes.TIMESTAMP_LTZ(3);
}

/**
 * What happens to late records, from 'table.exec.emit.allow-lateness' (Flink's option; default 0:
 * a record for a window that has fired is dropped and counted).
 *
 * @example
 * latenessPolicy(ctx) // { allowed: 60000 } after SET 'table.exec.emit.allow-lateness' = '1 min'
 */
export function latenessPolicy(ctx: PlanContext): LatenessPolicy {
  const text = ctx.option('table.exec.emit.allow-lateness');
  if (text === undefined) return { allowed: 0 };
  const m = /^\s*(\d+)\s*(ms|s|min|h|d)?\s*$/i.exec(text);
  if (m === null) throw new ConfigError('table.exec.emit.allow-lateness', `'${text}' is not a duration (e.g. '1 min', '30 s', '500 ms')`);
  const factor: Record<string, number> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };
  return { allowed: Number(m[1]) * factor[(m[2] ?? 'ms').toLowerCase()] };
}
