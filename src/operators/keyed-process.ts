import type { Batch } from '../core/batch.ts';
import type { KeyedProcessFunction, ProcessContext, StateAccess, TimerAccess } from '../plan/functions.ts';
import { BaseOperator, type OperatorContext } from './operator.ts';

/**
 * Runs a KeyedProcessFunction: per record, the key's state is selected, the function runs, and
 * what it emits is gathered into one output batch. Event-time timers fire when the watermark passes
 * them, processing-time timers when the clock does, each with its key's state selected.
 *
 * @example
 * new KeyedProcessOperator((t: Trade) => t.symbol, () => myFunction)
 */
export class KeyedProcessOperator<K, In, Out> extends BaseOperator<In, Out> {
  private readonly keyOf: (value: In) => K;
  private readonly fn: KeyedProcessFunction<K, In, Out>;
  private readonly context: MutableProcessContext<K, Out>;

  constructor(keyOf: (value: In) => K, create: () => KeyedProcessFunction<K, In, Out>) {
    super();
    this.keyOf = keyOf;
    this.fn = create();
    this.context = new MutableProcessContext<K, Out>();
  }

  override open(ctx: OperatorContext<Out>): void {
    super.open(ctx);
    this.context.bind(ctx);
    const state: StateAccess = {
      valueState: (name, ttl) => ctx.state.valueState(name, ttl),
      mapState: (name, ttl) => ctx.state.mapState(name, ttl),
      listState: (name, ttl) => ctx.state.listState(name, ttl),
    };
    this.fn.open?.(state);
  }

  processBatch(batch: Batch<In>): void {
    const { values, times } = batch;
    const context = this.context;
    const backend = this.ctx.state;
    for (let i = 0; i < values.length; i++) {
      const key = this.keyOf(values[i]);
      backend.setCurrentKey(key);
      context.key = key;
      context.timestamp = times[i];
      this.fn.processElement(values[i], context);
    }
    context.flush();
  }

  override onWatermark(watermark: number): void {
    const onTimer = this.fn.onTimer;
    if (onTimer === undefined) return;
    this.ctx.timers.advanceEventTime(watermark, (key, time) => this.fire(key as K, time, 'event'));
    this.context.flush();
  }

  override onProcessingTime(now: number): void {
    if (this.fn.onTimer === undefined) return;
    this.ctx.timers.advanceProcessingTime(now, (key, time) => this.fire(key as K, time, 'processing'));
    this.context.flush();
  }

  override nextProcessingTime(): number {
    return this.ctx.timers.nextProcessingTime();
  }

  private fire(key: K, time: number, domain: 'event' | 'processing'): void {
    this.ctx.state.setCurrentKey(key);
    this.context.key = key;
    this.context.timestamp = domain === 'event' ? time : Number.NaN;
    this.fn.onTimer!(time, domain, this.context);
  }
}

/** One context object reused for every record, so calling the user function allocates nothing. */
class MutableProcessContext<K, Out> implements ProcessContext<K, Out> {
  key!: K;
  timestamp = Number.NaN;
  timers!: TimerAccess;
  private ctx!: OperatorContext<Out>;
  private values: Out[] = [];
  private times: number[] = [];

  bind(ctx: OperatorContext<Out>): void {
    this.ctx = ctx;
    const self = this;
    this.timers = {
      registerEventTimeTimer: (time) => ctx.timers.registerEventTimeTimer(self.key, time),
      deleteEventTimeTimer: (time) => ctx.timers.deleteEventTimeTimer(self.key, time),
      registerProcessingTimeTimer: (time) => ctx.timers.registerProcessingTimeTimer(self.key, time),
      deleteProcessingTimeTimer: (time) => ctx.timers.deleteProcessingTimeTimer(self.key, time),
      currentWatermark: () => ctx.currentWatermark(),
      currentProcessingTime: () => ctx.currentProcessingTime(),
    };
  }

  emit(value: Out, timestamp?: number): void {
    this.values.push(value);
    this.times.push(timestamp ?? this.timestamp);
  }

  emitSide(tag: string, value: unknown): void {
    this.flush(); // keep main and side outputs in the order they were produced
    this.ctx.emitSide(tag, { values: [value], times: [this.timestamp] });
  }

  flush(): void {
    if (this.values.length === 0) return;
    const batch = { values: this.values, times: this.times };
    this.values = [];
    this.times = [];
    this.ctx.emit(batch);
  }
}
