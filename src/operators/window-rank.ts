import type { Batch } from '../core/batch.ts';
import { PlanError, SluiceError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { ROW_KIND } from '../formats/row-kind.ts';
import type { WindowRankNodeFields } from '../plan/relational-nodes.ts';
import type { MapState } from '../state/keyed-state.ts';
import type { CompileOptions } from './expr/compile.ts';
import { LATE_RECORDS_DROPPED } from './late-records.ts';
import { EventTimerOperator } from './event-timer-operator.ts';
import type { OperatorContext } from './operator.ts';
import { compileSortKeys, insertionIndex, type RowComparator } from './sort-keys.ts';
import { compileGroupKey } from './sql-aggregates/group-key.ts';
import { WindowAssigner } from './window-assigner.ts';

/** What {@link WindowRankOperator} needs of a window-rank node. */
export type WindowRankConfig = Omit<WindowRankNodeFields, 'kind'>;

/** Per partition key and window (by its end): the window's start and its best rows in rank order. */
interface WindowRanking {
  start: number;
  rows: Row[];
}

/** Name of the map state holding, per partition key, each open window's {@link WindowRanking}. */
const RANKINGS = 'window-rank';

/**
 * Window Top-N and window deduplication (Flink's WindowRankOperator): per partition key and window,
 * the best `limit` rows by `orderBy` (ties: the earlier row first; ranks from `rankStart` on emitted) are kept in keyed state — at most N
 * rows per window and key — and emitted once, in rank order, when the watermark reaches the window's
 * end − 1 ms (an event-time timer), each with its rank and, for `assign`, its window's bounds. Output
 * rows are timed at the window's end − 1 ms and are append-only. A row whose window has already fired
 * is late: dropped and counted. `assign` places a row in the windows of its record time (tumbling,
 * hopping, cumulating); `columns` reads its one window from window-start and window-end columns (the
 * output of a window aggregate).
 *
 * @example
 * // SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rn
 * //   FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))) WHERE rn <= 3
 * const op = new WindowRankOperator({
 *   inputType: bids, partitionKeys: [], limit: 3, rankColumn: 'rn',
 *   orderBy: [{ expr: field(bids, 'price'), descending: true, nullsFirst: true }],
 *   window: { kind: 'assign', spec: { kind: 'tumbling', size: 10_000, offset: 0, time: 'event' }, bounds: { start: 'window_start', end: 'window_end', rowtime: 'window_time' } },
 *   outputType,
 * }, "window-rank 'w'");
 */
export class WindowRankOperator extends EventTimerOperator<Row, Row> {
  readonly #config: WindowRankConfig;
  readonly #keyOf: (row: Row) => unknown;
  readonly #compare: RowComparator;
  readonly #assigner: WindowAssigner | undefined;
  #rankings!: MapState<number, WindowRanking>;

  constructor(config: WindowRankConfig, label = 'window-rank', options?: CompileOptions) {
    super();
    if (!Number.isInteger(config.limit) || config.limit < 1) throw new PlanError(`${label}: the number of rows kept must be a positive integer, got ${config.limit}`);
    if (config.orderBy.length === 0) throw new PlanError(`${label}: ROW_NUMBER() needs an ORDER BY`);
    const window = config.window;
    if (window.kind === 'assign') {
      if (window.spec.kind === 'session') throw new PlanError(`${label}: window Top-N over SESSION windows is not supported (TUMBLE, HOP and CUMULATE are)`);
      if (window.spec.time !== 'event') throw new PlanError(`${label}: window Top-N needs event-time windows`);
      this.#assigner = new WindowAssigner(window.spec);
    } else {
      for (const column of [window.start, window.end]) {
        if (!config.inputType.fields.some((f) => f.name === column)) throw new PlanError(`${label}: window column '${column}' is not a column of the input`);
      }
    }
    this.#config = config;
    this.#keyOf = compileGroupKey(config.partitionKeys.map((expr, i) => ({ name: `k${i}`, expr })), config.inputType, options) ?? (() => undefined);
    this.#compare = compileSortKeys(config.orderBy, config.inputType, options);
  }

  override open(ctx: OperatorContext<Row>): void {
    super.open(ctx);
    this.#rankings = ctx.state.mapState<number, WindowRanking>(RANKINGS);
  }

  processBatch(batch: Batch<Row>): void {
    const { values, times } = batch;
    const window = this.#config.window;
    let late = 0;
    for (let i = 0; i < values.length; i++) {
      let row = values[i];
      const kind = row[ROW_KIND];
      if (kind !== undefined) {
        if (kind !== 'insert') throw new PlanError(`window-rank '${this.ctx.id}': window Top-N needs an insert-only input (got a row of kind ${String(kind)})`);
        const { [ROW_KIND]: _, ...rest } = row;
        row = rest;
      }
      const key = this.#keyOf(row);
      this.ctx.state.setCurrentKey(key);
      if (window.kind === 'columns') {
        const start = row[window.start];
        const end = row[window.end];
        if (typeof start !== 'number' || typeof end !== 'number') throw new SluiceError(`window-rank '${this.ctx.id}': window columns '${window.start}'/'${window.end}' must hold epoch milliseconds, got ${typeof start}/${typeof end}`);
        if (end - 1 <= this.watermark) late++;
        else this.#add(key, row, start, end);
        continue;
      }
      const time = times[i];
      if (typeof time !== 'number' || time !== time) throw new SluiceError(`window-rank '${this.ctx.id}': a row without an event time (the input needs a rowtime)`);
      const assigner = this.#assigner!;
      const n = assigner.assign(time);
      let placed = false;
      for (let w = 0; w < n; w++) {
        const end = assigner.ends[w];
        if (end - 1 <= this.watermark) continue;
        this.#add(key, row, assigner.startOf(end), end);
        placed = true;
      }
      if (!placed) late++;
    }
    if (late > 0) this.ctx.metrics.add(LATE_RECORDS_DROPPED, late);
  }

  #add(key: unknown, row: Row, start: number, end: number): void {
    const ranking = this.#rankings.get(end);
    if (ranking === undefined) {
      this.#rankings.put(end, { start, rows: [row] });
      this.ctx.timers.registerEventTimeTimer(key, end - 1);
      return;
    }
    const at = insertionIndex(ranking.rows, row, this.#compare, false);
    if (at >= this.#config.limit) return;
    ranking.rows.splice(at, 0, row);
    if (ranking.rows.length > this.#config.limit) ranking.rows.pop();
    this.#rankings.put(end, ranking);
  }

  /** The window of `key` ending at `time + 1` is closed by the watermark: emits its ranking. */
  protected fireTimer(key: unknown, time: number): void {
    const end = time + 1;
    this.ctx.state.setCurrentKey(key);
    const ranking = this.#rankings.get(end);
    if (ranking === undefined) return;
    this.#rankings.remove(end);
    const { window, rankColumn } = this.#config;
    const bounds = window.kind === 'assign' ? window.bounds : undefined;
    for (let r = (this.#config.rankStart ?? 1) - 1; r < ranking.rows.length; r++) {
      const out: Row = { ...ranking.rows[r] };
      if (bounds !== undefined) {
        if (bounds.start !== undefined) out[bounds.start] = ranking.start;
        if (bounds.end !== undefined) out[bounds.end] = end;
        if (bounds.rowtime !== undefined) out[bounds.rowtime] = end - 1;
      }
      if (rankColumn !== undefined) out[rankColumn] = r + 1;
      this.out.push(out, end - 1);
    }
  }
}
