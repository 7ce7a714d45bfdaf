import type { RowType } from '../../core/data-types.ts';
import type { Row } from '../../core/row.ts';
import type { Expr } from '../../plan/expr/expr.ts';
import type { AggregateFunction } from '../../plan/functions.ts';
import type { AggregateCall } from '../../plan/relational-nodes.ts';
import { compileExpr, compilePredicate, type CompileOptions } from '../expr/compile.ts';
import { aggregatorFor } from './aggregator-for.ts';
import { distinctAggregator } from './distinct.ts';
import type { ValueAggregator } from './value-aggregator.ts';

/**
 * The aggregates of one GROUP BY as a single incremental aggregate: the accumulator is an array with
 * one plain-data accumulator per call, so it goes into checkpoints and any state backend as it is.
 * `getResult` gives an object by call name; `values` gives the results in call order (what result
 * rows are built from, without an intermediate object).
 */
export interface CompiledAggregateCalls extends AggregateFunction<Row, unknown[], Record<string, unknown>> {
  /** The calls' names (output columns), in call order. */
  readonly names: readonly string[];
  /** The results in call order. */
  values(accs: unknown[]): unknown[];
  merge(a: unknown[], b: unknown[]): unknown[];
  /** Takes a retracted row back out; absent when a call cannot (MIN, MAX, DISTINCT…). */
  readonly retract?: (accs: unknown[], row: Row) => unknown[];
}

/** One call, ready to run: everything decided at compile time, nothing per record but the work. */
interface Slot {
  readonly filter: ((row: Row) => boolean) | undefined;
  readonly aggregator: ValueAggregator<unknown>;
  /** The aggregated value of a row, null to skip it; undefined for COUNT(*) (every row counts). */
  readonly value: ((row: Row) => unknown) | undefined;
}

/**
 * Compiles a GROUP BY's aggregate calls over rows of `inputType` into one AggregateFunction (with
 * `merge`, as session windows need). SQL semantics:
 *
 * - NULL arguments are skipped (COUNT(x) counts non-null values; COUNT(x, y) rows where all are non-null)
 * - `FILTER (WHERE c)`: only rows where `c` is TRUE reach the call
 * - `DISTINCT`: each distinct argument value counts once (per key and window); ignored by MIN/MAX,
 *   where it changes nothing
 * - SUM/AVG/MIN/MAX/FIRST_VALUE/LAST_VALUE/LISTAGG/VAR/STDDEV of no values is NULL; COUNT and SUM0 give 0
 * - numeric results take the call's `type`: integral AVG truncates, DECIMAL rounds to its scale
 *
 * @example
 * const agg = compileAggregateCalls([
 *   { fn: 'SUM', args: [field(t, 'shares')], distinct: false, name: 'total_shares', type: DataTypes.BIGINT() },
 *   { fn: 'COUNT', args: [], distinct: false, name: 'trades', type: notNull(DataTypes.BIGINT()) },
 * ], t);
 * let acc = agg.createAccumulator();
 * acc = agg.add(acc, { shares: 100 });
 * agg.getResult(acc) // { total_shares: 100, trades: 1 }
 */
export function compileAggregateCalls(
  calls: readonly AggregateCall[],
  inputType: RowType,
  label = 'aggregate',
  options?: CompileOptions,
): CompiledAggregateCalls {
  const slots = calls.map((call) => compileSlot(call, inputType, label, options));
  const names = calls.map((call) => call.name);
  const n = slots.length;
  const filters = slots.map((s) => s.filter);
  const adders = slots.map(adderOf);
  const aggregators = slots.map((s) => s.aggregator);
  const retracters = slots.every((s) => s.aggregator.retract !== undefined) ? slots.map(retracterOf) : undefined;

  const values = (accs: unknown[]): unknown[] => {
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = aggregators[i].result(accs[i]);
    return out;
  };
  return {
    names,
    createAccumulator: () => {
      const accs = new Array<unknown>(n);
      for (let i = 0; i < n; i++) accs[i] = aggregators[i].create();
      return accs;
    },
    add: (accs, row) => {
      for (let i = 0; i < n; i++) {
        const filter = filters[i];
        if (filter !== undefined && !filter(row)) continue;
        accs[i] = adders[i](accs[i], row);
      }
      return accs;
    },
    values,
    getResult: (accs) => {
      const result: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) result[names[i]] = aggregators[i].result(accs[i]);
      return result;
    },
    merge: (a, b) => {
      for (let i = 0; i < n; i++) a[i] = aggregators[i].merge(a[i], b[i]);
      return a;
    },
    ...(retracters === undefined ? {} : {
      retract: (accs: unknown[], row: Row) => {
        for (let i = 0; i < n; i++) {
          const filter = filters[i];
          if (filter !== undefined && !filter(row)) continue;
          accs[i] = retracters[i](accs[i], row);
        }
        return accs;
      },
    }),
  };
}

/** Per call, once: the function that takes one row back out (skipping a null value, as adding did). */
function retracterOf(slot: Slot): (acc: unknown, row: Row) => unknown {
  const { aggregator, value } = slot;
  const retract = aggregator.retract!;
  if (value === undefined) return (acc, row) => retract(acc, row);
  return (acc, row) => {
    const v = value(row);
    return v === null || v === undefined ? acc : retract(acc, v);
  };
}

function compileSlot(call: AggregateCall, inputType: RowType, label: string, options?: CompileOptions): Slot {
  const { aggregator, valueArgs } = aggregatorFor(call, inputType, label, options);
  // DISTINCT changes nothing for MIN/MAX, so they keep no set of seen values.
  const distinct = call.distinct && valueArgs.length > 0 && call.fn !== 'MIN' && call.fn !== 'MAX';
  return {
    filter: call.filter === undefined ? undefined : compilePredicate(call.filter, inputType, options),
    aggregator: distinct ? distinctAggregator(aggregator) : aggregator,
    value: compileValue(valueArgs, inputType, options),
  };
}

/** The value a call aggregates: its argument, or for several an array of them (null if any is null). */
function compileValue(args: readonly Expr[], inputType: RowType, options?: CompileOptions): ((row: Row) => unknown) | undefined {
  if (args.length === 0) return undefined;
  const fns = args.map((arg) => compileExpr(arg, inputType, options));
  if (fns.length === 1) return fns[0];
  const m = fns.length;
  return (row) => {
    const tuple = new Array<unknown>(m);
    for (let j = 0; j < m; j++) {
      const v = fns[j](row);
      if (v === null || v === undefined) return null;
      tuple[j] = v;
    }
    return tuple;
  };
}

/** Per call, once: the function that adds one row (skipping a null value). */
function adderOf(slot: Slot): (acc: unknown, row: Row) => unknown {
  const { aggregator, value } = slot;
  if (value === undefined) return (acc, row) => aggregator.add(acc, row);
  return (acc, row) => {
    const v = value(row);
    return v === null || v === undefined ? acc : aggregator.add(acc, v);
  };
}
