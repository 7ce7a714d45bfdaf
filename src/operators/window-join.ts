import type { Batch } from '../core/batch.ts';
import { PlanError } from '../core/errors.ts';
import type { LatenessPolicy, WindowSpec } from '../plan/windows.ts';
import type { ListState } from '../state/keyed-state.ts';
import { LateRecords, allowedLateness } from './late-records.ts';
import type { OperatorContext } from './operator.ts';
import { TimerWindowOperator } from './timer-window-operator.ts';
import { SessionWindowAggregateOperator } from './session-window-aggregate.ts';
import { WindowAssigner, missingTimestampError } from './window-assigner.ts';
import { type JoinRows, type Tagged, sessionJoinAggregate, sessionJoinContext } from './session-join.ts';

/** Configuration of {@link WindowJoinOperator}: a JoinNode plus the key functions of its two key-by inputs. */
export interface WindowJoinConfig<L, R, Out> {
  readonly leftKey: (left: L) => unknown;
  readonly rightKey: (right: R) => unknown;
  /** Tumbling, sliding, cumulate or session. */
  readonly window: WindowSpec;
  readonly lateness: LatenessPolicy;
  /** Makes the output of a pair; `end` is the end of their window (exclusive). */
  readonly join: (left: L, right: R, key: unknown, end: number) => Out;
  /**
   * Whether a pair of equal keys joins (SQL's condition beyond the keys), given what `join` made of it.
   * Absent: every pair. Tumbling, hopping and cumulating windows only.
   */
  readonly condition?: (joined: Out, left: L, right: R, key: unknown) => boolean;
  /**
   * An outer join (SQL's LEFT/RIGHT/FULL window joins): what a row of the preserved side that found no
   * partner in its window becomes when the window fires. Tumbling, hopping and cumulating windows, no
   * allowed lateness.
   */
  readonly outer?: {
    readonly left?: (left: L, key: unknown, end: number) => Out;
    readonly right?: (right: R, key: unknown, end: number) => Out;
  };
}

/** Buffered rows of each side, per (key, window end). */
const LEFT_ROWS = 'join-left';
const RIGHT_ROWS = 'join-right';

/**
 * Windowed inner join of two keyed inputs (input 0 = left, 1 = right): rows with equal keys in the same
 * window pair up. Each side's rows are buffered per key and window in list state; when the window
 * fires (watermark >= end - 1) every left row is joined with every right row, in arrival order, and
 * the results carry time `end - 1`.
 *
 * Late rows follow the window operators: a row within the allowed lateness of a fired window is
 * joined at once with the other side's buffered rows (only the new pairs are emitted, so no pair is
 * emitted twice), and the buffers are dropped when the lateness expires. A row too late for all its
 * windows is dropped and counted, or sent to the side output.
 *
 * Session windows are supported through {@link SessionWindowAggregateOperator}: each side's rows are
 * gathered in the session's accumulator and merged with it.
 *
 * @example
 * const op = new WindowJoinOperator({
 *   leftKey: (bid: Bid) => bid.auction,
 *   rightKey: (auction: Auction) => auction.id,
 *   window: { kind: 'tumbling', size: 10_000, offset: 0, time: 'event' },
 *   lateness: { allowed: 0 },
 *   join: (bid, auction) => ({ ...bid, seller: auction.seller }),
 * });
 */
export class WindowJoinOperator<L, R, Out> extends TimerWindowOperator<L | R, Out> {
  readonly #config: WindowJoinConfig<L, R, Out>;
  readonly #assigner: WindowAssigner | undefined;
  readonly #session: SessionWindowAggregateOperator<Tagged, JoinRows, [unknown, unknown][]> | undefined;
  readonly #allowed: number;
  #late!: LateRecords;
  #left!: ListState<L>;
  #right!: ListState<R>;

  constructor(config: WindowJoinConfig<L, R, Out>) {
    super(config.window.time);
    this.#config = config;
    this.#allowed = allowedLateness(config.lateness, config.window.time);
    const outer = config.outer?.left !== undefined || config.outer?.right !== undefined;
    if ((outer || config.condition !== undefined) && config.window.kind === 'session') {
      throw new PlanError('a window join with a condition or an outer side needs tumbling, hopping or cumulating windows, not session windows');
    }
    if (outer && this.#allowed > 0) throw new PlanError('an outer window join cannot have allowed lateness: its padded rows would be final before the window is');
    if (config.window.kind === 'session') {
      this.#session = new SessionWindowAggregateOperator({
        window: config.window,
        aggregate: sessionJoinAggregate,
        lateness: config.lateness,
        key: (tagged: Tagged) => tagged.key,
      });
    } else {
      this.#assigner = new WindowAssigner(config.window);
    }
  }

  override open(ctx: OperatorContext<Out>): void {
    super.open(ctx);
    if (this.#session !== undefined) {
      this.#session.open(sessionJoinContext(ctx, this.#config.join));
      return;
    }
    this.#left = ctx.state.listState<L>(LEFT_ROWS);
    this.#right = ctx.state.listState<R>(RIGHT_ROWS);
    this.#late = new LateRecords(ctx as OperatorContext<unknown>, this.#config.lateness);
  }

  processBatch(batch: Batch<L | R>, input: number): void {
    if (this.#session !== undefined) {
      this.#session.processBatch(this.#tag(batch, input));
      return;
    }
    const { values, times } = batch;
    const isLeft = input === 0;
    const keyOf = (isLeft ? this.#config.leftKey : this.#config.rightKey) as (value: L | R) => unknown;
    const mine = (isLeft ? this.#left : this.#right) as ListState<L | R>;
    const other = (isLeft ? this.#right : this.#left) as ListState<L | R>;
    const join = this.#config.join;
    const assigner = this.#assigner!;
    const ends = assigner.ends;
    const state = this.ctx.state;
    const timers = this.ctx.timers;
    const allowed = this.#allowed;
    const firedUpTo = this.firedUpTo;
    const eventTime = this.eventTime;
    const now = eventTime ? 0 : Math.max(this.ctx.currentProcessingTime(), firedUpTo + 1);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      let time = now;
      if (eventTime) {
        time = times[i];
        if (time !== time) throw missingTimestampError(this.ctx.id);
      }
      const key = keyOf(value);
      const n = assigner.assign(time);
      let counted = false;
      for (let w = 0; w < n; w++) {
        const end = ends[w];
        if (eventTime && end - 1 + allowed <= firedUpTo) continue;
        counted = true;
        state.setCurrentKey([key, end]);
        mine.add(value);
        if (eventTime && end - 1 <= firedUpTo) {
          // The window fired already: pair this row with what the other side holds, now.
          const partners = other.get();
          const condition = this.#config.condition;
          for (let p = 0; p < partners.length; p++) {
            const joined = isLeft ? join(value as L, partners[p] as R, key, end) : join(partners[p] as L, value as R, key, end);
            if (condition !== undefined && !(isLeft ? condition(joined, value as L, partners[p] as R, key) : condition(joined, partners[p] as L, value as R, key))) continue;
            this.out.push(joined, end - 1);
          }
          timers.registerEventTimeTimer(key, end - 1 + allowed);
        } else if (eventTime) {
          timers.registerEventTimeTimer(key, end - 1);
          if (allowed > 0) timers.registerEventTimeTimer(key, end - 1 + allowed);
        } else {
          timers.registerProcessingTimeTimer(key, end - 1);
        }
      }
      if (!counted) this.#late.reject(value, times[i]);
    }
    this.#late.flush();
    this.flushOutput();
  }

  // Session joins run on the session operator; the rest is the shared timer-driven behaviour.
  override onWatermark(watermark: number): void {
    if (this.#session !== undefined) this.#session.onWatermark(watermark);
    else super.onWatermark(watermark);
  }

  override onProcessingTime(now: number): void {
    if (this.#session !== undefined) this.#session.onProcessingTime(now);
    else super.onProcessingTime(now);
  }

  override nextProcessingTime(): number {
    return this.#session !== undefined ? this.#session.nextProcessingTime() : super.nextProcessingTime();
  }

  override finish(): void {
    if (this.#session !== undefined) this.#session.finish();
    else super.finish();
  }

  override snapshot(): unknown {
    return this.#session !== undefined ? this.#session.snapshot() : super.snapshot();
  }

  override restore(snapshot: unknown): void {
    if (this.#session !== undefined) this.#session.restore(snapshot);
    else super.restore(snapshot);
  }


  /**
   * A timer of `key` at `time`: the firing time of the window ending at `time + 1` and/or, with
   * allowed lateness, the cleanup time of the window ending at `time + 1 - allowed`.
   */
  protected fireTimer(key: unknown, time: number): void {
    const state = this.ctx.state;
    const end = time + 1;
    state.setCurrentKey([key, end]);
    const lefts = this.#left.get();
    const { join, condition, outer } = this.#config;
    if (condition === undefined && outer === undefined) {
      if (lefts.length > 0) {
        const rights = this.#right.get();
        for (let l = 0; l < lefts.length; l++) {
          for (let r = 0; r < rights.length; r++) this.out.push(join(lefts[l], rights[r], key, end), time);
        }
      }
    } else {
      this.#fireMatching(lefts, this.#right.get(), key, end);
    }
    if (this.#allowed > 0) state.setCurrentKey([key, end - this.#allowed]);
    this.#left.clear();
    this.#right.clear();
  }

  /** Pairs a window's rows under the condition; an outer side's rows without a partner come out padded. */
  #fireMatching(lefts: L[], rights: R[], key: unknown, end: number): void {
    const { join, condition, outer } = this.#config;
    const padLeft = outer?.left;
    const padRight = outer?.right;
    const rightMatched = padRight === undefined ? undefined : new Array<boolean>(rights.length).fill(false);
    const time = end - 1;
    for (let l = 0; l < lefts.length; l++) {
      let matched = false;
      for (let r = 0; r < rights.length; r++) {
        const joined = join(lefts[l], rights[r], key, end);
        if (condition !== undefined && !condition(joined, lefts[l], rights[r], key)) continue;
        matched = true;
        if (rightMatched !== undefined) rightMatched[r] = true;
        this.out.push(joined, time);
      }
      if (!matched && padLeft !== undefined) this.out.push(padLeft(lefts[l], key, end), time);
    }
    if (padRight !== undefined) {
      for (let r = 0; r < rights.length; r++) if (!rightMatched![r]) this.out.push(padRight(rights[r], key, end), time);
    }
  }

  /** Session mode: wraps each row with its side and key, so one session operator holds both sides. */
  #tag(batch: Batch<L | R>, input: number): Batch<Tagged> {
    const keyOf = (input === 0 ? this.#config.leftKey : this.#config.rightKey) as (value: L | R) => unknown;
    const values = new Array<Tagged>(batch.values.length);
    for (let i = 0; i < values.length; i++) {
      const value = batch.values[i];
      values[i] = { side: input === 0 ? 0 : 1, key: keyOf(value), value };
    }
    return { values, times: batch.times };
  }
}
