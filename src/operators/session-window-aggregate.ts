import type { Batch } from '../core/batch.ts';
import { PlanError } from '../core/errors.ts';
import { ROW_KIND, type RowKind } from '../formats/row-kind.ts';
import type { AggregateFunction } from '../plan/functions.ts';
import type { LatenessPolicy, WindowResult, WindowSpec } from '../plan/windows.ts';
import type { ValueState } from '../state/keyed-state.ts';
import { LateRecords, allowedLateness } from './late-records.ts';
import type { OperatorContext } from './operator.ts';
import { sameResult } from './same-result.ts';
import { TimerWindowOperator } from './timer-window-operator.ts';
import { missingTimestampError } from './window-assigner.ts';
import type { WindowAggregateConfig } from './window-aggregate.ts';

/**
 * One open session of a key: [start, end) where end is the last record's time plus the gap.
 * Plain data, so it goes into any state backend and into checkpoints as it is.
 */
interface Session<Acc> {
  start: number;
  end: number;
  acc: Acc;
  /** Has fired for its current end (and now waits only for its cleanup). */
  fired: boolean;
  /** Has emitted a result at some time, so the next one is an update. */
  emitted: boolean;
  /** Early fire: the row last emitted for this session — its bounds and result then. */
  shown?: Shown;
  /** Early fire: rows emitted for sessions merged into this one, to retract (delete) at its next emission. */
  retract?: Shown[];
  /** Early fire: changed since its last emission. */
  changed?: boolean;
}

/** Early fire: a session row as emitted. The upsert key includes the bounds, so a session that grows is a new row. */
interface Shown {
  start: number;
  end: number;
  value: unknown;
}

/** Name of the value state holding each key's open sessions. */
const SESSIONS = 'session-windows';

/**
 * Session windows per key: a record at t opens the window [t, t + gap); windows that touch or overlap
 * merge (as Flink's), their accumulators combined with `aggregate.merge`. Lateness, side output and
 * `update` results follow {@link WindowAggregateOperator}: a session fires when the watermark reaches
 * `end - 1` and is kept `allowed` ms longer, a late record that still reaches a kept session (or
 * extends one) updates it, and one whose session would be past the lateness horizon is rejected.
 *
 * With `earlyFire` (see {@link WindowAggregateConfig.earlyFire}) each changed session is emitted at every
 * checkpoint. A session is a row keyed by key, start and end, so when it grows or merges the rows
 * emitted for its old extent are retracted with `delete` and the new extent is inserted; a session
 * whose extent stayed gets `update-before` / `update-after`.
 *
 * Each session has exactly one pending timer: its firing time `end - 1` until it fires, then its
 * cleanup time `end - 1 + allowed`. When a session grows or merges, timers no other session of the
 * key needs are deleted, so a long session does not leave a trail of stale timers.
 *
 * @example
 * const op = new SessionWindowAggregateOperator({
 *   window: { kind: 'session', gap: 30 * 60_000, time: 'event' },
 *   aggregate: count(),
 *   lateness: { allowed: 0 },
 *   key: (click: Click) => click.user,
 * });
 */
export class SessionWindowAggregateOperator<In, Acc, Out, K = unknown> extends TimerWindowOperator<In> {
  readonly #gap: number;
  readonly #aggregate: AggregateFunction<In, Acc, Out>;
  readonly #merge: (a: Acc, b: Acc) => Acc;
  readonly #keyOf: ((value: In) => K) | undefined;
  readonly #mapResult: WindowAggregateConfig<In, Acc, Out, K>['result'];
  readonly #allowed: number;
  readonly #policy: LatenessPolicy;
  readonly #early: boolean;
  #late!: LateRecords;
  #sessions!: ValueState<Session<Acc>[]>;

  constructor(config: WindowAggregateConfig<In, Acc, Out, K>) {
    super(config.window.time);
    const window: WindowSpec = config.window;
    if (window.kind !== 'session') throw new PlanError(`SessionWindowAggregateOperator needs a session window, got ${window.kind}`);
    if (!(window.gap > 0) || !Number.isFinite(window.gap)) throw new PlanError(`session window gap must be a positive number of milliseconds, got ${window.gap}`);
    const merge = config.aggregate.merge;
    if (merge === undefined) throw new PlanError('session windows merge, so their aggregate function needs a merge(a, b) method');
    this.#gap = window.gap;
    this.#aggregate = config.aggregate;
    this.#merge = merge.bind(config.aggregate);
    this.#keyOf = config.key;
    this.#mapResult = config.result;
    this.#allowed = allowedLateness(config.lateness, window.time);
    this.#policy = config.lateness;
    this.#early = config.earlyFire === true;
  }

  override open(ctx: OperatorContext<unknown>): void {
    super.open(ctx);
    this.#sessions = ctx.state.valueState<Session<Acc>[]>(SESSIONS);
    this.#late = new LateRecords(ctx, this.#policy);
  }

  processBatch(batch: Batch<In>): void {
    const { values, times } = batch;
    const state = this.ctx.state;
    // Processing time needs no care for sessions that fired at this very instant: a fired session
    // ends at or before now, is gone (no lateness), and a new one ends a gap after now.
    const now = this.eventTime ? 0 : this.ctx.currentProcessingTime();
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      let time = now;
      if (this.eventTime) {
        time = times[i];
        if (time !== time) throw missingTimestampError(this.ctx.id);
      }
      const key = this.#keyOf === undefined ? undefined : this.#keyOf(value);
      state.setCurrentKey(key);
      if (!this.#add(key, value, time)) this.#late.reject(value, times[i]);
    }
    this.#late.flush();
    this.flushOutput();
  }

  /** Adds a record to the current key's sessions; false if it is too late for any session. */
  #add(key: unknown, value: In, time: number): boolean {
    const gap = this.#gap;
    const sessions = this.#sessions.value() ?? [];
    // Sessions never touch one another, so any session touching the merged window touches the
    // record's own window [time, time + gap]: one pass finds them all.
    let start = time;
    let end = time + gap;
    let first = -1;
    let overlaps = 0;
    for (let k = 0; k < sessions.length; k++) {
      const s = sessions[k];
      if (s.start <= time + gap && time <= s.end) {
        if (first < 0) first = k;
        overlaps++;
        if (s.start < start) start = s.start;
        if (s.end > end) end = s.end;
      }
    }
    if (this.eventTime && end - 1 + this.#allowed <= this.firedUpTo) return false;

    // Timers of the sessions that change, to delete unless a remaining session still needs them.
    const released: number[] = [];
    let target: Session<Acc>;
    if (first < 0) {
      target = { start, end, acc: this.#aggregate.createAccumulator(), fired: false, emitted: false };
      sessions.push(target);
    } else {
      target = sessions[first];
      for (let k = sessions.length - 1; k > first; k--) {
        const s = sessions[k];
        if (!(s.start <= time + gap && time <= s.end)) continue;
        released.push(this.#timerOf(s));
        target.acc = this.#merge(target.acc, s.acc);
        target.emitted ||= s.emitted;
        if (this.#early) absorbRows(target, s);
        sessions.splice(k, 1);
      }
      if (overlaps > 1 || end !== target.end || start !== target.start) {
        released.push(this.#timerOf(target));
        target.start = start;
        target.end = end;
        target.fired = false;
      }
    }
    target.acc = this.#aggregate.add(target.acc, value);

    if (this.#early) {
      // Emitted at the next checkpoint (or when it fires or is purged), a late-but-allowed change too.
      if (this.eventTime && end - 1 <= this.firedUpTo) target.fired = true;
      if (target.changed !== true) {
        target.changed = true;
        this.markChanged(key, 0);
      }
    } else if (this.eventTime && end - 1 <= this.firedUpTo) {
      // Within the allowed lateness of a session that has fired: emit the new result now.
      this.#emitResult(key, target, target.emitted);
      target.fired = true;
      target.emitted = true;
    }
    const timer = this.#timerOf(target);
    for (const old of released) {
      if (old !== timer && !sessions.some((s) => this.#timerOf(s) === old)) this.#deleteTimer(key, old);
    }
    this.#registerTimer(key, timer);
    this.#sessions.update(sessions);
    return true;
  }

  /** A timer of `key` is due: fire the sessions that have reached their end, drop those past lateness. */
  protected fireTimer(key: unknown, time: number): void {
    this.ctx.state.setCurrentKey(key);
    const sessions = this.#sessions.value();
    if (sessions === undefined) return;
    let changed = false;
    for (let k = 0; k < sessions.length; ) {
      const s = sessions[k];
      if (!s.fired && s.end - 1 <= time) {
        if (!this.#early) this.#emitResult(key, s, s.emitted);
        else if (s.changed === true) this.#emitChange(key, s);
        s.fired = true;
        s.emitted = true;
        changed = true;
        if (this.#allowed > 0) this.#registerTimer(key, s.end - 1 + this.#allowed);
      }
      if (s.fired && s.end - 1 + this.#allowed <= time) {
        if (s.changed === true) this.#emitChange(key, s);
        sessions.splice(k, 1);
        changed = true;
        continue;
      }
      k++;
    }
    if (!changed) return;
    if (sessions.length === 0) this.#sessions.clear();
    else this.#sessions.update(sessions);
  }

  /** Early fire at a checkpoint: every changed session of `key`. */
  protected override emitChanged(key: unknown): void {
    this.ctx.state.setCurrentKey(key);
    const sessions = this.#sessions.value();
    if (sessions === undefined) return;
    let changed = false;
    for (const s of sessions) {
      if (s.changed !== true) continue;
      this.#emitChange(key, s);
      changed = true;
    }
    if (changed) this.#sessions.update(sessions);
  }

  /**
   * Early fire: retracts the rows of sessions merged into `s`, then emits `s` — an insert the first
   * time or when its extent changed (retracting the old extent), else an update if its result changed.
   */
  #emitChange(key: unknown, s: Session<Acc>): void {
    s.changed = false;
    if (s.retract !== undefined) {
      for (const row of s.retract) this.#emitRow(key, row, 'delete');
      s.retract = undefined;
    }
    const now: Shown = { start: s.start, end: s.end, value: this.#aggregate.getResult(s.acc) };
    const shown = s.shown;
    if (shown === undefined) {
      this.#emitRow(key, now, 'insert');
    } else if (shown.start === now.start && shown.end === now.end) {
      if (sameResult(shown.value, now.value)) return;
      this.#emitRow(key, shown, 'update-before');
      this.#emitRow(key, now, 'update-after');
    } else {
      this.#emitRow(key, shown, 'delete');
      this.#emitRow(key, now, 'insert');
    }
    s.shown = now;
    s.emitted = true;
  }

  #emitRow(key: unknown, row: Shown, kind: RowKind): void {
    const result: WindowResult<K, Out> = { key: key as K, start: row.start, end: row.end, value: row.value as Out, update: kind !== 'insert' };
    const out = this.#mapResult === undefined ? { ...result, [ROW_KIND]: kind } : this.#mapResult(result, kind);
    this.out.push(out, row.end - 1);
  }

  /** The one pending timer of a session: its end until it fires, then its cleanup time. */
  #timerOf(s: Session<Acc>): number {
    return s.fired ? s.end - 1 + this.#allowed : s.end - 1;
  }

  #registerTimer(key: unknown, time: number): void {
    if (this.eventTime) this.ctx.timers.registerEventTimeTimer(key, time);
    else this.ctx.timers.registerProcessingTimeTimer(key, time);
  }

  #deleteTimer(key: unknown, time: number): void {
    if (this.eventTime) this.ctx.timers.deleteEventTimeTimer(key, time);
    else this.ctx.timers.deleteProcessingTimeTimer(key, time);
  }

  #emitResult(key: unknown, s: Session<Acc>, update: boolean): void {
    const result: WindowResult<K, Out> = { key: key as K, start: s.start, end: s.end, value: this.#aggregate.getResult(s.acc), update };
    this.out.push(this.#mapResult === undefined ? result : this.#mapResult(result), s.end - 1);
  }
}

/** Early fire: `target` absorbs merged session `s`; rows emitted for `s` must be retracted. */
function absorbRows<Acc>(target: Session<Acc>, s: Session<Acc>): void {
  if (s.shown === undefined && s.retract === undefined) return;
  const retract = target.retract ?? [];
  if (s.retract !== undefined) retract.push(...s.retract);
  if (s.shown !== undefined) retract.push(s.shown);
  target.retract = retract;
}
