import type { DataType, RowType } from '../core/data-types.ts';
import type { Row } from '../core/row.ts';
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
  /**
   * Flink's 'table.exec.state.ttl': a key's state not written for this long (processing time) expires,
   * is never read again, and the key's next row is an insert again (+I). Absent: kept for ever.
   */
  readonly stateTtlMs?: number;
  /**
   * The input is a changelog (a CDC source): -U and -D rows take their values back out of the
   * group, and a group whose rows are all retracted is deleted (-D). Only retractable calls.
   */
  readonly retracting?: boolean;
}

/** One output column of a lookup join: which side it comes from, the field there, and its output name. */
export interface LookupJoinOutputField {
  readonly side: 'input' | 'table';
  readonly field: string;
  readonly name: string;
}

/**
 * A stream joined with a static table (Flink's lookup join with the whole table cached; Spark's
 * stream-static join). The table is loaded before the job reads any input (see `Operator.prepare`),
 * optionally reloaded every `reloadIntervalMs`, and hashed by its key values; it is not checkpoint
 * state — a restarted job loads it again. An equi-join on `inputKeys` = `tableKeys` with SQL equality (a NULL key matches nothing):
 * each stream row emits one output row per matching table row (`inner`), or one row with the table's
 * columns NULL when none matches (`left`). Output rows keep the stream row's timestamp; insert-only.
 */
export interface LookupJoinNodeFields {
  readonly kind: 'lookup-join';
  /** The stream's row type (the node's input). */
  readonly inputType: RowType;
  readonly tableType: RowType;
  /** Loads the whole static table (the engine runs the static side as a bounded job). */
  readonly loadTable: () => Promise<readonly Row[]>;
  /** Key expressions over the stream row, pairwise equal to `tableKeys` (the planner casts both to one type). */
  readonly inputKeys: readonly Expr[];
  /** Key expressions over the table row. */
  readonly tableKeys: readonly Expr[];
  readonly joinType: 'inner' | 'left';
  /** Output columns in order; `outputType` lists the same names in the same order. */
  readonly outputFields: readonly LookupJoinOutputField[];
  /** Extra join condition over the OUTPUT row, tested on each candidate pair (part of ON for a left join). */
  readonly condition?: Expr;
  readonly outputType: RowType;
  /**
   * Reload the table this often (processing time; Flink's FULL cache with a periodic reload): the
   * reload runs in the background and the new table replaces the old between two batches. Absent: loaded once.
   */
  readonly reloadIntervalMs?: number;
  /** 'FIXED_DELAY' (default): the interval counts from the end of the last load; 'FIXED_RATE': from its start. */
  readonly reloadMode?: 'FIXED_DELAY' | 'FIXED_RATE';
}

/**
 * Keep the first row of each key, drop the later ones (Spark's dropDuplicates and
 * dropDuplicatesWithinWatermark on a stream; Flink's keep-first-row deduplication). Insert-only; each
 * key's state lives in the state backend (checkpointed).
 */
export interface DeduplicateNodeFields {
  readonly kind: 'deduplicate';
  readonly inputType: RowType;
  /** What makes rows duplicates (all columns for Spark's dropDuplicates() without arguments); at least one. */
  readonly keys: readonly Expr[];
  /**
   * When a key's state may be dropped: once the watermark reaches the first row's `column` value +
   * `afterMs` (dropDuplicates with an event-time key column: afterMs 0; dropDuplicatesWithinWatermark:
   * the watermark delay). A row whose own expiry is already behind the watermark is late: dropped and
   * counted. Absent: keys are kept forever.
   */
  readonly expiry?: { readonly column: string; readonly afterMs: number };
  readonly outputType: RowType;
  /**
   * Flink's 'table.exec.state.ttl': a key's state not written for this long (processing time) expires,
   * is never read again, and the key's next row passes as a first row again. Absent: kept for ever.
   */
  readonly stateTtlMs?: number;
}

/** One output column of an interval join: which input it comes from, the field there, and its output name. */
export interface IntervalJoinOutputField {
  readonly side: 'left' | 'right';
  readonly field: string;
  readonly name: string;
}

/**
 * A join of two streams on equal keys and a time range (Flink's interval join, Spark's stream-stream
 * join with watermarks): a left row `l` and a right row `r` with SQL-equal keys (a NULL key part
 * matches nothing) pair up when `r.rightTime ∈ [l.leftTime + lowerMs, l.leftTime + upperMs]`, both ends
 * inclusive, and `condition` holds; the output row's timestamp is the left row's time (a padded row has
 * its own), so the left time column stays the event time downstream (SQL and DataFrames alike). Each
 * side's rows are keyed state (checkpointed) until the watermark proves that no row of the other side
 * can still match: a left row once the watermark reaches `leftTime + upperMs`, a right row once it
 * reaches `rightTime - lowerMs`. An outer join emits a preserved row that matched nothing at that
 * moment, with the other side's columns NULL and its own time. Event time only; insert-only.
 */
export interface IntervalJoinNodeFields {
  readonly kind: 'interval-join';
  readonly leftType: RowType;
  readonly rightType: RowType;
  /** Key expressions over the left row, pairwise equal to `rightKeys` (the planner casts both to one type); none: one key. */
  readonly leftKeys: readonly Expr[];
  readonly rightKeys: readonly Expr[];
  /** The left row's event-time column (a TIMESTAMP: epoch milliseconds). */
  readonly leftTime: string;
  /** The right row's event-time column. */
  readonly rightTime: string;
  /** The range's start relative to the left time (negative: before it); at most `upperMs`. */
  readonly lowerMs: number;
  /** The range's end relative to the left time. */
  readonly upperMs: number;
  readonly joinType: 'inner' | 'left' | 'right';
  /** Output columns in order; `outputType` lists the same names in the same order. */
  readonly outputFields: readonly IntervalJoinOutputField[];
  /** Extra join condition over the OUTPUT row, tested on each candidate pair (part of ON for an outer join). */
  readonly condition?: Expr;
  readonly outputType: RowType;
}

/** One output column of a regular join: which input it comes from, the field there, and its output name. */
export interface RegularJoinOutputField {
  readonly side: 'left' | 'right';
  readonly field: string;
  readonly name: string;
}

/**
 * A regular (unbounded) join of two relations, as Flink's StreamingJoinOperator: a left row and a right
 * row with SQL-equal keys (a NULL key part matches nothing) pair up when `condition` holds. Either input
 * may be append-only or a changelog (+I/-U/+U/-D); every input row is kept in keyed state (per join
 * key, a multiset of rows) so a later row of the other side, or a retraction, finds it. The output is
 * a changelog: a pair is added with its input row's kind and retracted with it; an outer join's
 * null-padded row is emitted (+I) while its row has no partner and retracted (-D) when the first one
 * arrives (and again +I when the last one leaves). Output rows have no time attribute.
 */
export interface RegularJoinNodeFields {
  readonly kind: 'regular-join';
  readonly leftType: RowType;
  readonly rightType: RowType;
  /** Key expressions over the left row, pairwise equal to `rightKeys` (the planner casts both to one type); none: one key. */
  readonly leftKeys: readonly Expr[];
  readonly rightKeys: readonly Expr[];
  readonly joinType: 'inner' | 'left' | 'right' | 'full';
  /** Output columns in order; `outputType` lists the same names in the same order. */
  readonly outputFields: readonly RegularJoinOutputField[];
  /** Extra join condition over the OUTPUT row, tested on each candidate pair (part of ON for an outer join). */
  readonly condition?: Expr;
  readonly outputType: RowType;
  /**
   * Inputs that are upsert streams (an upsert-kafka table: a row replaces the one of its key, a `-D`
   * carries only the key), by side: the columns of the key. The operator keeps each key's latest row
   * and turns a replacement into the retraction of the old row and the addition of the new one (Flink's
   * ChangelogNormalize), a delete into the retraction of the row it deletes.
   */
  readonly leftUpsertKey?: readonly string[];
  readonly rightUpsertKey?: readonly string[];
  /**
   * Idle state retention (Flink's `table.exec.state.ttl`) in ms of processing time: a row held longer
   * than this since it was last written is dropped from state, so it no longer joins. Absent or 0: kept forever.
   */
  readonly stateTtlMs?: number;
}

/** One output column of a window join: which input it comes from, the field there (or a window bound), and its output name. */
export interface WindowJoinOutputField {
  readonly side: 'left' | 'right';
  readonly field: string;
  readonly name: string;
}

/**
 * A join of two window TVFs on their windows and keys (Flink's window join): rows of the two inputs
 * with SQL-equal keys in the same window (same `window_start` and `window_end`) pair up when the
 * window fires (the watermark passes its end) and `condition` holds; an outer join then emits a row
 * that found no partner in its window padded with NULLs. Each window's rows are held in keyed state
 * until it fires; late rows (their windows fired) are dropped and counted. Append-only; an output row's
 * time is the window's end − 1 ms (its window_time). Tumbling, hopping and cumulating windows, event time.
 */
export interface WindowJoinNodeFields {
  readonly kind: 'window-join';
  readonly leftType: RowType;
  readonly rightType: RowType;
  /** Both inputs' windows (the planner checks that they are the same). */
  readonly window: WindowSpec;
  /** Key expressions over the left row, pairwise equal to `rightKeys`; none: one key. */
  readonly leftKeys: readonly Expr[];
  readonly rightKeys: readonly Expr[];
  readonly joinType: 'inner' | 'left' | 'right' | 'full';
  /**
   * The names under which each side's window bounds can be read as fields by `outputFields` (the TVF's
   * window_start, window_end, window_time): the operator adds them to the side's row from its window.
   */
  readonly leftBounds: WindowColumns;
  readonly rightBounds: WindowColumns;
  /** Output columns in order; `outputType` lists the same names in the same order. */
  readonly outputFields: readonly WindowJoinOutputField[];
  /** Extra join condition over the OUTPUT row, tested on each candidate pair (part of ON for an outer join). */
  readonly condition?: Expr;
  readonly outputType: RowType;
}

/** One output column of a temporal join: which input it comes from, the field there, and its output name. */
export interface TemporalJoinOutputField {
  readonly side: 'left' | 'right';
  readonly field: string;
  readonly name: string;
}

/**
 * An event-time temporal join (Flink's `JOIN versioned FOR SYSTEM_TIME AS OF left.rowtime`): each
 * row of the append-only left input joins the version of the right (versioned) table that was valid at
 * the left row's time — the latest right row of its key with a version time at or before it, unless
 * that version is a deletion. Left rows wait in keyed state until the watermark reaches their time
 * (so every version up to it has arrived), then join and leave; versions older than the one valid at
 * the watermark are dropped. `left`: a row with no valid version (or failing `condition`) comes out
 * NULL-padded. Append-only; an output row keeps the left row's time. A left row behind the watermark
 * is late: dropped and counted.
 */
export interface TemporalJoinNodeFields {
  readonly kind: 'temporal-join';
  readonly leftType: RowType;
  readonly rightType: RowType;
  /** Key expressions over the left row, pairwise equal to `rightKeys` (the versioned table's primary key). */
  readonly leftKeys: readonly Expr[];
  readonly rightKeys: readonly Expr[];
  /** The left row's rowtime column (the AS OF time). */
  readonly leftTime: string;
  /** The right row's rowtime column (the version's time). */
  readonly rightTime: string;
  readonly joinType: 'inner' | 'left';
  /** Output columns in order; `outputType` lists the same names in the same order. */
  readonly outputFields: readonly TemporalJoinOutputField[];
  /** Extra join condition over the OUTPUT row, tested on the pair (part of ON for a left join). */
  readonly condition?: Expr;
  readonly outputType: RowType;
}

/** One ORDER BY key of a ranking or OVER window: SQL order, NULLs first or last as written (default: largest). */
export interface SortKey {
  readonly expr: Expr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/** What a Top-N and a window Top-N share: the rows of each partition ranked by `orderBy`, the best `limit` kept. */
export interface RankingFields {
  readonly inputType: RowType;
  /** PARTITION BY (a window ranking's: without the window bounds); none: one partition (per window). */
  readonly partitionKeys: readonly Expr[];
  /** ORDER BY of the ranking; at least one key. */
  readonly orderBy: readonly SortKey[];
  /** The last rank kept: the operator holds ranks 1 … limit. */
  readonly limit: number;
  /** The first rank emitted (`rn BETWEEN 3 AND 5`, `rn = 2`); absent: 1. Ranks before it are held, not emitted. */
  readonly rankStart?: number;
  /** The row number's output column (BIGINT NOT NULL), when the query selects it. */
  readonly rankColumn?: string;
  readonly outputType: RowType;
}

/**
 * Top-N (Flink's Rank over an append-only input): `ROW_NUMBER() OVER (PARTITION BY keys ORDER BY
 * sort) AS rn` filtered by `rn <= limit`. Per partition key the operator keeps the best `limit` rows
 * (state bounded by N) and emits a minimal changelog: with `rankColumn`, each rank whose row changed
 * (`-U`/`+U` keyed by the partition and the rank, `+I` for a rank filled the first time); without it,
 * the row that left (`-D`) and the row that entered (`+I`). Ties keep the earlier row ahead.
 *
 * `deduplicate` marks Flink's deduplication (ORDER BY a time attribute, rn = 1, rn not selected): the
 * kept row's replacement is `-U`/`+U`, and with 'last' (ORDER BY time DESC) a row with the same time
 * replaces the kept one (keep the last row).
 */
export interface RankNodeFields extends RankingFields {
  readonly kind: 'rank';
  readonly deduplicate?: 'first' | 'last';
  /**
   * The input is a changelog (a GROUP BY's output): `-U`/`-D` rows retract, so every row of a partition
   * is held, not only the best N (Flink's RetractableTopN).
   */
  readonly updatingInput?: boolean;
  /** Flink's 'table.exec.state.ttl': a partition's ranking not written for this long (processing time) is dropped. */
  readonly stateTtlMs?: number;
}

/**
 * Where a window ranking finds each row's window: assigned from the rows' rowtime (a window TVF input,
 * whose bounds become the output columns `bounds` names), or read from window columns of the input (a
 * window aggregate's output).
 */
export type RankWindow =
  | { readonly kind: 'assign'; readonly spec: WindowSpec; readonly bounds: WindowColumns }
  | { readonly kind: 'columns'; readonly start: string; readonly end: string };

/**
 * Window Top-N and window deduplication (Flink's WindowRank / WindowDeduplicate): the rows of each
 * window and partition key are ranked by `orderBy`, keeping the best `limit` (state bounded by N per
 * window and key), and emitted once, append-only, when the watermark passes the window's end — each
 * with its window bounds (`assign`) and its `rankColumn`. An output row's time is the window's end − 1
 * ms. Rows of a window that already fired are late: dropped and counted. Event time only.
 */
export interface WindowRankNodeFields extends RankingFields {
  readonly kind: 'window-rank';
  readonly window: RankWindow;
}

/**
 * OVER aggregates (Flink's OverAggregate): every input row is emitted once with the aggregates of its
 * frame — the rows of its partition ordered by the time attribute, from `preceding` before it (rows,
 * or milliseconds for RANGE; Infinity: UNBOUNDED PRECEDING) to the current row (RANGE: with its peers,
 * the rows of the same time). Rowtime: rows wait in keyed state until the watermark passes them and
 * are processed in time order; a row at or behind the watermark is late (dropped and counted).
 * Proctime: a row is processed when it arrives. Append-only; an output row keeps its input time.
 */
export interface OverAggregateNodeFields {
  readonly kind: 'over-aggregate';
  readonly inputType: RowType;
  readonly partitionKeys: readonly Expr[];
  /** The ORDER BY time attribute: the rowtime column, or processing time. */
  readonly order: { readonly time: 'rowtime'; readonly column: string } | { readonly time: 'proctime' };
  readonly frame: { readonly unit: 'rows' | 'range'; readonly preceding: number };
  /** The aggregates over the frame, appended to the input row under their names. */
  readonly calls: readonly AggregateCall[];
  readonly outputType: RowType;
  /** Flink's 'table.exec.state.ttl': a partition's accumulator and frame not written for this long are dropped. */
  readonly stateTtlMs?: number;
}
