/**
 * Spark's Kafka source (`format('kafka')`, and `format('sluice-log')` for the in-process log with
 * the same options) as a table of the `kafka` / `sluice-log` connectors with Spark's columns:
 *
 *   key BINARY, value BINARY, topic STRING, partition INT, offset BIGINT,
 *   timestamp TIMESTAMP_LTZ(3), timestampType INT, [headers]
 *
 * key and value are the record's bytes through the connectors' `raw` key and value formats; the
 * others are metadata columns. `timestamp` is TIMESTAMP_LTZ(3) because that is the type the
 * connectors offer for the record time (a metadata column must keep the connector's type), it is
 * what Spark's TimestampType means (an instant), and a table watermark — `withWatermark('timestamp',
 * …)` — accepts it, read per partition. `timestampType` is Spark's 0 (CreateTime) / 1 (LogAppendTime):
 * computed from the Kafka connector's 'timestamp-type' text, read into a helper column the DataFrame
 * does not show (see SparkSourceResult.columns); the in-process log only has create times (0).
 */
import type { DataType } from '../../core/data-types.ts';
import { DataTypes, notNull } from '../../core/data-types.ts';
import { ConfigError } from '../../core/errors.ts';
import type { ColumnDescriptor } from '../../catalog/descriptors.ts';
import { computed, metadata, physical, tableDescriptor } from '../../catalog/descriptors.ts';
import { boundedOptions, parseOffsets, startupOptions, type OffsetContext } from './source-kafka-offsets.ts';
import type { SparkOptionMap } from './source-option-map.ts';
import type { SparkSourceResult, SparkSourceSpec } from './source-options.ts';

/** The options Spark's Kafka source takes (besides `kafka.*`) that Sluice supports. @example KAFKA_SOURCE_OPTIONS.includes('startingOffsets') // true */
export const KAFKA_SOURCE_OPTIONS: readonly string[] = [
  'subscribe', 'subscribePattern', 'assign', 'startingOffsets', 'endingOffsets', 'startingTimestamp', 'endingTimestamp',
  'failOnDataLoss', 'includeHeaders', 'maxOffsetsPerTrigger', 'groupIdPrefix',
];

/** Kafka consumer properties Spark refuses, each with Spark's reason. */
const REFUSED_PROPERTIES: Readonly<Record<string, string>> = {
  'auto.offset.reset': "set the source option 'startingOffsets' instead ('earliest' or 'latest')",
  'key.deserializer': 'keys are read as bytes; deserialize them with DataFrame operations (CAST(key AS STRING), fromJson…)',
  'value.deserializer': 'values are read as bytes; deserialize them with DataFrame operations (CAST(value AS STRING), fromJson…)',
  'enable.auto.commit': 'the source tracks its offsets itself, in checkpoints',
  'interceptor.classes': 'records are not passed through consumer interceptors',
};

/** The helper column holding the Kafka connector's timestamp type text, from which `timestampType` is computed. @example table.columns.at(-1)?.name === TIMESTAMP_TYPE_NAME_COLUMN */
export const TIMESTAMP_TYPE_NAME_COLUMN = '__timestamp_type_name';

/**
 * The table of a `kafka` or `sluice-log` DataFrame source.
 *
 * @example
 * kafkaSourceTable(spec, new SparkOptionMap('kafka', { 'kafka.bootstrap.servers': 'b:9092', 'subscribe': 'trades' }), 'kafka')
 *   .table.options['topic'] // 'trades'
 */
export function kafkaSourceTable(spec: SparkSourceSpec, o: SparkOptionMap, connector: 'kafka' | 'sluice-log'): SparkSourceResult {
  o.checkKnown(KAFKA_SOURCE_OPTIONS, ['kafka.']);
  if (spec.schema !== undefined) throw new ConfigError('schema', `the '${o.format}' source has a fixed schema (key, value, topic, partition, offset, timestamp, timestampType); do not set one`);
  if (spec.paths !== undefined && spec.paths.length > 0) throw new ConfigError('path', `the '${o.format}' source reads topics, not paths; use load() without a path`);
  const subscription = topicOptions(o, connector);
  const properties = kafkaProperties(o, connector);
  const groupId = properties['properties.group.id'];
  const offsetContext = (option: string): OffsetContext => ({
    option: o.spelling(option), connector, streaming: spec.streaming, topics: subscription.topics, groupId,
  });
  const options: Record<string, string> = {
    'connector': connector,
    ...subscription.options,
    ...properties,
    'key.format': 'raw',
    'key.fields': 'key',
    'value.format': 'raw',
    'value.fields-include': 'EXCEPT_KEY',
    ...startOptions(o, offsetContext('startingOffsets'), connector),
    ...endOptions(o, offsetContext('endingOffsets'), connector, spec.streaming, spec.streaming && spec.availableNow === true),
  };
  // Spark's failOnDataLoss: offsets gone from the log fail the query (the Kafka source's default), or
  // with false reading goes on from the earliest offset left, logging the offsets skipped.
  if (!o.boolean('failOnDataLoss', true) && connector === 'kafka') options['properties.auto.offset.reset'] = 'earliest';
  const headers = o.boolean('includeHeaders', false);
  const maxRecordsPerTrigger = o.integer('maxOffsetsPerTrigger', 1);
  const columns = kafkaColumns(connector, headers);
  const table = tableDescriptor({ name: spec.name, columns, options });
  const visible = columns.map((c) => c.name).filter((name) => name !== TIMESTAMP_TYPE_NAME_COLUMN);
  return maxRecordsPerTrigger === undefined ? { table, columns: visible } : { table, columns: visible, maxRecordsPerTrigger };
}

/**
 * Spark's `assign` JSON, `{"orders":[0,2],"payments":[1]}`, checked: topics to non-empty lists of
 * partition numbers.
 */
function assignment(text: string, option: string): Record<string, number[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(option, `expected JSON such as {"topic":[0,1]}, got '${text}'`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.keys(parsed).length === 0) {
    throw new ConfigError(option, `expected a JSON object of topics to partition lists such as {"topic":[0,1]}, got '${text}'`);
  }
  const out: Record<string, number[]> = {};
  for (const [topic, partitions] of Object.entries(parsed as Record<string, unknown>)) {
    if (!Array.isArray(partitions) || partitions.length === 0 || !partitions.every((p) => Number.isInteger(p) && (p as number) >= 0)) {
      throw new ConfigError(option, `topic '${topic}' needs a non-empty list of partition numbers, got ${JSON.stringify(partitions)}`);
    }
    out[topic] = partitions as number[];
  }
  return out;
}

/** `subscribe` (comma list), `subscribePattern` or `assign` → `topic` ('a;b'), `topic-pattern`, or topics + `scan.partitions`. */
function topicOptions(o: SparkOptionMap, connector: 'kafka' | 'sluice-log'): { options: Record<string, string>; topics: readonly string[] | undefined } {
  const chosen = o.oneOf(['assign', 'subscribe', 'subscribePattern']);
  if (chosen === undefined) throw new ConfigError('subscribe', `one of 'subscribe', 'subscribePattern' or 'assign' must be set for the '${o.format}' source`);
  const option = o.spelling(chosen.name);
  if (chosen.name === 'assign') {
    if (connector === 'sluice-log') throw new ConfigError(option, "the in-process log ('sluice-log') reads every partition of its topic; use 'subscribe'");
    const assigned = assignment(chosen.value, option);
    const topics = Object.keys(assigned);
    const partitions = topics.map((t) => `${t}:${assigned[t].join(',')}`).join(';');
    return { options: { 'topic': topics.join(';'), 'scan.partitions': partitions }, topics };
  }
  if (chosen.name === 'subscribePattern') {
    if (connector === 'sluice-log') throw new ConfigError(option, "the in-process log ('sluice-log') reads named topics only; use 'subscribe'");
    if (chosen.value.trim() === '') throw new ConfigError(option, 'is empty');
    return { options: { 'topic-pattern': chosen.value }, topics: undefined };
  }
  const topics = chosen.value.split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (topics.length === 0) throw new ConfigError(option, `names no topic: '${chosen.value}'`);
  if (connector === 'sluice-log' && topics.length > 1) {
    throw new ConfigError(option, `the in-process log ('sluice-log') source reads one topic, got ${topics.length} (${topics.join(', ')}); union one source per topic`);
  }
  return { options: { 'topic': topics.join(';') }, topics };
}

/** `kafka.<property>` → `properties.<property>`; the in-process log keeps only the group id. */
function kafkaProperties(o: SparkOptionMap, connector: 'kafka' | 'sluice-log'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [property, value] of o.withPrefix('kafka.')) {
    const refused = REFUSED_PROPERTIES[property];
    if (refused !== undefined) throw new ConfigError(o.spelling(`kafka.${property}`), `Kafka's '${property}' is not supported: ${refused}`);
    // Client properties (servers, security, tuning) mean nothing to the in-process log.
    if (connector === 'kafka' || property === 'group.id') out[`properties.${property}`] = value;
  }
  if (connector === 'kafka' && (out['properties.bootstrap.servers'] ?? '').trim() === '') {
    throw new ConfigError('kafka.bootstrap.servers', "must be set for the 'kafka' source (host:port of the brokers, comma-separated)");
  }
  return out;
}

/** Where reading starts: `startingTimestamp` wins over `startingOffsets` (as in Spark); default latest when streaming, earliest in batch. */
function startOptions(o: SparkOptionMap, ctx: OffsetContext, connector: 'kafka' | 'sluice-log'): Record<string, string> {
  const timestamp = timestampOption(o, 'startingTimestamp', connector);
  if (timestamp !== undefined) return { 'scan.startup.mode': 'timestamp', 'scan.startup.timestamp-millis': timestamp };
  const text = o.get('startingOffsets') ?? (ctx.streaming ? 'latest' : 'earliest');
  return startupOptions(parseOffsets(ctx.option, text), ctx);
}

/** Where a batch query ends: `endingTimestamp`, else `endingOffsets` (default latest); neither for streaming (availableNow ends at the latest). */
function endOptions(o: SparkOptionMap, ctx: OffsetContext, connector: 'kafka' | 'sluice-log', streaming: boolean, available: boolean): Record<string, string> {
  if (streaming && o.has('endingTimestamp')) {
    throw new ConfigError(o.spelling('endingTimestamp'), "is for batch queries (spark.read) only: a streaming query reads until it is stopped (Spark's rule)");
  }
  // Trigger once / availableNow: a streaming read that ends at the latest offsets when it starts.
  if (streaming && !o.has('endingOffsets')) return available ? { 'scan.bounded.mode': 'latest-offset' } : {};
  const timestamp = timestampOption(o, 'endingTimestamp', connector);
  if (timestamp !== undefined) return { 'scan.bounded.mode': 'timestamp', 'scan.bounded.timestamp-millis': timestamp };
  return boundedOptions(parseOffsets(ctx.option, o.get('endingOffsets') ?? 'latest'), ctx);
}

function timestampOption(o: SparkOptionMap, name: string, connector: 'kafka' | 'sluice-log'): string | undefined {
  if (!o.has(name)) return undefined;
  if (connector === 'sluice-log') throw new ConfigError(o.spelling(name), "the in-process log ('sluice-log') cannot look up offsets by time; use format 'kafka', or 'startingOffsets'");
  return String(o.integer(name, 0));
}

/** Spark's columns over the connector's raw key/value and metadata. */
function kafkaColumns(connector: 'kafka' | 'sluice-log', headers: boolean): ColumnDescriptor[] {
  const T = DataTypes;
  const read = (name: string, type: DataType, key = name) => metadata(name, type, { key, virtual: true });
  const columns: ColumnDescriptor[] = [
    physical('key', T.BYTES()),
    physical('value', T.BYTES()),
    read('topic', notNull(T.STRING())),
    read('partition', notNull(T.INT())),
    read('offset', notNull(T.BIGINT())),
    read('timestamp', notNull(T.TIMESTAMP_LTZ(3))),
  ];
  if (connector === 'kafka') {
    const text = `CASE WHEN \`${TIMESTAMP_TYPE_NAME_COLUMN}\` = 'LogAppendTime' THEN 1 ELSE 0 END`;
    columns.push(computed('timestampType', text, text));
  } else {
    columns.push(computed('timestampType', 'CAST(0 AS INT)', 'CAST(0 AS INT)'));
  }
  // Spark's headers are ARRAY<STRUCT<key, value>>; the connectors offer a map of name → value
  // (bytes from Kafka, text from the in-process log).
  if (headers) columns.push(read('headers', notNull(T.MAP(T.STRING(), connector === 'kafka' ? T.BYTES() : T.STRING()))));
  if (connector === 'kafka') columns.push(read(TIMESTAMP_TYPE_NAME_COLUMN, notNull(T.STRING()), 'timestamp-type'));
  return columns;
}
