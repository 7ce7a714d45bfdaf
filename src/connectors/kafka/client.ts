import { Admin, ConfigResourceTypes, FetchIsolationLevels, FindCoordinatorKeyTypes, type CreateTopicsOptions } from '@platformatic/kafka';
import { ConfigError, SluiceError } from '../../core/errors.ts';
import type { TopicPartitionOffset } from '../log/log-record.ts';
import { PartitionFetcher, type PartitionFetcherOptions } from './fetcher.ts';
import { hasKafkaError, kafkaErrorText } from './kafka-errors.ts';
import { KafkaProducer, type KafkaProducerOptions } from './producer.ts';

/** How to reach a cluster. */
export interface KafkaConnectionOptions {
  /** `host:port` of one or more brokers: an array, or Kafka's comma-separated text. */
  readonly bootstrapServers: string | readonly string[];
  /** Give up connecting after this long, with an error naming the servers. Default 10 000 ms. */
  readonly connectTimeoutMs?: number;
  readonly clientId?: string;
}

/** A partition of a topic. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** A partition and an offset in it (for group commits: the next offset the group will read); the log connector's type. */
export type { TopicPartitionOffset };

/** A group's committed offset of a partition, and the metadata string committed with it. */
export interface CommittedOffset {
  readonly offset: number;
  readonly metadata: string | undefined;
}

/** Which offset `listOffsets` looks up: the first, the next to be written, or the first at or after a time. */
export type OffsetSpec = 'earliest' | 'latest' | { readonly timestamp: number };

/** How a topic is created. */
export interface NewTopic {
  readonly partitions: number;
  readonly replicationFactor?: number;
  /** Topic configs, e.g. `{ 'cleanup.policy': 'compact' }`. */
  readonly configs?: Readonly<Record<string, string>>;
}

/**
 * The brokers as a list, from an array or Kafka's comma-separated form.
 *
 * @example
 * parseBootstrapServers('a:9092, b:9092') // ['a:9092', 'b:9092']
 */
export function parseBootstrapServers(servers: string | readonly string[] | undefined): string[] {
  if (servers === undefined || servers === null) throw new ConfigError('bootstrapServers', 'is required (host:port of one or more brokers)');
  const list = (typeof servers === 'string' ? servers.split(',') : [...servers]).map((s) => s.trim()).filter((s) => s.length > 0);
  if (list.length === 0) throw new ConfigError('bootstrapServers', 'name at least one broker as host:port');
  return list;
}

/**
 * The thin interface the engine sees of a Kafka cluster: admin operations (partitions, topics,
 * offsets, group offsets), a per-partition fetcher and producers. Everything the client library does
 * oddly is dealt with here and in the files this one hands out, so connectors stay library-agnostic.
 *
 * @example
 * const kafka = await KafkaClient.connect({ bootstrapServers: 'localhost:9092' });
 * const counts = await kafka.partitionCounts(['trades']);
 * await kafka.close();
 */
export class KafkaClient {
  readonly servers: string[];
  readonly clientId: string;
  private readonly admin: Admin;

  private constructor(servers: string[], clientId: string, admin: Admin) {
    this.servers = servers;
    this.clientId = clientId;
    this.admin = admin;
  }

  /** Connects, or fails within `connectTimeoutMs` with "cannot reach Kafka at … within … ms". */
  static async connect(options: KafkaConnectionOptions): Promise<KafkaClient> {
    const servers = parseBootstrapServers(options.bootstrapServers);
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    if (!(timeoutMs > 0)) throw new ConfigError('connectTimeoutMs', `must be a positive number, got ${timeoutMs}`);
    const clientId = options.clientId ?? 'sluice';
    const admin = new Admin({ clientId, bootstrapBrokers: servers, connectTimeout: Math.min(timeoutMs, 5_000), retries: 0 });
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      try {
        await withTimeout(admin.metadata({ topics: [], forceUpdate: true }), left);
        await admin.close();
        // The probe runs without retries so the deadline holds; later calls retry (leaders move, coordinators load).
        const connectTimeout = Math.min(timeoutMs, 5_000);
        return new KafkaClient(servers, clientId, new Admin({ clientId, bootstrapBrokers: servers, connectTimeout, retries: 5, retryDelay: 200 }));
      } catch (error) {
        lastError = error;
        if (error instanceof TimeoutReached) break;
        await sleep(Math.min(250, Math.max(0, deadline - Date.now())));
      }
    }
    await admin.close().catch(() => {});
    const why = lastError === undefined || lastError instanceof TimeoutReached ? '' : `: ${kafkaErrorText(lastError)}`;
    throw new SluiceError(`cannot reach Kafka at ${servers.join(',')} within ${timeoutMs} ms${why}`, { cause: lastError });
  }

  /** Every topic name (internal topics left out), sorted. */
  async topics(): Promise<string[]> {
    return (await this.admin.listTopics({ includeInternals: false })).sort();
  }

  /**
   * Partition counts of the topics that exist; a missing topic is absent from the map. With
   * `expectWithinMs`, a missing topic is asked about again (fresh metadata) until then: a topic just
   * created is known to the controller at once but to the other brokers of a cluster a moment
   * later, and a broker that does not know it yet answers that it does not exist.
   */
  async partitionCounts(topics: readonly string[], expectWithinMs = 0): Promise<Map<string, number>> {
    const deadline = Date.now() + expectWithinMs;
    for (let wait = 50; ; wait = Math.min(wait * 2, 500)) {
      let counts: Map<string, number> | undefined;
      try {
        counts = await this.countPartitions(topics);
      } catch (error) {
        if (!hasKafkaError(error, 'UNKNOWN_TOPIC_OR_PARTITION') || Date.now() >= deadline) throw error;
      }
      if (counts !== undefined && (counts.size === topics.length || Date.now() >= deadline)) return counts;
      await sleep(Math.min(wait, Math.max(0, deadline - Date.now())));
    }
  }

  private async countPartitions(topics: readonly string[]): Promise<Map<string, number>> {
    const existing = new Set(await this.topics());
    const present = topics.filter((t) => existing.has(t));
    const counts = new Map<string, number>();
    if (present.length === 0) return counts;
    const metadata = await this.admin.metadata({ topics: [...present], forceUpdate: true });
    for (const topic of present) {
      const info = metadata.topics.get(topic);
      if (info !== undefined) counts.set(topic, info.partitionsCount);
    }
    return counts;
  }

  /** Creates a topic; returns false when it already existed. */
  async createTopic(name: string, spec: NewTopic): Promise<boolean> {
    const configs: NonNullable<CreateTopicsOptions['configs']> = Object.entries(spec.configs ?? {}).map(([key, value]) => ({ name: key, value }));
    try {
      await this.admin.createTopics({ topics: [name], partitions: spec.partitions, replicas: spec.replicationFactor ?? -1, configs });
      await this.waitForTopic(name);
      return true;
    } catch (error) {
      if (hasKafkaError(error, 'TOPIC_ALREADY_EXISTS')) return false;
      throw new SluiceError(`cannot create Kafka topic '${name}': ${kafkaErrorText(error)}`, { cause: error });
    }
  }

  /**
   * One offset per partition, in the order asked: 'earliest', 'latest' (with read_committed, the
   * last stable offset: open transactions are not readable yet), or the first offset whose record
   * timestamp is at or after a time (the latest offset when there is none).
   */
  async listOffsets(partitions: readonly TopicPartition[], spec: OffsetSpec, readCommitted = true): Promise<number[]> {
    if (partitions.length === 0) return [];
    const timestamp = spec === 'earliest' ? -2n : spec === 'latest' ? -1n : BigInt(Math.trunc(spec.timestamp));
    const byTopic = new Map<string, { partitionIndex: number; timestamp: bigint }[]>();
    for (const { topic, partition } of partitions) {
      let list = byTopic.get(topic);
      if (list === undefined) byTopic.set(topic, (list = []));
      list.push({ partitionIndex: partition, timestamp });
    }
    const isolationLevel = readCommitted ? FetchIsolationLevels.READ_COMMITTED : FetchIsolationLevels.READ_UNCOMMITTED;
    const listed = await this.admin.listOffsets({ topics: [...byTopic].map(([name, parts]) => ({ name, partitions: parts })), isolationLevel });
    const found = new Map<string, number>();
    for (const topic of listed) for (const p of topic.partitions) found.set(`${topic.name}\u0000${p.partitionIndex}`, Number(p.offset));
    const result = partitions.map(({ topic, partition }) => found.get(`${topic}\u0000${partition}`) ?? -1);
    if (typeof spec === 'object' && result.some((offset) => offset < 0)) {
      // No record at or after the time: start after the last one, as Kafka's consumer does.
      const latest = await this.listOffsets(partitions, 'latest', readCommitted);
      for (let i = 0; i < result.length; i++) if (result[i] < 0) result[i] = latest[i];
    }
    return result;
  }

  /**
   * A group's committed offsets (undefined where it has none), in the order asked. By default waits
   * for pending transactional commits to settle (KIP-447 require_stable) so the answer is final.
   */
  async committedOffsets(group: string, partitions: readonly TopicPartition[], requireStable = true): Promise<(number | undefined)[]> {
    return (await this.committedOffsetsWithMetadata(group, partitions, requireStable)).map((c) => c?.offset);
  }

  /** A group's committed offsets with the metadata string of each commit (undefined where it has none), in the order asked. */
  async committedOffsetsWithMetadata(group: string, partitions: readonly TopicPartition[], requireStable = true): Promise<(CommittedOffset | undefined)[]> {
    if (partitions.length === 0) return [];
    const byTopic = new Map<string, number[]>();
    for (const { topic, partition } of partitions) {
      let list = byTopic.get(topic);
      if (list === undefined) byTopic.set(topic, (list = []));
      list.push(partition);
    }
    const topics = [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes }));
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const groups = await this.admin.listConsumerGroupOffsets({ groups: [{ groupId: group, topics }], requireStable });
        const found = new Map<string, CommittedOffset>();
        for (const g of groups) {
          for (const t of g.topics) {
            for (const p of t.partitions) {
              if (p.committedOffset >= 0n) found.set(`${t.name}\u0000${p.partitionIndex}`, { offset: Number(p.committedOffset), metadata: p.metadata ?? undefined });
            }
          }
        }
        return partitions.map(({ topic, partition }) => found.get(`${topic}\u0000${partition}`));
      } catch (error) {
        // A transaction that touched these offsets is still being completed or aborted.
        if (!hasKafkaError(error, 'UNSTABLE_OFFSET_COMMIT') || Date.now() > deadline) {
          throw new SluiceError(`cannot read the offsets of group '${group}': ${kafkaErrorText(error)}`, { cause: error });
        }
        await sleep(200);
      }
    }
  }

  /** The values of chosen configs of a topic (`cleanup.policy`, …), as the broker reports them (defaults included). */
  async topicConfigs(topic: string, keys: readonly string[]): Promise<Map<string, string | undefined>> {
    const [described] = await this.admin.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: topic, configurationKeys: [...keys] }] });
    const out = new Map<string, string | undefined>();
    for (const config of described?.configs ?? []) out.set(config.name, config.value ?? undefined);
    return out;
  }

  /** Commits offsets for a group that has no live members (the engine's sources never join groups). */
  async commitOffsets(group: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    const byTopic = offsetsByTopic(offsets);
    await this.admin.alterConsumerGroupOffsets({
      groupId: group,
      topics: [...byTopic].map(([name, partitionOffsets]) => ({ name, partitionOffsets })),
    });
  }

  /** Deletes topics (all of them or none are asked for; a topic already gone is no error). */
  async deleteTopics(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    try {
      await this.admin.deleteTopics({ topics: [...names] });
    } catch (error) {
      if (!hasKafkaError(error, 'UNKNOWN_TOPIC_OR_PARTITION')) {
        throw new SluiceError(`cannot delete Kafka topics ${names.join(', ')}: ${kafkaErrorText(error)}`, { cause: error });
      }
    }
  }

  /**
   * A consumer group's state as the coordinator reports it ('Empty', 'Stable', 'PreparingRebalance',
   * …, 'Dead' for a group that does not exist) and how many members it has now.
   */
  async groupState(group: string): Promise<{ readonly state: string; readonly members: number }> {
    const described = (await this.admin.describeGroups({ groups: [group] })).get(group);
    if (described === undefined) return { state: 'Dead', members: 0 };
    return { state: described.state, members: described.members.size };
  }

  /** Deletes a consumer group and its committed offsets; a group that does not exist is no error. */
  async deleteGroup(group: string): Promise<void> {
    try {
      await this.admin.deleteGroups({ groups: [group] });
    } catch (error) {
      if (!hasKafkaError(error, 'GROUP_ID_NOT_FOUND')) {
        throw new SluiceError(`cannot delete Kafka group '${group}': ${kafkaErrorText(error)}`, { cause: error });
      }
    }
  }

  /**
   * Deletes the records before each offset (Kafka's delete-records: the log start moves up to it), as
   * Kafka Streams purges a repartition topic once its records are consumed and committed.
   */
  async deleteRecords(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    const byTopic = offsetsByTopic(offsets);
    await this.admin.deleteRecords({ topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })) });
  }

  /** A fetcher reading chosen partitions from chosen offsets. */
  fetcher(options: Omit<PartitionFetcherOptions, 'servers' | 'clientId'> = {}): PartitionFetcher {
    return new PartitionFetcher({ ...options, servers: this.servers, clientId: `${this.clientId}-fetcher` });
  }

  /** A producer: idempotent, and transactional when given a transactional id. */
  producer(options: Omit<KafkaProducerOptions, 'servers' | 'clientId' | 'groupCoordinator'> = {}): KafkaProducer {
    return new KafkaProducer({
      ...options, servers: this.servers, clientId: `${this.clientId}-producer`, groupCoordinator: (group) => this.groupCoordinator(group),
    });
  }

  /** The node id of the broker coordinating a consumer group. */
  async groupCoordinator(group: string): Promise<number> {
    const [found] = await this.admin.findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: [group] });
    if (found === undefined) throw new SluiceError(`no coordinator found for Kafka group '${group}'`);
    return found.nodeId;
  }

  async close(): Promise<void> {
    await this.admin.close();
  }

  /** Metadata can lag a moment behind a create: wait until the topic is listed with its leaders. */
  private async waitForTopic(name: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const metadata = await this.admin.metadata({ topics: [name], forceUpdate: true });
        const topic = metadata.topics.get(name);
        if (topic !== undefined && topic.partitions.every((p) => p !== undefined && p.leader >= 0)) return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline) return;
      await sleep(50);
    }
  }
}

class TimeoutReached extends Error {}

function withTimeout<T>(promise: Promise<T>, millis: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutReached(`no answer within ${millis} ms`)), millis);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function sleep(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}

/** Offsets grouped by topic, in first-seen order, as the admin requests take them. */
function offsetsByTopic(offsets: readonly TopicPartitionOffset[]): Map<string, { partition: number; offset: bigint }[]> {
  const byTopic = new Map<string, { partition: number; offset: bigint }[]>();
  for (const { topic, partition, offset } of offsets) {
    let list = byTopic.get(topic);
    if (list === undefined) byTopic.set(topic, (list = []));
    list.push({ partition, offset: BigInt(offset) });
  }
  return byTopic;
}
