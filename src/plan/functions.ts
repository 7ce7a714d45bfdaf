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
  createAccumulator(): Acc;
  /** Adds a value; may mutate and return `acc`. */
  add(acc: Acc, value: In): Acc;
  getResult(acc: Acc): Out;
  merge?(a: Acc, b: Acc): Acc;
}

/** Access to keyed state, given to process functions when they open. */
export interface StateAccess {
  valueState<V>(name: string, ttl?: StateTtl): ValueState<V>;
  mapState<K, V>(name: string, ttl?: StateTtl): MapState<K, V>;
  listState<V>(name: string, ttl?: StateTtl): ListState<V>;
}

/** Timers a process function may set for the current key. */
export interface TimerAccess {
  registerEventTimeTimer(time: number): void;
  deleteEventTimeTimer(time: number): void;
  registerProcessingTimeTimer(time: number): void;
  deleteProcessingTimeTimer(time: number): void;
  currentWatermark(): number;
  currentProcessingTime(): number;
}

/** What `processElement` and `onTimer` see: the key, the record's time, a way out, timers. */
export interface ProcessContext<K, O> {
  readonly key: K;
  /** Event timestamp of the record being processed (or of the timer that fired). NaN if none. */
  readonly timestamp: number;
  readonly timers: TimerAccess;
  emit(value: O, timestamp?: number): void;
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
  open?(state: StateAccess): void;
  processElement(value: I, ctx: ProcessContext<K, O>): void;
  onTimer?(time: number, domain: 'event' | 'processing', ctx: ProcessContext<K, O>): void;
}
