import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, fromFlinkOptions, kafkaSink, kafkaSource, sourceOptionsFromFlink } from 'sluice';

const BASE = { 'connector': 'kafka', 'properties.bootstrap.servers': '127.0.0.1:9092', 'format': 'json' };

test("Flink's table options become typed source and sink options", () => {
  const { source, sink } = fromFlinkOptions({
    ...BASE,
    'topic': 'trades',
    'properties.group.id': 'stats',
    'scan.startup.mode': 'specific-offsets',
    'scan.startup.specific-offsets': 'partition:0,offset:42;partition:1,offset:300',
    'scan.bounded.mode': 'timestamp',
    'scan.bounded.timestamp-millis': '1704103200000',
    'json.ignore-parse-errors': 'true',
    'properties.isolation.level': 'read_uncommitted',
    'scan.topic-partition-discovery.interval': '5 min',
    'sink.delivery-guarantee': 'exactly-once',
    'sink.transactional-id-prefix': 'stats-tx',
    'sink.partitioner': 'round-robin',
    'key.fields': 'symbol',
  });
  assert.deepEqual(source, {
    bootstrapServers: '127.0.0.1:9092', topic: 'trades', groupId: 'stats', startupMode: 'specific-offsets',
    specificOffsets: [{ partition: 0, offset: 42 }, { partition: 1, offset: 300 }],
    boundedMode: 'timestamp', boundedTimestampMillis: 1704103200000, valueFormat: 'json',
    isolationLevel: 'read_uncommitted', partitionDiscoveryIntervalMs: 300_000, ignoreParseErrors: true,
  });
  assert.deepEqual(sink, {
    bootstrapServers: '127.0.0.1:9092', topic: 'trades', valueFormat: 'json', partitioner: 'round-robin',
    deliveryGuarantee: 'exactly-once', transactionalIdPrefix: 'stats-tx', keyFields: ['symbol'],
  });
});

test('several topics separated by semicolons, or a pattern, read as a source only', () => {
  const many = fromFlinkOptions({ ...BASE, 'topic': 'a;b' });
  assert.deepEqual(many.source.topics, ['a', 'b']);
  assert.equal(many.sink, undefined);
  const pattern = sourceOptionsFromFlink({ ...BASE, 'topic-pattern': 'trades-.*' });
  assert.equal(pattern.topicPattern, 'trades-.*');
});

test('an unknown option fails naming it and listing the valid ones', () => {
  assert.throws(() => fromFlinkOptions({ ...BASE, 'topic': 't', 'scan.startup.mod': 'earliest-offset' }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.option, 'scan.startup.mod');
    assert.match(error.message, /is not a Kafka connector option; valid options: .*scan\.startup\.mode/);
    return true;
  });
});

test('malformed values fail naming the option', () => {
  assert.throws(() => sourceOptionsFromFlink({ ...BASE, 'topic': 't', 'scan.startup.specific-offsets': 'p0:42' }), /option 'scan.startup.specific-offsets': expected 'partition:N,offset:M/);
  assert.throws(() => sourceOptionsFromFlink({ ...BASE, 'topic': 't', 'scan.startup.timestamp-millis': 'yesterday' }), /option 'scan.startup.timestamp-millis': must be a number/);
  assert.throws(() => sourceOptionsFromFlink({ ...BASE, 'topic': 't', 'json.ignore-parse-errors': 'yes' }), /must be 'true' or 'false'/);
  assert.throws(() => sourceOptionsFromFlink({ ...BASE, 'connector': 'kinesis', 'topic': 't' }), /option 'connector': must be 'kafka'/);
  assert.throws(() => sourceOptionsFromFlink({ 'connector': 'kafka', 'topic': 't' }), /option 'properties.bootstrap.servers': is required/);
});

test('the factories take the Flink map directly and check option combinations', () => {
  const source = kafkaSource({ ...BASE, 'topic': 't', 'properties.group.id': 'g' });
  assert.equal(source.options.startupMode, 'group-offsets');
  assert.equal(source.bounded, false);
  assert.equal(kafkaSource({ ...BASE, 'topic': 't', 'scan.bounded.mode': 'latest-offset' }).bounded, true);
  assert.equal(kafkaSink({ ...BASE, 'topic': 't' }).name, 'kafka:t');
  assert.throws(() => kafkaSource({ bootstrapServers: 'h:1', topic: 't', topics: ['u'] }), /name exactly one of topic, topics or topicPattern/);
  assert.throws(() => kafkaSource({ bootstrapServers: 'h:1', topic: 't', startupMode: 'group-offsets' }), /'group-offsets' needs a groupId/);
  assert.throws(() => kafkaSource({ bootstrapServers: 'h:1', topic: 't', startupMode: 'timestamp' }), /option 'startupTimestampMillis'/);
  assert.throws(() => kafkaSource({ bootstrapServers: 'h:1', topic: 't', ignoreParseErrors: true, deadLetterTopic: 'dlq' }), /choose one/);
  assert.throws(() => kafkaSource({ bootstrapServers: 'h:1', topic: 't', valueFormat: 'csv' }), /option 'valueFormat': 'csv' needs its columns/);
  assert.throws(() => kafkaSource({ bootstrapServers: 'h:1', topicPattern: '(' }), /option 'topicPattern': is not a regular expression/);
  assert.throws(() => kafkaSink({ bootstrapServers: 'h:1', topic: 't', deliveryGuarantee: 'twice' as never }), /option 'deliveryGuarantee'/);
  assert.throws(() => kafkaSink({ bootstrapServers: '', topic: 't' }), /option 'bootstrapServers'/);
});

test('dead-letter and offset-reset options: Flink spellings map to the typed ones, bad values are named', () => {
  const { source } = fromFlinkOptions({
    'connector': 'kafka', 'topic': 't', 'properties.bootstrap.servers': 'h:1', 'properties.auto.offset.reset': 'latest',
    'scan.dead-letter-topic': 'dlq', 'scan.dead-letter.delivery-guarantee': 'at-least-once', 'scan.dead-letter.transactional-id-prefix': 'dl',
  });
  assert.equal(source.autoOffsetReset, 'latest');
  assert.equal(source.deadLetterTopic, 'dlq');
  assert.equal(source.deadLetterDeliveryGuarantee, 'at-least-once');
  assert.equal(source.deadLetterTransactionalIdPrefix, 'dl');
  assert.throws(() => kafkaSource({ bootstrapServers: 'h:1', topic: 't', deadLetterTopic: 'dlq', deadLetterDeliveryGuarantee: 'twice' as never }),
    /option 'deadLetterDeliveryGuarantee': must be one of 'exactly-once', 'at-least-once', got 'twice'/);
  assert.throws(() => kafkaSource({ bootstrapServers: 'h:1', topic: 't', deadLetterDeliveryGuarantee: 'exactly-once' }), /'deadLetterDeliveryGuarantee': needs a deadLetterTopic/);
  assert.throws(() => kafkaSource({ bootstrapServers: 'h:1', topic: 't', autoOffsetReset: 'smallest' as never }), /'autoOffsetReset': must be one of 'earliest', 'latest', 'none'/);
});
