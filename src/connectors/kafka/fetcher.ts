import { Consumer, FetchIsolationLevels, findErrorBy, type FetchOptions } from '@platformatic/kafka';
import { SluiceError } from '../../core/errors.ts';
import { hasKafkaError, kafkaErrorText } from './kafka-errors.ts';
import { FetchedPartition } from './fetched-partition.ts';
import { decodePartition } from './record-batches.ts';
import { log } from '../../core/log.ts';

type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>;
type FetchRequestTopic = FetchOptions<Buffer, Buffer, Buffer, Buffer>['topics'][number];

export interface PartitionFetcherOptions {
  readonly servers: readonly string[];
  readonly clientId: string;
  /** Skip records of open and aborted transactions (Kafka's read_committed). Default true. */
  readonly readCommitted?: boolean;
  /** How long the broker holds a fetch open waiting for data. Default 100 ms. */
  readonly maxWaitMs?: number;
  /** Bytes per partition per fetch. Default 1 MiB. */
  readonly partitionMaxBytes?: number;
  /**
   * Where a partition continues when its offset no longer exists (records deleted, or beyond the log's
   * end): 'earliest' or 'latest' (Kafka's auto.offset.reset), or 'none' to fail the reader naming
   * the partition and the lost range. Default 'none'.
   */
  readonly resetTo?: 'earliest' | 'latest' | 'none';
  /** Told of every reset (what was skipped); default a warning on stderr. */
  readonly onReset?: (reset: OffsetReset) => void;
  /** How long retriable fetch errors (broker restarting, leader moving) are waited out before the readers fail. Default 60 s. */
  readonly retryForMs?: number;
}

/** A partition's offset was out of range and reading went on elsewhere. */
export interface OffsetReset {
  readonly topic: string;
  readonly partition: number;
  /** The offset asked for, which the log no longer (or not yet) holds. */
  readonly from: number;
  /** Where reading goes on. */
  readonly to: number;
  readonly policy: 'earliest' | 'latest';
  /** Offsets never read: `from` … `to - 1` when `to > from`, else none (0). */
  readonly skipped: number;
  /** One line saying all of it, as logged by default. */
  readonly message: string;
}

/**
 * Reads chosen partitions from chosen offsets with the client's low-level fetch (no consumer group,
 * no stream): the engine owns every position, seeks and checkpoints it, which the client's
 * `consume()` stream cannot do per partition. One fetch per leader broker is in flight at a time; it
 * asks for every assigned partition of that broker whose buffer is empty, so several readers waiting
 * at once share one request.
 *
 * @example
 * const fetcher = kafka.fetcher({ readCommitted: true });
 * const p0 = fetcher.assign('trades', 0, 42);
 * await p0.fetch();
 * const records = p0.take(500);
 */
export class PartitionFetcher {
  private readonly consumer: Consumer;
  private readonly readCommitted: boolean;
  private readonly maxWaitMs: number;
  private readonly partitionMaxBytes: number;
  private readonly resetTo: 'earliest' | 'latest' | 'none';
  private readonly onReset: (reset: OffsetReset) => void;
  private readonly assigned: FetchedPartition[] = [];
  private readonly busyNodes = new Set<number>();
  private scheduled = false;
  private closed = false;
  private readonly retryForMs: number;
  private failingSince: number | undefined;
  /** After a failed fetch the leader may have moved: the next round asks for fresh metadata. */
  private staleMetadata = false;

  constructor(options: PartitionFetcherOptions) {
    this.readCommitted = options.readCommitted ?? true;
    this.maxWaitMs = options.maxWaitMs ?? 100;
    this.partitionMaxBytes = options.partitionMaxBytes ?? 1024 * 1024;
    this.resetTo = options.resetTo ?? 'none';
    this.onReset = options.onReset ?? ((reset) => log.warn(reset.message));
    this.retryForMs = options.retryForMs ?? 60_000;
    this.consumer = new Consumer({
      clientId: options.clientId,
      groupId: `${options.clientId}-unused`, // required by the client; the fetcher never joins a group
      bootstrapBrokers: [...options.servers],
      retries: 5,
      retryDelay: 200,
      isolationLevel: this.readCommitted ? FetchIsolationLevels.READ_COMMITTED : FetchIsolationLevels.READ_UNCOMMITTED,
    });
  }

  /** Starts reading a partition at `offset`. */
  assign(topic: string, partition: number, offset: number): FetchedPartition {
    const handle = new FetchedPartition(this, topic, partition, offset);
    this.assigned.push(handle);
    this.consumer.topics.track(topic);
    return handle;
  }

  /** Stops reading a partition; a pending `fetch()` of it resolves. */
  unassign(handle: FetchedPartition): void {
    const index = this.assigned.indexOf(handle);
    if (index < 0) return;
    this.assigned.splice(index, 1);
    handle.closed = true;
    this.consumer.topics.untrack(handle.topic);
    handle.settle();
  }

  /** Runs a fetch round soon (coalescing the polls of several readers into one request per broker). */
  schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.round().catch((error: unknown) => {
        // Metadata unavailable (the broker asked is down, an election is running): retriable errors
        // are waited out like failed fetches; the readers see empty polls meanwhile.
        this.staleMetadata = true;
        const failure = this.giveUp(error);
        if (failure !== undefined) this.failWaiting(failure);
        else for (const handle of this.assigned) if (handle.waiting) handle.settle();
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const handle of [...this.assigned]) this.unassign(handle);
    await this.consumer.close(true).catch(() => {});
  }

  private async round(): Promise<void> {
    if (this.closed || !this.assigned.some((h) => h.waiting)) return;
    const topics = [...new Set(this.assigned.map((h) => h.topic))];
    let metadata = await this.consumer.metadata({ topics, forceUpdate: this.staleMetadata });
    this.staleMetadata = false;
    // The client caches metadata: a partition added since (discovery) or a leader that moved is
    // missing from it until a forced refresh.
    const unknown = (m: typeof metadata) => this.assigned.some((h) => m.topics.get(h.topic)?.partitions[h.partition]?.leader === undefined);
    if (unknown(metadata)) metadata = await this.consumer.metadata({ topics, forceUpdate: true });
    const byNode = new Map<number, FetchedPartition[]>();
    // A request names a partition once; a second handle on it waits for the next round.
    const included = new Set<string>();
    const waitingFirst = [...this.assigned].sort((a, b) => Number(b.waiting) - Number(a.waiting));
    for (const handle of waitingFirst) {
      const key = `${handle.topic}\u0000${handle.partition}`;
      if (handle.buffered > 0 || included.has(key)) continue;
      included.add(key);
      const info = metadata.topics.get(handle.topic);
      const leader = info?.partitions[handle.partition]?.leader;
      if (info === undefined || leader === undefined) {
        handle.settle(new SluiceError(`Kafka topic '${handle.topic}' has no partition ${handle.partition}`));
        continue;
      }
      let list = byNode.get(leader);
      if (list === undefined) byNode.set(leader, (list = []));
      list.push(handle);
    }
    for (const [node, handles] of byNode) {
      if (this.busyNodes.has(node) || !handles.some((h) => h.waiting)) continue;
      this.busyNodes.add(node);
      const topicIds = new Map<string, string>();
      for (const topic of topics) topicIds.set(topic, metadata.topics.get(topic)!.id);
      this.fetchFrom(node, handles, topicIds).finally(() => {
        this.busyNodes.delete(node);
        if (this.assigned.some((h) => h.waiting)) this.schedule();
      });
    }
  }

  private async fetchFrom(node: number, handles: FetchedPartition[], topicIds: Map<string, string>): Promise<void> {
    const asked = handles.map((h) => ({ handle: h, offset: h.fetchOffset, epoch: h.epoch }));
    const requestTopics = new Map<string, FetchRequestTopic>();
    for (const { handle, offset } of asked) {
      const topicId = topicIds.get(handle.topic)!;
      let entry = requestTopics.get(topicId);
      if (entry === undefined) requestTopics.set(topicId, (entry = { topicId, partitions: [] }));
      entry.partitions.push({
        partition: handle.partition,
        fetchOffset: BigInt(offset),
        currentLeaderEpoch: -1,
        lastFetchedEpoch: -1,
        partitionMaxBytes: this.partitionMaxBytes,
      });
    }
    let response: FetchResponse | undefined;
    let failure: unknown;
    try {
      response = await this.consumer.fetch({ node, topics: [...requestTopics.values()], maxWaitTime: this.maxWaitMs, minBytes: 1 });
      this.failingSince = undefined;
    } catch (error) {
      failure = error;
      response = responseOf(error);
      this.staleMetadata = true;
    }
    const outOfRange: FetchedPartition[] = [];
    if (response !== undefined) {
      const names = new Map([...topicIds].map(([name, id]) => [id, name]));
      for (const topic of response.responses) {
        const name = names.get(topic.topicId) ?? topic.topicId;
        for (const part of topic.partitions) {
          const ask = asked.find((a) => a.handle.topic === name && a.handle.partition === part.partitionIndex);
          if (ask === undefined || ask.handle.closed || ask.handle.epoch !== ask.epoch) continue;
          if (part.errorCode === 1) outOfRange.push(ask.handle); // OFFSET_OUT_OF_RANGE
          if (part.errorCode !== 0) continue;
          const decoded = decodePartition(part, BigInt(ask.offset), this.readCommitted);
          ask.handle.fill(decoded.records, decoded.nextOffset);
          // What a consumer can read up to: the last stable offset under read_committed (Kafka's records-lag).
          const logEnd = this.readCommitted && part.lastStableOffset >= 0n ? part.lastStableOffset : part.highWatermark;
          if (logEnd >= 0n) ask.handle.logEnd = Number(logEnd);
        }
      }
    }
    if (outOfRange.length > 0) await this.reset(outOfRange);
    const onlyOutOfRange = failure !== undefined && response !== undefined && hasKafkaError(failure, 'OFFSET_OUT_OF_RANGE') && onlyErrorIs(response, 1);
    const error = failure === undefined || onlyOutOfRange ? undefined : this.giveUp(failure);
    for (const { handle } of asked) handle.settle(error);
  }

  /**
   * Whether a failed fetch fails the readers: not while the errors are retriable (a broker restarting,
   * a leader moving) and younger than `retryForMs`; the readers see empty polls meanwhile.
   */
  private giveUp(failure: unknown): SluiceError | undefined {
    const now = Date.now();
    this.failingSince ??= now;
    const retriable = failure instanceof Error && findErrorBy(failure, 'canRetry', false) === null;
    if (retriable && now - this.failingSince < this.retryForMs) return undefined;
    return new SluiceError(`Kafka fetch failed: ${kafkaErrorText(failure)}`, { cause: failure });
  }

  /**
   * Offsets gone (deleted by retention or kafka-delete-records) or beyond the log's end: go on per
   * `resetTo` (Kafka's auto.offset.reset), saying which offsets were skipped, or fail naming them.
   */
  private async reset(handles: FetchedPartition[]): Promise<void> {
    for (const handle of handles) {
      const from = handle.fetchOffset;
      const [earliest, latest] = await Promise.all([this.logOffset(handle, -2n), this.logOffset(handle, -1n)]);
      const where = `Kafka topic '${handle.topic}' partition ${handle.partition}`;
      const held = earliest === undefined || latest === undefined ? 'unknown' : latest > earliest ? `${earliest}..${latest - 1}` : `nothing (next offset ${latest})`;
      const lost = earliest !== undefined && from < earliest ? `offsets ${from}..${earliest - 1} were deleted before they were read` : `offset ${from} is beyond the log's end`;
      if (this.resetTo === 'none' || earliest === undefined || latest === undefined) {
        handle.settle(new SluiceError(`${where}: offset ${from} is out of range (the log holds ${held}): ${lost}. ` +
          "Set autoOffsetReset ('properties.auto.offset.reset') to 'earliest' or 'latest' to go on without them"));
        continue;
      }
      const to = this.resetTo === 'earliest' ? earliest : latest;
      const skipped = Math.max(0, to - from);
      const what = skipped > 0 ? `skipped offsets ${from}..${to - 1} (${skipped} records never read)` : to < from ? `re-reading from ${to}` : 'nothing skipped';
      handle.seek(to);
      this.onReset({
        topic: handle.topic, partition: handle.partition, from, to, policy: this.resetTo, skipped,
        message: `${where}: offset ${from} is out of range (the log holds ${held}); reset to ${this.resetTo} offset ${to}: ${what}`,
      });
    }
  }

  /** The log's earliest (-2) or latest (-1) offset of a partition. */
  private async logOffset(handle: FetchedPartition, timestamp: bigint): Promise<number | undefined> {
    const offsets = await this.consumer.listOffsets({ topics: [handle.topic], partitions: { [handle.topic]: [handle.partition] }, timestamp });
    const offset = offsets.get(handle.topic)?.[handle.partition];
    return offset === undefined ? undefined : Number(offset);
  }

  private failWaiting(error: unknown): void {
    const wrapped = error instanceof SluiceError ? error : new SluiceError(`Kafka fetch failed: ${kafkaErrorText(error)}`, { cause: error });
    for (const handle of this.assigned) if (handle.waiting) handle.settle(wrapped);
  }
}

/** A failed fetch still carries the response: its other partitions have data. */
function responseOf(error: unknown): FetchResponse | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    const response = (current as { response?: FetchResponse }).response;
    if (response !== undefined && Array.isArray(response.responses)) return response;
    const nested = (current as { errors?: unknown[] }).errors;
    current = Array.isArray(nested) ? nested[nested.length - 1] : undefined;
  }
  return undefined;
}

function onlyErrorIs(response: FetchResponse, code: number): boolean {
  if (response.errorCode !== 0) return false;
  return response.responses.every((t) => t.partitions.every((p) => p.errorCode === 0 || p.errorCode === code));
}
