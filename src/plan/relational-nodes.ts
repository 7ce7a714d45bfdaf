import type { DataType, RowType } from '../core/data-types.ts';
import type { Expr } from './expr/expr.ts';
import type { LatenessPolicy, WindowSpec } from './windows.ts';

/**
 * Plan nodes over rows with a known schema, built by the SQL and DataFrame APIs from typed expressions
 * (src/plan/expr). The physical layer compiles their expressions to JavaScript functions (src/operators/
 * expr) and reuses the same operators the Dataflow API runs: a window aggregate is the window operator
 * with a compiled key and a compiled composite aggregate.
 */

/** An output column computed by an expression. */
export interface NamedExpr {
  readonly name: string;
  readonly expr: Expr;
}

/**
 * Projection and filter in one step (Flink's Calc): rows where `condition` holds, each mapped to the
 * `projections` (all input columns unchanged when absent).
 */
export interface CalcNodeFields {
  readonly kind: 'calc';
  readonly inputType: RowType;
  readonly projections?: readonly NamedExpr[];
  readonly condition?: Expr;
  readonly outputType: RowType;
}

/** The SQL aggregate functions the planner maps to incremental accumulators. */
export type AggregateFunctionName =
  | 'COUNT' | 'SUM' | 'SUM0' | 'AVG' | 'MIN' | 'MAX' | 'FIRST_VALUE' | 'LAST_VALUE' | 'LISTAGG'
  | 'STDDEV_POP' | 'STDDEV_SAMP' | 'VAR_POP' | 'VAR_SAMP';

/**
 * One aggregate of a GROUP BY: `COUNT(*)` has no args; `COUNT(DISTINCT x)` sets distinct;
 * `agg(x) FILTER (WHERE c)` sets filter. `type` is the result type.
 */
export interface AggregateCall {
  readonly fn: AggregateFunctionName;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly filter?: Expr;
  readonly name: string;
  readonly type: DataType;
}

/** Which window bound columns a windowed aggregate outputs, and under which names. */
export interface WindowColumns {
  /** TUMBLE_START / window_start. */
  readonly start?: string;
  /** TUMBLE_END / window_end. */
  readonly end?: string;
  /** TUMBLE_ROWTIME / window_time (end - 1 ms, a rowtime attribute for downstream windows). */
  readonly rowtime?: string;
}

/**
 * GROUP BY keys + a window (legacy TUMBLE/HOP/SESSION group windows and the window TVFs alike):
 * emits one row per key and window when the window fires: the keys, the window columns, then the
 * aggregates — insert-only (an allowed-lateness update re-emits the row as an update, see WindowResult).
 * Event-time windows read the record timestamps the input's watermark strategy assigned.
 */
export interface WindowAggregateNodeFields {
  readonly kind: 'window-aggregate';
  readonly inputType: RowType;
  readonly keys: readonly NamedExpr[];
  readonly window: WindowSpec;
  readonly calls: readonly AggregateCall[];
  readonly windowColumns: WindowColumns;
  readonly lateness: LatenessPolicy;
  readonly outputType: RowType;
  /**
   * Early fire (Spark's update output mode, Flink's 'table.exec.emit.early-fire.enabled'): at every
   * checkpoint each window whose aggregates changed since last emitted is emitted before the window
   * is final, so the output is a changelog (+I, then -U/+U; -D when a session window grows) keyed by
   * the group keys and the window bounds.
   */
  readonly earlyFire?: boolean;
}

/**
 * A non-windowed GROUP BY: an updating aggregate whose output is a changelog as in Flink — the first
 * row of a key is +I, a change emits -U (old row) then +U (new row); rows carry their kind in the
 * `$kind` property (src/formats/row-kind.ts).
 */
export interface GroupAggregateNodeFields {
  readonly kind: 'group-aggregate';
  readonly inputType: RowType;
  readonly keys: readonly NamedExpr[];
  readonly calls: readonly AggregateCall[];
  readonly outputType: RowType;
}
