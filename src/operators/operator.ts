import type { Batch } from '../core/batch.ts';
import type { Row } from '../core/row.ts';
import type { StateBackend } from '../state/state-backend.ts';
import type { TimerService } from '../state/timer-service.ts';

/**
 * A physical operator: one per kind, in this folder. The runtime calls it synchronously between
 * batches — never concurrently — so an operator needs no locks and no promises.
 *
 * Watermarks: the runtime calls `onWatermark` when the operator's input watermark advances (the
 * minimum over its inputs), and forwards the watermark downstream after it returns, so results
 * emitted while firing precede the watermark that caused them.
 *
 * @example
 * class Doubler extends BaseOperator<number, number> {
 *   processBatch(batch: Batch<number>): void {
 *     this.ctx.emit({ values: batch.values.map((v) => v * 2), times: batch.times });
 *   }
 * }
 */
export interface Operator<In, Out> {
  open(ctx: OperatorContext<Out>): void;
  /** `input` is the index of the input the batch came from (joins have two). */
  processBatch(batch: Batch<In>, input: number): void;
  onWatermark(watermark: number): void;
  onProcessingTime(now: number): void;
  /** Earliest processing time at which `onProcessingTime` has work (Infinity if none). */
  nextProcessingTime(): number;
  /** State to put in a checkpoint: structured-cloneable, taken between batches. */
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  /**
   * Called before a checkpoint, after the last batch of the epoch, in topological order; may emit.
   * Upstream operators prepare first, so what one emits here reaches downstream operators before they
   * prepare (Flink's prepareSnapshotPreBarrier). Early-firing window aggregates emit their changed
   * windows here. Optional: the runtime skips operators without it.
   */
  prepareCheckpoint?(): void;
  /**
   * Asynchronous work before the first record, after `open` and `restore`: the runtime awaits it for
   * every operator (upstream first) before it opens any source reader, so nothing is processed until
   * it resolves; a rejection fails the job. A lookup join loads its static table here. Not checkpoint
   * state: it runs again on every start. Optional: the runtime skips operators without it.
   */
  prepare?(): Promise<void>;
  /**
   * How far behind its input watermark this operator may emit records (ms): the runtime forwards the
   * input watermark minus this lag, so what it emits late is not late downstream (Flink holds an
   * interval join's output watermark back the same way). Absent: 0.
   */
  readonly outputWatermarkLag?: number;
  /**
   * Queryable state: the result this operator holds for a key now, as a row (a non-windowed GROUP BY
   * answers its current result row for the key), or undefined when it has none. It may move the
   * state backend's current key; the runtime puts it back. Optional: the runtime then shows the raw
   * keyed states instead.
   */
  queryResult?(key: unknown): Row | undefined;
  /**
   * Queryable state, for a stateless row-by-row operator (a SQL Calc): what it makes of one row, or
   * undefined when it drops it. A keyed result is passed through the Calc after it (the SELECT list,
   * HAVING), so the answer has the query's columns. Optional.
   */
  transformResult?(row: Row): Row | undefined;
  /** Every input has ended (after the final watermark): emit anything still held. */
  finish(): void;
  close(): void;
}

/** What an operator may use: its outputs, keyed state, timers, metrics and the clocks. */
export interface OperatorContext<Out> {
  /** The plan node id, for metrics and error messages. */
  readonly id: string;
  emit(batch: Batch<Out>): void;
  /** Emits records on a side output (late records, a branch's rejects). */
  emitSide(tag: string, batch: Batch<unknown>): void;
  readonly state: StateBackend;
  readonly timers: TimerService;
  readonly metrics: OperatorMetrics;
  currentWatermark(): number;
  currentProcessingTime(): number;
}

/** Named counters and gauges an operator reports (records in/out, late records dropped…). */
export interface OperatorMetrics {
  add(name: string, amount: number): void;
  set(name: string, value: number): void;
  get(name: string): number;
}

/**
 * Defaults for every method but `processBatch`, so a stateless operator writes one method
 * (as Arroyo's operator trait does).
 */
export abstract class BaseOperator<In, Out> implements Operator<In, Out> {
  protected ctx!: OperatorContext<Out>;
  open(ctx: OperatorContext<Out>): void {
    this.ctx = ctx;
  }
  abstract processBatch(batch: Batch<In>, input: number): void;
  onWatermark(_watermark: number): void {}
  onProcessingTime(_now: number): void {}
  nextProcessingTime(): number {
    return Number.POSITIVE_INFINITY;
  }
  snapshot(): unknown {
    return undefined;
  }
  restore(_snapshot: unknown): void {}
  prepareCheckpoint(): void {}
  finish(): void {}
  close(): void {}
}
