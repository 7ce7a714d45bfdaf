// The seed's Flink SQL as a user runs it: `sluice run examples/seed-flink-sql.sql` (a script) and
// examples/seed-flink-sql.ts (the PyFlink program in TypeScript), both against hand-computed windows;
// a mistake in a script is `file:line:col` with a caret, no stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EnvironmentSettings, TableEnvironment, formatTimestamp } from 'sluice';
import { seedFlinkSql } from '../../examples/seed-flink-sql.ts';
import { createTopic, kafkaTest, requireKafkaBootstrap } from '../kafka/kafka-env.ts';
import { sluice } from './run-cli.ts';


/** Hourly shares and average price of the trades the examples write (09:47:27 arrives 3 s out of order). */
const EXPECTED = [
  ['AAPL', '2024-01-02 09:00:00.000', 175, (187.5 + 188.1 + 187.9) / 3],
  ['MSFT', '2024-01-02 09:00:00.000', 40, 370],
  ['AAPL', '2024-01-02 10:00:00.000', 80, 189],
  ['GOOG', '2024-01-02 10:00:00.000', 30, 140.25],
  ['MSFT', '2024-01-02 10:00:00.000', 70, (371.5 + 372) / 2],
] as const;


const javaDouble = (x: number) => (Number.isInteger(x) ? `${x}.0` : String(x));

test('sluice run examples/seed-flink-sql.sql prints the hourly windows in Flink\'s print format', async () => {
  const { code, stdout, stderr } = await sluice(['run', 'examples/seed-flink-sql.sql', '--no-status']);
  assert.equal(code, 0, stderr);
  const expected = EXPECTED.map(([symbol, start, shares, avg]) => `+I[${symbol}, ${start}, ${shares}, ${javaDouble(avg)}]`);
  assert.deepEqual(stdout.trim().split('\n').sort(), [...expected].sort());
});

test('--format=table prints the SQL client\'s table', async () => {
  const { code, stdout } = await sluice(['run', 'examples/seed-flink-sql.sql', '--no-status', '--format=table']);
  assert.equal(code, 0);
  const lines = stdout.trim().split('\n');
  assert.equal(lines[1], '| op | symbol |            window_start | total_shares |          avg_price |');
  assert.equal(lines.length, 3 + EXPECTED.length + 2);
  assert.equal(lines.at(-1), 'Received a total of 5 rows');
});

test('the TypeScript version of the seed program returns the same windows', async () => {
  const rows = await seedFlinkSql();
  const readable = rows.map((r) => [r.symbol, formatTimestamp(r.window_start as number), r.total_shares, r.avg_price]);
  const order = (a: readonly unknown[], b: readonly unknown[]) => `${a[1]}${a[0]}`.localeCompare(`${b[1]}${b[0]}`);
  assert.deepEqual(readable.sort(order), [...EXPECTED].map((e) => [...e]).sort(order));
});

test('a SQL mistake in a script prints file:line:col, the line and a caret, and exits 1 without a stack', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-sql-'));
  try {
    const parse = join(dir, 'parse.sql');
    writeFileSync(parse, "CREATE TABLE t (a INT) WITH ('connector' = 'datagen');\nSELECT a,, FROM t;\n");
    const bad = await sluice(['run', parse, '--no-status']);
    assert.equal(bad.code, 1);
    const lines = bad.stderr.trimEnd().split('\n');
    assert.match(lines[0], new RegExp(`^sluice: ${parse.replace(/[.\\/]/g, '\\$&')}:2:10: expected .* but found ','$`));
    assert.deepEqual(lines.slice(1), ['  SELECT a,, FROM t;', '           ^']);

    const semantic = join(dir, 'semantic.sql');
    writeFileSync(semantic, "CREATE TABLE t (amount INT) WITH ('connector' = 'datagen', 'number-of-rows' = '1');\nSELECT amout FROM t;\n");
    const unknown = await sluice(['run', semantic, '--no-status']);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, `sluice: ${semantic}:2:8: unknown column 'amout'; did you mean 'amount'?; available: amount\n  SELECT amout FROM t;\n         ^\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

kafkaTest('the seed\'s Kafka table and query, verbatim but for the broker address and topic, against a real broker', { timeout: 120_000 }, async () => {
  const bootstrap = requireKafkaBootstrap();
  const topic = `stock_topic_${Date.now()}`;
  await createTopic(bootstrap, topic, 1);
  const tableEnv = TableEnvironment.create({ ...EnvironmentSettings.inStreamingMode(), runOptions: { handleSignals: false } });
  tableEnv.executeSql(`
CREATE TABLE stock_data (
    symbol STRING,
    shares INT,
    price DOUBLE,
    transaction_date TIMESTAMP(3),
    WATERMARK FOR transaction_date AS transaction_date - INTERVAL '5' SECOND
) WITH (
    'connector' = 'kafka',
    'topic' = 'stock_topic',
    'properties.bootstrap.servers' = 'localhost:9092',
    'format' = 'json',
    'scan.startup.mode' = 'latest-offset'
)
`.replace("'stock_topic'", `'${topic}'`).replace('localhost:9092', bootstrap));
  const result = tableEnv.sqlQuery(`
SELECT
    symbol,
    TUMBLE_START(transaction_date, INTERVAL '1' HOUR) as window_start,
    SUM(shares) as total_shares,
    AVG(price) as avg_price
FROM stock_data
GROUP BY symbol, TUMBLE(transaction_date, INTERVAL '1' HOUR)
`);
  // The query starts at the topic's latest offset: produce only once its reader has that offset.
  const collected = result.toArray({ limit: EXPECTED.length, timeoutMs: 90_000 });
  while ((result.jobHandle?.status().splits ?? 0) < 1) await sleep(20);
  await tableEnv.executeSql(`INSERT INTO stock_data VALUES
    ('AAPL', 100, 187.50, TIMESTAMP '2024-01-02 09:05:00'),
    ('MSFT',  40, 370.00, TIMESTAMP '2024-01-02 09:12:00'),
    ('AAPL',  50, 188.10, TIMESTAMP '2024-01-02 09:47:30'),
    ('AAPL',  25, 187.90, TIMESTAMP '2024-01-02 09:47:27'),
    ('MSFT',  60, 371.50, TIMESTAMP '2024-01-02 10:02:00'),
    ('AAPL',  80, 189.00, TIMESTAMP '2024-01-02 10:15:00'),
    ('GOOG',  30, 140.25, TIMESTAMP '2024-01-02 10:20:00'),
    ('MSFT',  10, 372.00, TIMESTAMP '2024-01-02 10:59:58'),
    ('GOOG',   1, 141.00, TIMESTAMP '2024-01-02 12:00:00')`).await(); // the last trade moves event time past 11:00
  const rows = await collected;
  const readable = rows.map((r) => [r.symbol, formatTimestamp(r.window_start as number), r.total_shares, r.avg_price]);
  const order = (a: readonly unknown[], b: readonly unknown[]) => `${a[1]}${a[0]}`.localeCompare(`${b[1]}${b[0]}`);
  assert.deepEqual(readable.sort(order), [...EXPECTED].map((e) => [...e]).sort(order));
});
