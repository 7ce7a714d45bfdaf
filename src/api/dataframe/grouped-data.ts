import type { Expr } from '../sql/ast/expressions.ts';
import type { SelectItem } from '../sql/ast/queries.ts';
import type { Relation } from '../sql/planner/index.ts';
import { AnalysisException } from './analysis-exception.ts';
import { NO_POS, call, cast, identifier, intervalMillis, literal } from './ast.ts';
import type { Column, WindowGrouping } from './column.ts';
import { DataFrame, type AggregationInfo } from './dataframe.ts';
import { BuildContext, INPUT, item, planStep, selectOver, star } from './frame-planning.ts';
import * as F from './functions.ts';

/** The aggregate names Spark's dict form of `agg` takes: `{ shares: 'sum', price: 'avg' }`. */
const DICT_AGGREGATES: Readonly<Record<string, (c: string) => Column>> = {
  sum: F.sum, avg: F.avg, mean: F.avg, min: F.min, max: F.max, count: F.count, first: F.first, last: F.last,
  stddev: F.stddev, stddev_samp: F.stddev, stddev_pop: F.stddev_pop, variance: F.variance, var_samp: F.variance, var_pop: F.var_pop,
  count_distinct: F.countDistinct, approx_count_distinct: F.countDistinct,
};

/** Columns the planner adds and the struct step removes again. */
const WINDOW_START = '__window_start';
const WINDOW_END = '__window_end';

/**
 * A DataFrame grouped by columns (Spark's GroupedData): `agg` with Columns or the dict form, and the
 * shortcuts `count`, `sum`, `avg`, `min`, `max`. A `window(…)` grouping column becomes a `window`
 * struct of `start` and `end` in the result.
 *
 * Windows over a column with a watermark (`withWatermark`) are the engine's event-time window
 * aggregates: they close when the watermark passes, drop their state and late records, and in
 * update mode emit each window's current value at every micro-batch. A tumbling window over a column
 * without a watermark is a plain grouping by window start (Spark's semantics: windows never close,
 * so only update and complete modes can output it).
 *
 * @example
 * df.groupBy(window(col('transaction_date'), '1 hour'), col('symbol')).agg({ shares: 'sum', price: 'avg' })
 */
export class GroupedData {
  readonly #df: DataFrame;
  readonly #columns: readonly Column[];

  constructor(df: DataFrame, columns: readonly Column[]) {
    this.#df = df;
    this.#columns = columns;
    if (columns.filter((c) => c.window !== undefined).length > 1) throw new AnalysisException('groupBy: at most one window() or sessionWindow() column');
  }

  /**
   * Aggregates per group: Columns (`sum('x').alias('s')`) or Spark's dict `{ column: 'sum' }`
   * (result columns named `sum(column)`).
   */
  agg(first: Column | Readonly<Record<string, string>>, ...rest: Column[]): DataFrame {
    const aggregates = first instanceof Object && !('expr' in first) ? dictAggregates(first as Record<string, string>) : [first as Column, ...rest];
    return this.#aggregate(aggregates);
  }

  /** Rows per group, in a column `count`. */
  count(): DataFrame {
    return this.#aggregate([F.count('*').alias('count')]);
  }

  /** The sum of each named column per group (Spark's `sum`). */
  sum(...columns: string[]): DataFrame { return this.#aggregate(columns.map(F.sum)); }
  /** The average of each named column per group. */
  avg(...columns: string[]): DataFrame { return this.#aggregate(columns.map(F.avg)); }
  /** Spark's alias of {@link avg}. */
  mean(...columns: string[]): DataFrame { return this.avg(...columns); }
  /** The minimum of each named column per group. */
  min(...columns: string[]): DataFrame { return this.#aggregate(columns.map(F.min)); }
  /** The maximum of each named column per group. */
  max(...columns: string[]): DataFrame { return this.#aggregate(columns.map(F.max)); }

  #aggregate(aggregates: readonly Column[]): DataFrame {
    const df = this.#df;
    if (df.aggregation !== undefined && df.isStreaming) {
      throw new AnalysisException('Multiple streaming aggregations are not supported with streaming DataFrames/Datasets');
    }
    if (aggregates.length === 0) throw new AnalysisException('agg: give at least one aggregate');
    const windowColumn = this.#columns.find((c) => c.window !== undefined);
    const keys = this.#columns.filter((c) => c.window === undefined).map((c) => ({ expr: c.expr, name: c.aliasName ?? nameOf(c.expr) }));
    const input0 = df.analyzed;
    const aggs = aggregates.map((a) => ({ expr: sparkSumType(a.expr, input0), name: a.aliasName ?? a.toString() }));
    const keyNames = this.#columns.map((c) => (c.window !== undefined ? c.aliasName ?? 'window' : c.aliasName ?? nameOf(c.expr)));
    const session = df.session;
    const watermarked = windowColumn?.window !== undefined && timeColumn(windowColumn.window, input0)?.time === 'rowtime';
    const info: AggregationInfo = {
      keys: keyNames, watermarked,
      ...(windowColumn?.window === undefined ? {} : { window: windowColumn.window }),
    };
    const build = (build: BuildContext): Relation => {
      const input = df.relation(build);
      const plainKeys = keys.map((k) => item(k.expr, k.name));
      const aggItems = aggs.map((a) => item(a.expr, a.name));
      if (windowColumn?.window === undefined) {
        return planStep(session, build, { [INPUT]: input }, selectOver(INPUT, [...plainKeys, ...aggItems], { groupBy: keys.map((k) => k.expr) }), 'agg');
      }
      const window = windowColumn.window;
      const windowName = windowColumn.aliasName ?? (window.kind === 'session' ? 'session_window' : 'window');
      const grouped = timeColumn(window, input)?.time === 'rowtime'
        ? eventTimeWindow(window, input, build)
        : unwatermarkedWindow(window, input, build);
      // The window struct takes the window column's place among the grouping columns, as in Spark.
      const struct = cast({ kind: 'RowConstructor', fields: [identifier(WINDOW_START), identifier(WINDOW_END)], explicit: true, pos: NO_POS }, 'ROW<`start` TIMESTAMP(3), `end` TIMESTAMP(3)>');
      const outItems: SelectItem[] = this.#columns.map((c) => (c.window !== undefined ? item(struct, windowName) : item(identifier(c.aliasName ?? nameOf(c.expr)), c.aliasName ?? nameOf(c.expr))));
      for (const a of aggs) outItems.push(item(identifier(a.name), a.name));
      return planStep(session, build, { [INPUT]: grouped }, selectOver(INPUT, outItems), 'agg');

      function eventTimeWindow(w: WindowGrouping, rel: Relation, b: BuildContext): Relation {
        if (w.offset !== undefined) throw new AnalysisException('window: startTime is not supported on a watermarked column yet');
        const size = intervalMillis(w.size);
        const [fn, args] = w.kind === 'tumbling' ? ['TUMBLE', [w.time, size]] as const
          : w.kind === 'sliding' ? ['HOP', [w.time, intervalMillis(w.slide!), size]] as const
            : ['SESSION', [w.time, size]] as const;
        const items = [
          ...plainKeys,
          item(call(`${fn}_START`, args), WINDOW_START), item(call(`${fn}_END`, args), WINDOW_END),
          ...aggItems,
        ];
        return planStep(session, b, { [INPUT]: rel }, selectOver(INPUT, items, { groupBy: [call(fn, args), ...keys.map((k) => k.expr)] }), 'groupBy(window)');
      }

      function unwatermarkedWindow(w: WindowGrouping, rel: Relation, b: BuildContext): Relation {
        if (w.kind !== 'tumbling') {
          throw new AnalysisException(`${w.kind === 'session' ? 'sessionWindow' : 'sliding window()'} needs an event-time column with a watermark: call withWatermark('<column>', '<delay>') first`);
        }
        const start = call(session.windowStartFunction, [w.time, literal(w.size), literal(w.offset ?? 0)]);
        const withStart = planStep(session, b, { [INPUT]: rel }, selectOver(INPUT, [star(), item(start, WINDOW_START)]), 'groupBy(window)');
        const end: Expr = { kind: 'Binary', op: '+', left: identifier(WINDOW_START), right: intervalMillis(w.size), pos: NO_POS };
        const items = [...plainKeys, item(identifier(WINDOW_START), WINDOW_START), item(end, WINDOW_END), ...aggItems];
        return planStep(session, b, { [INPUT]: withStart }, selectOver(INPUT, items, { groupBy: [identifier(WINDOW_START), ...keys.map((k) => k.expr)] }), 'groupBy(window)');
      }
    };
    return new DataFrame(session, build, {
      streaming: df.isStreaming, aggregation: info,
      ...(df.maxRecordsPerTrigger === undefined ? {} : { maxRecordsPerTrigger: df.maxRecordsPerTrigger }),
    });
  }
}

/**
 * Spark sums integral columns as LONG (Flink keeps the column's type, and INT wraps at 32 bits): a SUM
 * over an integral column reads it as BIGINT.
 */
function sparkSumType(e: Expr, input: Relation): Expr {
  if (e.kind !== 'FunctionCall' || e.name.length !== 1 || e.name[0].toUpperCase() !== 'SUM' || e.args.length !== 1) return e;
  const arg = e.args[0];
  if (arg.kind !== 'Identifier') return e;
  const column = input.columns.find((c) => c.name === arg.parts[arg.parts.length - 1]);
  if (column === undefined || !['TINYINT', 'SMALLINT', 'INT'].includes(column.type.kind)) return e;
  return { ...e, args: [cast(arg, 'BIGINT')] };
}

function dictAggregates(spec: Readonly<Record<string, string>>): Column[] {
  return Object.entries(spec).map(([column, fn]) => {
    const make = DICT_AGGREGATES[fn.toLowerCase()];
    if (make === undefined) throw new AnalysisException(`agg: unknown aggregate '${fn}' for column '${column}' (use one of ${Object.keys(DICT_AGGREGATES).join(', ')})`);
    return make(column);
  });
}

function nameOf(e: Expr): string {
  if (e.kind === 'Identifier') return e.parts[e.parts.length - 1];
  if (e.kind === 'FieldAccess') return e.field;
  throw new AnalysisException('groupBy: give computed grouping columns a name with alias()');
}

/** The input column a window's time expression names, if it names one. */
function timeColumn(w: WindowGrouping, input: Relation): Relation['columns'][number] | undefined {
  const e = w.time;
  if (e.kind !== 'Identifier') return undefined;
  const name = e.parts[e.parts.length - 1];
  return input.columns.find((c) => c.name === name);
}
