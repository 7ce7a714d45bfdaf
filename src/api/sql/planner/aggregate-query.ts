import { DataTypes, notNull, typeToString, type RowType } from '../../../core/data-types.ts';
import { toMillis } from '../../../core/duration.ts';
import { ConfigError } from '../../../core/errors.ts';
import { field, type Expr } from '../../../plan/expr/index.ts';
import type { GroupAggregateNode, WindowAggregateNode } from '../../../plan/nodes.ts';
import type { AggregateCall, NamedExpr, WindowColumns } from '../../../plan/relational-nodes.ts';
import type { Expr as AstExpr, FunctionCall } from '../ast/expressions.ts';
import type { Select } from '../ast/queries.ts';
import { printExpr } from '../printer/index.ts';
import { bindAggregate } from './aggregates.ts';
import { calc } from './calc.ts';
import type { PlanContext } from './context.ts';
import { fail, SqlValidationError } from './errors.ts';
import { bindExpr, type ExprScope } from './expressions.ts';
import { aggregateOf, walkAst, windowPropertyOf } from './function-kinds.ts';
import { canonical, planGrouping, type Grouping } from './group-by.ts';
import { resolveName } from './names.ts';
import { rowTypeOf, uniqueName, type Column, type Relation } from './relation.ts';
import { selectProjections } from './select-items.ts';
import { latenessPolicy, windowTimeType } from './window-specs.ts';

/**
 * A SELECT with GROUP BY, aggregates or HAVING: an aggregate node, then one calc computing the select
 * list (and HAVING as its condition) over the aggregate's output.
 *
 * - a legacy group window (`GROUP BY k, TUMBLE(ts, …)`) or a window TVF input grouped by
 *   window_start, window_end → 'window-aggregate' (insert-only: one row per key and window when the
 *   watermark passes the window's end); TUMBLE_START/_END/_ROWTIME and window_start/_end/_time read
 *   its window columns
 * - otherwise → 'group-aggregate' (a changelog: +I, then -U/+U as a key's aggregates change)
 *
 * With `SET 'table.exec.emit.early-fire.enabled' = 'true'` (streaming mode) a window aggregate also
 * emits its changing windows at every checkpoint (Spark's update mode), so it is a changelog keyed
 * by the group keys and the window bounds.
 *
 * @example
 * planAggregateSelect(parseQuery('SELECT symbol, SUM(shares) FROM t GROUP BY symbol').body as Select, input, ctx)
 */
export function planAggregateSelect(select: Select, input: Relation, ctx: PlanContext): Relation {
  // A retracting changelog (a CDC source) feeds a non-windowed GROUP BY of retractable aggregates;
  // an upsert input would first need normalising, and windows need append-only input.
  if (input.updating && (input.upsertOnly === true || input.window !== undefined)) {
    throw fail(select.pos, ctx.source, `aggregating a changelog (the input produces updates: ${reasonOf(input)}) is not supported yet`);
  }
  const scope: ExprScope = { columns: input.columns, rowType: rowTypeOf(input), clause: 'GROUP BY' };
  const grouping = planGrouping(select, input, scope, ctx);
  const items = selectProjections(select, input, ctx);
  const calls = collectCalls([...items.map((i) => i.ast), ...(select.having === undefined ? [] : [select.having])], grouping, scope, ctx);
  const windowed = grouping.window !== undefined || input.window !== undefined;
  if (input.updating) {
    if (windowed) throw fail(select.pos, ctx.source, `a group window over a changelog (${reasonOf(input)}) is not supported yet`);
    const stuck = calls.list.find((c) => c.distinct || !RETRACTABLE.includes(c.fn));
    if (stuck !== undefined) {
      throw fail(select.pos, ctx.source, `over a changelog (${reasonOf(input)}) a GROUP BY takes COUNT, SUM and AVG without DISTINCT for now; ${stuck.fn}${stuck.distinct ? ' DISTINCT' : ''} cannot take rows back`);
    }
  }
  const taken = new Set<string>([...grouping.keys.map((k) => k.name), ...calls.list.map((c) => c.name)]);
  const windowColumns: WindowColumns | undefined = windowed
    ? { start: uniqueName('window_start', taken), end: uniqueName('window_end', taken), rowtime: uniqueName('window_time', taken) }
    : undefined;
  const { aggregate, outputType } = aggregateRelation(input, grouping, calls.list, windowColumns, ctx);

  const substitute = substitution(aggregate, input, grouping, calls.byText, windowColumns, ctx);
  const post: ExprScope = { columns: aggregate.columns, rowType: outputType, clause: 'SELECT', substitute };
  const having = select.having === undefined ? undefined : bindExpr(select.having, { ...post, clause: 'HAVING' }, ctx);
  if (having !== undefined && having.type.kind !== 'BOOLEAN' && having.type.kind !== 'NULL') {
    throw fail(select.having!.pos, ctx.source, `HAVING needs a BOOLEAN condition, got ${typeToString(having.type)}`);
  }
  const names = new Set<string>();
  const projections = items.map((item) => ({ name: uniqueName(item.name, names), expr: bindExpr(item.ast, post, ctx) }));
  return calc(aggregate, ctx, { projections, ...(having === undefined ? {} : { condition: having }) });
}

interface Calls {
  readonly list: AggregateCall[];
  readonly byText: Map<string, string>;
}

/** The aggregate calls of the select list and HAVING, each once; window properties are checked here. */
function collectCalls(asts: readonly AstExpr[], grouping: Grouping, scope: ExprScope, ctx: PlanContext): Calls {
  const list: AggregateCall[] = [];
  const byText = new Map<string, string>();
  for (const ast of asts) {
    walkAst(ast, (e) => {
      const fn = aggregateOf(e);
      if (fn !== undefined) {
        const text = printExpr(e);
        if (!byText.has(text)) {
          const name = `$a${list.length}`;
          list.push(bindAggregate(e as FunctionCall, fn, scope, ctx, name));
          byText.set(text, name);
        }
        return false;
      }
      if (windowPropertyOf(e) !== undefined) {
        checkWindowProperty(e as FunctionCall, grouping, ctx);
        return false;
      }
      return true;
    });
  }
  return { list, byText };
}

function checkWindowProperty(call: FunctionCall, grouping: Grouping, ctx: PlanContext): void {
  const { window, property } = windowPropertyOf(call)!;
  const name = call.name.join('.');
  const group = grouping.window;
  if (group === undefined) throw fail(call.pos, ctx.source, `${name} needs a GROUP BY ${window}(…) group window`);
  const same = group.name === window && group.call.args.length === call.args.length &&
    group.call.args.every((a, i) => printExpr(a) === printExpr(call.args[i]));
  if (!same) throw fail(call.pos, ctx.source, `${name}(…) must repeat the group window of GROUP BY: ${printExpr(group.call)}`);
  const time = group.spec.time;
  if (property === 'ROWTIME' && time !== 'event') throw fail(call.pos, ctx.source, `${name}: the window is in processing time; use ${window}_PROCTIME`);
  if (property === 'PROCTIME' && time !== 'processing') throw fail(call.pos, ctx.source, `${name}: the window is in event time; use ${window}_ROWTIME`);
}

function aggregateRelation(
  input: Relation, grouping: Grouping, calls: readonly AggregateCall[], windowColumns: WindowColumns | undefined, ctx: PlanContext,
): { aggregate: Relation; outputType: RowType } {
  const keys: NamedExpr[] = grouping.keys.map((k) => Object.freeze({ name: k.name, expr: k.expr }));
  const columns: Column[] = grouping.keys.map((k) => ({ name: k.name, type: k.expr.type }));
  const spec = grouping.window?.spec ?? input.window?.spec;
  if (spec !== undefined && windowColumns !== undefined) {
    const timeColumn = grouping.window?.timeColumn ?? input.columns.find((c) => c.name === input.window!.timeColumn)!;
    const bound = notNull(DataTypes.TIMESTAMP(3));
    columns.push(
      { name: windowColumns.start!, type: bound },
      { name: windowColumns.end!, type: bound },
      { name: windowColumns.rowtime!, type: notNull(windowTimeType(timeColumn)), time: spec.time === 'event' ? 'rowtime' : 'proctime' },
    );
  }
  for (const call of calls) columns.push({ name: call.name, type: call.type });
  const outputType = DataTypes.ROW(columns.map((c) => ({ name: c.name, type: c.type })));
  const inputType = rowTypeOf(input);
  if (spec !== undefined && windowColumns !== undefined) {
    const earlyFire = earlyFireEnabled(ctx);
    const node = ctx.node<WindowAggregateNode>({
      kind: 'window-aggregate', input: input.node, inputType, keys: Object.freeze(keys), window: Object.freeze({ ...spec }),
      calls: Object.freeze([...calls]), windowColumns: Object.freeze(windowColumns), lateness: Object.freeze(latenessPolicy(ctx)), outputType,
      ...(earlyFire ? { earlyFire } : {}),
    });
    // With allowed lateness a late record re-emits its window's row as an update; with early fire a
    // window's row is emitted, then updated, while it is open (upsert by key and window either way).
    const lateness = node.lateness.allowed > 0;
    const updating = lateness || earlyFire;
    const aggregate: Relation = {
      node, columns, updating, bounded: input.bounded,
      ...(updating ? {
        changelogReason: earlyFire
          ? "a window aggregate with early fire ('table.exec.emit.early-fire.enabled'), which emits windows before they are final"
          : "a window aggregate with allowed lateness ('table.exec.emit.allow-lateness'), which re-emits updated windows",
        // A tumbling or hopping window is identified by its start; cumulating and session windows need both bounds.
        upsertKey: [...keys.map((k) => k.name), windowColumns.start!, ...(spec.kind === 'tumbling' || spec.kind === 'sliding' ? [] : [windowColumns.end!])],
      } : {}),
    };
    return { aggregate, outputType };
  }
  const node = ctx.node<GroupAggregateNode>({
    kind: 'group-aggregate', input: input.node, inputType, keys: Object.freeze(keys), calls: Object.freeze([...calls]), outputType, ...ctx.stateTtl(),
    ...(input.updating ? { retracting: true } : {}),
  });
  return {
    aggregate: {
      node, columns, updating: true, bounded: input.bounded, upsertKey: keys.map((k) => k.name),
      changelogReason: keys.length === 0 ? 'a global aggregate (no GROUP BY)' : 'a non-windowed GROUP BY',
    },
    outputType,
  };
}

/**
 * How select items and HAVING read the aggregate's output: aggregate calls and window properties
 * become its fields, expressions equal to a grouping key read the key, and any other column of the
 * input is an error ("neither grouped nor aggregated").
 */
function substitution(
  aggregate: Relation, input: Relation, grouping: Grouping, callsByText: Map<string, string>, windowColumns: WindowColumns | undefined, ctx: PlanContext,
): (ast: AstExpr) => Expr | undefined {
  const outputType = rowTypeOf(aggregate);
  const inputScope: ExprScope = { columns: input.columns, rowType: rowTypeOf(input), clause: 'SELECT' };
  const keyByCanonical = new Map(grouping.keys.map((k) => [k.canonical, k.name]));
  const boundColumn = { start: windowColumns?.start, end: windowColumns?.end, time: windowColumns?.rowtime };
  return (ast) => {
    if (aggregateOf(ast) !== undefined) return field(outputType, callsByText.get(printExpr(ast))!);
    const property = windowPropertyOf(ast);
    if (property !== undefined) {
      const name = property.property === 'START' ? boundColumn.start : property.property === 'END' ? boundColumn.end : boundColumn.time;
      return field(outputType, name!);
    }
    let contains = false;
    walkAst(ast, (e) => {
      if (aggregateOf(e) !== undefined || windowPropertyOf(e) !== undefined) contains = true;
      return !contains;
    });
    if (contains) return undefined;
    if (ast.kind === 'Identifier') {
      const { column, fields } = resolveName(ast, input.columns, ctx.source);
      if (column.windowBound !== undefined && fields.length === 0) return field(outputType, boundColumn[column.windowBound]!);
    }
    const key = keyOf(ast, inputScope, keyByCanonical, ctx);
    if (key !== undefined) return field(outputType, key);
    if (ast.kind === 'Identifier') {
      throw fail(ast.pos, ctx.source, `column '${ast.parts.join('.')}' is neither grouped nor aggregated: add it to GROUP BY or use it in an aggregate function`);
    }
    return undefined;
  };
}

function keyOf(ast: AstExpr, scope: ExprScope, keys: Map<string, string>, ctx: PlanContext): string | undefined {
  try {
    return keys.get(canonical(bindExpr(ast, scope, ctx)));
  } catch (e) {
    if (e instanceof SqlValidationError) return undefined;
    throw e;
  }
}

/**
 * 'table.exec.emit.early-fire.enabled' (Flink's option; default false). Early results are emitted at
 * every checkpoint — the job's checkpoint interval sets how often — so Flink's companion option
 * 'table.exec.emit.early-fire.delay' is checked to be a duration and otherwise has no effect.
 * Batch mode computes final results only, so there is nothing to fire early.
 */
function earlyFireEnabled(ctx: PlanContext): boolean {
  const enabled = ctx.option('table.exec.emit.early-fire.enabled');
  const delay = ctx.option('table.exec.emit.early-fire.delay');
  if (delay !== undefined) toMillis(delay, 'table.exec.emit.early-fire.delay');
  if (enabled === undefined) return false;
  const flag = enabled.trim().toLowerCase();
  if (flag !== 'true' && flag !== 'false') {
    throw new ConfigError('table.exec.emit.early-fire.enabled', `must be 'true' or 'false', got '${enabled}'`);
  }
  return flag === 'true' && ctx.mode === 'streaming';
}

/** The aggregates a GROUP BY over a changelog can take rows back out of. */
const RETRACTABLE: readonly string[] = ['COUNT', 'SUM', 'SUM0', 'AVG'];

function reasonOf(relation: Relation): string {
  return relation.changelogReason ?? 'an updating source';
}
