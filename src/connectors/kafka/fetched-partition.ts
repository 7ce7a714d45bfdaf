import type { FetchedRecord } from './record-batches.ts';

/**
 * One partition being read: a buffer of fetched records and the offset the next fetch starts at.
 * The fetcher fills the buffer; the owner takes records from it.
 *
 * @example
 * const p0 = fetcher.assign('trades', 0, 42);
 * if (p0.buffered === 0) await p0.fetch();
 * const records = p0.take(500);
 */
export class FetchedPartition {
  readonly topic: string;
  readonly partition: number;
  /** The offset the next fetch starts at (past every batch seen, including transaction markers). */
  fetchOffset: number;
  /** Bumped by `seek`, so a fetch already in flight for the old offset is ignored. */
  epoch = 0;
  closed = false;
  /** The partition's readable end as of the last fetch (high watermark or last stable offset); undefined before one. */
  logEnd: number | undefined;
  private buffer: FetchedRecord[] = [];
  private head = 0;
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private readonly owner: { schedule(): void };

  constructor(owner: { schedule(): void }, topic: string, partition: number, offset: number) {
    this.owner = owner;
    this.topic = topic;
    this.partition = partition;
    this.fetchOffset = offset;
  }

  get buffered(): number {
    return this.buffer.length - this.head;
  }

  /** The next offset to hand out: the first buffered record's, else where the next fetch starts. */
  position(): number {
    return this.head < this.buffer.length ? this.buffer[this.head].offset : this.fetchOffset;
  }

  /** Up to `max` buffered records (none if the buffer is empty), no further than `endOffset`. */
  take(max: number, endOffset = Number.POSITIVE_INFINITY): FetchedRecord[] {
    const out: FetchedRecord[] = [];
    while (this.head < this.buffer.length && out.length < max && this.buffer[this.head].offset < endOffset) out.push(this.buffer[this.head++]);
    if (this.head >= this.buffer.length) {
      this.buffer = [];
      this.head = 0;
    }
    return out;
  }

  /** Resolves after the next fetch that includes this partition (with records or without). */
  fetch(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.owner.schedule();
    });
  }

  get waiting(): boolean {
    return this.waiters.length > 0;
  }

  /** Drops what is buffered and reads from `offset` next. */
  seek(offset: number): void {
    this.buffer = [];
    this.head = 0;
    this.fetchOffset = offset;
    this.epoch++;
  }

  fill(records: FetchedRecord[], nextOffset: number): void {
    this.buffer = records;
    this.head = 0;
    this.fetchOffset = nextOffset;
  }

  settle(error?: unknown): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
  }
}
