import type { Batch } from '../core/batch.ts';
import { PlanError } from '../core/errors.ts';
import { ROW_KIND, type RowKind } from '../formats/row-kind.ts';
import type { AggregateFunction } from '../plan/functions.ts';
import type { LatenessPolicy, WindowResult, WindowSpec } from '../plan/windows.ts';
import type { MapState } from '../state/keyed-state.ts';
import { LateRecords, allowedLateness } from './late-records.ts';
import type { OperatorContext } from './operator.ts';
import { sameResult } from './same-result.ts';
import { TimerWindowOperator } from './timer-window-operator.ts';
import { WindowAssigner, missingTimestampError } from './window-assigner.ts';

/** Configuration of {@link WindowAggregateOperator}: a WindowNode plus its key function. */
export interface WindowAggregateConfig<In, Acc, Out, K = unknown> {
  /** Tumbling, sliding or cumulate; session windows have their own operator. */
  readonly window: WindowSpec;
  /** Accumulators must never be `undefined` (that reads as "no window yet"). */
  readonly aggregate: AggregateFunction<In, Acc, Out>;
  readonly lateness: LatenessPolicy;
  /** The grouping key; absent means one global window per time range (key `undefined`). */
  readonly key?: (value: In) => K;
  /**
   * Maps each result before it is emitted; absent emits the WindowResult itself (with early fire,
   * plus its kind in `$kind`). `kind` is given only with early fire: the changelog kind of the row.
   */
  readonly result?: (result: WindowResult<K, Out>, kind?: RowKind) => unknown;
  /**
   * Early fire (Spark's update output mode, Flink's `table.exec.emit.early-fire.enabled`): at every
   * checkpoint emit each window whose result changed since its last emission — `insert` the first
   * time, then `update-before` (the old result) and `update-after` (the new one) — and when the window
   * fires, only if it changed since. The output is a changelog keyed by key and window. The aggregate's
   * `getResult` must return a value later `add` calls do not mutate (it is kept to retract later).
   */
  readonly earlyFire?: boolean;
}

/**
 * Early fire: what keyed state holds per window — the accumulator, the result last emitted (kept to
 * retract it, and so surviving restore) and whether the accumulator changed since that emission.
 */
interface EarlyWindow<Acc, Out> {
  acc: Acc;
  emitted: boolean;
  shown: Out | undefined;
  changed: boolean;
}

/** Name of the map state holding, per key, the accumulator of each open window by window end. */
const ACCUMULATORS = 'window-accumulators';
/** Early fire: the map state holding, per key, an {@link EarlyWindow} of each open window by window end. */
const EARLY_WINDOWS = 'window-early-fire';

/** Marks "no key selected by this operator", so the first record always sets the backend's key. */
const NO_KEY: unique symbol = Symbol('no key');

/**
 * Incremental tumbling, sliding and cumulate window aggregation, in event or processing time, with
 * Flink's semantics:
 *
 * - A window [start, end) fires once the watermark reaches `end - 1`; its result carries time `end - 1`.
 * - With allowed lateness L the window's accumulator is kept until the watermark reaches `end - 1 + L`.
 *   A record arriving in that interval updates it and a result with `update: true` is emitted at once.
 * - A record is too late for a window when `end - 1 + L <= watermark`. A record too late for all of its
 *   windows is dropped and counted, or goes to the policy's side output; one late for only some of its
 *   (sliding) windows still counts in the others.
 *
 * Accumulators live in keyed map state (per key, by window end) and timers in the timer service, so the
 * operator's own snapshot is only the watermark.
 *
 * With `earlyFire` a window's result is also emitted at each checkpoint while it changes (see
 * {@link WindowAggregateConfig.earlyFire}); records within the allowed lateness of a fired window then
 * update it the same way — emitted at the next checkpoint, or at its cleanup, as `update-before` /
 * `update-after` — rather than at once.
 *
 * @example
 * const op = new WindowAggregateOperator({
 *   window: { kind: 'tumbling', size: 3_600_000, offset: 0, time: 'event' },
 *   aggregate: sum((t: Trade) => t.shares),
 *   lateness: { allowed: 0 },
 *   key: (t: Trade) => t.symbol,
 * });
 */
export class WindowAggregateOperator<In, Acc, Out, K = unknown> extends TimerWindowOperator<In> {
  readonly #assigner: WindowAssigner;
  readonly #aggregate: AggregateFunction<In, Acc, Out>;
  readonly #keyOf: ((value: In) => K) | undefined;
  readonly #mapResult: WindowAggregateConfig<In, Acc, Out, K>['result'];
  readonly #allowed: number;
  readonly #policy: LatenessPolicy;
  readonly #early: boolean;
  #late!: LateRecords;
  #accumulators!: MapState<number, Acc>;
  #windows!: MapState<number, EarlyWindow<Acc, Out>>;
  /** The key the backend is set to, as far as this operator knows. */
  #currentKey: unknown = NO_KEY;

  constructor(config: WindowAggregateConfig<In, Acc, Out, K>) {
    super(config.window.time);
    if (config.window.kind === 'session') {
      throw new PlanError('WindowAggregateOperator handles tumbling, sliding and cumulate windows; use SessionWindowAggregateOperator for session windows');
    }
    this.#assigner = new WindowAssigner(config.window);
    this.#aggregate = config.aggregate;
    this.#keyOf = config.key;
    this.#mapResult = config.result;
    this.#allowed = allowedLateness(config.lateness, config.window.time);
    this.#policy = config.lateness;
    this.#early = config.earlyFire === true;
  }

  override open(ctx: OperatorContext<unknown>): void {
    super.open(ctx);
    this.#accumulators = ctx.state.mapState<number, Acc>(ACCUMULATORS);
    this.#windows = ctx.state.mapState<number, EarlyWindow<Acc, Out>>(EARLY_WINDOWS);
    this.#late = new LateRecords(ctx, this.#policy);
    this.#currentKey = NO_KEY;
  }

  processBatch(batch: Batch<In>): void {
    // The key cache lives for one batch: between calls something else may move the backend's key.
    this.#currentKey = NO_KEY;
    const now = this.eventTime ? 0 : Math.max(this.ctx.currentProcessingTime(), this.firedUpTo + 1);
    const { values, times } = batch;
    const eventTime = this.eventTime;
    const early = this.#early;
    const assigner = this.#assigner;
    const ends = assigner.ends;
    const aggregate = this.#aggregate;
    const accumulators = this.#accumulators;
    const allowed = this.#allowed;
    const watermark = this.firedUpTo; // event time: the watermark
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      let time = now;
      if (eventTime) {
        time = times[i];
        if (time !== time) throw missingTimestampError(this.ctx.id);
      }
      const key = this.#keyOf === undefined ? undefined : this.#keyOf(value);
      if (key !== this.#currentKey) {
        this.ctx.state.setCurrentKey(key);
        this.#currentKey = key;
      }
      const n = assigner.assign(time);
      let counted = false;
      for (let w = 0; w < n; w++) {
        const end = ends[w];
        // Event time only: processing-time windows cannot be late, `allowed` is 0 and the
        // watermark is ignored.
        if (eventTime && end - 1 + allowed <= watermark) continue;
        counted = true;
        // Fired already (or would have, had it had records): late but allowed.
        const late = eventTime && end - 1 <= watermark;
        if (early) {
          this.#addEarly(key, end, value, late);
          continue;
        }
        let acc = accumulators.get(end);
        const fresh = acc === undefined;
        acc = aggregate.add(fresh ? aggregate.createAccumulator() : acc!, value);
        accumulators.put(end, acc);
        // A late window emits its new result now; it is an update only if an earlier result exists.
        if (late) this.#emitResult(key, end, aggregate.getResult(acc), !fresh);
        if (fresh) this.#registerTimers(key, end, late);
      }
      if (!counted) this.#late.reject(value, times[i]);
    }
    this.#late.flush();
    this.flushOutput();
  }

  /**
   * Early fire: adds a record to the window ending at `end` of the current key. A change marks the
   * window for the next checkpoint instead of emitting, a late-but-allowed one too.
   */
  #addEarly(key: unknown, end: number, value: In, late: boolean): void {
    const windows = this.#windows;
    let window = windows.get(end);
    if (window === undefined) {
      window = { acc: this.#aggregate.createAccumulator(), emitted: false, shown: undefined, changed: false };
      this.#registerTimers(key, end, late);
    }
    window.acc = this.#aggregate.add(window.acc, value);
    if (!window.changed) {
      window.changed = true;
      this.markChanged(key, end);
    }
    windows.put(end, window);
  }

  /**
   * The timers of a new window: its firing time (and with allowed lateness its cleanup time), or only
   * its cleanup time when it is `late` (the watermark has passed its end already).
   */
  #registerTimers(key: unknown, end: number, late: boolean): void {
    const timers = this.ctx.timers;
    if (!this.eventTime) timers.registerProcessingTimeTimer(key, end - 1);
    else if (late) timers.registerEventTimeTimer(key, end - 1 + this.#allowed);
    else {
      timers.registerEventTimeTimer(key, end - 1);
      if (this.#allowed > 0) timers.registerEventTimeTimer(key, end - 1 + this.#allowed);
    }
  }

  /** Early fire at a checkpoint: the window ending at `end` of `key`, if it changed since last emitted. */
  protected override emitChanged(key: unknown, end: number): void {
    if (key !== this.#currentKey) {
      this.ctx.state.setCurrentKey(key);
      this.#currentKey = key;
    }
    const window = this.#windows.get(end);
    if (window === undefined || !window.changed) return;
    this.#emitChange(key, end, window);
    this.#windows.put(end, window);
  }

  /** Early fire: emits what changed in `window` since its last emission (nothing if its result is unchanged). */
  #emitChange(key: unknown, end: number, window: EarlyWindow<Acc, Out>): void {
    window.changed = false;
    const value = this.#aggregate.getResult(window.acc);
    if (!window.emitted) {
      this.#emitResult(key, end, value, false, 'insert');
    } else {
      if (sameResult(window.shown, value)) return;
      this.#emitResult(key, end, window.shown as Out, true, 'update-before');
      this.#emitResult(key, end, value, true, 'update-after');
    }
    window.emitted = true;
    window.shown = value;
  }

  protected override beforeTimers(): void {
    this.#currentKey = NO_KEY;
  }

  override restore(snapshot: unknown): void {
    super.restore(snapshot);
    this.#currentKey = NO_KEY;
  }

  /**
   * One timer of `key` at `time`: it is the firing time of the window ending at `time + 1` and/or,
   * with allowed lateness, the cleanup time of the window ending at `time + 1 - allowed`.
   */
  protected fireTimer(key: unknown, time: number): void {
    if (key !== this.#currentKey) {
      this.ctx.state.setCurrentKey(key);
      this.#currentKey = key;
    }
    if (this.#early) {
      this.#fireEarly(key, time + 1);
      return;
    }
    const accumulators = this.#accumulators;
    const end = time + 1;
    const acc = accumulators.get(end);
    if (acc !== undefined) {
      this.#emitResult(key, end, this.#aggregate.getResult(acc), false);
      if (this.#allowed === 0) accumulators.remove(end);
    }
    if (this.#allowed > 0) accumulators.remove(end - this.#allowed);
  }

  /**
   * fireTimer with early fire: the window ending at `end` fires (emitting only what changed since its
   * last early emission) and, with allowed lateness, the one ending at `end - allowed` is emitted the
   * same way and purged.
   */
  #fireEarly(key: unknown, end: number): void {
    const windows = this.#windows;
    const window = windows.get(end);
    if (window !== undefined) {
      if (window.changed) this.#emitChange(key, end, window);
      if (this.#allowed === 0) windows.remove(end);
      else windows.put(end, window);
    }
    if (this.#allowed > 0) {
      const expired = windows.get(end - this.#allowed);
      if (expired === undefined) return;
      if (expired.changed) this.#emitChange(key, end - this.#allowed, expired);
      windows.remove(end - this.#allowed);
    }
  }

  #emitResult(key: unknown, end: number, value: Out, update: boolean, kind?: RowKind): void {
    const result: WindowResult<K, Out> = { key: key as K, start: this.#assigner.startOf(end), end, value, update };
    let out: unknown;
    if (this.#mapResult !== undefined) out = this.#mapResult(result, kind);
    else out = kind === undefined ? result : { ...result, [ROW_KIND]: kind };
    this.out.push(out, end - 1);
  }
}
