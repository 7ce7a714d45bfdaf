import { toMillis } from '../../core/duration.ts';
import { ConfigError } from '../../core/errors.ts';
import type { KafkaFormat, KafkaFormatSettings } from './codecs.ts';
import type { DeliveryGuarantee, KafkaSinkOptions } from './sink-options.ts';
import type { BoundedMode, KafkaSourceOptions, PartitionOffset, StartupMode } from './source-options.ts';

/** Flink's Kafka table options: `WITH ('connector' = 'kafka', 'topic' = …)`, every value text. */
export type FlinkOptions = Readonly<Record<string, string>>;

/** Every option name `fromFlinkOptions` understands (Flink's names, plus `scan.dead-letter-topic`, `scan.dead-letter.*` and `scan.partitions`). */
export const FLINK_KAFKA_OPTIONS: readonly string[] = [
  'connector', 'topic', 'topic-pattern',
  'properties.bootstrap.servers', 'properties.group.id', 'properties.client.id', 'properties.auto.offset.reset',
  'properties.isolation.level', 'properties.transaction.timeout.ms',
  'format', 'key.format', 'value.format', 'key.fields', 'value.fields-include',
  'json.ignore-parse-errors', 'csv.ignore-parse-errors', 'csv.field-delimiter',
  'scan.startup.mode', 'scan.startup.specific-offsets', 'scan.startup.timestamp-millis',
  'scan.bounded.mode', 'scan.bounded.specific-offsets', 'scan.bounded.timestamp-millis',
  'scan.topic-partition-discovery.interval', 'scan.dead-letter-topic', 'scan.partitions',
  'scan.dead-letter.delivery-guarantee', 'scan.dead-letter.transactional-id-prefix',
  'sink.partitioner', 'sink.delivery-guarantee', 'sink.transactional-id-prefix',
];

/**
 * True when options are Flink's string map rather than typed options (typed options never have a
 * dotted name or `connector`).
 *
 * @example
 * isFlinkOptions({ 'properties.bootstrap.servers': 'localhost:9092', 'topic': 't' }) // true
 */
export function isFlinkOptions(options: object): options is FlinkOptions {
  return Object.keys(options).some((key) => key === 'connector' || key.includes('.') || key === 'topic-pattern');
}

/**
 * Both readings of one Flink table definition: as a source and, when it names a single topic, as a sink.
 * Unknown options fail with a {@link ConfigError} that lists the valid ones.
 *
 * @example
 * const { source } = fromFlinkOptions({ 'connector': 'kafka', 'topic': 'trades', 'format': 'json',
 *   'properties.bootstrap.servers': 'localhost:9092', 'scan.startup.mode': 'earliest-offset' });
 * const trades = kafkaSource(source);
 */
export function fromFlinkOptions(options: FlinkOptions): { readonly source: KafkaSourceOptions; readonly sink: KafkaSinkOptions | undefined } {
  const source = sourceOptionsFromFlink(options);
  const sink = source.topic === undefined ? undefined : sinkOptionsFromFlink(options);
  return { source, sink };
}

/**
 * The typed source options of a Flink Kafka table.
 *
 * @example
 * sourceOptionsFromFlink({ 'topic': 't', 'properties.bootstrap.servers': 'localhost:9092' }).topic // 't'
 */
export function sourceOptionsFromFlink(options: FlinkOptions): KafkaSourceOptions {
  const o = checked(options);
  const topics = o['topic']?.split(';').map((t) => t.trim()).filter((t) => t.length > 0);
  const format = valueFormat(o);
  const ignore = o[`${format}.ignore-parse-errors`] ?? o['json.ignore-parse-errors'] ?? o['csv.ignore-parse-errors'];
  return strip({
    bootstrapServers: required(o, 'properties.bootstrap.servers'),
    clientId: o['properties.client.id'],
    topic: topics?.length === 1 ? topics[0] : undefined,
    topics: topics !== undefined && topics.length > 1 ? topics : undefined,
    topicPattern: o['topic-pattern'],
    groupId: o['properties.group.id'],
    startupMode: o['scan.startup.mode'] as StartupMode | undefined,
    autoOffsetReset: o['properties.auto.offset.reset'] as KafkaSourceOptions['autoOffsetReset'],
    startupTimestampMillis: number(o, 'scan.startup.timestamp-millis'),
    specificOffsets: offsets(o, 'scan.startup.specific-offsets'),
    boundedMode: o['scan.bounded.mode'] as BoundedMode | undefined,
    boundedTimestampMillis: number(o, 'scan.bounded.timestamp-millis'),
    boundedSpecificOffsets: offsets(o, 'scan.bounded.specific-offsets'),
    valueFormat: format,
    keyFormat: o['key.format'] as KafkaFormat | undefined,
    valueFormatSettings: formatSettings(o),
    isolationLevel: o['properties.isolation.level'] as KafkaSourceOptions['isolationLevel'],
    partitionDiscoveryIntervalMs: o['scan.topic-partition-discovery.interval'] === undefined
      ? undefined : toMillis(o['scan.topic-partition-discovery.interval'], 'scan.topic-partition-discovery.interval'),
    ignoreParseErrors: ignore === undefined ? undefined : bool(ignore, 'json.ignore-parse-errors'),
    deadLetterTopic: o['scan.dead-letter-topic'],
    deadLetterDeliveryGuarantee: o['scan.dead-letter.delivery-guarantee'] as KafkaSourceOptions['deadLetterDeliveryGuarantee'],
    deadLetterTransactionalIdPrefix: o['scan.dead-letter.transactional-id-prefix'],
    partitions: assignedPartitions(o, 'scan.partitions'),
  });
}

/**
 * The typed sink options of a Flink Kafka table (a single topic).
 *
 * @example
 * sinkOptionsFromFlink({ 'topic': 't', 'properties.bootstrap.servers': 'localhost:9092',
 *   'sink.delivery-guarantee': 'exactly-once' }).deliveryGuarantee // 'exactly-once'
 */
export function sinkOptionsFromFlink(options: FlinkOptions): KafkaSinkOptions {
  const o = checked(options);
  const topic = required(o, 'topic');
  if (topic.includes(';')) throw new ConfigError('topic', 'a sink writes one topic');
  const partitioner = o['sink.partitioner'];
  if (partitioner !== undefined && !['default', 'round-robin', 'fixed'].includes(partitioner)) {
    throw new ConfigError('sink.partitioner', `must be 'default', 'round-robin' or 'fixed', got '${partitioner}'`);
  }
  return strip({
    bootstrapServers: required(o, 'properties.bootstrap.servers'),
    clientId: o['properties.client.id'],
    topic,
    valueFormat: valueFormat(o),
    keyFormat: o['key.format'] as KafkaFormat | undefined,
    valueFormatSettings: formatSettings(o),
    partitioner: partitioner as KafkaSinkOptions['partitioner'],
    deliveryGuarantee: o['sink.delivery-guarantee'] as DeliveryGuarantee | undefined,
    transactionalIdPrefix: o['sink.transactional-id-prefix'],
    transactionTimeoutMs: number(o, 'properties.transaction.timeout.ms'),
    keyFields: fields(o),
  });
}

/** Flink's `key.fields` ('a;b'): the key is made of these columns. Only 'ALL' value fields are supported. */
function fields(o: FlinkOptions): string[] | undefined {
  const include = o['value.fields-include'];
  if (include !== undefined && include !== 'ALL') throw new ConfigError('value.fields-include', `only 'ALL' is supported, got '${include}'`);
  const text = o['key.fields'];
  return text === undefined ? undefined : text.split(';').map((f) => f.trim()).filter((f) => f.length > 0);
}

function checked(options: FlinkOptions): FlinkOptions {
  for (const key of Object.keys(options)) {
    if (!FLINK_KAFKA_OPTIONS.includes(key)) {
      throw new ConfigError(key, `is not a Kafka connector option; valid options: ${FLINK_KAFKA_OPTIONS.join(', ')}`);
    }
    if (typeof options[key] !== 'string') throw new ConfigError(key, `must be text, got ${typeof options[key]}`);
  }
  const connector = options['connector'];
  if (connector !== undefined && connector !== 'kafka') throw new ConfigError('connector', `must be 'kafka', got '${connector}'`);
  return options;
}

function valueFormat(o: FlinkOptions): KafkaFormat | undefined {
  return (o['value.format'] ?? o['format']) as KafkaFormat | undefined;
}

function formatSettings(o: FlinkOptions): KafkaFormatSettings | undefined {
  const delimiter = o['csv.field-delimiter'];
  return delimiter === undefined ? undefined : { delimiter };
}

function required(o: FlinkOptions, key: string): string {
  const value = o[key];
  if (value === undefined || value.trim() === '') throw new ConfigError(key, 'is required');
  return value;
}

function number(o: FlinkOptions, key: string): number | undefined {
  const text = o[key];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new ConfigError(key, `must be a number, got '${text}'`);
  return value;
}

function bool(text: string, key: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new ConfigError(key, `must be 'true' or 'false', got '${text}'`);
}

/** Flink's `partition:0,offset:42;partition:1,offset:300`. */
function offsets(o: FlinkOptions, key: string): PartitionOffset[] | undefined {
  const text = o[key];
  if (text === undefined) return undefined;
  return text.split(';').filter((part) => part.trim() !== '').map((part) => {
    const match = /^\s*partition\s*:\s*(\d+)\s*,\s*offset\s*:\s*(\d+)\s*$/.exec(part);
    if (match === null) throw new ConfigError(key, `expected 'partition:N,offset:M;…', got '${part}'`);
    return { partition: Number(match[1]), offset: Number(match[2]) };
  });
}

/** `'orders:0,2;payments:1'` → the topic-partitions to read (Sluice's option for Spark's `assign`). */
function assignedPartitions(o: FlinkOptions, key: string): { topic: string; partition: number }[] | undefined {
  const text = o[key];
  if (text === undefined) return undefined;
  const out: { topic: string; partition: number }[] = [];
  for (const part of text.split(';').filter((p) => p.trim() !== '')) {
    const match = /^\s*([^:]+?)\s*:\s*(\d+(?:\s*,\s*\d+)*)\s*$/.exec(part);
    if (match === null) throw new ConfigError(key, `expected 'topic:0,1;other:2', got '${part}'`);
    for (const n of match[2].split(',')) out.push({ topic: match[1], partition: Number(n.trim()) });
  }
  if (out.length === 0) throw new ConfigError(key, 'names no partition');
  return out;
}

/** Drops undefined entries so `{ ...defaults, ...options }` keeps the defaults. */
function strip<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
