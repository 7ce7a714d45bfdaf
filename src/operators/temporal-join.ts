import type { Batch } from '../core/batch.ts';
import { PlanError, SluiceError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { ROW_KIND } from '../formats/row-kind.ts';
import type { TemporalJoinNodeFields } from '../plan/relational-nodes.ts';
import type { ValueState } from '../state/keyed-state.ts';
import type { CompileOptions } from './expr/compile.ts';
import { compilePredicate } from './expr/compile.ts';
import { NO_MATCH, compileJoinKey } from './interval-join-config.ts';
import { type SideRows, dropFirst, expiredCount, insertRow } from './interval-join-rows.ts';
import { compileJoinRow } from './join-row.ts';
import { LATE_RECORDS_DROPPED } from './late-records.ts';
import { EventTimerOperator } from './event-timer-operator.ts';
import type { OperatorContext } from './operator.ts';

/** What {@link TemporalJoinOperator} needs of a temporal-join node. */
export type TemporalJoinConfig = Omit<TemporalJoinNodeFields, 'kind'>;

/** Per join key: the left rows waiting for the watermark, and the right table's versions, both by time. */
const WAITING = 'temporal-join-left';
const VERSIONS = 'temporal-join-versions';

/** The side of a row nothing matched: every column of it reads as NULL. */
const NO_ROW: Row = Object.freeze({}) as Row;

/**
 * An event-time temporal join, as Flink's TemporalRowTimeJoinOperator: input 0 is an append-only
 * stream, input 1 a versioned table (a changelog keyed by its primary key: `+I`/`+U` rows are new
 * versions from their time on, a `-D` row ends the key's version at its time, `-U` rows are skipped).
 * A left row at time `t` waits in keyed state until the watermark reaches `t` — then every version up
 * to `t` has arrived — and joins the latest version of its key at or before `t`, if that is not a
 * deletion and the condition holds; a LEFT join emits it NULL-padded otherwise. Output rows keep the
 * left row's time. Versions older than the one valid at the watermark are dropped, so a key holds one
 * version plus those still ahead of the watermark. A left row behind the watermark is late: dropped
 * and counted; so is one with a NULL time (a LEFT join emits it padded). A version with a NULL time or
 * key is skipped.
 *
 * @example
 * // SELECT o.id, r.rate FROM orders o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency
 * const op = new TemporalJoinOperator({
 *   leftType: orders, rightType: rates, leftKeys: [field(orders, 'currency')], rightKeys: [field(rates, 'currency')],
 *   leftTime: 'ts', rightTime: 'ts', joinType: 'inner',
 *   outputFields: [{ side: 'left', field: 'id', name: 'id' }, { side: 'right', field: 'rate', name: 'rate' }],
 *   outputType,
 * }, "temporal-join 'j'");
 */
export class TemporalJoinOperator extends EventTimerOperator<Row, Row> {
  readonly #config: TemporalJoinConfig;
  readonly #leftKey: (row: Row) => unknown;
  readonly #rightKey: (row: Row) => unknown;
  readonly #build: (left: Row, right: Row) => Row;
  readonly #condition: ((row: Row) => boolean) | undefined;
  readonly #outer: boolean;
  #waiting!: ValueState<SideRows>;
  #versions!: ValueState<SideRows>;

  constructor(config: TemporalJoinConfig, label = 'temporal-join', options?: CompileOptions) {
    super();
    if (config.joinType !== 'inner' && config.joinType !== 'left') throw new PlanError(`${label}: join type must be 'inner' or 'left', got '${String(config.joinType)}'`);
    if (config.leftKeys.length === 0 || config.leftKeys.length !== config.rightKeys.length) {
      throw new PlanError(`${label}: needs the versioned table's key, paired with left keys; got ${config.leftKeys.length} left and ${config.rightKeys.length} right keys`);
    }
    for (const [type, column, side] of [[config.leftType, config.leftTime, 'left'], [config.rightType, config.rightTime, 'right']] as const) {
      if (!type.fields.some((f) => f.name === column)) throw new PlanError(`${label}: ${side} time column '${column}' is not a column of the ${side} input`);
    }
    this.#config = config;
    this.#leftKey = compileJoinKey(config.leftKeys, config.leftType, options);
    this.#rightKey = compileJoinKey(config.rightKeys, config.rightType, options);
    this.#build = compileJoinRow(config.outputFields, 'left');
    this.#condition = config.condition === undefined ? undefined : compilePredicate(config.condition, config.outputType, options);
    this.#outer = config.joinType === 'left';
  }

  override open(ctx: OperatorContext<Row>): void {
    super.open(ctx);
    this.#waiting = ctx.state.valueState<SideRows>(WAITING);
    this.#versions = ctx.state.valueState<SideRows>(VERSIONS);
  }

  processBatch(batch: Batch<Row>, input: number): void {
    if (input === 0) this.#processLeft(batch);
    else this.#processVersions(batch);
    this.flushOutput();
  }

  #processLeft(batch: Batch<Row>): void {
    const { values, times } = batch;
    const column = this.#config.leftTime;
    let late = 0;
    for (let i = 0; i < values.length; i++) {
      const row = values[i];
      const kind = row[ROW_KIND];
      if (kind !== undefined && kind !== 'insert') {
        throw new PlanError(`temporal-join '${this.ctx.id}': the left input must be insert-only (got a row of kind ${String(kind)})`);
      }
      const time = row[column];
      if (typeof time !== 'number' || time !== time) {
        if (time !== null && time !== undefined) throw new SluiceError(`temporal-join '${this.ctx.id}': time column '${column}' holds a ${typeof time}, not epoch milliseconds`);
        if (this.#outer) this.out.push(this.#build(row, NO_ROW), times[i]);
        else late++;
        continue;
      }
      if (time <= this.watermark) {
        late++;
        continue;
      }
      const key = this.#leftKey(row);
      if (key === NO_MATCH) {
        // A NULL key has no version at any time: decided now.
        if (this.#outer) this.out.push(this.#build(row, NO_ROW), time);
        continue;
      }
      this.ctx.state.setCurrentKey(key);
      const waiting = this.#waiting.value() ?? { times: [], rows: [] };
      if (insertRow(waiting, time, row) === 0) this.ctx.timers.registerEventTimeTimer(key, time);
      this.#waiting.update(waiting);
    }
    if (late > 0) this.ctx.metrics.add(LATE_RECORDS_DROPPED, late);
  }

  #processVersions(batch: Batch<Row>): void {
    const { values } = batch;
    const column = this.#config.rightTime;
    for (let i = 0; i < values.length; i++) {
      const row = values[i];
      // An update's old row says nothing about what is valid from now on: its +U does.
      if (row[ROW_KIND] === 'update-before') continue;
      const time = row[column];
      if (typeof time !== 'number' || time !== time) continue;
      const key = this.#rightKey(row);
      if (key === NO_MATCH) continue;
      this.ctx.state.setCurrentKey(key);
      const versions = this.#versions.value() ?? { times: [], rows: [] };
      insertRow(versions, time, row);
      // Old versions are dropped when a timer of the key fires; one is due once the key has two.
      if (versions.times.length === 2) this.ctx.timers.registerEventTimeTimer(key, Math.max(time, this.watermark + 1));
      this.#versions.update(versions);
    }
  }

  /** Joins `key`'s left rows the watermark has reached, then drops the versions no later row can see. */
  protected fireTimer(key: unknown): void {
    this.ctx.state.setCurrentKey(key);
    const watermark = this.watermark;
    const versions = this.#versions.value();
    const waiting = this.#waiting.value();
    if (waiting !== undefined) {
      const due = expiredCount(waiting.times, 0, watermark);
      for (let j = 0; j < due; j++) this.#join(waiting.rows[j], waiting.times[j], versions);
      if (due === waiting.times.length) this.#waiting.clear();
      else if (due > 0) {
        dropFirst(waiting, due);
        this.#waiting.update(waiting);
        this.ctx.timers.registerEventTimeTimer(key, waiting.times[0]);
      }
    }
    if (versions === undefined) return;
    // The version valid at the watermark is the oldest any later left row can see.
    const valid = expiredCount(versions.times, 0, watermark) - 1;
    if (valid <= 0) return;
    dropFirst(versions, valid);
    if (versions.times.length === 1 && versions.rows[0][ROW_KIND] === 'delete') this.#versions.clear();
    else this.#versions.update(versions);
    if (versions.times.length >= 2) this.ctx.timers.registerEventTimeTimer(key, versions.times[1]);
  }

  /** The left row with the version valid at `time`, or padded (LEFT) when there is none. */
  #join(row: Row, time: number, versions: SideRows | undefined): void {
    const at = versions === undefined ? -1 : expiredCount(versions.times, 0, time) - 1;
    const version = at < 0 ? undefined : versions!.rows[at];
    if (version !== undefined && version[ROW_KIND] !== 'delete') {
      const joined = this.#build(row, version);
      if (this.#condition === undefined || this.#condition(joined)) {
        this.out.push(joined, time);
        return;
      }
    }
    if (this.#outer) this.out.push(this.#build(row, NO_ROW), time);
  }
}
