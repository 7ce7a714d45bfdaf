import { SluiceError } from '../core/errors.ts';
import type { SourceVertex } from '../runtime/source-vertex.ts';

/** The split id every TestDriver input pushes its records on. */
export const TEST_SPLIT = 'test';

/** What a TestInput needs from its driver. */
export interface TestInputHost {
  /** Processing time now. */
  now(): number;
  /** Runs before anything enters the graph (the driver puts state read by the test back in place). */
  beforeInput(): void;
}

/**
 * One input step of a TestDriver. Records enter exactly as a poll of a real source split would hand
 * them over: the step's watermark strategy assigns timestamps (its extractor, else the timestamp
 * given here) and the watermark moves after each batch, trailing the largest timestamp by the
 * bounded out-of-orderness.
 *
 * @example
 * const trades = driver.input<Trade>('trades');
 * trades.pipe({ symbol: 'AAPL', shares: 100 }, 1_000);   // one record, then the watermark moves
 * trades.pipeAll([t1, t2], [2_000, 1_500]);             // record by record
 * trades.pipeBatch([t3, t4], [3_000, 2_500]);           // as one poll: the watermark moves once
 * trades.advanceWatermark(10_000);                      // forces event time forward
 * trades.end();                                         // the split is drained
 */
export class TestInput<T> {
  readonly name: string;
  readonly #vertex: SourceVertex;
  readonly #host: TestInputHost;
  #ended: boolean;

  constructor(name: string, vertex: SourceVertex, host: TestInputHost, ended = false) {
    this.name = name;
    this.#vertex = vertex;
    this.#host = host;
    this.#ended = ended;
  }

  /** The source step's current watermark. */
  get watermark(): number {
    return this.#vertex.watermark;
  }

  /** True after `end()` (or the driver's `endOfInput()`). */
  get ended(): boolean {
    return this.#ended;
  }

  /** One record; `timestamp` is the source's own timestamp (used when the strategy has no extractor). */
  pipe(value: T, timestamp?: number): this {
    return this.pipeBatch([value], timestamp === undefined ? undefined : [timestamp]);
  }

  /** Several records one after another, each its own batch (the watermark moves after each). */
  pipeAll(values: readonly T[], timestamps?: readonly number[]): this {
    checkTimes(this.name, values, timestamps);
    for (let i = 0; i < values.length; i++) this.pipe(values[i], timestamps?.[i]);
    return this;
  }

  /** Several records as one batch, as one poll of a source returns them (the watermark moves once). */
  pipeBatch(values: readonly T[], timestamps?: readonly number[]): this {
    this.#checkOpen();
    checkTimes(this.name, values, timestamps);
    this.#host.beforeInput();
    // Copies: the graph keeps batches (window buffers, sinks), so the caller's arrays must not alias them.
    this.#vertex.pushSplitBatch(TEST_SPLIT, values.slice(), timestamps?.slice(), this.#host.now());
    return this;
  }

  /** Forces this source's watermark to `watermark` (never backwards), firing what it completes downstream. */
  advanceWatermark(watermark: number): this {
    this.#checkOpen();
    this.#host.beforeInput();
    this.#vertex.forceWatermark(watermark);
    return this;
  }

  /**
   * The input is drained, as when a bounded split ends: with a watermark strategy, event time of this
   * source ends (every window it holds back fires). Without one, nothing moves until `endOfInput()`.
   */
  end(): void {
    if (this.#ended) return;
    this.#host.beforeInput();
    this.#ended = true;
    this.#vertex.endSplit(TEST_SPLIT, this.#host.now());
  }

  /** @internal the driver ended every input at once */
  markEnded(): void {
    this.#ended = true;
  }

  #checkOpen(): void {
    if (this.#ended) throw new SluiceError(`test input '${this.name}' has ended; no more records can be piped into it`);
  }
}

function checkTimes(name: string, values: readonly unknown[], timestamps: readonly number[] | undefined): void {
  if (timestamps !== undefined && timestamps.length !== values.length) {
    throw new SluiceError(`test input '${name}': ${values.length} values but ${timestamps.length} timestamps`);
  }
}
