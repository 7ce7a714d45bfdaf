import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AnalysisException, SparkSession, StructType, StringType, IntegerType, TimestampType, col, fromJson, defaultLog, type DataFrame, type Row,
} from '../../../src/index.ts';

const schema = new StructType().add('id', StringType).add('symbol', StringType).add('shares', IntegerType).add('ts', TimestampType);
let topics = 0;

function stream(spark: SparkSession, rows: [string, string, number, string][]): DataFrame {
  const name = `df_join_${process.pid}_${topics++}`;
  defaultLog().createTopic(name, { partitions: 1 });
  defaultLog().produce(name, rows.map(([id, symbol, shares, at]) => ({ key: id, value: JSON.stringify({ id, symbol, shares, ts: `2024-01-01 ${at}` }) })));
  return spark.readStream.format('sluice-log').option('subscribe', name).option('startingOffsets', 'earliest').load()
    .select(fromJson(col('value').cast('string'), schema).alias('d')).select('d.*');
}

/** Runs a streaming DataFrame over what the topic holds (trigger availableNow) into a memory table. */
async function runToEnd(spark: SparkSession, df: DataFrame, name: string): Promise<Row[]> {
  const query = df.writeStream.format('memory').queryName(name).trigger({ availableNow: true }).start();
  await query.awaitTermination(20_000);
  assert.equal(query.exception(), null);
  return spark.table(name).collect();
}

const companies = (spark: SparkSession) => spark.createDataFrame([
  { symbol: 'AAPL', name: 'Apple' }, { symbol: 'MSFT', name: 'Microsoft' },
]);

test('a stream joins a static DataFrame (enrichment): inner keeps matches, left_outer keeps every trade', async () => {
  const spark = new SparkSession();
  const trades = stream(spark, [['1', 'AAPL', 10, '09:00:00'], ['2', 'GOOG', 20, '09:01:00'], ['3', 'MSFT', 30, '09:02:00'], ['4', null as unknown as string, 5, '09:03:00']]);
  const inner = await runToEnd(spark, trades.join(companies(spark), 'symbol').select('id', 'symbol', 'name'), 'inner_join');
  assert.deepEqual(inner.sort((a, b) => String(a.id).localeCompare(String(b.id))), [
    { id: '1', symbol: 'AAPL', name: 'Apple' }, { id: '3', symbol: 'MSFT', name: 'Microsoft' },
  ]);
  const left = await runToEnd(spark, trades.join(companies(spark), 'symbol', 'left_outer').select('id', 'name'), 'left_join');
  assert.deepEqual(left.sort((a, b) => String(a.id).localeCompare(String(b.id))), [
    { id: '1', name: 'Apple' }, { id: '2', name: null }, { id: '3', name: 'Microsoft' }, { id: '4', name: null },
  ]);
});

test('a join on a column condition puts the key columns of both sides in the output, as Spark does', async () => {
  const spark = new SparkSession();
  const trades = stream(spark, [['1', 'AAPL', 10, '09:00:00']]);
  const dims = companies(spark).withColumnRenamed('symbol', 'ticker');
  const df = trades.join(dims, col('symbol').eq(col('ticker')));
  assert.deepEqual(df.columns, ['id', 'symbol', 'shares', 'ts', 'ticker', 'name']);
  const rows = await runToEnd(spark, df.select('symbol', 'ticker', 'name'), 'condition_join');
  assert.deepEqual(rows, [{ symbol: 'AAPL', ticker: 'AAPL', name: 'Apple' }]);
});

test('joins the engine cannot run are AnalysisExceptions saying what works', () => {
  const spark = new SparkSession();
  const trades = stream(spark, []);
  assert.throws(() => trades.join(trades, 'id'), (e: unknown) => e instanceof AnalysisException && /stream-stream join needs a condition with a time range/.test(e.message));
  assert.throws(() => trades.join(companies(spark), 'symbol', 'full_outer'), /'full_outer' joins are not supported yet/);
  assert.throws(() => trades.join(companies(spark), 'nope'), /USING column 'nope' must be on both sides/);
  assert.throws(() => trades.join(companies(spark).withColumn('id', col('name')), col('symbol').eq(col('symbol'))), AnalysisException);
});

test('dropDuplicates keeps the first row of each key on a stream', async () => {
  const spark = new SparkSession();
  const trades = stream(spark, [['1', 'AAPL', 10, '09:00:00'], ['1', 'AAPL', 99, '09:05:00'], ['2', 'MSFT', 20, '09:01:00'], ['2', 'MSFT', 20, '09:01:00']]);
  const byId = await runToEnd(spark, trades.dropDuplicates('id').select('id', 'shares'), 'dedup_by_id');
  assert.deepEqual(byId.sort((a, b) => String(a.id).localeCompare(String(b.id))), [{ id: '1', shares: 10 }, { id: '2', shares: 20 }]);
  const whole = await runToEnd(spark, trades.dropDuplicates().select('id', 'shares'), 'dedup_rows');
  assert.equal(whole.length, 3, 'only the exact duplicate row goes');
});

test('dropDuplicatesWithinWatermark forgets a key once the watermark passes its first event time plus the delay', async () => {
  const spark = new SparkSession();
  const name = `df_join_${process.pid}_${topics++}`;
  defaultLog().createTopic(name, { partitions: 1 });
  const send = (rows: [string, number, string][]) =>
    defaultLog().produce(name, rows.map(([id, shares, at]) => ({ key: id, value: JSON.stringify({ id, symbol: 'X', shares, ts: `2024-01-01 ${at}` }) })));
  const trades = spark.readStream.format('sluice-log').option('subscribe', name).option('startingOffsets', 'earliest').load()
    .select(fromJson(col('value').cast('string'), schema).alias('d')).select('d.*');
  assert.throws(() => trades.dropDuplicatesWithinWatermark('id'), /needs an event-time watermark/);
  const query = trades.withWatermark('ts', '10 minutes').dropDuplicatesWithinWatermark('id').select('id', 'shares')
    .writeStream.format('memory').queryName('dedup_within').start();
  // The watermark moves between micro-batches (as Spark's does), so each step is its own batch.
  send([['1', 1, '09:00:00'], ['1', 2, '09:05:00']]); // within 10 minutes of the first: a duplicate
  await query.processAllAvailable();
  send([['9', 3, '09:30:00']]); // watermark 09:20: key '1' (first at 09:00, + 10 min) is forgotten
  await query.processAllAvailable();
  send([['1', 4, '09:31:00']]); // so this one is new again
  await query.processAllAvailable();
  await query.stop();
  const rows = await spark.table('dedup_within').collect();
  assert.deepEqual(rows.map((r) => r.shares).sort(), [1, 3, 4]);
});
