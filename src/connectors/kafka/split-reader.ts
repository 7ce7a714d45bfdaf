import type { End, SourceBatch, SourceReader } from '../spi.ts';
import { END } from '../spi.ts';
import type { FetchedPartition } from './fetched-partition.ts';
import type { PartitionFetcher } from './fetcher.ts';
import type { OffsetCommitter } from './offset-committer.ts';
import type { RecordDecoder } from './record-decoder.ts';

/** A reader's position: the next offset to read, and for a bounded source the (exclusive) end. */
export interface KafkaPosition {
  readonly offset: number;
  readonly end?: number;
}

/** What the readers of one source share. */
export interface KafkaReaderShared {
  readonly fetcher: PartitionFetcher;
  readonly decoder: RecordDecoder;
  readonly committer: OffsetCommitter | undefined;
  /** Called once by each reader when it closes. */
  readonly release: () => Promise<void>;
}

const EMPTY: SourceBatch<never> = Object.freeze({ values: [], times: [] }) as SourceBatch<never>;

/**
 * Reads one partition through the source's shared fetcher. Records already fetched are returned at
 * once; otherwise the poll waits for the next fetch (at most the poll timeout at the broker). The
 * position is the offset of the next record not yet returned — past transaction markers and aborted
 * records once they are behind it — so a restore resumes exactly there and a bounded reader whose end
 * is a transaction marker still ends.
 *
 * @example
 * const reader = new KafkaSplitReader<Row>(shared, 'trades', 0, 42, undefined);
 * const batch = await reader.poll(500);
 */
export class KafkaSplitReader<T> implements SourceReader<T> {
  private readonly shared: KafkaReaderShared;
  private readonly topic: string;
  private readonly partition: number;
  private readonly end: number | undefined;
  private readonly handle: FetchedPartition;
  private closed = false;

  constructor(shared: KafkaReaderShared, topic: string, partition: number, offset: number, end: number | undefined) {
    this.shared = shared;
    this.topic = topic;
    this.partition = partition;
    this.end = end;
    this.handle = shared.fetcher.assign(topic, partition, offset);
  }

  poll(maxRecords: number): SourceBatch<T> | End | Promise<SourceBatch<T> | End> {
    if (this.drained()) return END;
    if (this.handle.buffered > 0) return this.emit(maxRecords);
    return this.handle.fetch().then(() => (this.drained() ? END : this.emit(maxRecords)));
  }

  position(): KafkaPosition {
    const offset = this.handle.position();
    return this.end === undefined ? { offset } : { offset: Math.min(offset, this.end), end: this.end };
  }

  /** Records left to read up to the partition's end as of the last fetch (bounded: up to the end offset). */
  lag(): number | undefined {
    const logEnd = this.handle.logEnd;
    if (logEnd === undefined) return undefined;
    const end = this.end === undefined ? logEnd : Math.min(logEnd, this.end);
    return Math.max(0, end - this.handle.position());
  }

  /** Commits the checkpointed position (not the current one, which may be ahead of it) for the group. */
  notifyCheckpointComplete(_checkpointId: number, position: unknown): void {
    const offset = (position as KafkaPosition | undefined)?.offset;
    if (this.shared.committer === undefined || offset === undefined) return;
    this.shared.committer.commit(this.topic, this.partition, offset);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.shared.fetcher.unassign(this.handle);
    await this.shared.release();
  }

  private drained(): boolean {
    return this.end !== undefined && this.handle.position() >= this.end;
  }

  /**
   * Decoded values; records that did not decode come back as dead letters (the runtime writes them to
   * the source's dead-letter sink in the same checkpoint as the outputs) or as a skipped count.
   */
  private emit(maxRecords: number): SourceBatch<T> {
    const records = this.handle.take(Math.max(1, maxRecords), this.end);
    if (records.length === 0) return EMPTY;
    const { values, times, dead, skipped } = this.shared.decoder.decode<T>(this.topic, this.partition, records);
    if (dead.length === 0 && skipped === 0) return { values, times };
    return { values, times, deadLetters: dead, skipped };
  }
}
