/**
 * The `kafka` and `upsert-kafka` table connectors with Flink's options. Both build on the Kafka
 * source and sink: records are read with their metadata (so key fields, metadata columns and error
 * origins are exact) and decoded by the table's formats into typed rows; rows are encoded by the
 * formats and written with the chosen delivery guarantee. `upsert-kafka` keys records by the PRIMARY
 * KEY, reads tombstones as deletes and writes deletes as tombstones.
 */
import { DataTypes, notNull } from '../../core/data-types.ts';
import { ConfigError, type RecordError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { mapSink, mapSource, OrderedKeys } from '../mapped-connectors.ts';
import { messageEncoder, messageLayout, messageRowMapper, type LogMessage } from '../message-table-rows.ts';
import type { Sink, Source } from '../spi.ts';
import type { MetadataSpec, TableContext, TableFactory } from '../table-factory.ts';
import { changelogFormatCapability, CHANGELOG_FORMATS } from '../table-formats.ts';
import type { OptionSpec, TableOptions } from '../table-options.ts';
import { sinkOptionsFromFlink, sourceOptionsFromFlink } from './flink-options.ts';
import { kafkaSink } from './kafka-sink.ts';
import { kafkaSource } from './kafka-source.ts';
import type { FetchedRecord } from './record-batches.ts';
import type { DeadLetter } from './record-decoder.ts';
import type { KafkaSinkOptions } from './sink-options.ts';
import type { KafkaMessage, KafkaSourceOptions } from './source-options.ts';

const ROW_FORMATS = ['json', 'csv', 'raw', 'avro', 'avro-confluent'];
const FORMATS = [...ROW_FORMATS, ...CHANGELOG_FORMATS];

const METADATA: readonly MetadataSpec[] = [
  { key: 'topic', type: notNull(DataTypes.STRING()), readable: true, writable: false, description: 'the topic of the record' },
  { key: 'partition', type: notNull(DataTypes.INT()), readable: true, writable: false, description: 'the partition of the record' },
  { key: 'headers', type: notNull(DataTypes.MAP(DataTypes.STRING(), DataTypes.BYTES())), readable: true, writable: true, description: 'the record headers' },
  { key: 'leader-epoch', type: DataTypes.INT(), readable: true, writable: false, description: 'the leader epoch (always null here)' },
  { key: 'offset', type: notNull(DataTypes.BIGINT()), readable: true, writable: false, description: 'the offset of the record in its partition' },
  { key: 'timestamp', type: notNull(DataTypes.TIMESTAMP_LTZ(3)), readable: true, writable: true, description: 'the record timestamp' },
  { key: 'timestamp-type', type: notNull(DataTypes.STRING()), readable: true, writable: false, description: "'CreateTime' or 'LogAppendTime'" },
];

const CONNECTION: readonly OptionSpec[] = [
  { key: 'properties.bootstrap.servers', type: 'string', required: true, description: 'host:port of one or more brokers, comma-separated' },
  { key: 'properties.group.id', type: 'string', description: 'the consumer group: offsets are committed for it at checkpoints' },
  { key: 'properties.*', type: 'map-prefix', description: "Kafka client properties; client.id, auto.offset.reset, isolation.level and transaction.timeout.ms are used, others are accepted and ignored" },
];

const SINK: readonly OptionSpec[] = [
  { key: 'sink.delivery-guarantee', type: 'enum', values: ['none', 'at-least-once', 'exactly-once'], default: 'at-least-once', description: 'what the sink promises' },
  { key: 'sink.transactional-id-prefix', type: 'string', description: "with 'exactly-once': the prefix of the transactional ids (default <job>: the job's exactly-once sinks share one transaction)" },
];

/**
 * `'connector' = 'kafka'`.
 *
 * @example
 * // CREATE TABLE trades (symbol STRING, ts TIMESTAMP(3)) WITH ('connector' = 'kafka', 'topic' = 'trades',
 * //   'properties.bootstrap.servers' = 'localhost:9092', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json')
 */
export const kafkaTableFactory: TableFactory = {
  identifier: 'kafka',
  description: 'Kafka topics: an append-only source and sink',
  sourceCapability: 'insert-only',
  sinkCapability: 'insert-only',
  sourceCapabilityOf: changelogFormatCapability,
  metadata: METADATA,
  options: [
    { key: 'topic', type: 'string', description: "the topic, or several separated by ';' (source only); required for a sink" },
    { key: 'topic-pattern', type: 'string', description: 'a regular expression of topics to read (instead of topic)' },
    ...CONNECTION,
    { key: 'format', type: 'enum', values: FORMATS, description: 'the value format' },
    { key: 'value.format', type: 'enum', values: FORMATS, description: "the value format (instead of 'format')" },
    { key: 'key.format', type: 'enum', values: ROW_FORMATS, description: 'the key format (with key.fields)' },
    { key: 'key.fields', type: 'string', description: "the columns that make the key, 'a;b'" },
    { key: 'value.fields-include', type: 'enum', values: ['ALL', 'EXCEPT_KEY'], default: 'ALL', description: 'whether the value also holds the key fields' },
    { key: 'scan.startup.mode', type: 'enum', values: ['earliest-offset', 'latest-offset', 'group-offsets', 'timestamp', 'specific-offsets'], description: "where reading starts; default 'group-offsets' with a group id, else 'earliest-offset'" },
    { key: 'scan.startup.specific-offsets', type: 'string', description: "with 'specific-offsets': 'partition:0,offset:42;partition:1,offset:300'" },
    { key: 'scan.startup.timestamp-millis', type: 'int', min: 0, description: "with 'timestamp': epoch milliseconds" },
    { key: 'scan.bounded.mode', type: 'enum', values: ['unbounded', 'latest-offset', 'timestamp', 'specific-offsets'], default: 'unbounded', description: 'where reading ends (any mode but unbounded makes the table bounded)' },
    { key: 'scan.partitions', type: 'string', description: "read only these partitions, 'topic:0,2;other:1' (Spark's assign; not in Flink)" },
    { key: 'scan.bounded.specific-offsets', type: 'string', description: "with bounded 'specific-offsets': 'partition:0,offset:42;…' (exclusive)" },
    { key: 'scan.bounded.timestamp-millis', type: 'int', min: 0, description: "with bounded 'timestamp': epoch milliseconds" },
    { key: 'scan.topic-partition-discovery.interval', type: 'duration', description: "how often to look for new partitions (default '5 min'; '0' turns it off)" },
    { key: 'scan.dead-letter-topic', type: 'string', description: "records that do not decode go to this topic (original bytes; error, origin and time in headers), in the job's checkpoints (not in Flink)" },
    { key: 'scan.dead-letter.delivery-guarantee', type: 'enum', values: ['exactly-once', 'at-least-once'], description: "with 'scan.dead-letter-topic'; 'exactly-once' (the default): dead letters are written in the checkpoint's Kafka transaction" },
    { key: 'scan.dead-letter.transactional-id-prefix', type: 'string', description: "the dead letters' transactional id prefix (default <job>: shared with the job's exactly-once sinks)" },
    { key: 'sink.partitioner', type: 'enum', values: ['default', 'fixed', 'round-robin'], default: 'default', description: 'how rows are spread over partitions' },
    ...SINK,
  ],
  createSource: (ctx) => createKafkaTableSource(ctx, false),
  createSink: (ctx) => createKafkaTableSink(ctx, false),
};

/**
 * `'connector' = 'upsert-kafka'`: a compacted topic as a table keyed by its PRIMARY KEY.
 *
 * @example
 * // CREATE TABLE totals (symbol STRING, n BIGINT, PRIMARY KEY (symbol) NOT ENFORCED) WITH ('connector' = 'upsert-kafka',
 * //   'topic' = 'totals', 'properties.bootstrap.servers' = 'localhost:9092', 'key.format' = 'json', 'value.format' = 'json')
 */
export const upsertKafkaTableFactory: TableFactory = {
  identifier: 'upsert-kafka',
  description: 'a Kafka topic as a changelog keyed by the PRIMARY KEY: deletes are tombstones',
  sourceCapability: 'upsert',
  sinkCapability: 'upsert',
  requiresPrimaryKey: true,
  metadata: METADATA,
  options: [
    { key: 'topic', type: 'string', required: true, description: 'the topic' },
    ...CONNECTION,
    { key: 'key.format', type: 'enum', values: ROW_FORMATS, required: true, description: 'the format of the key (the PRIMARY KEY columns)' },
    { key: 'value.format', type: 'enum', values: ROW_FORMATS, required: true, description: 'the value format (a CDC format belongs on a kafka table: upsert-kafka reads rows, not change events)' },
    { key: 'value.fields-include', type: 'enum', values: ['ALL', 'EXCEPT_KEY'], default: 'ALL', description: 'whether the value also holds the key fields' },
    ...SINK,
  ],
  createSource: (ctx) => createKafkaTableSource(ctx, true),
  createSink: (ctx) => createKafkaTableSink(ctx, true),
};

/** The option names the Kafka connector's own mapping understands, copied through to it. */
const PASSED = /^(topic|topic-pattern|scan\.(startup|bounded|dead-letter)\..*|scan\.dead-letter-topic|scan\.topic-partition-discovery\.interval|scan\.partitions|sink\.(partitioner|delivery-guarantee|transactional-id-prefix)|properties\.(bootstrap\.servers|group\.id|client\.id|auto\.offset\.reset|isolation\.level|transaction\.timeout\.ms))$/;

function passed(options: TableOptions, exclude: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(options)) if (PASSED.test(key) && !exclude.includes(key)) out[key] = options[key];
  return out;
}

/** A message whose columns did not decode, as the dead letter of its original record (the table reads records raw). */
function messageDeadLetter(message: KafkaMessage, error: RecordError): DeadLetter {
  const headers = Object.entries(message.headers).map(([name, content]) => [Buffer.from(name), content] as const);
  const record: FetchedRecord = {
    offset: message.offset, timestamp: message.timestamp, timestampType: message.timestampType,
    key: message.key as Buffer | null, value: message.value as Buffer | null, headers,
  };
  // The mapper reuses one origin object for every record: keep this record's own.
  const origin = { source: message.topic, partition: message.partition, offset: message.offset };
  return { record, error: { message: error.message, origin }, time: Date.now() };
}

/**
 * The typed Kafka source options of a table (records are read whole, with metadata, and decoded by
 * the table's formats).
 *
 * @example
 * kafkaTableSourceOptions(ctx, false).startupMode // 'earliest-offset'
 */
export function kafkaTableSourceOptions(ctx: TableContext, upsert: boolean): KafkaSourceOptions {
  const { options } = ctx;
  if (options['topic'] === undefined && options['topic-pattern'] === undefined) throw new ConfigError('topic', `is required (or 'topic-pattern') to read table '${ctx.table}'`);
  if (options['topic'] !== undefined && options['topic-pattern'] !== undefined) throw new ConfigError('topic-pattern', "choose one: 'topic' or 'topic-pattern'");
  // An upsert table is the whole compacted topic: always read from the start.
  const base = sourceOptionsFromFlink(upsert ? { ...passed(options), 'scan.startup.mode': 'earliest-offset' } : passed(options));
  return { ...base, valueFormat: 'raw', keyFormat: 'raw', metadata: true, name: `${upsert ? 'upsert-kafka' : 'kafka'}:${ctx.table}` };
}

function createKafkaTableSource(ctx: TableContext, upsert: boolean): Source<Row> {
  const layout = messageLayout(ctx.options, ctx.schema, ctx.primaryKey, upsert);
  const source = kafkaSource<KafkaMessage>(kafkaTableSourceOptions(ctx, upsert));
  const map = messageRowMapper(layout, ctx.metadataColumns, upsert);
  const deadLetters = source.options.deadLetterTopic === undefined ? undefined : messageDeadLetter;
  if (deadLetters !== undefined && (layout.value.ignoreParseErrors || layout.key?.ignoreParseErrors === true)) {
    throw new ConfigError('scan.dead-letter-topic', `choose one: a dead-letter topic or ignore-parse-errors (table '${ctx.table}')`);
  }
  return mapSource(source, () => (message: KafkaMessage, origin) => map(message as LogMessage, origin), source.name, deadLetters, messagePreparer(layout));
}

/**
 * The typed Kafka sink options of a table; `keys` and `headers` hand over what the row mapping
 * computed for each record (see OrderedKeys).
 *
 * @example
 * kafkaTableSinkOptions(ctx, false, keys, undefined).deliveryGuarantee // 'at-least-once'
 */
export function kafkaTableSinkOptions(
  ctx: TableContext, upsert: boolean, keys: OrderedKeys<unknown> | undefined, headers: OrderedKeys<Record<string, string | Buffer>> | undefined,
): KafkaSinkOptions<unknown> {
  const base = sinkOptionsFromFlink(passed(ctx.options, ['topic-pattern']));
  return {
    ...base,
    valueFormat: 'raw',
    keyFormat: 'raw',
    key: keys?.take,
    headers: headers?.take,
    name: `${upsert ? 'upsert-kafka' : 'kafka'}:${ctx.table}`,
  };
}

function createKafkaTableSink(ctx: TableContext, upsert: boolean): Sink<Row> {
  if (ctx.options['topic-pattern'] !== undefined) throw new ConfigError('topic-pattern', `a written table needs 'topic', not a pattern (table '${ctx.table}')`);
  const layout = messageLayout(ctx.options, ctx.schema, ctx.primaryKey, upsert);
  const encode = messageEncoder(layout, upsert);
  const keys = layout.key === undefined ? undefined : new OrderedKeys<unknown>();
  const written = ctx.metadataColumns.filter((m) => m.virtual !== true);
  const timeColumn = written.find((m) => m.key === 'timestamp')?.name;
  const headerColumn = written.find((m) => m.key === 'headers')?.name;
  const headers = headerColumn === undefined ? undefined : new OrderedKeys<Record<string, string | Buffer>>();
  const sink = kafkaSink<unknown>(kafkaTableSinkOptions(ctx, upsert, keys, headers));
  const opens = [layout.value.open, layout.key?.open].filter((open) => open !== undefined);
  const beforeOpen = opens.length === 0 ? undefined : async () => { await Promise.all(opens.map((open) => open())); };
  return mapSink(sink, (rows: Row[], times) => {
    const values: unknown[] = [];
    const outTimes: number[] = [];
    const batchKeys: unknown[] = [];
    const batchHeaders: Record<string, string | Buffer>[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const message = encode(row);
      if (message === undefined) continue;
      values.push(message.value);
      batchKeys.push(message.key);
      const time = timeColumn === undefined ? undefined : row[timeColumn];
      outTimes.push(typeof time === 'number' ? time : times[i]);
      if (headerColumn !== undefined) batchHeaders.push(headerBytes(row[headerColumn]));
    }
    keys?.set(batchKeys);
    headers?.set(batchHeaders);
    return { values, times: outTimes };
  }, { beforeOpen });
}

/** The formats' look-ups for a batch of messages (avro-confluent's writer schemas), key and value. */
function messagePreparer(layout: ReturnType<typeof messageLayout>): ((messages: readonly KafkaMessage[]) => Promise<void> | undefined) | undefined {
  const { value, key } = layout;
  if (value.prepare === undefined && key?.prepare === undefined) return undefined;
  return (messages) => {
    const pending = [
      value.prepare?.(messages.map((m) => m.value)),
      key?.prepare?.(messages.map((m) => m.key)),
    ].filter((p) => p !== undefined);
    return pending.length === 0 ? undefined : Promise.all(pending).then(() => undefined);
  };
}

function headerBytes(value: unknown): Record<string, string | Buffer> {
  const out: Record<string, string | Buffer> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [name, content] of Object.entries(value as Record<string, unknown>)) {
    if (content instanceof Uint8Array) out[name] = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    else if (content !== null && content !== undefined) out[name] = String(content);
  }
  return out;
}
