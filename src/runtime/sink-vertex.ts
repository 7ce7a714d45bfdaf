import type { Batch } from '../core/batch.ts';
import type { Sink } from '../connectors/spi.ts';
import { Vertex } from './vertex.ts';

/**
 * Hands batches to a sink. A write that returns a promise is remembered as pending; the job waits
 * for pending writes before reading more input once there are too many (backpressure), and always
 * before a checkpoint.
 *
 * @example
 * const vertex = new SinkVertex('sink-3', memorySink(), pending);
 */
export class SinkVertex extends Vertex {
  readonly sink: Sink<unknown>;
  private readonly pending: Promise<void>[];

  constructor(id: string, sink: Sink<unknown>, pending: Promise<void>[]) {
    super(id, 'sink');
    this.sink = sink;
    this.pending = pending;
  }

  /** Batches received while held (see `hold`). */
  private held: Batch<unknown>[] | undefined;

  /**
   * Keeps batches back until `release`: between a checkpoint's cut and its commit, output that comes
   * after the cut must not reach the sink's open transaction (two-phase commit), while the job goes
   * on processing records.
   */
  hold(): void {
    this.held ??= [];
  }

  /** Records received while held, not yet written. */
  get heldRecords(): number {
    let count = 0;
    if (this.held !== undefined) for (const batch of this.held) count += batch.values.length;
    return count;
  }

  /** Writes the held batches, in order, and stops holding. */
  release(): void {
    const held = this.held;
    this.held = undefined;
    if (held !== undefined) for (const batch of held) this.write(batch);
  }

  receive(batch: Batch<unknown>): void {
    this.recordsIn += batch.values.length;
    if (this.held !== undefined) this.held.push(batch);
    else this.write(batch);
  }

  private write(batch: Batch<unknown>): void {
    const result = this.sink.write(batch.values, batch.times);
    if (result !== undefined && typeof (result as Promise<void>).then === 'function') this.pending.push(result as Promise<void>);
  }
}
