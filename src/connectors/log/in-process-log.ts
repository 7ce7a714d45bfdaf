import { ConfigError, SluiceError } from '../../core/errors.ts';
import type { LogKey, LogRecord, LogRecordInput, PartitionView, RecordMetadata, TopicPartitionOffset } from './log-record.ts';
import { partitionForKey } from './murmur2.ts';

/**
 * One partition: records from offset `base` on, stored as parallel columns rather than one object
 * per record — a topic filled with a million records then holds the million values and three flat
 * arrays, not a million more objects for every major GC to mark, and a reader's loop goes straight
 * from the values array to the bytes (see {@link InProcessLog.view}).
 */
class PartitionLog implements PartitionView {
  base = 0;
  readonly values: unknown[] = [];
  readonly keys: LogKey[] = [];
  readonly timestamps: number[] = [];
  readonly headers: (Readonly<Record<string, string>> | undefined)[] = [];
  readonly waiters = new Set<() => void>();
  get end(): number {
    return this.base + this.values.length;
  }
}

interface Topic {
  readonly partitions: PartitionLog[];
  roundRobin: number;
}

/**
 * A message log in memory with Kafka's shape: topics of numbered partitions, records with offsets
 * and timestamps, committed offsets per consumer group, and transactional appends (each
 * transactional id commits a given sequence number once). It is how jobs with several stages run
 * embedded exactly as they would on Kafka. Single-threaded, so every call is atomic.
 *
 * Appends without an explicit partition use Kafka's default partitioner: murmur2 of the key modulo
 * the partition count, or round robin for records without a key.
 *
 * @example
 * const log = new InProcessLog();
 * log.createTopic('trades', { partitions: 3 });
 * log.produce('trades', [{ key: 'AAPL', value: '{"price":101.5}' }]);
 * log.read('trades', log.partitionFor('trades', 'AAPL'), 0, 10);
 */
export class InProcessLog {
  private readonly topicMap = new Map<string, Topic>();
  private readonly groups = new Map<string, Map<string, number>>();
  private readonly transactions = new Map<string, number>();
  /** The clock for record timestamps when an append gives none. */
  readonly now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  /** Creates a topic; fails if it exists unless `ifNotExists`. */
  createTopic(name: string, options: { partitions?: number; ifNotExists?: boolean } = {}): void {
    const partitions = options.partitions ?? 1;
    if (!Number.isInteger(partitions) || partitions < 1) throw new ConfigError('partitions', `must be a positive integer, got ${partitions}`);
    if (this.topicMap.has(name)) {
      if (options.ifNotExists) return;
      throw new SluiceError(`topic '${name}' already exists`);
    }
    this.topicMap.set(name, { partitions: Array.from({ length: partitions }, () => new PartitionLog()), roundRobin: 0 });
  }

  /** Whether a topic of this name exists. */
  hasTopic(name: string): boolean {
    return this.topicMap.has(name);
  }

  /** Topic names, sorted. */
  topics(): string[] {
    return [...this.topicMap.keys()].sort();
  }

  /** The topic's number of partitions. */
  partitions(topic: string): number {
    return this.topic(topic).partitions.length;
  }

  /** Appends records to one partition; returns their offsets. */
  append(topic: string, partition: number, records: readonly LogRecordInput[]): number[] {
    const log = this.partition(topic, partition);
    const offsets = new Array<number>(records.length);
    for (let i = 0; i < records.length; i++) offsets[i] = this.store(log, records[i]);
    if (records.length > 0) wake(log);
    return offsets;
  }

  /** Appends records, each to the partition of its key (round robin without a key). */
  produce(topic: string, records: readonly LogRecordInput[]): RecordMetadata[] {
    const t = this.topic(topic);
    const out = new Array<RecordMetadata>(records.length);
    const touched = new Set<PartitionLog>();
    for (let i = 0; i < records.length; i++) {
      const partition = this.choosePartition(t, records[i].key ?? null);
      const log = t.partitions[partition];
      out[i] = { partition, offset: this.store(log, records[i]) };
      touched.add(log);
    }
    for (const log of touched) wake(log);
    return out;
  }

  /** The partition a key goes to (murmur2, as Kafka); for a null key, the next in round robin. */
  partitionFor(topic: string, key: LogKey): number {
    return this.choosePartition(this.topic(topic), key);
  }

  /**
   * Up to `max` records from `fromOffset` on, as new objects. Throws when the offset is before the
   * beginning (records deleted) or past the end, as Kafka's OffsetOutOfRange.
   */
  read(topic: string, partition: number, fromOffset: number, max: number): LogRecord[] {
    const log = this.partition(topic, partition);
    if (fromOffset < log.base || fromOffset > log.end) {
      throw new SluiceError(`${topic}-${partition}: offset ${fromOffset} is out of range [${log.base}, ${log.end}]`);
    }
    const from = fromOffset - log.base;
    const to = Math.min(log.values.length, from + Math.max(0, Math.floor(max)));
    const out = new Array<LogRecord>(Math.max(0, to - from));
    for (let i = from; i < to; i++) {
      out[i - from] = { topic, partition, offset: log.base + i, key: log.keys[i], value: log.values[i], timestamp: log.timestamps[i], headers: log.headers[i] };
    }
    return out;
  }

  /**
   * The partition's stored columns, for readers that go through many records without a record
   * object each (the sources' batch loops): the record at offset `o` is at index `o - view.base`.
   * The view is live — appends and deletes change it — and read-only: never write to its arrays.
   *
   * @example
   * const view = log.view('trades', 0);
   * const firstValue = view.values[log.beginningOffset('trades', 0) - view.base];
   */
  view(topic: string, partition: number): PartitionView {
    return this.partition(topic, partition);
  }

  /** The offset the next appended record will get. */
  endOffset(topic: string, partition: number): number {
    return this.partition(topic, partition).end;
  }

  /** The first offset still stored. */
  beginningOffset(topic: string, partition: number): number {
    return this.partition(topic, partition).base;
  }

  /** Deletes the records before `offset` (Kafka's deleteRecords / retention). */
  deleteRecords(topic: string, partition: number, offset: number): void {
    const log = this.partition(topic, partition);
    const count = Math.min(Math.max(0, offset - log.base), log.values.length);
    log.values.splice(0, count);
    log.keys.splice(0, count);
    log.timestamps.splice(0, count);
    log.headers.splice(0, count);
    log.base += count;
  }

  /** Stores a consumer group's positions (the next offsets it will read). */
  commitOffsets(group: string, offsets: readonly TopicPartitionOffset[]): void {
    let committed = this.groups.get(group);
    if (committed === undefined) this.groups.set(group, (committed = new Map()));
    for (const { topic, partition, offset } of offsets) {
      this.partition(topic, partition);
      committed.set(`${topic}\u0000${partition}`, offset);
    }
  }

  /** A group's committed position, or undefined if it has none. */
  committed(group: string, topic: string, partition: number): number | undefined {
    return this.groups.get(group)?.get(`${topic}\u0000${partition}`);
  }

  /**
   * Resolves when the partition has a record at or after `offset`, or after `timeoutMs` — so a
   * reader can wait for data without polling in a loop.
   */
  waitForData(topic: string, partition: number, offset: number, timeoutMs: number): Promise<void> {
    const log = this.partition(topic, partition);
    if (log.end > offset) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        log.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      log.waiters.add(done);
    });
  }

  /**
   * Starts a transactional producer (Kafka's initTransactions). A fresh start forgets what the id
   * committed before; a restore keeps it, so commits re-run for the restored checkpoint are skipped.
   */
  initTransactions(transactionalId: string, restoredSequence?: number): void {
    const last = this.transactions.get(transactionalId);
    if (restoredSequence === undefined || last === undefined) this.transactions.delete(transactionalId);
    else this.transactions.set(transactionalId, Math.min(last, restoredSequence));
  }

  /**
   * Appends records (partitioned as `produce`) once per transactional id and sequence number: a
   * sequence at or below the last one committed appends nothing and returns false.
   */
  produceTransactional(transactionalId: string, sequence: number, topic: string, records: readonly LogRecordInput[]): boolean {
    const last = this.transactions.get(transactionalId);
    if (last !== undefined && sequence <= last) return false;
    this.topic(topic);
    this.transactions.set(transactionalId, sequence);
    this.produce(topic, records);
    return true;
  }

  private store(log: PartitionLog, input: LogRecordInput): number {
    const offset = log.end;
    log.values.push(input.value);
    log.keys.push(input.key ?? null);
    log.timestamps.push(input.timestamp ?? this.now());
    log.headers.push(input.headers);
    return offset;
  }

  private choosePartition(t: Topic, key: LogKey): number {
    if (key === null) return t.roundRobin++ % t.partitions.length;
    return partitionForKey(key, t.partitions.length);
  }

  private topic(name: string): Topic {
    const topic = this.topicMap.get(name);
    if (topic === undefined) throw new SluiceError(`topic '${name}' does not exist`);
    return topic;
  }

  private partition(topic: string, partition: number): PartitionLog {
    const log = this.topic(topic).partitions[partition];
    if (log === undefined) throw new SluiceError(`topic '${topic}' has no partition ${partition} (it has ${this.partitions(topic)})`);
    return log;
  }
}

function wake(log: PartitionLog): void {
  if (log.waiters.size === 0) return;
  for (const waiter of [...log.waiters]) waiter();
}

let shared: InProcessLog | undefined;

/**
 * The process-wide log that jobs use when no broker is configured. Tests should create their own.
 *
 * @example
 * defaultLog().createTopic('trades', { partitions: 2, ifNotExists: true });
 */
export function defaultLog(): InProcessLog {
  shared ??= new InProcessLog();
  return shared;
}
