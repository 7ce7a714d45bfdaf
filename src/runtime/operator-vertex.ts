import type { Batch } from '../core/batch.ts';
import { SluiceError } from '../core/errors.ts';
import type { Operator, OperatorContext } from '../operators/operator.ts';
import { createStateBackend, type StateBackendChoice } from '../state/create-backend.ts';
import type { ManagedStateBackend, StateBackend, StateCut } from '../state/state-backend.ts';
import { chainEntries, INCREMENTAL_STATE, type LoadedStateChain } from './incremental-state.ts';
import { HeapTimerService } from '../state/heap-timer-service.ts';
import type { Clock } from './clock.ts';
import { MetricSet } from './metrics.ts';
import { OpenedStates, type OpenedState } from './opened-states.ts';
import type { StateFingerprint } from './restore-check.ts';
import { Vertex } from './vertex.ts';

/** What an operator vertex puts into a checkpoint. */
export interface OperatorVertexSnapshot {
  readonly operator: unknown;
  readonly state: unknown;
  readonly timers: unknown;
  readonly metrics: Record<string, number>;
  readonly watermark: number;
  /** Each input's watermark (absent in checkpoints written before they were kept). */
  readonly inputWatermarks?: readonly number[];
}

/**
 * Runs one physical operator inside the graph: gives it a context with its own keyed state backend,
 * timer service and metrics, and turns its emits into pushes to the downstream vertices.
 *
 * @example
 * const vertex = new OperatorVertex('filter-1', 'filter', new FilterOperator(isBig), clock);
 */
export class OperatorVertex extends Vertex {
  readonly operator: Operator<unknown, unknown>;
  readonly metrics = new MetricSet();
  private readonly state: ManagedStateBackend;
  private readonly timers = new HeapTimerService();
  private readonly clock: Clock;
  /** The states the operator opened (for the state fingerprint); the context hands this out as `state`. */
  private readonly opened: OpenedStates;
  /** What the plan says the step's state looks like (plan/state-shape.ts); undefined for a stateless step. */
  private readonly shape: string | undefined;

  constructor(id: string, kind: string, operator: Operator<unknown, unknown>, clock: Clock, shape?: string, stateBackend?: StateBackendChoice) {
    super(id, kind);
    this.operator = operator;
    this.clock = clock;
    this.shape = shape;
    this.state = createStateBackend(stateBackend, { now: () => clock.now() }, id);
    this.opened = new OpenedStates(this.state);
  }

  /**
   * The shape of this step's state as a checkpoint records it: the plan's shape and the states the
   * operator opened. Undefined for a stateless step (a map, a calc), whose checkpoint entry holds only
   * metrics and may be dropped freely.
   */
  stateFingerprint(): StateFingerprint | undefined {
    return this.shape === undefined ? undefined : { shape: this.shape, states: this.opened.describe() };
  }

  open(): void {
    const vertex = this;
    const context: OperatorContext<unknown> = {
      id: this.id,
      emit: (batch) => vertex.emit(batch),
      emitSide: (tag, batch) => vertex.emitSide(tag, batch),
      state: this.opened,
      timers: this.timers,
      metrics: this.metrics,
      currentWatermark: () => vertex.watermark,
      currentProcessingTime: () => vertex.clock.now(),
    };
    this.operator.open(context);
  }

  /** Keys with live state (a key in two states counts twice): the size progress reports show. */
  get stateSize(): number {
    return this.state.size();
  }

  /** Which backend keeps this operator's keyed state. */
  get stateBackendKind(): 'heap' | 'lmdb' {
    return this.state.kind;
  }

  receive(batch: Batch<unknown>, input: number): void {
    this.recordsIn += batch.values.length;
    this.operator.processBatch(batch, input);
  }

  protected override outputWatermarkLag(): number {
    return this.operator.outputWatermarkLag ?? 0;
  }

  protected override handleWatermark(watermark: number): void {
    this.operator.onWatermark(watermark);
  }

  /** A checkpoint is next: the operator may emit (early-firing windows); see Operator.prepareCheckpoint. */
  prepareCheckpoint(): void {
    this.operator.prepareCheckpoint?.();
  }

  /**
   * Asynchronous work before the first record (see Operator.prepare): a lookup join loads its table.
   * A failure names this operator, so the job's error says which node could not start.
   */
  async prepare(): Promise<void> {
    if (this.operator.prepare === undefined) return;
    try {
      await this.operator.prepare();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new SluiceError(`${this.kind} '${this.id}' could not start: ${message}`, { cause: error });
    }
  }

  /** Runs processing-time work that is due. */
  tick(now: number): void {
    if (this.operator.nextProcessingTime() <= now) this.operator.onProcessingTime(now);
  }

  snapshot(): OperatorVertexSnapshot {
    return {
      operator: this.operator.snapshot(),
      state: this.state.snapshot(),
      timers: this.timers.snapshot(),
      metrics: this.metrics.snapshot(),
      watermark: this.watermark,
      inputWatermarks: this.inputWatermarksNow(),
    };
  }

  /**
   * The synchronous part of an incremental checkpoint: everything but the keyed state, which the
   * returned cut delivers later (its `state` here is undefined until the runner fills in the chain).
   */
  beginCheckpoint(full: boolean): { snapshot: OperatorVertexSnapshot; cut: StateCut } {
    const cut = this.state.beginCheckpoint(full);
    const snapshot: OperatorVertexSnapshot = {
      operator: this.operator.snapshot(),
      state: undefined,
      timers: this.timers.snapshot(),
      metrics: this.metrics.snapshot(),
      watermark: this.watermark,
      inputWatermarks: this.inputWatermarksNow(),
    };
    return { snapshot, cut };
  }

  /** Restores a full snapshot, or (from a job checkpoint) a chain of state files already read. */
  restore(snapshot: OperatorVertexSnapshot): void {
    const chain = snapshot.state as LoadedStateChain | undefined;
    if (chain?.format === INCREMENTAL_STATE && Array.isArray(chain.bytes)) {
      const { states, entries } = chainEntries(chain);
      this.state.restoreEntries(states, entries);
    } else {
      this.state.restore(snapshot.state);
    }
    this.timers.restore(snapshot.timers);
    this.metrics.restore(snapshot.metrics);
    this.operator.restore(snapshot.operator);
    this.restoreWatermark(snapshot.watermark, snapshot.inputWatermarks);
  }

  /** Closes the operator, then its state backend (an lmdb backend deletes its working files). */
  close(): void {
    this.operator.close();
    this.state.close();
  }

  /** The keyed states the operator opened, with kinds and TTLs (queryable state reads them). */
  openedStates(): readonly OpenedState[] {
    return this.opened.states();
  }

  /**
   * Runs `read` with the backend's current key moved to `key`, then puts the operator's key back, so
   * a query between batches never redirects the operator's next write.
   */
  readAtKey<R>(key: unknown, read: (state: StateBackend) => R): R {
    const saved = this.state.currentKey();
    try {
      this.state.setCurrentKey(key);
      return read(this.opened);
    } finally {
      this.state.setCurrentKey(saved);
    }
  }

  /** Reads keyed state (for the TestDriver): the value of a value state for a key. */
  stateBackend(): ManagedStateBackend {
    return this.state;
  }
}
