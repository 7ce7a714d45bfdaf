import type { Batch } from '../core/batch.ts';
import { PlanError } from '../core/errors.ts';
import type { AggregateFunction } from '../plan/functions.ts';
import type { LatenessPolicy, WindowResult, WindowSpec } from '../plan/windows.ts';
import type { MapState } from '../state/keyed-state.ts';
import { LateRecords, allowedLateness } from './late-records.ts';
import type { OperatorContext } from './operator.ts';
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
  /** Maps each result before it is emitted; absent emits the WindowResult itself. */
  readonly result?: (result: WindowResult<K, Out>) => unknown;
}

/** Name of the map state holding, per key, the accumulator of each open window by window end. */
const ACCUMULATORS = 'window-accumulators';

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
  readonly #mapResult: ((result: WindowResult<K, Out>) => unknown) | undefined;
  readonly #allowed: number;
  readonly #policy: LatenessPolicy;
  #late!: LateRecords;
  #accumulators!: MapState<number, Acc>;
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
  }

  override open(ctx: OperatorContext<unknown>): void {
    super.open(ctx);
    this.#accumulators = ctx.state.mapState<number, Acc>(ACCUMULATORS);
    this.#late = new LateRecords(ctx, this.#policy);
    this.#currentKey = NO_KEY;
  }

  processBatch(batch: Batch<In>): void {
    // The key cache lives for one batch: between calls something else may move the backend's key.
    this.#currentKey = NO_KEY;
    const { values, times } = batch;
    const eventTime = this.eventTime;
    const assigner = this.#assigner;
    const ends = assigner.ends;
    const aggregate = this.#aggregate;
    const accumulators = this.#accumulators;
    const timers = this.ctx.timers;
    const allowed = this.#allowed;
    const watermark = this.firedUpTo; // event time: the watermark
    const now = eventTime ? 0 : Math.max(this.ctx.currentProcessingTime(), this.firedUpTo + 1);
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
        let acc = accumulators.get(end);
        const fresh = acc === undefined;
        acc = aggregate.add(fresh ? aggregate.createAccumulator() : acc!, value);
        accumulators.put(end, acc);
        if (eventTime && end - 1 <= watermark) {
          // Fired already (or would have, had it had records): late but allowed. Emit the new result
          // now; it is an update only if an earlier result exists.
          this.#emitResult(key, end, acc, !fresh);
          if (fresh) timers.registerEventTimeTimer(key, end - 1 + allowed);
        } else if (fresh) {
          if (eventTime) {
            timers.registerEventTimeTimer(key, end - 1);
            if (allowed > 0) timers.registerEventTimeTimer(key, end - 1 + allowed);
          } else {
            timers.registerProcessingTimeTimer(key, end - 1);
          }
        }
      }
      if (!counted) this.#late.reject(value, times[i]);
    }
    this.#late.flush();
    this.flushOutput();
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
    const accumulators = this.#accumulators;
    const end = time + 1;
    const acc = accumulators.get(end);
    if (acc !== undefined) {
      this.#emitResult(key, end, acc, false);
      if (this.#allowed === 0) accumulators.remove(end);
    }
    if (this.#allowed > 0) accumulators.remove(end - this.#allowed);
  }

  #emitResult(key: unknown, end: number, acc: Acc, update: boolean): void {
    const result: WindowResult<K, Out> = {
      key: key as K,
      start: this.#assigner.startOf(end),
      end,
      value: this.#aggregate.getResult(acc),
      update,
    };
    this.out.push(this.#mapResult === undefined ? result : this.#mapResult(result), end - 1);
  }
}
