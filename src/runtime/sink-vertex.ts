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

  /** Batches (and watermark changes, for sinks that take them) received while held (see `hold`). */
  private held: (Batch<unknown> | WatermarkChange)[] | undefined;
  /** The watermark and idleness last handed to the sink, so an unchanged pair is not sent again. */
  private sentWatermark = Number.NEGATIVE_INFINITY;
  private sentIdle = false;

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
    if (this.held !== undefined) for (const item of this.held) if (!isWatermarkChange(item)) count += item.values.length;
    return count;
  }

  /** Writes the held batches, in order, and stops holding. */
  release(): void {
    const held = this.held;
    this.held = undefined;
    if (held !== undefined) for (const item of held) this.pass(item);
  }

  protected override handleWatermark(watermark: number): void {
    this.changeWatermark(watermark, this.idle);
  }

  override receiveIdle(input: number, idle: boolean): void {
    super.receiveIdle(input, idle);
    this.changeWatermark(this.watermark, this.idle);
  }

  /** Watermark changes travel to the sink in order with the batches, through the same hold. */
  private changeWatermark(watermark: number, idle: boolean): void {
    if (this.sink.writeWatermark === undefined) return;
    const change: WatermarkChange = { watermark, idle };
    if (this.held !== undefined) this.held.push(change);
    else this.pass(change);
  }

  private pass(item: Batch<unknown> | WatermarkChange): void {
    if (!isWatermarkChange(item)) return this.write(item);
    if (item.watermark === this.sentWatermark && item.idle === this.sentIdle) return;
    this.sentWatermark = item.watermark;
    this.sentIdle = item.idle;
    const result = this.sink.writeWatermark!(item.watermark, item.idle);
    if (result !== undefined && typeof (result as Promise<void>).then === 'function') this.pending.push(result as Promise<void>);
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

/** A watermark rise or an idleness change, kept in order with the batches while the sink is held. */
interface WatermarkChange {
  readonly watermark: number;
  readonly idle: boolean;
}

function isWatermarkChange(item: Batch<unknown> | WatermarkChange): item is WatermarkChange {
  return (item as Partial<Batch<unknown>>).values === undefined;
}
