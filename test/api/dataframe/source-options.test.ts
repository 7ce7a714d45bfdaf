import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sparkSourceTable, type SparkSourceSpec } from '../../../src/api/dataframe/source-options.ts';
import { TIMESTAMP_TYPE_NAME_COLUMN } from '../../../src/api/dataframe/source-kafka.ts';
import type { ColumnDescriptor } from '../../../src/catalog/descriptors.ts';
import { DataTypes, typeToString } from '../../../src/core/data-types.ts';
import { ConfigError } from '../../../src/core/errors.ts';
import { defaultConnectorRegistry } from '../../../src/engine/connector-registry.ts';

const T = DataTypes;
const SERVERS = { 'kafka.bootstrap.servers': 'localhost:9092' };

function source(spec: Partial<SparkSourceSpec> & { options: Record<string, string> }) {
  return sparkSourceTable({ format: 'kafka', streaming: true, name: 'src', ...spec });
}

const kafka = (options: Record<string, string>, streaming = true) => source({ options: { ...SERVERS, subscribe: 'trades', ...options }, streaming });

/** Asserts a ConfigError naming `option` whose message matches `pattern`. */
function rejects(fn: () => unknown, option: string, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.equal(error.option, option);
    assert.match(error.message, pattern);
    return true;
  });
}

function describe(columns: readonly ColumnDescriptor[]): string[] {
  return columns.map((c) => `${c.name} ${c.kind}${c.kind === 'computed' ? '' : ` ${typeToString(c.type)}`}${c.kind === 'metadata' ? ` FROM ${c.key ?? c.name}` : ''}`);
}

test("a kafka source has Spark's columns over the raw key/value formats and metadata columns", () => {
  const { table, columns } = kafka({});
  assert.deepEqual(describe(table.columns), [
    'key physical BYTES',
    'value physical BYTES',
    'topic metadata STRING NOT NULL FROM topic',
    'partition metadata INT NOT NULL FROM partition',
    'offset metadata BIGINT NOT NULL FROM offset',
    'timestamp metadata TIMESTAMP_LTZ(3) NOT NULL FROM timestamp',
    'timestampType computed',
    `${TIMESTAMP_TYPE_NAME_COLUMN} metadata STRING NOT NULL FROM timestamp-type`,
  ]);
  assert.deepEqual(columns, ['key', 'value', 'topic', 'partition', 'offset', 'timestamp', 'timestampType'], 'the helper column is not shown');
  assert.ok(table.columns.every((c) => c.kind !== 'metadata' || c.virtual), 'metadata columns are read-only');
  assert.deepEqual(table.options, {
    'connector': 'kafka',
    'topic': 'trades',
    'properties.bootstrap.servers': 'localhost:9092',
    'key.format': 'raw',
    'key.fields': 'key',
    'value.format': 'raw',
    'value.fields-include': 'EXCEPT_KEY',
    'scan.startup.mode': 'latest-offset',
  });
});

test('the kafka descriptor passes the kafka connector\'s own checks (options, metadata keys and types)', () => {
  const registry = defaultConnectorRegistry();
  const variants: Record<string, string>[] = [{}, { includeHeaders: 'true' }, { startingOffsets: '{"trades":{"0":5,"1":-2}}' }];
  for (const options of variants) {
    assert.doesNotThrow(() => registry.tableContext(kafka(options).table, 'source'));
  }
  assert.doesNotThrow(() => registry.tableContext(kafka({}, false).table, 'source'));
  assert.doesNotThrow(() => registry.tableContext(source({ format: 'sluice-log', options: { subscribe: 'trades', includeHeaders: 'true' } }).table, 'source'));
});

test('streaming starts at the latest offsets and never ends; batch reads from the earliest to the latest', () => {
  const streaming = kafka({}).table.options;
  assert.equal(streaming['scan.startup.mode'], 'latest-offset');
  assert.equal(streaming['scan.bounded.mode'], undefined);
  const batch = kafka({}, false).table.options;
  assert.equal(batch['scan.startup.mode'], 'earliest-offset');
  assert.equal(batch['scan.bounded.mode'], 'latest-offset');
});

test('options are case-insensitive, as in Spark', () => {
  const { table, maxRecordsPerTrigger } = source({
    options: { 'KAFKA.BOOTSTRAP.SERVERS': 'b:9092', 'Subscribe': 'a, b', 'STARTINGOFFSETS': 'Earliest', 'maxoffsetspertrigger': '500', 'kafka.Client.Id': 'me' },
  });
  assert.equal(table.options['topic'], 'a;b');
  assert.equal(table.options['properties.bootstrap.servers'], 'b:9092');
  assert.equal(table.options['properties.client.id'], 'me');
  assert.equal(table.options['scan.startup.mode'], 'earliest-offset');
  assert.equal(maxRecordsPerTrigger, 500);
  assert.equal(sparkSourceTable({ format: 'Kafka', streaming: true, name: 'k', options: { ...SERVERS, subscribe: 't' } }).table.options['connector'], 'kafka');
});

test('subscribePattern reads matching topics; kafka.* become properties.*; includeHeaders adds the headers column', () => {
  const { table, columns } = source({ options: { ...SERVERS, subscribePattern: 'stock-.*', 'kafka.group.id': 'g1', 'kafka.isolation.level': 'read_uncommitted', includeHeaders: 'TRUE' } });
  assert.equal(table.options['topic-pattern'], 'stock-.*');
  assert.equal(table.options['topic'], undefined);
  assert.equal(table.options['properties.group.id'], 'g1');
  assert.equal(table.options['properties.isolation.level'], 'read_uncommitted');
  assert.equal(columns.at(-1), 'headers');
  assert.equal(describe(table.columns).find((c) => c.startsWith('headers')), 'headers metadata MAP<STRING, BYTES> NOT NULL FROM headers');
});

test('startingOffsets JSON: all -2 is earliest, all -1 latest, numbers become specific offsets', () => {
  assert.equal(kafka({ startingOffsets: '{"trades":{"0":-2,"1":-2}}' }).table.options['scan.startup.mode'], 'earliest-offset');
  assert.equal(kafka({ startingOffsets: '{"trades":{"0":-1}}' }).table.options['scan.startup.mode'], 'latest-offset');
  const specific = kafka({ startingOffsets: '{"trades":{"0":23,"1":-2,"2":7}}' }).table.options;
  assert.equal(specific['scan.startup.mode'], 'specific-offsets');
  assert.equal(specific['scan.startup.specific-offsets'], 'partition:0,offset:23;partition:2,offset:7', 'partitions at -2 are left to start at the earliest');
});

test('endingOffsets (batch): latest, or numbers per partition with -1 for latest', () => {
  const options = kafka({ startingOffsets: '{"trades":{"0":1}}', endingOffsets: '{"trades":{"0":50,"1":-1}}' }, false).table.options;
  assert.equal(options['scan.bounded.mode'], 'specific-offsets');
  assert.equal(options['scan.bounded.specific-offsets'], 'partition:0,offset:50');
  assert.equal(kafka({ endingOffsets: '{"trades":{"0":-1}}' }, false).table.options['scan.bounded.mode'], 'latest-offset');
});

test('availableNow (trigger once) keeps the streaming defaults and rules but ends at the latest offsets', () => {
  const options = source({ availableNow: true, options: { ...SERVERS, subscribe: 'trades' } }).table.options;
  assert.equal(options['scan.startup.mode'], 'latest-offset');
  assert.equal(options['scan.bounded.mode'], 'latest-offset');
  const log = source({ format: 'sluice-log', availableNow: true, options: { subscribe: 'trades', startingOffsets: 'earliest' } }).table.options;
  assert.deepEqual([log['scan.startup.mode'], log['scan.bounded.mode']], ['earliest-offset', 'latest-offset']);
  rejects(() => source({ availableNow: true, options: { ...SERVERS, subscribe: 'trades', endingOffsets: 'latest' } }), 'endingOffsets', /batch queries/);
  rejects(() => source({ format: 'rate', availableNow: true, options: {} }), 'format', /never ends/);
});

test('startingTimestamp wins over startingOffsets; endingTimestamp bounds a batch query', () => {
  const options = kafka({ startingTimestamp: '1704103200000', startingOffsets: 'earliest', endingTimestamp: '1704103260000' }, false).table.options;
  assert.equal(options['scan.startup.mode'], 'timestamp');
  assert.equal(options['scan.startup.timestamp-millis'], '1704103200000');
  assert.equal(options['scan.bounded.mode'], 'timestamp');
  assert.equal(options['scan.bounded.timestamp-millis'], '1704103260000');
});

test("Spark's rules on offsets: no end for streaming, batch never starts at latest nor ends at earliest", () => {
  rejects(() => kafka({ endingOffsets: 'latest' }), 'endingOffsets', /batch queries \(spark\.read\) only/);
  rejects(() => kafka({ endingTimestamp: '5' }), 'endingTimestamp', /batch queries/);
  rejects(() => kafka({ startingOffsets: 'latest' }, false), 'startingOffsets', /cannot be 'latest'.*batch/);
  rejects(() => kafka({ startingOffsets: '{"trades":{"0":-1,"1":3}}' }, false), 'startingOffsets', /trades-0 cannot be -1 \(latest\) for a batch query/);
  rejects(() => kafka({ endingOffsets: 'earliest' }, false), 'endingOffsets', /cannot be 'earliest'/);
  rejects(() => kafka({ endingOffsets: '{"trades":{"0":-2}}' }, false), 'endingOffsets', /-2 \(earliest, trades-0\)/);
});

test('offsets Flink cannot express fail naming the option instead of reading from elsewhere', () => {
  rejects(() => kafka({ startingOffsets: '{"trades":{"0":-1,"1":3}}' }), 'startingOffsets', /cannot mix -1 \(latest, trades-0\)/);
  rejects(() => source({ options: { ...SERVERS, subscribe: 'a,b', startingOffsets: '{"a":{"0":3}}' } }), 'startingOffsets', /exactly one topic.*2 topics/);
  rejects(() => source({ options: { ...SERVERS, subscribePattern: 'a.*', startingOffsets: '{"a1":{"0":3}}' } }), 'startingOffsets', /subscribePattern/);
  rejects(() => kafka({ startingOffsets: '{"other":{"0":3}}' }), 'startingOffsets', /'other', which is not subscribed/);
  rejects(() => kafka({ 'kafka.group.id': 'g', startingOffsets: '{"trades":{"0":3,"1":-2}}' }), 'startingOffsets', /group's committed offsets/);
  rejects(() => kafka({ startingOffsets: 'earliset' }), 'startingOffsets', /must be 'earliest', 'latest' or JSON/);
  rejects(() => kafka({ startingOffsets: '{"trades":{"x":3}}' }), 'startingOffsets', /'x' of topic 'trades' is not a partition number/);
  rejects(() => kafka({ startingOffsets: '{"trades":{"0":-3}}' }), 'startingOffsets', /-2 \(earliest\) or -1 \(latest\)/);
});

test('the subscription must be exactly one of subscribe, subscribePattern and assign; a bad assign names the problem', () => {
  rejects(() => source({ options: SERVERS }), 'subscribe', /one of 'subscribe', 'subscribePattern' or 'assign' must be set/);
  rejects(() => source({ options: { ...SERVERS, subscribe: 'a', subscribePattern: 'b' } }), 'subscribePattern', /only one of/);
  rejects(() => source({ format: 'sluice-log', options: { assign: '{"trades":[0,1]}' } }), 'assign', /reads every partition of its topic; use 'subscribe'/);
  rejects(() => source({ options: { ...SERVERS, assign: 'trades' } }), 'assign', /expected JSON such as/);
  rejects(() => source({ options: { ...SERVERS, assign: '{"trades":[]}' } }), 'assign', /non-empty list of partition numbers/);
  const assigned = source({ options: { ...SERVERS, assign: '{"trades":[0,2],"quotes":[1]}' } }).table.options;
  assert.equal(assigned['topic'], 'trades;quotes');
  assert.equal(assigned['scan.partitions'], 'trades:0,2;quotes:1');
  rejects(() => source({ options: { ...SERVERS, subscribe: ' , ' } }), 'subscribe', /names no topic/);
});

test('kafka.bootstrap.servers is required for kafka; Kafka properties Spark refuses are refused with its reason', () => {
  rejects(() => source({ options: { subscribe: 't' } }), 'kafka.bootstrap.servers', /must be set for the 'kafka' source/);
  rejects(() => kafka({ 'kafka.auto.offset.reset': 'earliest' }), 'kafka.auto.offset.reset', /set the source option 'startingOffsets' instead/);
  rejects(() => kafka({ 'kafka.value.deserializer': 'x' }), 'kafka.value.deserializer', /values are read as bytes/);
});

test('an unknown option fails naming it, the nearest valid one and the list', () => {
  rejects(() => kafka({ startingOffset: 'earliest' }), 'startingOffset', /not an option of the 'kafka' source\. Did you mean 'startingOffsets'\? Valid options: assign, endingOffsets, endingTimestamp, failOnDataLoss, .*kafka\.\*/);
  rejects(() => kafka({ maxOffsetsPerTrigger: '0' }), 'maxOffsetsPerTrigger', /at least 1/);
  rejects(() => kafka({ includeHeaders: 'yes' }), 'includeHeaders', /'true' or 'false'/);
  rejects(() => source({ format: 'kafka', schema: T.ROW([]), options: { ...SERVERS, subscribe: 't' } }), 'schema', /fixed schema/);
  rejects(() => source({ format: 'parquet', options: {} }), 'format', /unknown source format 'parquet'\. Available: csv, json, kafka, rate, sluice-log/);
  rejects(() => source({ format: 'kafak', options: {} }), 'format', /Did you mean 'kafka'\?/);
});

test('failOnDataLoss and groupIdPrefix are accepted, as Spark code sets them', () => {
  assert.doesNotThrow(() => kafka({ failOnDataLoss: 'false', groupIdPrefix: 'spark-kafka' }));
  // Lost offsets fail the query by default; failOnDataLoss=false goes on from the earliest offset left.
  assert.equal(kafka({}).table.options['properties.auto.offset.reset'], undefined);
  assert.equal(kafka({ failOnDataLoss: 'true' }).table.options['properties.auto.offset.reset'], undefined);
  assert.equal(kafka({ failOnDataLoss: 'false' }).table.options['properties.auto.offset.reset'], 'earliest');
  rejects(() => kafka({ failOnDataLoss: 'no' }), 'failOnDataLoss', /'true' or 'false'/);
});

test('sluice-log takes the same options and columns; client properties are dropped, the group id kept', () => {
  const { table, columns } = source({
    format: 'sluice-log', options: { ...SERVERS, subscribe: 'trades', 'kafka.group.id': 'g', 'kafka.security.protocol': 'SSL', startingOffsets: 'earliest' },
  });
  assert.deepEqual(columns, ['key', 'value', 'topic', 'partition', 'offset', 'timestamp', 'timestampType']);
  assert.deepEqual(table.columns.map((c) => c.name), columns, 'no helper column: the log has create times only');
  assert.deepEqual(table.options, {
    'connector': 'sluice-log', 'topic': 'trades', 'properties.group.id': 'g',
    'key.format': 'raw', 'key.fields': 'key', 'value.format': 'raw', 'value.fields-include': 'EXCEPT_KEY',
    'scan.startup.mode': 'earliest-offset',
  });
  const batch = source({ format: 'sluice-log', streaming: false, options: { subscribe: 'trades' } }).table.options;
  assert.equal(batch['scan.bounded.mode'], 'latest-offset');
});

test('what the in-process log cannot do fails naming the option', () => {
  const log = (options: Record<string, string>, streaming = true) => source({ format: 'sluice-log', options: { subscribe: 'trades', ...options }, streaming });
  rejects(() => log({ subscribe: 'a,b' }), 'subscribe', /reads one topic, got 2/);
  rejects(() => source({ format: 'sluice-log', options: { subscribePattern: 'a.*' } }), 'subscribePattern', /named topics only/);
  rejects(() => log({ startingOffsets: '{"trades":{"0":4}}' }), 'startingOffsets', /earliest or latest offsets only/);
  rejects(() => log({ endingOffsets: '{"trades":{"0":4}}' }, false), 'endingOffsets', /earliest or latest offsets only/);
  rejects(() => log({ startingTimestamp: '1000' }), 'startingTimestamp', /cannot look up offsets by time/);
});

test('rate: timestamp TIMESTAMP(3) and value BIGINT; Spark option names and time text; streaming only', () => {
  const { table, columns } = source({ format: 'rate', options: { rowsPerSecond: '100', rampUpTime: '5s', numPartitions: '4' } });
  assert.deepEqual(describe(table.columns), ['timestamp physical TIMESTAMP(3)', 'value physical BIGINT']);
  assert.deepEqual(columns, ['timestamp', 'value']);
  assert.deepEqual(table.options, { 'connector': 'rate', 'rows-per-second': '100', 'number-of-partitions': '4', 'ramp-up-time': '5 s' });
  assert.equal(source({ format: 'rate', options: { rampUpTime: '2' } }).table.options['ramp-up-time'], '2 s', 'a bare number is seconds');
  assert.equal(source({ format: 'rate', options: {} }).table.options['rows-per-second'], '1');
  assert.doesNotThrow(() => defaultConnectorRegistry().tableContext(table, 'source'));
  rejects(() => source({ format: 'rate', options: {}, streaming: false }), 'format', /streaming queries only/);
  rejects(() => source({ format: 'rate', options: { rowsPerSec: '3' } }), 'rowsPerSec', /Did you mean 'rowsPerSecond'\?/);
});

test('json and csv: a path, the schema given, CSV options mapped; streaming watches the directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-df-src-'));
  const schema = T.ROW([{ name: 'symbol', type: T.STRING() }, { name: 'price', type: T.DOUBLE() }]);
  const csv = source({ format: 'csv', schema, paths: [dir], options: { header: 'true', sep: ';', quote: "'", nullValue: 'NA', mode: 'DROPMALFORMED', maxFilesPerTrigger: '2' } });
  assert.deepEqual(csv.table.options, {
    'connector': 'filesystem', 'path': dir, 'format': 'csv', 'csv.header': 'true', 'csv.field-delimiter': ';', 'csv.quote-character': "'",
    'csv.null-literal': 'NA', 'csv.ignore-parse-errors': 'true', 'source.monitor-interval': '500 ms',
  });
  assert.equal(csv.maxFilesPerTrigger, 2);
  assert.deepEqual(describe(csv.table.columns), ['symbol physical STRING', 'price physical DOUBLE']);
  assert.doesNotThrow(() => defaultConnectorRegistry().tableContext(csv.table, 'source'));
  const json = source({ format: 'json', schema, streaming: false, options: { path: dir, mode: 'failfast' } });
  assert.deepEqual(json.table.options, { 'connector': 'filesystem', 'path': dir, 'format': 'json', 'json.ignore-parse-errors': 'false' });
  const loaded = source({ format: 'json', schema, paths: [dir], options: { path: '/elsewhere' } });
  assert.equal(loaded.table.options['path'], dir, 'load(path) wins over the path option, as in Spark');
  const once = source({ format: 'json', schema, paths: [dir], availableNow: true, options: {} });
  assert.equal(once.table.options['source.monitor-interval'], undefined, 'availableNow reads the files there now');
});

test("file sources: Spark's schema rule for streaming, one path, supported modes only", () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-df-src-'));
  rejects(() => source({ format: 'json', paths: [dir], options: {} }), 'schema', /^option 'schema': Schema must be specified when creating a streaming source DataFrame/);
  rejects(() => source({ format: 'json', options: {} }), 'path', /needs a file or directory: load\(path\)/);
  rejects(() => source({ format: 'json', paths: [dir, dir], options: {} }), 'path', /reads one file or directory, got 2/);
  const schema = T.ROW([{ name: 'a', type: T.STRING() }]);
  rejects(() => source({ format: 'csv', schema, paths: [dir], options: { mode: 'PERMISSIVE' } }), 'mode', /'PERMISSIVE'.*not supported/);
  rejects(() => source({ format: 'json', schema, paths: [dir], options: { header: 'true' } }), 'header', /not an option of the 'json' source/);
});
