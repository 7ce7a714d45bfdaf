import type { Batch } from '../core/batch.ts';
import { PlanError, SluiceError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { ROW_KIND } from '../formats/row-kind.ts';
import type { ValueState } from '../state/keyed-state.ts';
import type { CompileOptions } from './expr/compile.ts';
import { compilePredicate } from './expr/compile.ts';
import { type IntervalJoinConfig, NO_MATCH, checkIntervalJoinConfig, compileJoinKey } from './interval-join-config.ts';
import { compileJoinRow } from './join-row.ts';
import { type SideRows, dropFirst, emptySideRows, expiredCount, firstAtOrAfter, insertRow } from './interval-join-rows.ts';
import { LATE_RECORDS_DROPPED } from './late-records.ts';
import { EventTimerOperator } from './event-timer-operator.ts';
import type { OperatorContext } from './operator.ts';

export type { IntervalJoinConfig } from './interval-join-config.ts';

/** Metric (gauge): rows both sides hold in state, waiting for partners. */
export const INTERVAL_JOIN_ROWS_HELD = 'intervalJoinRowsHeld';

/** The state each side's rows are held in, per join key. */
const LEFT_ROWS = 'interval-join-left';
const RIGHT_ROWS = 'interval-join-right';

/** The side of a row nothing matched: every column of it reads as NULL. */
const NO_ROW: Row = Object.freeze({}) as Row;

/** Marks "no key selected by this operator", so the first record always sets the backend's key. */
const NO_KEY: unique symbol = Symbol('no key');

/**
 * One input as the operator sees it. A row at time `t` of this side matches the other side's rows
 * with times in `[t + lo, t + hi]`; no row of the other side arriving after the watermark reaches
 * `t + hi` can match it, so that is when it expires. (Left: lo = lower, hi = upper; right: the range
 * seen from the other end, lo = -upper, hi = -lower.)
 */
interface Side {
  readonly keyOf: (row: Row) => unknown;
  readonly time: string;
  readonly lo: number;
  readonly hi: number;
  /**
   * A row expiring at or before the watermark + `slack` is late: the other side's rows it could match
   * are all expired, and later ones arrive after the watermark. (Left: min(0, lower); right: min(0, -upper).)
   */
  readonly slack: number;
  /** The preserved side of an outer join: a row that matched nothing is emitted padded when it expires. */
  readonly outer: boolean;
  rows: ValueState<SideRows>;
}

/**
 * Interval join of two row streams (input 0 = left, 1 = right), as Flink's interval join and Spark's
 * stream-stream join with watermarks: a left row `l` and a right row `r` with SQL-equal keys pair up
 * when `r`'s time lies in `[l's time + lowerMs, l's time + upperMs]` (both ends inclusive) and the
 * condition over the output row holds. Times are read from the `leftTime` / `rightTime` columns; an
 * output row carries the later of the two.
 *
 * Each side's rows are keyed state, per join key sorted by time, so an arriving row finds its
 * partners by binary search and pairs with them at once. An event-time timer expires a row when the
 * watermark proves nothing can still match it (left: time + upperMs, right: time - lowerMs): its state
 * is dropped and, on the preserved side of an outer join, a row that never matched is emitted with the
 * other side's columns NULL and its own time. A row with a NULL key or time matches nothing (an outer
 * join emits it padded at once). A row whose every possible partner is behind the watermark is late:
 * dropped and counted in `lateRecordsDropped`. Insert-only: a `-U`/`+U`/`-D` row is an error.
 *
 * A joined row carries the left row's time (a padded row its own), so the left time column stays an
 * event-time column downstream. Rows can come out behind the input watermark (see {@link outputLag}),
 * so the operator declares that lag (`outputWatermarkLag`) and the runtime forwards the watermark held
 * back by it, as Flink SQL does: an event-time operator downstream does not count the join's rows late.
 *
 * @example
 * // SELECT … FROM clicks c LEFT JOIN orders o ON c.user = o.user
 * //   AND o.ts BETWEEN c.ts AND c.ts + INTERVAL '10' MINUTE
 * const op = new IntervalJoinOperator({
 *   leftType: clicks, rightType: orders,
 *   leftKeys: [field(clicks, 'user')], rightKeys: [field(orders, 'user')],
 *   leftTime: 'ts', rightTime: 'ts', lowerMs: 0, upperMs: 600_000, joinType: 'left',
 *   outputFields: [{ side: 'left', field: 'user', name: 'user' }, { side: 'right', field: 'order_id', name: 'order_id' }],
 *   outputType,
 * });
 */
/**
 * How far behind the watermark a joined or padded row's time can be: a left row still joins while its
 * time + upper is ahead of the watermark (shifted by min(0, lower)); a right row accepted behind the
 * watermark joins left rows up to upper − lower before it; a padded row leaves when its range ends.
 *
 * @example
 * outputLag(0, 3_600_000) // 7_200_000
 */
export function outputLag(lowerMs: number, upperMs: number): number {
  return Math.max(0, upperMs - Math.min(0, lowerMs), upperMs - lowerMs + Math.max(0, upperMs), -lowerMs);
}

export class IntervalJoinOperator extends EventTimerOperator<Row, Row> {
  readonly outputWatermarkLag: number;
  readonly #left: Side;
  readonly #right: Side;
  readonly #build: (left: Row, right: Row) => Row;
  readonly #condition: ((row: Row) => boolean) | undefined;
  #held = 0;

  constructor(config: IntervalJoinConfig, label = 'interval-join', options?: CompileOptions) {
    super();
    checkIntervalJoinConfig(config, label);
    const { lowerMs, upperMs, joinType } = config;
    this.#left = {
      keyOf: compileJoinKey(config.leftKeys, config.leftType, options),
      time: config.leftTime, lo: lowerMs, hi: upperMs, slack: Math.min(0, lowerMs), outer: joinType === 'left',
      rows: undefined as unknown as ValueState<SideRows>,
    };
    this.#right = {
      keyOf: compileJoinKey(config.rightKeys, config.rightType, options),
      time: config.rightTime, lo: -upperMs, hi: -lowerMs, slack: Math.min(0, -upperMs), outer: joinType === 'right',
      rows: undefined as unknown as ValueState<SideRows>,
    };
    this.outputWatermarkLag = outputLag(lowerMs, upperMs);
    this.#build = compileJoinRow(config.outputFields, 'left');
    this.#condition = config.condition === undefined ? undefined : compilePredicate(config.condition, config.outputType, options);
  }

  override open(ctx: OperatorContext<Row>): void {
    super.open(ctx);
    this.#left.rows = ctx.state.valueState<SideRows>(LEFT_ROWS);
    this.#right.rows = ctx.state.valueState<SideRows>(RIGHT_ROWS);
  }

  processBatch(batch: Batch<Row>, input: number): void {
    const isLeft = input === 0;
    const mine = isLeft ? this.#left : this.#right;
    const other = isLeft ? this.#right : this.#left;
    const { values, times } = batch;
    const state = this.ctx.state;
    const out = this.out;
    const build = this.#build;
    const condition = this.#condition;
    const watermark = this.watermark;
    const column = mine.time;
    const { lo, hi } = mine;
    const lateBefore = watermark + mine.slack;
    let late = 0;
    let held = this.#held;
    // The key cache lives for one batch: between calls timers move the backend's key.
    let currentKey: unknown = NO_KEY;
    for (let i = 0; i < values.length; i++) {
      const row = values[i];
      const kind = row[ROW_KIND];
      if (kind !== undefined && kind !== 'insert') {
        throw new PlanError(`interval-join '${this.ctx.id}': the ${isLeft ? 'left' : 'right'} input must be insert-only (got a row of kind ${String(kind)})`);
      }
      const time = row[column];
      if (typeof time !== 'number' || time !== time) {
        if (time !== null && time !== undefined) {
          throw new SluiceError(`interval-join '${this.ctx.id}': time column '${column}' holds ${typeof time === 'number' ? 'NaN' : `a ${typeof time}`}, not epoch milliseconds`);
        }
        if (mine.outer) out.push(isLeft ? build(row, NO_ROW) : build(NO_ROW, row), times[i]);
        continue;
      }
      const expiresAt = time + hi;
      if (expiresAt <= lateBefore) {
        late++;
        continue;
      }
      const key = mine.keyOf(row);
      if (key === NO_MATCH) {
        if (mine.outer) out.push(isLeft ? build(row, NO_ROW) : build(NO_ROW, row), time);
        continue;
      }
      if (key !== currentKey) {
        state.setCurrentKey(key);
        currentKey = key;
      }
      let matched = false;
      const partners = other.rows.value();
      if (partners !== undefined) {
        const partnerTimes = partners.times;
        let changed = false;
        // The partners' range ends where this row expires: [time + lo, time + hi].
        for (let j = firstAtOrAfter(partnerTimes, time + lo); j < partnerTimes.length && partnerTimes[j] <= expiresAt; j++) {
          const joined = isLeft ? build(row, partners.rows[j]) : build(partners.rows[j], row);
          if (condition !== undefined && !condition(joined)) continue;
          // A joined row carries the left row's time, so the left time column stays the event time downstream.
          out.push(joined, isLeft ? time : partnerTimes[j]);
          matched = true;
          const flags = partners.matched;
          if (flags !== undefined && !flags[j]) {
            flags[j] = true;
            changed = true;
          }
        }
        // Written back for backends that do not hold values by reference.
        if (changed) other.rows.update(partners);
      }
      if (expiresAt > watermark) {
        const own = mine.rows.value() ?? emptySideRows(mine.outer);
        // One timer per key and side, at the earliest expiry held: firing it expires that row and
        // whatever else the watermark has passed, then sets the next.
        if (insertRow(own, time, row, matched) === 0) this.ctx.timers.registerEventTimeTimer(key, expiresAt);
        mine.rows.update(own);
        held++;
      } else if (mine.outer && !matched) {
        // Arrived behind the watermark: what it could match is all here already.
        out.push(isLeft ? build(row, NO_ROW) : build(NO_ROW, row), time);
      }
    }
    if (late > 0) this.ctx.metrics.add(LATE_RECORDS_DROPPED, late);
    this.#setHeld(held);
    this.flushOutput();
  }

  /** The watermark's timers have expired what it passed: the held rows' count may have changed. */
  protected override afterTimers(): void {
    this.#setHeld(this.#held);
  }

  /** The rows and their timers are in the backend; the operator's own is how far expiry got and what it holds. */
  override snapshot(): unknown {
    return { ...(super.snapshot() as { watermark: number }), held: this.#held };
  }

  override restore(snapshot: unknown): void {
    super.restore(snapshot);
    const saved = snapshot as { held?: unknown } | null | undefined;
    if (typeof saved?.held === 'number') this.#setHeld(saved.held);
  }

  /**
   * A timer of `key` is due: drops, on both sides, every row of the key the current watermark has
   * expired (not only those of the timer's time, so a key's rows are spliced once per watermark),
   * and sets the timer of the earliest row still held.
   */
  protected fireTimer(key: unknown): void {
    this.ctx.state.setCurrentKey(key);
    this.#expireSide(this.#left, true, key);
    this.#expireSide(this.#right, false, key);
  }

  #expireSide(side: Side, isLeft: boolean, key: unknown): void {
    const rows = side.rows.value();
    if (rows === undefined) return;
    const count = expiredCount(rows.times, side.hi, this.watermark);
    if (count === 0) return;
    const flags = rows.matched;
    if (side.outer && flags !== undefined) {
      const build = this.#build;
      for (let j = 0; j < count; j++) {
        if (flags[j]) continue;
        this.out.push(isLeft ? build(rows.rows[j], NO_ROW) : build(NO_ROW, rows.rows[j]), rows.times[j]);
      }
    }
    this.#held -= count;
    if (count === rows.times.length) {
      side.rows.clear();
      return;
    }
    dropFirst(rows, count);
    side.rows.update(rows);
    this.ctx.timers.registerEventTimeTimer(key, rows.times[0] + side.hi);
  }

  #setHeld(held: number): void {
    this.#held = held;
    this.ctx.metrics.set(INTERVAL_JOIN_ROWS_HELD, held);
  }
}
