import type { Batch } from '../core/batch.ts';
import { PlanError, SluiceError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { ROW_KIND } from '../formats/row-kind.ts';
import type { OverAggregateNodeFields } from '../plan/relational-nodes.ts';
import type { MapState, ValueState } from '../state/keyed-state.ts';
import type { CompileOptions } from './expr/compile.ts';
import { LATE_RECORDS_DROPPED } from './late-records.ts';
import { EventTimerOperator } from './event-timer-operator.ts';
import type { OperatorContext } from './operator.ts';
import { compileAggregateCalls, type CompiledAggregateCalls } from './sql-aggregates/compile-calls.ts';
import { compileGroupKey } from './sql-aggregates/group-key.ts';

/** What {@link OverAggregateOperator} needs of an over-aggregate node. */
export type OverAggregateConfig = Omit<OverAggregateNodeFields, 'kind'>;

/** Per partition: rows waiting for the watermark, by their time (rowtime only). */
const WAITING = 'over-waiting';
/** Per partition, UNBOUNDED PRECEDING: the running accumulator. */
const RUNNING = 'over-accumulator';
/** Per partition, a bounded frame: the rows it may still reach, in order, with their times. */
const FRAME = 'over-frame';

interface Frame {
  rows: Row[];
  times: number[];
}

/**
 * OVER aggregates (Flink's OverAggregate: `agg(x) OVER (PARTITION BY k ORDER BY t ROWS|RANGE BETWEEN
 * … PRECEDING AND CURRENT ROW)`): each input row comes out once, with the aggregates of its frame
 * appended under the calls' names.
 *
 * - Rowtime: a row waits in keyed state (by its time) until the watermark passes it, then its
 *   partition's rows are processed in time order (rows of the same time in arrival order) — an event-time
 *   timer per partition and time. A row at or behind the watermark is late: dropped and counted.
 * - Proctime: a row is processed when it arrives, its processing time its order.
 * - UNBOUNDED PRECEDING keeps one running accumulator per partition (O(1) per row). A bounded frame
 *   keeps the rows it may still reach (ROWS n: the last n; RANGE n ms: those at most n ms older than
 *   the newest) and aggregates them for each row, O(frame) per row.
 * - ROWS: the frame ends at the current row; RANGE: at the current row's last peer (same time), so
 *   peers share their aggregates.
 *
 * Append-only output; an output row keeps its input time. Input must be insert-only.
 *
 * @example
 * // SELECT *, SUM(price) OVER (PARTITION BY item ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS s FROM bids
 * const op = new OverAggregateOperator({
 *   inputType: bids, partitionKeys: [field(bids, 'item')], order: { time: 'rowtime', column: 'ts' },
 *   frame: { unit: 'rows', preceding: 2 },
 *   calls: [{ fn: 'SUM', args: [field(bids, 'price')], distinct: false, name: 's', type: DataTypes.DOUBLE() }],
 *   outputType,
 * }, "over-aggregate 'o'");
 */
export class OverAggregateOperator extends EventTimerOperator<Row, Row> {
  readonly #config: OverAggregateConfig;
  readonly #keyOf: (row: Row) => unknown;
  readonly #calls: CompiledAggregateCalls;
  readonly #names: readonly string[];
  #waiting!: MapState<number, Row[]>;
  #running!: ValueState<unknown[]>;
  #frame!: ValueState<Frame>;

  constructor(config: OverAggregateConfig, label = 'over-aggregate', options?: CompileOptions) {
    super();
    const { frame, order } = config;
    if (frame.unit !== 'rows' && frame.unit !== 'range') throw new PlanError(`${label}: the frame unit must be 'rows' or 'range', got '${String(frame.unit)}'`);
    if (!(frame.preceding >= 0) || (frame.preceding !== Number.POSITIVE_INFINITY && !Number.isInteger(frame.preceding))) {
      throw new PlanError(`${label}: the frame must reach a whole non-negative number of ${frame.unit === 'rows' ? 'rows' : 'milliseconds'} back (or Infinity), got ${frame.preceding}`);
    }
    if (order.time === 'rowtime' && !config.inputType.fields.some((f) => f.name === order.column)) {
      throw new PlanError(`${label}: order column '${order.column}' is not a column of the input`);
    }
    if (config.calls.length === 0) throw new PlanError(`${label}: needs at least one aggregate`);
    this.#config = config;
    this.#keyOf = compileGroupKey(config.partitionKeys.map((expr, i) => ({ name: `k${i}`, expr })), config.inputType, options) ?? (() => undefined);
    this.#calls = compileAggregateCalls(config.calls, config.inputType, label, options);
    this.#names = config.calls.map((c) => c.name);
  }

  override open(ctx: OperatorContext<Row>): void {
    super.open(ctx);
    const ttl = this.#config.stateTtlMs === undefined ? undefined : { ttl: this.#config.stateTtlMs };
    this.#waiting = ctx.state.mapState<number, Row[]>(WAITING);
    this.#running = ctx.state.valueState<unknown[]>(RUNNING, ttl);
    this.#frame = ctx.state.valueState<Frame>(FRAME, ttl);
  }

  processBatch(batch: Batch<Row>): void {
    const { values } = batch;
    const order = this.#config.order;
    let late = 0;
    for (let i = 0; i < values.length; i++) {
      const row = values[i];
      const kind = row[ROW_KIND];
      if (kind !== undefined && kind !== 'insert') {
        throw new PlanError(`over-aggregate '${this.ctx.id}': OVER aggregates need an insert-only input (got a row of kind ${String(kind)})`);
      }
      const key = this.#keyOf(row);
      this.ctx.state.setCurrentKey(key);
      if (order.time === 'proctime') {
        this.#process([row], this.ctx.currentProcessingTime());
        continue;
      }
      const time = row[order.column];
      if (typeof time !== 'number' || time !== time) {
        if (time === null || time === undefined) {
          late++;
          continue;
        }
        throw new SluiceError(`over-aggregate '${this.ctx.id}': order column '${order.column}' holds a ${typeof time}, not epoch milliseconds`);
      }
      if (time <= this.watermark) {
        late++;
        continue;
      }
      const waiting = this.#waiting.get(time);
      if (waiting === undefined) {
        this.#waiting.put(time, [row]);
        this.ctx.timers.registerEventTimeTimer(key, time);
      } else {
        waiting.push(row);
        this.#waiting.put(time, waiting);
      }
    }
    if (late > 0) this.ctx.metrics.add(LATE_RECORDS_DROPPED, late);
    this.flushOutput();
  }

  /** A partition's rows at `time`, which the watermark has passed: timers fire in time order, so rows are processed in it. */
  protected fireTimer(key: unknown, time: number): void {
    this.ctx.state.setCurrentKey(key);
    const rows = this.#waiting.get(time);
    if (rows === undefined) return;
    this.#waiting.remove(time);
    this.#process(rows, time);
  }

  /** The rows of one partition and one time (peers), in arrival order: aggregated and emitted. */
  #process(rows: Row[], time: number): void {
    const { unit, preceding } = this.#config.frame;
    const calls = this.#calls;
    if (preceding === Number.POSITIVE_INFINITY) {
      let acc = this.#running.value() ?? calls.createAccumulator();
      if (unit === 'rows') {
        for (const row of rows) {
          acc = calls.add(acc, row);
          this.#push(row, time, calls.values(acc));
        }
      } else {
        for (const row of rows) acc = calls.add(acc, row);
        const values = calls.values(acc);
        for (const row of rows) this.#push(row, time, values);
      }
      this.#running.update(acc);
      return;
    }
    const frame = this.#frame.value() ?? { rows: [], times: [] };
    if (unit === 'rows') {
      for (const row of rows) {
        frame.rows.push(row);
        frame.times.push(time);
        // The current row and the `preceding` rows before it.
        if (frame.rows.length > preceding + 1) {
          frame.rows.shift();
          frame.times.shift();
        }
        this.#push(row, time, this.#aggregate(frame.rows));
      }
    } else {
      let drop = 0;
      while (drop < frame.times.length && frame.times[drop] < time - preceding) drop++;
      if (drop > 0) {
        frame.rows.splice(0, drop);
        frame.times.splice(0, drop);
      }
      for (const row of rows) {
        frame.rows.push(row);
        frame.times.push(time);
      }
      const values = this.#aggregate(frame.rows);
      for (const row of rows) this.#push(row, time, values);
    }
    // ROWS keeps only the rows the next row's frame reaches (`preceding` of them).
    if (unit === 'rows' && frame.rows.length > preceding) {
      frame.rows.splice(0, frame.rows.length - preceding);
      frame.times.splice(0, frame.times.length - preceding);
    }
    if (frame.rows.length === 0) this.#frame.clear();
    else this.#frame.update(frame);
  }

  #aggregate(rows: readonly Row[]): unknown[] {
    const calls = this.#calls;
    let acc = calls.createAccumulator();
    for (const row of rows) acc = calls.add(acc, row);
    return calls.values(acc);
  }

  #push(row: Row, time: number, values: readonly unknown[]): void {
    const out: Row = { ...row };
    if (ROW_KIND in out) delete out[ROW_KIND];
    const names = this.#names;
    for (let i = 0; i < names.length; i++) out[names[i]] = values[i];
    this.out.push(out, time);
  }
}
