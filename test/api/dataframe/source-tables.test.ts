// The tables DataFrame sources become, planned and run through the SQL path (catalog → planner →
// connector registry → runtime): the in-process log, rate, JSON/CSV files, and Kafka on the test broker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sparkSourceTable, type SparkSourceSpec } from '../../../src/api/dataframe/source-options.ts';
import { tableDescriptor } from '../../../src/catalog/descriptors.ts';
import { KafkaClient } from '../../../src/connectors/kafka/client.ts';
import { InProcessLog } from '../../../src/connectors/log/in-process-log.ts';
import { DataTypes } from '../../../src/core/data-types.ts';
import { defaultConnectorRegistry } from '../../../src/engine/connector-registry.ts';
import { TableEnvironment } from '../../../src/engine/table-environment.ts';
import { kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../../kafka/kafka-env.ts';

const T = DataTypes;
const BASE = 1_704_103_200_000;
const SPARK_COLUMNS = 'CAST(`key` AS STRING) AS k, CAST(`value` AS STRING) AS v, topic, `partition`, `offset`, `timestamp`, timestampType';

/** A TableEnvironment whose `sluice-log` tables live in `log`, with the source registered as table `t`. */
function environment(spec: Omit<SparkSourceSpec, 'name'>, log = new InProcessLog()): TableEnvironment {
  const env = TableEnvironment.create({ mode: 'streaming', registry: defaultConnectorRegistry({ log: () => log }) });
  env.catalog.createTable(sparkSourceTable({ ...spec, name: 't' }).table);
  return env;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sluice-df-tables-'));
}

/** Puts a file into a watched directory whole: written under a hidden name, then renamed. */
function putFile(dir: string, name: string, text: string): void {
  writeFileSync(join(dir, `.${name}`), text);
  renameSync(join(dir, `.${name}`), join(dir, name));
}

test('a batch sluice-log source reads every partition with Spark\'s columns; a missing key is NULL', async () => {
  const log = new InProcessLog();
  log.createTopic('trades', { partitions: 2 });
  log.append('trades', 0, [{ key: 'AAPL', value: '{"price":1}', timestamp: BASE, headers: { source: 'ny' } }]);
  log.append('trades', 1, [{ key: null, value: '{"price":2}', timestamp: BASE + 1000 }, { key: 'MSFT', value: '{"price":3}', timestamp: BASE + 2000 }]);
  const env = environment({ format: 'sluice-log', streaming: false, options: { subscribe: 'trades', includeHeaders: 'true', 'kafka.bootstrap.servers': 'ignored:9092' } }, log);
  const rows = await env.sqlQuery(`SELECT ${SPARK_COLUMNS}, headers FROM t ORDER BY \`timestamp\``).toArray();
  assert.deepEqual(rows, [
    { k: 'AAPL', v: '{"price":1}', topic: 'trades', partition: 0, offset: 0, timestamp: BASE, timestampType: 0, headers: { source: 'ny' } },
    { k: null, v: '{"price":2}', topic: 'trades', partition: 1, offset: 0, timestamp: BASE + 1000, timestampType: 0, headers: {} },
    { k: 'MSFT', v: '{"price":3}', topic: 'trades', partition: 1, offset: 1, timestamp: BASE + 2000, timestampType: 0, headers: {} },
  ]);
  const [first] = await env.sqlQuery('SELECT `key`, `value` FROM t WHERE `offset` = 0 AND `partition` = 0').toArray();
  assert.deepEqual(first, { key: new TextEncoder().encode('AAPL'), value: new TextEncoder().encode('{"price":1}') }, 'key and value are bytes');
});

test('a watermark on the timestamp column drives event-time windows over a streaming sluice-log source', async () => {
  const log = new InProcessLog();
  log.createTopic('trades', { partitions: 1 });
  // Windows of 2 s, watermark 1 s behind: [0, 2 s) closes when the record at 4 s arrives; [2 s, 4 s) stays open.
  log.append('trades', 0, [0, 1500, 2500, 900, 4000].map((ms) => ({ key: null, value: 'x', timestamp: BASE + ms })));
  const env = TableEnvironment.create({ mode: 'streaming', registry: defaultConnectorRegistry({ log: () => log }) });
  const { table } = sparkSourceTable({ format: 'sluice-log', streaming: true, name: 't', options: { subscribe: 'trades', startingOffsets: 'earliest' } });
  env.catalog.createTable(tableDescriptor({ ...table, watermark: { column: 'timestamp', expression: "`timestamp` - INTERVAL '1' SECOND" } }));
  const rows = await env.sqlQuery(
    "SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(`timestamp`), INTERVAL '2' SECOND)) GROUP BY window_start, window_end",
  ).toArray({ limit: 1 });
  assert.deepEqual(rows, [{ window_start: BASE, n: 3 }]);
});

test('a streaming sluice-log source starts at the latest offsets by default, as Spark', async () => {
  const log = new InProcessLog();
  log.createTopic('trades', { partitions: 1 });
  log.append('trades', 0, [{ value: 'old' }]);
  const env = environment({ format: 'sluice-log', streaming: true, options: { subscribe: 'trades' } }, log);
  // Appended until the query sees one: whenever the reader opened, the record before it is never read.
  const producing = setInterval(() => log.append('trades', 0, [{ value: 'new' }]), 50);
  try {
    const [row] = await env.sqlQuery('SELECT CAST(`value` AS STRING) AS v, `offset` FROM t').toArray({ limit: 1 });
    assert.equal(row.v, 'new');
    assert.ok((row.offset as number) >= 1);
  } finally {
    clearInterval(producing);
  }
});

test('the rate source counts from 0 with timestamps a row-interval apart', async () => {
  const env = environment({ format: 'rate', streaming: true, options: { rowsPerSecond: '1000' } });
  const rows = await env.sqlQuery('SELECT `value`, `timestamp` FROM t').toArray({ limit: 5 });
  assert.deepEqual(rows.map((r) => r.value), [0, 1, 2, 3, 4]);
  assert.deepEqual(rows.map((r) => (r.timestamp as number) - (rows[0].timestamp as number)), [0, 1, 2, 3, 4]);
});

test('batch JSON files without a schema are read with the inferred one', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a.jsonl'), '{"symbol":"AAPL","shares":10,"price":101.5}\n{"symbol":"MSFT","shares":5,"price":99}\n');
  const env = environment({ format: 'json', streaming: false, paths: [dir], options: {} });
  assert.deepEqual(await env.sqlQuery('SELECT * FROM t').toArray(), [
    { price: 101.5, shares: 10, symbol: 'AAPL' },
    { price: 99, shares: 5, symbol: 'MSFT' },
  ]);
});

test('batch CSV with a header and a schema given, and a custom separator', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a.csv'), 'symbol;ts;price\nAAPL;2024-01-01 10:00:00;101.5\nMSFT;2024-01-01 10:00:01;NA\n');
  const schema = T.ROW([{ name: 'symbol', type: T.STRING() }, { name: 'ts', type: T.TIMESTAMP(3) }, { name: 'price', type: T.DOUBLE() }]);
  const env = environment({ format: 'csv', streaming: false, paths: [dir], schema, options: { header: 'true', sep: ';', nullValue: 'NA' } });
  assert.deepEqual(await env.sqlQuery('SELECT * FROM t').toArray(), [
    { symbol: 'AAPL', ts: BASE, price: 101.5 },
    { symbol: 'MSFT', ts: BASE + 1000, price: null },
  ]);
});

test('a streaming JSON source reads the files in its directory, then files that appear later', async () => {
  const dir = tempDir();
  putFile(dir, 'a.jsonl', '{"n":1}\n{"n":2}\n');
  const schema = T.ROW([{ name: 'n', type: T.INT() }]);
  const env = environment({ format: 'json', streaming: true, paths: [dir], schema, options: {} });
  const collected = env.sqlQuery('SELECT n FROM t').toArray({ limit: 3 });
  setTimeout(() => putFile(dir, 'b.jsonl', '{"n":3}\n'), 100);
  assert.deepEqual(await collected, [{ n: 1 }, { n: 2 }, { n: 3 }]);
});

kafkaTest('a kafka source on the broker: batch reads the topic with timestampType from the topic\'s timestamp type, streaming from offsets', async () => {
  const bootstrap = requireKafkaBootstrap();
  const kafka = await KafkaClient.connect({ bootstrapServers: bootstrap });
  try {
    const created = uniqueTopic('df-created');
    const appended = uniqueTopic('df-appended');
    await kafka.createTopic(created, { partitions: 2, replicationFactor: 1 });
    await kafka.createTopic(appended, { partitions: 1, replicationFactor: 1, configs: { 'message.timestamp.type': 'LogAppendTime' } });
    const producer = kafka.producer();
    try {
      await producer.send([
        { topic: created, partition: 0, key: Buffer.from('AAPL'), value: Buffer.from('{"p":1}'), timestamp: BASE },
        { topic: created, partition: 1, key: null, value: Buffer.from('{"p":2}'), timestamp: BASE + 1000 },
        { topic: created, partition: 1, key: null, value: Buffer.from('{"p":3}'), timestamp: BASE + 2000 },
        { topic: appended, partition: 0, key: null, value: Buffer.from('{"p":4}'), timestamp: BASE },
      ]);
    } finally {
      await producer.close();
    }
    const servers = { 'kafka.bootstrap.servers': bootstrap };
    const batch = environment({ format: 'kafka', streaming: false, options: { ...servers, subscribe: created } });
    assert.deepEqual(await batch.sqlQuery(`SELECT ${SPARK_COLUMNS} FROM t ORDER BY \`timestamp\``).toArray(), [
      { k: 'AAPL', v: '{"p":1}', topic: created, partition: 0, offset: 0, timestamp: BASE, timestampType: 0 },
      { k: null, v: '{"p":2}', topic: created, partition: 1, offset: 0, timestamp: BASE + 1000, timestampType: 0 },
      { k: null, v: '{"p":3}', topic: created, partition: 1, offset: 1, timestamp: BASE + 2000, timestampType: 0 },
    ]);
    const logTime = environment({ format: 'kafka', streaming: false, options: { ...servers, subscribe: appended } });
    const [record] = await logTime.sqlQuery('SELECT timestampType, `timestamp` FROM t').toArray();
    assert.equal(record.timestampType, 1, 'LogAppendTime is 1, as in Spark');
    assert.ok((record.timestamp as number) > BASE, 'the broker stamped the record with its own time');
    const onlyOne = environment({ format: 'kafka', streaming: false, options: { ...servers, assign: JSON.stringify({ [created]: [1] }) } });
    assert.deepEqual((await onlyOne.sqlQuery('SELECT CAST(`value` AS STRING) AS v, `partition` FROM t').toArray()).map((r) => r.v).sort(),
      ['{"p":2}', '{"p":3}'], 'assign reads partition 1 only');
    const missing = environment({ format: 'kafka', streaming: false, options: { ...servers, assign: JSON.stringify({ [created]: [5] }) } });
    await assert.rejects(() => missing.sqlQuery('SELECT `partition` FROM t').toArray(), /has no partition 5 \(it has 2\)/);
    const streaming = environment({ format: 'kafka', streaming: true, options: { ...servers, subscribe: created, startingOffsets: JSON.stringify({ [created]: { '0': -2, '1': 1 } }) } });
    const rows = await streaming.sqlQuery('SELECT CAST(`value` AS STRING) AS v FROM t').toArray({ limit: 2 });
    assert.deepEqual(rows.map((r) => r.v).sort(), ['{"p":1}', '{"p":3}'], 'partition 1 starts at offset 1');
  } finally {
    await kafka.close();
  }
});
