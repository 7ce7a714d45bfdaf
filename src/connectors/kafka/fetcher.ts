import { Consumer, FetchIsolationLevels, findErrorBy, type FetchOptions } from '@platformatic/kafka';
import { SluiceError } from '../../core/errors.ts';
import { hasKafkaError, kafkaErrorText } from './kafka-errors.ts';
import { FetchedPartition } from './fetched-partition.ts';
import { decodePartition } from './record-batches.ts';

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
  /** Where a partition continues when its offset no longer exists (records deleted). Default 'earliest'. */
  readonly resetTo?: 'earliest' | 'latest' | 'none';
  /** How long retriable fetch errors (broker restarting, leader moving) are waited out before the readers fail. Default 60 s. */
  readonly retryForMs?: number;
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
    this.resetTo = options.resetTo ?? 'earliest';
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

  /** Offsets gone (deleted by retention): continue per `resetTo`, as Kafka's auto.offset.reset. */
  private async reset(handles: FetchedPartition[]): Promise<void> {
    for (const handle of handles) {
      if (this.resetTo === 'none') {
        handle.settle(new SluiceError(`Kafka ${handle.topic} partition ${handle.partition}: offset ${handle.fetchOffset} is out of range`));
        continue;
      }
      const offsets = await this.consumer.listOffsets({
        topics: [handle.topic],
        partitions: { [handle.topic]: [handle.partition] },
        timestamp: this.resetTo === 'earliest' ? -2n : -1n,
      });
      const offset = offsets.get(handle.topic)?.[handle.partition];
      if (offset !== undefined) handle.seek(Number(offset));
    }
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
