import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TableEnvironment, formatTimestamp, type Row } from '../../../../src/index.ts';
import { registerMemoryTable } from '../../../../src/connectors/memory/table-factory.ts';

// 'table.exec.emit.early-fire.enabled' through the TableEnvironment: windows are emitted at every
// checkpoint while they change (Spark's update mode). One record per batch and a checkpoint after
// every batch make the checkpoints fall between records, deterministically.

const EVERY_RECORD_A_CHECKPOINT = { handleSignals: false, maxBatchSize: 1, checkpointInterval: 0 } as const;

const stockData = (name: string) => `
CREATE TABLE stock_data (
    symbol STRING,
    shares INT,
    transaction_date TIMESTAMP(3),
    WATERMARK FOR transaction_date AS transaction_date - INTERVAL '5' SECOND
) WITH ('connector' = 'sluice-memory', 'name' = '${name}')`;

const trade = (symbol: string, shares: number, at: string): Row => ({ symbol, shares, transaction_date: `2024-01-01 ${at}` });

const TRADES = [
  trade('AAPL', 100, '09:10:00'),
  trade('AAPL', 50, '09:50:00'),
  trade('MSFT', 10, '09:20:00'),
  trade('AAPL', 5, '10:20:00'), // the watermark passes 10:00: the 09:00 windows are final, unchanged
  trade('AAPL', 7, '09:59:58'), // late: dropped
];

function earlyFireEnv(table: string): TableEnvironment {
  registerMemoryTable(table, TRADES);
  const tableEnv = TableEnvironment.create({ runOptions: EVERY_RECORD_A_CHECKPOINT });
  tableEnv.executeSql(stockData(table));
  tableEnv.executeSql("SET 'table.exec.emit.early-fire.enabled' = 'true'");
  return tableEnv;
}

const readable = (rows: Row[]) => rows.map((r) => [r.$kind, r.symbol, formatTimestamp(r.window_start as number).slice(11, 16), r.total]);

test('a GROUP BY TUMBLE emits each window at every checkpoint while it changes, as +I then -U/+U', async () => {
  const tableEnv = earlyFireEnv('early-fire-legacy');
  const table = tableEnv.sqlQuery(`
    SELECT symbol, TUMBLE_START(transaction_date, INTERVAL '1' HOUR) AS window_start, SUM(shares) AS total
    FROM stock_data GROUP BY symbol, TUMBLE(transaction_date, INTERVAL '1' HOUR)`);
  assert.deepEqual(readable(await table.collect()), [
    ['insert', 'AAPL', '09:00', 100],
    ['update-before', 'AAPL', '09:00', 100],
    ['update-after', 'AAPL', '09:00', 150],
    ['insert', 'MSFT', '09:00', 10],
    ['insert', 'AAPL', '10:00', 5],
  ]);
  const final = (await table.toArray()).map((r) => [r.symbol, formatTimestamp(r.window_start as number).slice(11, 16), r.total]);
  assert.deepEqual(final.sort(), [['AAPL', '09:00', 150], ['AAPL', '10:00', 5], ['MSFT', '09:00', 10]]);
});

test('a window TVF aggregate fires early the same way', async () => {
  const tableEnv = earlyFireEnv('early-fire-tvf');
  const table = tableEnv.sqlQuery(`
    SELECT window_start, window_end, symbol, SUM(shares) AS total
    FROM TABLE(TUMBLE(TABLE stock_data, DESCRIPTOR(transaction_date), INTERVAL '1' HOUR))
    GROUP BY window_start, window_end, symbol`);
  const rows = await table.collect();
  assert.deepEqual(readable(rows).slice(0, 3), [
    ['insert', 'AAPL', '09:00', 100],
    ['update-before', 'AAPL', '09:00', 100],
    ['update-after', 'AAPL', '09:00', 150],
  ]);
  assert.equal(rows.length, 5);
});

test('without the option the same query emits each window once, when final', async () => {
  registerMemoryTable('early-fire-off', TRADES);
  const tableEnv = TableEnvironment.create({ runOptions: EVERY_RECORD_A_CHECKPOINT });
  tableEnv.executeSql(stockData('early-fire-off'));
  const rows = await tableEnv.sqlQuery(`
    SELECT symbol, TUMBLE_START(transaction_date, INTERVAL '1' HOUR) AS window_start, SUM(shares) AS total
    FROM stock_data GROUP BY symbol, TUMBLE(transaction_date, INTERVAL '1' HOUR)`).collect();
  assert.deepEqual(rows.map((r) => [r.$kind, r.symbol, r.total]), [[undefined, 'AAPL', 150], [undefined, 'MSFT', 10], [undefined, 'AAPL', 5]]);
});

test('an early-firing window aggregate is an updating result: an append-only sink refuses it', () => {
  const tableEnv = earlyFireEnv('early-fire-sink');
  tableEnv.executeSql("CREATE TABLE out_file (symbol STRING, total INT) WITH ('connector' = 'filesystem', 'path' = '/tmp/sluice-early-fire-never-written', 'format' = 'json')");
  assert.throws(
    () => tableEnv.executeSql(`INSERT INTO out_file SELECT symbol, SUM(shares) FROM stock_data GROUP BY symbol, TUMBLE(transaction_date, INTERVAL '1' HOUR)`),
    /early fire/,
  );
});

test('an early-fire setting that is not true or false, or a delay that is not a duration, is rejected by name when SET', () => {
  const query = 'SELECT symbol, SUM(shares) FROM stock_data GROUP BY symbol, TUMBLE(transaction_date, INTERVAL \'1\' HOUR)';
  const bad = earlyFireEnv('early-fire-bad');
  assert.throws(() => bad.executeSql("SET 'table.exec.emit.early-fire.enabled' = 'yes'"), /table\.exec\.emit\.early-fire\.enabled.*must be 'true' or 'false'/);
  assert.notEqual(bad.config.get('table.exec.emit.early-fire.enabled'), 'yes', 'the bad value was not kept');
  const delay = earlyFireEnv('early-fire-delay');
  assert.throws(() => delay.executeSql("SET 'table.exec.emit.early-fire.delay' = 'soon'"), /table\.exec\.emit\.early-fire\.delay/);
  delay.executeSql("SET 'table.exec.emit.early-fire.delay' = '5 s'");
  assert.doesNotThrow(() => delay.sqlQuery(query));
});
