import type { ListState, MapState, StateTtl, ValueState } from '../state/keyed-state.ts';

/**
 * An incremental aggregate (Flink's AggregateFunction): windows keep one accumulator per key and
 * window, never the raw records. Accumulators must be structured-cloneable (they go into checkpoints).
 * `merge` is needed for session windows, which merge when they overlap.
 *
 * @example
 * const count: AggregateFunction<unknown, number, number> = {
 *   createAccumulator: () => 0, add: (acc) => acc + 1, getResult: (acc) => acc, merge: (a, b) => a + b,
 * };
 */
export interface AggregateFunction<In, Acc, Out> {
  /** A fresh accumulator for a new key and window. */
  createAccumulator(): Acc;
  /** Adds a value; may mutate and return `acc`. */
  add(acc: Acc, value: In): Acc;
  /** The window's result from its accumulator (called when the window fires, and again on updates). */
  getResult(acc: Acc): Out;
  /** Combines two accumulators (session windows merging); may mutate and return `a`. */
  merge?(a: Acc, b: Acc): Acc;
}

/** Access to keyed state, given to process functions when they open. */
export interface StateAccess {
  /** A single value per key, named (the name identifies it in checkpoints). */
  valueState<V>(name: string, ttl?: StateTtl): ValueState<V>;
  /** A map per key, named. */
  mapState<K, V>(name: string, ttl?: StateTtl): MapState<K, V>;
  /** A list per key, named. */
  listState<V>(name: string, ttl?: StateTtl): ListState<V>;
}

/** Timers a process function may set for the current key. */
export interface TimerAccess {
  /** Calls `onTimer` once the watermark reaches `time` (one timer per key and time). */
  registerEventTimeTimer(time: number): void;
  /** Cancels an event-time timer of the current key. */
  deleteEventTimeTimer(time: number): void;
  /** Calls `onTimer` once the processing-time clock reaches `time`. */
  registerProcessingTimeTimer(time: number): void;
  /** Cancels a processing-time timer of the current key. */
  deleteProcessingTimeTimer(time: number): void;
  /** The operator's current watermark (event time known to be complete). */
  currentWatermark(): number;
  /** The clock's time in epoch milliseconds (the TestDriver's clock in tests). */
  currentProcessingTime(): number;
}

/** What `processElement` and `onTimer` see: the key, the record's time, a way out, timers. */
export interface ProcessContext<K, O> {
  readonly key: K;
  /** Event timestamp of the record being processed (or of the timer that fired). NaN if none. */
  readonly timestamp: number;
  /** Timers of the current key. */
  readonly timers: TimerAccess;
  /** Sends a value downstream, at the record's timestamp unless one is given. */
  emit(value: O, timestamp?: number): void;
  /** Sends a value to the side output `tag` (read it with the stream's `sideOutput(tag)`). */
  emitSide(tag: string, value: unknown): void;
}

/**
 * Flink's KeyedProcessFunction / Kafka Streams' Processor: per-record logic with keyed state and timers.
 * `open` runs once, before any record, to get state handles.
 *
 * @example
 * let count: ValueState<number>;
 * const counter: KeyedProcessFunction<string, StockTrade, [string, number]> = {
 *   open(state) { count = state.valueState<number>('count'); },
 *   processElement(trade, ctx) { const n = (count.value() ?? 0) + 1; count.update(n); ctx.emit([ctx.key, n]); },
 * };
 */
export interface KeyedProcessFunction<K, I, O> {
  /** Runs once before any record; get state handles here. */
  open?(state: StateAccess): void;
  /** Handles one record, with the record's key current in state and timers. */
  processElement(value: I, ctx: ProcessContext<K, O>): void;
  /** Handles a timer that fired, with its key current. */
  onTimer?(time: number, domain: 'event' | 'processing', ctx: ProcessContext<K, O>): void;
}
