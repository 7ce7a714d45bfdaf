import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes } from '../../../src/core/data-types.ts';
import { ConfigError } from '../../../src/core/errors.ts';
import type { KafkaSource } from '../../../src/connectors/kafka/kafka-source.ts';
import { RecordEncoder } from '../../../src/connectors/kafka/record-encoder.ts';
import { kafkaTableFactory, kafkaTableSinkOptions, upsertKafkaTableFactory } from '../../../src/connectors/kafka/table-factory.ts';
import { OrderedKeys } from '../../../src/connectors/mapped-connectors.ts';
import { messageEncoder, messageLayout, messageRowMapper } from '../../../src/connectors/message-table-rows.ts';
import { memorySource } from '../../../src/connectors/memory/memory-source.ts';
import type { TableContext } from '../../../src/connectors/table-factory.ts';
import { withKind } from '../../../src/formats/row-kind.ts';
import { kafkaTest, requireKafkaBootstrap } from '../../kafka/kafka-env.ts';
import { rowType, runTable, tableContext } from '../table-test-kit.ts';
import { connect, newTopic } from './kafka-helpers.ts';

const T = DataTypes;
const schema = rowType(['symbol', T.STRING()], ['price', T.DOUBLE()], ['ts', T.TIMESTAMP(3)]);
const BASE = { 'connector': 'kafka', 'topic': 'trades', 'properties.bootstrap.servers': '127.0.0.1:9092', 'format': 'json' };
const kafkaCtx = (options: Record<string, string>, extra: Partial<TableContext> = {}) =>
  tableContext(kafkaTableFactory, extra.schema ?? schema, { ...BASE, ...options }, extra);
const upsertCtx = (options: Record<string, string> = {}, extra: Partial<TableContext> = {}) =>
  tableContext(upsertKafkaTableFactory, schema, {
    'connector': 'upsert-kafka', 'topic': 'totals', 'properties.bootstrap.servers': '127.0.0.1:9092', 'key.format': 'json', 'value.format': 'json', ...options,
  }, { primaryKey: ['symbol'], ...extra });
const message = (key: string | null, value: string | null, offset = 7) => ({
  key: key === null ? null : Buffer.from(key), value: value === null ? null : Buffer.from(value),
  topic: 'trades', partition: 2, offset, timestamp: 1704103200000, timestampType: 'CreateTime' as const, headers: { h: Buffer.from('x') },
});

test("Flink's scan options map onto the Kafka source", () => {
  const source = kafkaTableFactory.createSource!(kafkaCtx({
    'properties.group.id': 'stats', 'scan.startup.mode': 'specific-offsets', 'scan.startup.specific-offsets': 'partition:0,offset:42;partition:1,offset:300',
    'scan.bounded.mode': 'timestamp', 'scan.bounded.timestamp-millis': '1704103200000', 'scan.topic-partition-discovery.interval': '5 min',
    'properties.isolation.level': 'read_uncommitted', 'properties.fetch.min.bytes': '1',
  })) as KafkaSource<unknown>;
  assert.equal(source.bounded, true);
  assert.equal(source.groupId, 'stats');
  assert.equal(source.connector, 'kafka', 'the table source is still recognised as a Kafka source (exactly-once offsets)');
  const o = source.options;
  assert.deepEqual([o.topic, o.startupMode, o.specificOffsets, o.boundedMode, o.boundedTimestampMillis, o.partitionDiscoveryIntervalMs, o.isolationLevel],
    ['trades', 'specific-offsets', [{ partition: 0, offset: 42 }, { partition: 1, offset: 300 }], 'timestamp', 1704103200000, 300_000, 'read_uncommitted']);
  assert.equal(o.metadata, true);
  assert.equal(source.name, 'kafka:t');
});

test('topics, a topic pattern, and neither', () => {
  assert.deepEqual((kafkaTableFactory.createSource!(kafkaCtx({ 'topic': 'a;b' })) as KafkaSource<unknown>).options.topics, ['a', 'b']);
  const { topic: _, ...noTopic } = BASE;
  const pattern = kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, { ...noTopic, 'topic-pattern': 'trades-.*' }));
  assert.equal((pattern as KafkaSource<unknown>).options.topicPattern, 'trades-.*');
  assert.throws(() => kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, noTopic)), /option 'topic': is required \(or 'topic-pattern'\)/);
  assert.throws(() => kafkaTableFactory.createSink!(tableContext(kafkaTableFactory, schema, { ...noTopic, 'topic-pattern': 'x' })), /a written table needs 'topic'/);
  assert.throws(() => kafkaTableFactory.createSource!(kafkaCtx({ 'scan.startup.mode': 'timestamp' })), /startupTimestampMillis/);
});

test("Flink's sink options map onto the Kafka sink", () => {
  const options = kafkaTableSinkOptions(kafkaCtx({ 'sink.delivery-guarantee': 'exactly-once', 'sink.transactional-id-prefix': 'tx', 'sink.partitioner': 'round-robin' }), false, undefined, undefined);
  assert.deepEqual([options.topic, options.bootstrapServers, options.deliveryGuarantee, options.transactionalIdPrefix, options.partitioner],
    ['trades', '127.0.0.1:9092', 'exactly-once', 'tx', 'round-robin']);
  assert.equal(kafkaTableSinkOptions(kafkaCtx({}), false, undefined, undefined).deliveryGuarantee, 'at-least-once');
});

test('key fields come from the key and the rest from the value; metadata columns from the record', () => {
  const ctx = kafkaCtx({ 'key.format': 'json', 'key.fields': 'symbol', 'value.format': 'csv', 'value.fields-include': 'EXCEPT_KEY', 'format': 'json' }, {
    metadataColumns: [{ name: 'p', key: 'partition', type: T.INT() }, { name: 'rt', key: 'timestamp', type: T.TIMESTAMP_LTZ(3) }, { name: 'hs', key: 'headers', type: T.MAP(T.STRING(), T.BYTES()) }],
  });
  const { format: _, ...options } = ctx.options;
  const map = messageRowMapper(messageLayout(options, schema, undefined), ctx.metadataColumns, false);
  assert.deepEqual(map(message('{"symbol":"AAPL"}', '101.5,2024-01-01 10:00:00'), { source: 'x' }),
    { symbol: 'AAPL', price: 101.5, ts: 1704103200000, p: 2, rt: 1704103200000, hs: { h: Buffer.from('x') } });
  assert.equal(map(message('{"symbol":"AAPL"}', null), { source: 'x' }), undefined, 'a tombstone is skipped by a plain kafka table');
  assert.throws(() => map(message('{"symbol":"AAPL"}', 'x,y', 9), { source: 'x' }), /trades partition 2 offset 9: column 'price': "x" is not a valid DOUBLE/);
});

test('key.fields need a key format and name physical columns', () => {
  assert.throws(() => messageLayout(kafkaCtx({ 'key.fields': 'symbol' }).options, schema, undefined), /option 'key.format': is required with key fields/);
  assert.throws(() => messageLayout(kafkaCtx({ 'key.format': 'raw', 'key.fields': 'sym' }).options, schema, undefined), /'sym' is not a physical column/);
});

test('upsert-kafka reads tombstones as deletes of their key and always reads the topic from the start', () => {
  const ctx = upsertCtx({ 'properties.group.id': 'g' });
  const map = messageRowMapper(messageLayout(ctx.options, schema, ['symbol'], true), [], true);
  assert.deepEqual(map(message('{"symbol":"AAPL"}', '{"symbol":"AAPL","price":2,"ts":"2024-01-01 10:00:00"}'), { source: 'x' }),
    { symbol: 'AAPL', price: 2, ts: 1704103200000 });
  assert.deepEqual(map(message('{"symbol":"AAPL"}', null), { source: 'x' }), { symbol: 'AAPL', price: null, ts: null, $kind: 'delete' });
  const source = upsertKafkaTableFactory.createSource!(ctx) as KafkaSource<unknown>;
  assert.equal(source.options.startupMode, 'earliest-offset');
  assert.throws(() => upsertCtx({ 'key.fields': 'price' }), /option 'key.fields': is not an option of connector 'upsert-kafka'/);
});

test('upsert-kafka writes the primary key as the record key, deletes as tombstones, and drops update-before rows', () => {
  const ctx = upsertCtx();
  const layout = messageLayout(ctx.options, schema, ['symbol'], true);
  const encode = messageEncoder(layout, true);
  const keys = new OrderedKeys<unknown>();
  const encoder = new RecordEncoder(kafkaTableSinkOptions(ctx, true, keys, undefined), 'totals', 3, 0);
  const rows = [
    { symbol: 'AAPL', price: 1, ts: 1704103200000 },
    withKind({ symbol: 'AAPL', price: 1, ts: 1704103200000 }, 'update-before'),
    withKind({ symbol: 'AAPL', price: 2, ts: 1704103200000 }, 'update-after'),
    withKind({ symbol: 'AAPL', price: 2, ts: 1704103200000 }, 'delete'),
  ];
  const messages = rows.map(encode).filter((m) => m !== undefined);
  keys.set(messages.map((m) => m.key));
  const records = encoder.encode(messages.map((m) => m.value), messages.map(() => 5));
  assert.deepEqual(records.map((r) => [r.key?.toString(), r.value?.toString() ?? null]), [
    ['{"symbol":"AAPL"}', '{"symbol":"AAPL","price":1,"ts":"2024-01-01 10:00:00"}'],
    ['{"symbol":"AAPL"}', '{"symbol":"AAPL","price":2,"ts":"2024-01-01 10:00:00"}'],
    ['{"symbol":"AAPL"}', null],
  ]);
  assert.equal(new Set(records.map((r) => r.partition)).size, 1, 'one key, one partition');
});

test('upsert-kafka needs both formats', () => {
  assert.throws(() => tableContext(upsertKafkaTableFactory, schema, { 'connector': 'upsert-kafka', 'topic': 't', 'properties.bootstrap.servers': 'b:1', 'key.format': 'json' }),
    (e: unknown) => e instanceof ConfigError && e.option === 'value.format' && /is required by connector 'upsert-kafka'/.test(e.message));
});

kafkaTest('a kafka table written and read back on the broker keeps its rows, keys and record timestamps', async () => {
  const kafka = await connect();
  try {
    const topic = await newTopic(kafka, 'kafka-table', 2);
    const bootstrap = requireKafkaBootstrap();
    const options = { 'topic': topic, 'properties.bootstrap.servers': bootstrap, 'key.format': 'raw', 'key.fields': 'symbol', 'value.format': 'json', 'value.fields-include': 'EXCEPT_KEY', 'scan.bounded.mode': 'latest-offset' };
    const rows = [{ symbol: 'AAPL', price: 101.5, ts: 1704103200000 }, { symbol: 'MSFT', price: 99, ts: 1704103201000 }];
    const { format: _, ...base } = BASE;
    const ctx = tableContext(kafkaTableFactory, schema, { ...base, ...options }, {
      metadataColumns: [{ name: 'rt', key: 'timestamp', type: T.TIMESTAMP_LTZ(3) }],
    });
    await runTable(memorySource(rows, { times: rows.map((r) => r.ts) }), kafkaTableFactory.createSink!({ ...ctx, metadataColumns: [] }));
    const read = (await runTable(kafkaTableFactory.createSource!(ctx))).sort((a, b) => String(a.symbol).localeCompare(String(b.symbol)));
    assert.deepEqual(read, rows.map((r) => ({ ...r, rt: r.ts })));
  } finally {
    await kafka.close();
  }
});

kafkaTest('an upsert-kafka table on the broker reads back inserts, updates and tombstones', async () => {
  const kafka = await connect();
  try {
    const topic = await newTopic(kafka, 'upsert-table', 1);
    const ctx = upsertCtx({ 'topic': topic, 'properties.bootstrap.servers': requireKafkaBootstrap() });
    await runTable(memorySource([
      { symbol: 'AAPL', price: 1, ts: 1704103200000 },
      withKind({ symbol: 'MSFT', price: 5, ts: 1704103200000 }, 'insert'),
      withKind({ symbol: 'AAPL', price: 2, ts: 1704103201000 }, 'update-after'),
      withKind({ symbol: 'MSFT', price: 5, ts: 1704103200000 }, 'delete'),
    ]), upsertKafkaTableFactory.createSink!(ctx));
    const source = upsertKafkaTableFactory.createSource!(ctx) as KafkaSource<unknown>;
    // The upsert source is unbounded; read what is there through the reader API.
    const splits = await source.splits({ taskIndex: 0, parallelism: 1, now: Date.now });
    const reader = source.createReader(splits[0], undefined, { taskIndex: 0, parallelism: 1, now: Date.now });
    const values: unknown[] = [];
    const deadline = Date.now() + 10_000;
    while (values.length < 4 && Date.now() < deadline) {
      const batch = await reader.poll(10);
      if (typeof batch === 'object') values.push(...batch.values);
    }
    await reader.close();
    assert.deepEqual(values, [
      { symbol: 'AAPL', price: 1, ts: 1704103200000 },
      { symbol: 'MSFT', price: 5, ts: 1704103200000 },
      { symbol: 'AAPL', price: 2, ts: 1704103201000 },
      { symbol: 'MSFT', price: null, ts: null, $kind: 'delete' },
    ]);
  } finally {
    await kafka.close();
  }
});
