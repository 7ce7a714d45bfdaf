import { deserialize, serialize } from 'node:v8';
import { type Batch, MIN_WATERMARK, NO_TIMESTAMP } from '../core/batch.ts';
import { SluiceError } from '../core/errors.ts';
import type { Operator, OperatorContext, OperatorMetrics } from '../operators/operator.ts';
import { createStateBackend } from '../state/create-backend.ts';
import { parseStateBackendKind } from '../state/create-backend.ts';
import type { ManagedStateBackend, StateBackendKind } from '../state/state-backend.ts';
import { HeapTimerService } from '../state/heap-timer-service.ts';

/** Options of {@link OperatorHarness}. */
export interface OperatorHarnessOptions {
  /** The operator's id in its context (metrics, error messages); default 'operator'. */
  readonly id?: string;
  /** Processing time the clock starts at, epoch ms; default 0. */
  readonly processingTime?: number;
  /**
   * The keyed state backend; default 'heap', or the environment variable SLUICE_TEST_STATE_BACKEND
   * when set (the test suite runs every operator test file once more with it set to 'lmdb'). A
   * harness's lmdb backend has a cache of 2 entries that writes through at once, so every access
   * really goes to lmdb.
   */
  readonly stateBackend?: StateBackendKind;
}

/** The harnesses' default backend (see OperatorHarnessOptions.stateBackend). */
function defaultBackend(): StateBackendKind {
  const fromEnvironment = process.env.SLUICE_TEST_STATE_BACKEND;
  return fromEnvironment === undefined || fromEnvironment === '' ? 'heap' : parseStateBackendKind(fromEnvironment, 'SLUICE_TEST_STATE_BACKEND');
}

/**
 * Everything a checkpoint would hold for one operator: its own snapshot plus its keyed state and
 * timers, which live in the backend and timer service the harness owns.
 */
export interface HarnessSnapshot {
  readonly operator: unknown;
  readonly state: unknown;
  readonly timers: unknown;
  /** The processing clock, so TTL and processing-time timers carry on from where they were. */
  readonly processingTime: number;
}

/** One record as it left the operator. */
export interface TimedValue<T> {
  readonly value: T;
  readonly time: number;
}

/**
 * Runs one operator without the runtime, in the manner of Flink's operator test harness: feed
 * records with timestamps, move the watermark and the processing clock by hand, read what came out,
 * snapshot, and restore into a fresh harness to check that state survives.
 *
 * The harness does not fire timers: an operator fires its own from `onWatermark` /
 * `onProcessingTime` through `ctx.timers`, exactly as under the runtime.
 *
 * @example
 * const harness = new OperatorHarness(new KeyedCounter());
 * harness.open();
 * harness.processElement({ key: 'a' }, 1000);
 * harness.processWatermark(2000);
 * const restored = OperatorHarness.restore(new KeyedCounter(), harness.snapshot());
 * restored.processElement({ key: 'a' }, 3000);
 * restored.output(); // the counter carried on from the snapshot
 */
export class OperatorHarness<I, O> {
  readonly operator: Operator<I, O>;
  /** The keyed state the operator sees as `ctx.state`; inspect it in tests. */
  readonly state: ManagedStateBackend;
  /** The timers the operator sees as `ctx.timers`. */
  readonly timers: HeapTimerService;
  readonly context: OperatorContext<O>;
  readonly #values: O[] = [];
  readonly #times: number[] = [];
  readonly #sides = new Map<string, unknown[]>();
  readonly #metrics = new Map<string, number>();
  #watermark = MIN_WATERMARK;
  #processingTime: number;
  #opened = false;

  constructor(operator: Operator<I, O>, options: OperatorHarnessOptions = {}) {
    this.operator = operator;
    this.#processingTime = options.processingTime ?? 0;
    const backend = { kind: options.stateBackend ?? defaultBackend(), cacheSize: 2, flushEvery: 1 };
    this.state = createStateBackend(backend, { now: () => this.#processingTime }, options.id ?? 'operator');
    this.timers = new HeapTimerService();
    this.context = this.#makeContext(options.id ?? 'operator');
  }

  /**
   * A new harness for `operator` (a fresh instance) with the backend, timers, clock and operator state
   * of `snapshot`. It is returned already open: the backend and timers are restored first, then the
   * operator is opened (taking its state handles) and then given its own snapshot.
   */
  static restore<I, O>(operator: Operator<I, O>, snapshot: unknown, options: OperatorHarnessOptions = {}): OperatorHarness<I, O> {
    const saved = snapshot as Partial<HarnessSnapshot> | null | undefined;
    if (saved == null || typeof saved !== 'object' || !('state' in saved) || !('timers' in saved)) {
      throw new SluiceError('not an operator harness snapshot (take one with harness.snapshot())');
    }
    const harness = new OperatorHarness(operator, { ...options, processingTime: options.processingTime ?? saved.processingTime });
    harness.state.restore(saved.state);
    harness.timers.restore(saved.timers);
    harness.open();
    operator.restore(cloned(saved.operator));
    return harness;
  }

  /** Opens the operator; a second call does nothing (a restored harness is already open). */
  open(): void {
    if (this.#opened) return;
    this.#opened = true;
    this.operator.open(this.context);
  }

  /**
   * What the runtime awaits after `open` (and a restore) before the first record: the operator's
   * asynchronous preparation, e.g. a lookup join loading its static table. Nothing for operators
   * without one.
   *
   * @example
   * harness.open();
   * await harness.prepare();
   * harness.processElement(order, 1000);
   */
  async prepare(): Promise<void> {
    this.#ensureOpen();
    await this.operator.prepare?.();
  }

  /** One record on input `input` (0 unless the operator has several). */
  processElement(value: I, timestamp: number = NO_TIMESTAMP, input = 0): void {
    this.processBatch({ values: [value], times: [timestamp] }, input);
  }

  /** Pushes a batch of values with their timestamps into input `input` (0, or 1 for a join's right side). */
  processBatch(batch: Batch<I>, input = 0): void {
    this.#ensureOpen();
    this.operator.processBatch(batch, input);
  }

  /** Sets the current watermark, then hands it to the operator (which fires its due timers). */
  processWatermark(watermark: number): void {
    this.#ensureOpen();
    this.#watermark = watermark;
    this.operator.onWatermark(watermark);
  }

  /** Moves the processing clock (state TTL follows it), then calls the operator's `onProcessingTime`. */
  setProcessingTime(now: number): void {
    this.#ensureOpen();
    this.#processingTime = now;
    this.operator.onProcessingTime(now);
  }

  /** The operator's watermark, as the last `processWatermark` set it. */
  currentWatermark(): number {
    return this.#watermark;
  }

  /** The harness clock's time (advance it with `setProcessingTime`). */
  currentProcessingTime(): number {
    return this.#processingTime;
  }

  /** Every record emitted on the main output so far, oldest first. */
  output(): O[] {
    return this.#values.slice();
  }

  /** Everything emitted on the main output so far, with its timestamps. */
  outputWithTimes(): TimedValue<O>[] {
    return this.#values.map((value, i) => ({ value, time: this.#times[i] }));
  }

  /** Every record emitted on side output `tag` so far. */
  sideOutput(tag: string): unknown[] {
    return (this.#sides.get(tag) ?? []).slice();
  }

  /** Forgets the outputs collected so far (main and side), e.g. between phases of a test. */
  clearOutput(): void {
    this.#values.length = 0;
    this.#times.length = 0;
    this.#sides.clear();
  }

  /** A metric's current value (0 if never reported). */
  metric(name: string): number {
    return this.#metrics.get(name) ?? 0;
  }

  /**
   * What a checkpoint would store for this operator, passed through v8 serialization as a real
   * checkpoint is, so a snapshot that cannot be written fails here and later changes cannot leak in.
   */
  snapshot(): HarnessSnapshot {
    this.#ensureOpen();
    const snapshot: HarnessSnapshot = {
      operator: this.operator.snapshot(),
      state: this.state.snapshot(),
      timers: this.timers.snapshot(),
      processingTime: this.#processingTime,
    };
    return cloned(snapshot);
  }

  /**
   * What the runtime does first at a checkpoint: the operator may emit what it holds for it (an
   * early-firing window aggregate emits its changed windows). Call it before `snapshot()` to
   * checkpoint as the runtime does.
   *
   * @example
   * harness.prepareCheckpoint();
   * const saved = harness.snapshot();
   */
  prepareCheckpoint(): void {
    this.#ensureOpen();
    this.operator.prepareCheckpoint?.();
  }

  /** Every input ended: lets the operator emit what it still holds. */
  finish(): void {
    this.#ensureOpen();
    this.operator.finish();
  }

  /** Closes the operator, then its state backend (an lmdb backend deletes its files). */
  close(): void {
    this.operator.close();
    this.state.close();
  }

  #ensureOpen(): void {
    if (!this.#opened) throw new SluiceError('the operator harness is not open: call open() first');
  }

  #makeContext(id: string): OperatorContext<O> {
    const metrics: OperatorMetrics = {
      add: (name, amount) => void this.#metrics.set(name, (this.#metrics.get(name) ?? 0) + amount),
      set: (name, value) => void this.#metrics.set(name, value),
      get: (name) => this.#metrics.get(name) ?? 0,
    };
    return {
      id,
      emit: (batch) => {
        for (let i = 0; i < batch.values.length; i++) {
          this.#values.push(batch.values[i]);
          this.#times.push(batch.times[i]);
        }
      },
      emitSide: (tag, batch) => {
        let side = this.#sides.get(tag);
        if (side === undefined) this.#sides.set(tag, (side = []));
        for (const value of batch.values) side.push(value);
      },
      state: this.state,
      timers: this.timers,
      metrics,
      currentWatermark: () => this.#watermark,
      currentProcessingTime: () => this.#processingTime,
    };
  }
}

/** A deep copy through v8 serialization: the same path a checkpoint takes to disk. */
function cloned<T>(value: T): T {
  return deserialize(serialize(value)) as T;
}
