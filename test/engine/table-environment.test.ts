import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes, EnvironmentSettings, TableEnvironment, formatTimestamp, parseTimestamp, type Row } from '../../src/index.ts';
import { memoryTableRows, registerMemoryTable } from '../../src/connectors/memory/table-factory.ts';

/** One record per batch: the watermark moves after every record, so lateness is deterministic. */
const RECORD_AT_A_TIME = { handleSignals: false, maxBatchSize: 1 } as const;

function env(mode: 'streaming' | 'batch' = 'streaming'): TableEnvironment {
  return TableEnvironment.create({ mode, runOptions: RECORD_AT_A_TIME });
}

const stockData = (name: string) => `
CREATE TABLE stock_data (
    symbol STRING,
    shares INT,
    price DOUBLE,
    transaction_date TIMESTAMP(3),
    WATERMARK FOR transaction_date AS transaction_date - INTERVAL '5' SECOND
) WITH ('connector' = 'sluice-memory', 'name' = '${name}')`;

const SEED_QUERY = `
SELECT
    symbol,
    TUMBLE_START(transaction_date, INTERVAL '1' HOUR) as window_start,
    SUM(shares) as total_shares,
    AVG(price) as avg_price
FROM stock_data
GROUP BY symbol, TUMBLE(transaction_date, INTERVAL '1' HOUR)`;

const trade = (symbol: string, shares: number, price: number, at: string): Row => ({ symbol, shares, price, transaction_date: `2024-01-01 ${at}` });
const readable = (rows: Row[]) => rows.map((r) => ({ ...r, window_start: formatTimestamp(r.window_start as number) }));
const bySymbolAndWindow = (a: Row, b: Row) => String(a.window_start).localeCompare(String(b.window_start)) || String(a.symbol).localeCompare(String(b.symbol));

test('the seed query on out-of-order and late trades gives the hand-computed hourly windows', async () => {
  registerMemoryTable('seed-late', [
    trade('AAPL', 100, 10, '09:10:00'),
    trade('AAPL', 50, 20, '09:50:00'),
    trade('MSFT', 10, 30, '09:20:00'), // 30 min out of order, but its window is still open (watermark 09:49:55)
    trade('AAPL', 5, 40, '10:20:00'), // watermark 10:19:55: the 09:00 windows fire
    trade('AAPL', 7, 40, '09:59:58'), // late: its window has fired → dropped
    trade('MSFT', 3, 50, '10:19:52'), // 8 s behind the newest trade, yet its window is open
    trade('AAPL', 2, 60, '10:19:58'),
    trade('GOOG', 1, 70, '11:30:00'), // watermark 11:29:55: the 10:00 windows fire
    trade('AAPL', 4, 80, '10:59:00'), // late → dropped
  ]);
  const tableEnv = env();
  tableEnv.executeSql(stockData('seed-late'));
  const result = tableEnv.sqlQuery(SEED_QUERY);
  const rows = readable(await result.toArray()).sort(bySymbolAndWindow);
  assert.deepEqual(rows, [
    { symbol: 'AAPL', window_start: '2024-01-01 09:00:00.000', total_shares: 150, avg_price: 15 },
    { symbol: 'MSFT', window_start: '2024-01-01 09:00:00.000', total_shares: 10, avg_price: 30 },
    { symbol: 'AAPL', window_start: '2024-01-01 10:00:00.000', total_shares: 7, avg_price: 50 },
    { symbol: 'MSFT', window_start: '2024-01-01 10:00:00.000', total_shares: 3, avg_price: 50 },
    { symbol: 'GOOG', window_start: '2024-01-01 11:00:00.000', total_shares: 1, avg_price: 70 },
  ]);
  const job = await result.jobHandle!.done;
  assert.equal(job.status.lateRecordsDropped, 2);
});

test('allowed lateness (table.exec.emit.allow-lateness) lets a late trade update its window', async () => {
  registerMemoryTable('seed-lateness', [
    trade('AAPL', 100, 10, '09:10:00'),
    trade('AAPL', 5, 40, '10:20:00'),
    trade('AAPL', 7, 40, '09:59:58'),
  ]);
  const tableEnv = env();
  tableEnv.executeSql(stockData('seed-lateness'));
  tableEnv.executeSql("SET 'table.exec.emit.allow-lateness' = '1 h'");
  const table = tableEnv.sqlQuery(SEED_QUERY);
  const rows = await table.collect();
  const nine = rows.filter((r) => r.window_start === parseTimestamp('2024-01-01 09:00:00'));
  assert.deepEqual(nine.map((r) => [r.total_shares, r.$kind]), [[100, undefined], [107, 'update-after']], 'the window fired, then the late trade updated it');
  const final = await table.toArray();
  assert.deepEqual(final.map((r) => r.total_shares).sort(), [107, 5], 'the final rows hold the updated window once');
});

test('a non-windowed GROUP BY emits a changelog; toArray applies it', async () => {
  registerMemoryTable('changelog', [trade('AAPL', 100, 10, '09:00:00'), trade('MSFT', 10, 20, '09:01:00'), trade('AAPL', 50, 30, '09:02:00')]);
  const tableEnv = env();
  tableEnv.executeSql(stockData('changelog'));
  const table = tableEnv.sqlQuery('SELECT symbol, COUNT(*) AS n, SUM(shares) AS total FROM stock_data GROUP BY symbol');
  assert.deepEqual(await table.collect(), [
    { symbol: 'AAPL', n: 1, total: 100, $kind: 'insert' },
    { symbol: 'MSFT', n: 1, total: 10, $kind: 'insert' },
    { symbol: 'AAPL', n: 1, total: 100, $kind: 'update-before' },
    { symbol: 'AAPL', n: 2, total: 150, $kind: 'update-after' },
  ]);
  assert.deepEqual(await table.toArray(), [{ symbol: 'MSFT', n: 1, total: 10 }, { symbol: 'AAPL', n: 2, total: 150 }]);
});

test('batch mode gives the final rows of a GROUP BY, and prints a table without the op column', async () => {
  registerMemoryTable('batch', [trade('AAPL', 100, 10, '09:00:00'), trade('AAPL', 50, 30, '09:02:00')]);
  const tableEnv = TableEnvironment.create({ ...EnvironmentSettings.inBatchMode(), runOptions: { handleSignals: false } });
  tableEnv.executeSql(stockData('batch'));
  const result = tableEnv.executeSql('SELECT symbol, SUM(shares) AS total FROM stock_data GROUP BY symbol');
  assert.deepEqual(await result.collect(), [{ symbol: 'AAPL', total: 150 }]);
  let text = '';
  await result.print({ out: { write: (t: string) => { text += t; } } });
  assert.equal(text, [
    '+--------+-------+',
    '| symbol | total |',
    '+--------+-------+',
    '|   AAPL |   150 |',
    '+--------+-------+',
    '1 row in set',
    '',
  ].join('\n'));
});

test('print formats: changelog (Flink print), json and csv', async () => {
  registerMemoryTable('formats', [trade('AAPL', 100, 10.5, '09:00:00')]);
  const tableEnv = env();
  tableEnv.executeSql(stockData('formats'));
  const printed = async (format: 'changelog' | 'json' | 'csv') => {
    let text = '';
    await tableEnv.executeSql('SELECT symbol, transaction_date, price FROM stock_data').print({ format, out: { write: (t: string) => { text += t; } } });
    return text;
  };
  assert.equal(await printed('changelog'), '+I[AAPL, 2024-01-01 09:00:00.000, 10.5]\n');
  assert.equal(await printed('json'), '{"symbol":"AAPL","transaction_date":"2024-01-01 09:00:00","price":10.5}\n');
  assert.equal(await printed('csv'), 'op,symbol,transaction_date,price\n+I,AAPL,2024-01-01 09:00:00.000,10.5\n');
});

test('a window TVF (HOP) aggregates each trade into every window that covers it', async () => {
  registerMemoryTable('hop', [trade('AAPL', 1, 1, '09:01:00'), trade('AAPL', 2, 1, '09:06:00'), trade('AAPL', 4, 1, '09:12:00')]);
  const tableEnv = env();
  tableEnv.executeSql(stockData('hop'));
  const rows = await tableEnv.sqlQuery(`SELECT window_start, window_end, SUM(shares) AS s
    FROM TABLE(HOP(TABLE stock_data, DESCRIPTOR(transaction_date), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES))
    GROUP BY window_start, window_end`).toArray();
  const text = rows.map((r) => `${formatTimestamp(r.window_start as number).slice(11, 16)}-${formatTimestamp(r.window_end as number).slice(11, 16)} ${r.s}`).sort();
  assert.deepEqual(text, ['08:55-09:05 1', '09:00-09:10 3', '09:05-09:15 6', '09:10-09:20 4']);
});

test('HAVING, DISTINCT, WHERE and computed columns run end to end', async () => {
  registerMemoryTable('misc', [
    { id: 1, ts_ms: parseTimestamp('2024-01-01 09:00:01'), amount: 5 },
    { id: 2, ts_ms: parseTimestamp('2024-01-01 09:00:02'), amount: 50 },
    { id: 1, ts_ms: parseTimestamp('2024-01-01 09:00:03'), amount: 7 },
    { id: 3, ts_ms: parseTimestamp('2024-01-01 09:01:30'), amount: 1 },
  ]);
  const tableEnv = env();
  tableEnv.executeSql(`CREATE TABLE payments (id INT, ts_ms BIGINT, amount INT, ts AS TO_TIMESTAMP_LTZ(ts_ms, 3), doubled AS amount * 2,
    WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'sluice-memory', 'name' = 'misc')`);
  const having = await tableEnv.sqlQuery(`SELECT id, COUNT(*) AS n, SUM(doubled) AS d FROM payments
    GROUP BY id, TUMBLE(ts, INTERVAL '1' MINUTE) HAVING COUNT(*) > 1`).toArray();
  assert.deepEqual(having, [{ id: 1, n: 2, d: 24 }]);
  const distinct = await tableEnv.sqlQuery('SELECT DISTINCT id FROM payments WHERE amount < 10').collect();
  assert.deepEqual(distinct.map((r) => r.id), [1, 3]);
});

test('INSERT INTO starts a job; await() waits for it; a statement set writes two sinks in one job', async () => {
  registerMemoryTable('insert-src', [trade('AAPL', 100, 10, '09:00:00'), trade('MSFT', 5, 20, '09:30:00')]);
  const tableEnv = env();
  tableEnv.executeSql(stockData('insert-src'));
  tableEnv.executeSql("CREATE TABLE big (symbol STRING, shares BIGINT) WITH ('connector' = 'sluice-memory', 'name' = 'insert-big')");
  tableEnv.executeSql("CREATE TABLE small (symbol STRING) WITH ('connector' = 'sluice-memory', 'name' = 'insert-small')");
  const result = tableEnv.executeSql('INSERT INTO big SELECT symbol, shares FROM stock_data WHERE shares >= 100');
  assert.equal(result.resultKind, 'SUCCESS');
  assert.equal((await result.await())?.outcome, 'finished');
  assert.deepEqual(memoryTableRows('insert-big'), [{ symbol: 'AAPL', shares: 100 }]);
  const set = tableEnv.createStatementSet()
    .addInsertSql('INSERT INTO big SELECT symbol, shares * 2 FROM stock_data')
    .addInsertSql('INSERT INTO small SELECT symbol FROM stock_data WHERE shares < 100');
  await set.execute().await();
  assert.deepEqual(memoryTableRows('insert-big').slice(1), [{ symbol: 'AAPL', shares: 200 }, { symbol: 'MSFT', shares: 10 }]);
  assert.deepEqual(memoryTableRows('insert-small'), [{ symbol: 'MSFT' }]);
});

test('an unbounded query collects until its limit; without one, collect refuses to wait forever', async () => {
  const tableEnv = env();
  tableEnv.executeSql("CREATE TABLE ticks (n INT) WITH ('connector' = 'datagen', 'fields.n.min' = '1', 'fields.n.max' = '100')");
  const rows = await tableEnv.sqlQuery('SELECT n, n * 2 AS twice FROM ticks WHERE MOD(n, 2) = 0').collect({ limit: 3 });
  assert.equal(rows.length, 3);
  for (const row of rows) assert.ok((row.n as number) % 2 === 0 && row.twice === (row.n as number) * 2);
  const limited = await tableEnv.sqlQuery('SELECT n FROM ticks LIMIT 2').collect();
  assert.equal(limited.length, 2);
  await assert.rejects(tableEnv.sqlQuery('SELECT n FROM ticks').collect(), /unbounded input and would never finish collecting/);
});

test('ORDER BY, LIMIT and OFFSET sort a bounded result', async () => {
  registerMemoryTable('sorted', [trade('B', 2, 1, '09:00:00'), trade('A', 3, 1, '09:00:01'), trade('C', 1, 1, '09:00:02')]);
  const tableEnv = env();
  tableEnv.executeSql(stockData('sorted'));
  const rows = await tableEnv.sqlQuery('SELECT symbol, shares FROM stock_data ORDER BY shares DESC LIMIT 2 OFFSET 1').collect();
  assert.deepEqual(rows, [{ symbol: 'B', shares: 2 }, { symbol: 'C', shares: 1 }]);
});

test('JavaScript functions, tables named in SQL text and views from tables', async () => {
  registerMemoryTable('udf', [trade('aapl', 1, 1, '09:00:00')]);
  const tableEnv = env();
  tableEnv.executeSql(stockData('udf'));
  tableEnv.createTemporarySystemFunction('shout', (s: string) => `${s.toUpperCase()}!`, { returnType: DataTypes.STRING() });
  const loud = tableEnv.sqlQuery('SELECT shout(symbol) AS s FROM stock_data');
  assert.deepEqual(await tableEnv.sqlQuery(`SELECT s, CHAR_LENGTH(s) AS n FROM ${loud}`).collect(), [{ s: 'AAPL!', n: 5 }]);
  tableEnv.createTemporaryView('loud', loud);
  assert.deepEqual(await tableEnv.from('loud').collect(), [{ s: 'AAPL!' }]);
  assert.ok(tableEnv.listTables().includes('loud'));
});

test('DDL answers OK; SHOW TABLES and DESCRIBE answer rows', async () => {
  const tableEnv = env();
  const created = tableEnv.executeSql(stockData('ddl'));
  assert.equal(created.resultKind, 'SUCCESS');
  assert.deepEqual(await created.collect(), [{ result: 'OK' }]);
  assert.deepEqual(await tableEnv.executeSql('SHOW TABLES').collect(), [{ 'table name': 'stock_data' }]);
  const described = await tableEnv.executeSql('DESCRIBE stock_data').collect();
  assert.deepEqual(described.map((r) => r.name), ['symbol', 'shares', 'price', 'transaction_date']);
});

test('a bad query fails when it is defined, with its position', () => {
  const tableEnv = env();
  tableEnv.executeSql(stockData('unused'));
  assert.throws(() => tableEnv.sqlQuery('SELECT symbol,\n  price * symbol FROM stock_data'), /SQL error at 2:3: cannot apply '\*' to DOUBLE and STRING/);
  assert.throws(() => tableEnv.executeSql('SELEC 1'), /SQL parse error at 1:1/);
  assert.equal(tableEnv.explainSql('SELECT symbol FROM stock_data WHERE shares > 1').split('\n')[1], 'Calc(select=[symbol], where=[shares > 1])');
});
