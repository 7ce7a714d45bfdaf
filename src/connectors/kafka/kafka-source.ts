import { ConfigError, SluiceError } from '../../core/errors.ts';
import { ownedPartitions } from '../partition-assignment.ts';
import type { Source, SourceContext, SourceReader, SourceSplit } from '../spi.ts';
import { KafkaClient, parseBootstrapServers, type TopicPartition } from './client.ts';
import { kafkaCodec } from './codecs.ts';
import { kafkaDeadLetterSink } from './dead-letter.ts';
import { isFlinkOptions, sourceOptionsFromFlink, type FlinkOptions } from './flink-options.ts';
import { RecordDecoder } from './record-decoder.ts';
import { resolveSourceOptions, type KafkaSourceOptions, type ResolvedSourceOptions } from './source-options.ts';
import { startOffsets, stopOffsets } from './split-offsets.ts';
import { SourceResources } from './source-resources.ts';
import { KafkaSplitReader, type KafkaPosition } from './split-reader.ts';

/** One partition of a topic, with where it starts and (bounded) ends when no checkpoint says otherwise. */
export interface KafkaSplit extends SourceSplit {
  readonly topic: string;
  readonly partition: number;
  readonly startOffset: number;
  readonly stopOffset?: number;
}

/** A Kafka source; the counters say what happened to records that did not decode. */
export interface KafkaSource<T> extends Source<T> {
  readonly connector: 'kafka';
  readonly options: ResolvedSourceOptions;
  /** The brokers, so a Kafka sink can tell whether this source reads the cluster it writes to. */
  readonly servers: readonly string[];
  readonly groupId: string | undefined;
  /** Records skipped as undecodable (ignoreParseErrors). */
  readonly skipped: number;
  /** Records sent to the dead-letter topic. */
  readonly deadLettered: number;
}

/**
 * True for a source made by {@link kafkaSource}.
 *
 * @example
 * if (isKafkaSource(position.source)) console.log(position.source.groupId);
 */
export function isKafkaSource(source: unknown): source is KafkaSource<unknown> {
  return typeof source === 'object' && source !== null && (source as { connector?: unknown }).connector === 'kafka' && 'createReader' in source;
}

/** Flink's default `scan.topic-partition-discovery.interval`. */
const DEFAULT_DISCOVERY_INTERVAL_MS = 5 * 60_000;

/**
 * Reads Kafka topics as Flink's Kafka source does: one split per partition, the position is the next
 * offset, event times are the record timestamps, read_committed by default, and completed checkpoints
 * commit the group's offsets (never ahead of the checkpoint). A job of several tasks spreads the
 * partitions over them: task i reads partition p of a topic when `p % parallelism === i` (a source of
 * several topics offsets each topic by a hash of its name), at start and at discovery. Takes typed options or Flink's option
 * map (`'properties.bootstrap.servers'`, `'scan.startup.mode'`, …).
 *
 * @example
 * const trades = kafkaSource<Trade>({ bootstrapServers: 'localhost:9092', topic: 'trades', groupId: 'stats' });
 * const same = kafkaSource<Trade>({ 'connector': 'kafka', 'topic': 'trades', 'properties.bootstrap.servers': 'localhost:9092',
 *   'properties.group.id': 'stats', 'format': 'json' });
 */
export function kafkaSource<T = unknown>(input: KafkaSourceOptions | FlinkOptions): KafkaSource<T> {
  const options = resolveSourceOptions(isFlinkOptions(input) ? sourceOptionsFromFlink(input) : input);
  const servers = parseBootstrapServers(options.bootstrapServers);
  const pattern = topicRegExp(options);
  const decoder = new RecordDecoder({
    value: kafkaCodec(options.valueFormat, options.valueFormatSettings ?? {}, 'valueFormat'),
    key: kafkaCodec(options.keyFormat, options.keyFormatSettings ?? {}, 'keyFormat'),
    metadata: options.metadata === true,
    errorMode: options.errorMode,
  });
  const discoveryIntervalMs = options.boundedMode === 'unbounded' ? (options.partitionDiscoveryIntervalMs ?? DEFAULT_DISCOVERY_INTERVAL_MS) : 0;
  let resources: SourceResources | undefined;
  let opening: Promise<SourceResources> | undefined;

  async function current(): Promise<SourceResources> {
    if (resources !== undefined && !resources.closed) return resources;
    opening ??= SourceResources.open(options, servers, decoder).finally(() => (opening = undefined));
    resources = await opening;
    return resources;
  }

  const deadLetterSink = options.deadLetterTopic === undefined ? undefined : kafkaDeadLetterSink({
    topic: options.deadLetterTopic,
    servers,
    connection: { bootstrapServers: servers, connectTimeoutMs: options.connectTimeoutMs, clientId: options.clientId },
    guarantee: options.deadLetterDeliveryGuarantee ?? 'exactly-once',
    transactionalIdPrefix: options.deadLetterTransactionalIdPrefix,
  });

  return {
    connector: 'kafka',
    deadLetterSink,
    name: options.name ?? `kafka:${options.topic ?? options.topics?.join(',') ?? String(options.topicPattern)}`,
    bounded: options.boundedMode !== 'unbounded',
    options,
    servers,
    groupId: options.groupId,
    get skipped() {
      return decoder.skipped;
    },
    get deadLettered() {
      return decoder.deadLettered;
    },
    async splits(ctx: SourceContext): Promise<KafkaSplit[]> {
      const shared = await current();
      shared.beginListing();
      try {
        return await listSplits(shared.client, options, pattern, ctx);
      } finally {
        shared.endListing(); // closes soon, unless readers are created right away
      }
    },
    discoveryIntervalMs,
    async discoverSplits(ctx: SourceContext, known: readonly SourceSplit[]): Promise<KafkaSplit[]> {
      const shared = await current();
      shared.beginListing();
      try {
        return await newSplits(shared.client, options, pattern, new Set(known.map((s) => s.id)), ctx);
      } finally {
        shared.endListing();
      }
    },
    createReader(split: SourceSplit, position: unknown): SourceReader<T> {
      const shared = resources;
      if (shared === undefined || shared.closed) throw new SluiceError('Kafka source: createReader before splits()');
      const s = split as KafkaSplit;
      const restored = position as KafkaPosition | undefined;
      shared.acquire();
      const end = restored?.end ?? s.stopOffset;
      return new KafkaSplitReader<T>(shared, s.topic, s.partition, restored?.offset ?? s.startOffset, end);
    },
  };
}

/** Every partition of the topics read that this task owns, with its start and (bounded) stop offsets. */
async function listSplits(client: KafkaClient, options: ResolvedSourceOptions, pattern: RegExp | undefined, task: SourceContext): Promise<KafkaSplit[]> {
  const topics = await topicsToRead(client, options, pattern);
  const counts = await client.partitionCounts(topics);
  const all: TopicPartition[] = [];
  for (const topic of topics) {
    const count = counts.get(topic);
    if (count === undefined) throw new SluiceError(`Kafka source: topic '${topic}' does not exist`);
    for (let partition = 0; partition < count; partition++) all.push({ topic, partition });
  }
  const partitions = ownedPartitions(assigned(all, options), task, severalTopics(options));
  if (partitions.length === 0) return [];
  // A scaled job's tasks start where its group committed, the earliest where it has nothing.
  const startup = task.groupId === undefined ? options : { ...options, groupId: task.groupId, startupMode: 'group-offsets' as const, autoOffsetReset: 'earliest' as const };
  const starts = await startOffsets(client, partitions, startup);
  const stops = await stopOffsets(client, partitions, options);
  return partitions.map(({ topic, partition }, i) => {
    const split: KafkaSplit = { id: `${topic}-${partition}`, topic, partition, startOffset: starts[i] };
    return stops[i] === undefined ? split : { ...split, stopOffset: stops[i] };
  });
}

/** The partitions `options.partitions` assigns (all of them when it is absent); each must exist. */
function assigned(all: TopicPartition[], options: ResolvedSourceOptions): TopicPartition[] {
  const chosen = options.partitions;
  if (chosen === undefined) return all;
  for (const c of chosen) {
    if (!all.some((p) => p.topic === c.topic && p.partition === c.partition)) {
      const count = all.filter((p) => p.topic === c.topic).length;
      throw new ConfigError('partitions', `topic '${c.topic}' has no partition ${c.partition} (it has ${count}${count === 0 ? ', or it is not one of the topics read' : ''})`);
    }
  }
  return all.filter((p) => chosen.some((c) => c.topic === p.topic && c.partition === p.partition));
}

/** Partitions this task owns that exist now but are not `known`, starting at their earliest offset (as Flink does). */
async function newSplits(client: KafkaClient, options: ResolvedSourceOptions, pattern: RegExp | undefined, known: Set<string>,
  task: SourceContext): Promise<KafkaSplit[]> {
  const topics = pattern === undefined ? await topicsToRead(client, options, pattern) : (await client.topics()).filter((t) => pattern.test(t));
  const counts = await client.partitionCounts(topics);
  let fresh: TopicPartition[] = [];
  for (const [topic, count] of counts) {
    for (let partition = 0; partition < count; partition++) {
      if (!known.has(`${topic}-${partition}`)) fresh.push({ topic, partition });
    }
  }
  if (options.partitions !== undefined) fresh = fresh.filter((p) => options.partitions!.some((a) => a.topic === p.topic && a.partition === p.partition));
  if (task.parallelism > 1 || task.coPartitioned === true) fresh = ownedPartitions(fresh, task, severalTopics(options));
  if (fresh.length === 0) return [];
  const starts = await client.listOffsets(fresh, 'earliest', options.readCommitted);
  return fresh.map(({ topic, partition }, i) => ({ id: `${topic}-${partition}`, topic, partition, startOffset: starts[i] }));
}

/** Whether the source names several topics (a list or a pattern): decides how partitions spread over tasks. */
function severalTopics(options: ResolvedSourceOptions): boolean {
  return options.topic === undefined && options.topics?.length !== 1;
}

async function topicsToRead(client: KafkaClient, options: ResolvedSourceOptions, pattern: RegExp | undefined): Promise<string[]> {
  if (options.topic !== undefined) return [options.topic];
  if (options.topics !== undefined) return [...options.topics];
  const topics = (await client.topics()).filter((t) => pattern!.test(t));
  if (topics.length === 0) throw new SluiceError(`Kafka source: no topic matches the pattern ${pattern!.source}`);
  return topics;
}

/** The topic pattern, anchored: Flink matches the whole topic name. */
function topicRegExp(options: ResolvedSourceOptions): RegExp | undefined {
  if (options.topicPattern === undefined) return undefined;
  const source = options.topicPattern instanceof RegExp ? options.topicPattern.source : options.topicPattern;
  try {
    return new RegExp(`^(?:${source})$`);
  } catch (error) {
    throw new ConfigError('topicPattern', `is not a regular expression: ${(error as Error).message}`);
  }
}
