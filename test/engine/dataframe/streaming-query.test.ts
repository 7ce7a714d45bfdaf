import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AnalysisException, SparkSession, StructType, StringType, IntegerType, TimestampType, col, fromJson, window, defaultLog,
  formatTimestamp, type DataFrame, type Row, type StreamingQuery,
} from '../../../src/index.ts';

const schema = new StructType().add('symbol', StringType).add('shares', IntegerType).add('ts', TimestampType);
let topics = 0;

/** A fresh topic on the embedded log and a writer of trades to it. */
function topic(): { name: string; send(rows: [string, number, string][]): void } {
  const name = `df_stream_${process.pid}_${topics++}`;
  defaultLog().createTopic(name, { partitions: 1, ifNotExists: true });
  return {
    name,
    send: (rows) => { defaultLog().produce(name, rows.map(([symbol, shares, at]) => ({ key: symbol, value: JSON.stringify({ symbol, shares, ts: `2024-01-01 ${at}` }) }))); },
  };
}

function trades(spark: SparkSession, name: string, watermark = true): DataFrame {
  const parsed = spark.readStream.format('sluice-log').option('subscribe', name).option('startingOffsets', 'earliest').load()
    .select(fromJson(col('value').cast('string'), schema).alias('d')).select('d.*');
  return watermark ? parsed.withWatermark('ts', '10 minutes') : parsed;
}

/** Captures what the console sink prints. */
function capturing(): { spark: SparkSession; text: () => string } {
  const spark = new SparkSession();
  const out: string[] = [];
  spark.out = { write: (t: string) => out.push(t) };
  return { spark, text: () => out.join('') };
}

/** The same three micro-batches for every output mode: out of order within the watermark, then one too late. */
async function threeBatches(query: StreamingQuery, send: (rows: [string, number, string][]) => void): Promise<void> {
  send([['A', 1, '09:05:00'], ['A', 2, '09:30:00']]);
  await query.processAllAvailable();
  send([['A', 4, '10:20:00'], ['A', 8, '09:55:00']]); // 09:55 is 25 min behind 10:20 but its window is still open
  await query.processAllAvailable();
  send([['A', 16, '09:40:00'], ['B', 32, '11:30:00']]); // 09:40: the 09:00 window closed at watermark 10:10 — dropped
  await query.processAllAvailable();
}

const windowed = (df: DataFrame) => df.groupBy(window(col('ts'), '1 hour'), col('symbol')).agg({ shares: 'sum' });

/** Memory-sink rows as `start symbol sum` lines. */
function lines(rows: readonly Row[]): string[] {
  return rows.map((r) => `${formatTimestamp((r.window as { start: number }).start).slice(11, 16)} ${r.symbol} ${r['sum(shares)']}`);
}

for (const [mode, expected] of [
  // update: each batch writes the windows that changed in it, with their current values
  ['update', [['09:00 A 3'], ['09:00 A 11', '10:00 A 4'], ['11:00 B 32']]],
  // append: a window once, when the watermark passes its end (the late 16 never counts)
  ['append', [[], ['09:00 A 11'], ['10:00 A 4']]],
  // complete: the whole result table every batch
  ['complete', [['09:00 A 3'], ['09:00 A 11', '10:00 A 4'], ['09:00 A 11', '10:00 A 4', '11:00 B 32']]],
] as const) {
  test(`output mode ${mode}: each micro-batch of a watermarked window aggregation on out-of-order and late input`, async () => {
    const spark = new SparkSession();
    const { name, send } = topic();
    const batches: string[][] = [];
    const query = windowed(trades(spark, name)).writeStream.outputMode(mode)
      .foreachBatch(async (batch, batchId) => { batches[batchId] = lines(await batch.collect()).sort(); }).start();
    await threeBatches(query, send);
    await query.stop();
    assert.deepEqual(batches, expected.map((b) => [...b]));
    assert.equal(query.isActive, false);
    // The window operator's state and the late record it dropped show in the progress of the batch.
    const dropped = query.recentProgress.map((p) => p.stateOperators.reduce((n, op) => n + op.numRowsDroppedByWatermark, 0));
    assert.deepEqual(dropped, [0, 0, 1]);
    assert.ok(query.recentProgress[0].stateOperators.some((op) => op.operatorName === 'window-aggregate' && op.numRowsTotal > 0));
  });
}

test('the console sink prints "Batch: N" and a table per micro-batch', async () => {
  const { spark, text } = capturing();
  const { name, send } = topic();
  const query = windowed(trades(spark, name)).writeStream.outputMode('update').format('console').option('truncate', 'false').start();
  send([['A', 1, '09:05:00'], ['A', 2, '09:30:00']]);
  await query.processAllAvailable();
  await query.stop();
  assert.equal(text(), [
    '-------------------------------------------',
    'Batch: 0',
    '-------------------------------------------',
    '+------------------------------------------+------+-----------+',
    '|window                                    |symbol|sum(shares)|',
    '+------------------------------------------+------+-----------+',
    '|{2024-01-01 09:00:00, 2024-01-01 10:00:00}|A     |3          |',
    '+------------------------------------------+------+-----------+',
    '', '',
  ].join('\n'));
});

test('a window over a column without a watermark runs in update mode (the seed query) and is refused in append mode', async () => {
  const spark = new SparkSession();
  const { name, send } = topic();
  const df = windowed(trades(spark, name, false));
  assert.throws(() => df.writeStream.outputMode('append').format('console').start(), (e: unknown) =>
    e instanceof AnalysisException && /Append output mode not supported .* without watermark/.test(e.message) && /withWatermark/.test(e.message));
  const query = df.writeStream.outputMode('update').format('memory').queryName('no_watermark').start();
  send([['A', 1, '09:05:00'], ['A', 2, '10:30:00'], ['A', 4, '09:10:00']]);
  await query.processAllAvailable();
  await query.stop();
  const rows = await spark.table('no_watermark').collect();
  // Update mode appends each batch's updated rows to the memory table; without a watermark nothing is late.
  assert.deepEqual(lines(rows).sort(), ['09:00 A 5', '10:00 A 2']);
});

test('complete mode needs an aggregation', () => {
  const spark = new SparkSession();
  const { name } = topic();
  assert.throws(() => trades(spark, name).writeStream.outputMode('complete').format('console').start(), (e: unknown) =>
    e instanceof AnalysisException && /Complete output mode not supported when there are no streaming aggregations/.test(e.message));
  assert.throws(() => trades(spark, name).writeStream.outputMode('sideways'), /Unknown output mode sideways/);
});

test('lastProgress counts the rows fed to each batch and reports the watermark', async () => {
  const spark = new SparkSession();
  const { name, send } = topic();
  const progress: number[] = [];
  spark.streams.addListener({ onQueryProgress: (e) => progress.push(e.progress.numInputRows) });
  const query = trades(spark, name).writeStream.format('noop').start();
  send([['A', 1, '09:00:00'], ['A', 1, '09:10:00'], ['A', 1, '09:20:00']]);
  await query.processAllAvailable();
  assert.equal(query.lastProgress?.numInputRows, 3);
  assert.equal(query.lastProgress?.eventTime.watermark, '2024-01-01T09:10:00.000Z');
  send([['A', 1, '09:30:00'], ['A', 1, '09:40:00']]);
  await query.processAllAvailable();
  await query.stop();
  assert.equal(query.lastProgress?.numInputRows, 2);
  assert.deepEqual(query.recentProgress.map((p) => p.batchId), [0, 1]);
  assert.deepEqual(progress, [3, 2]);
  assert.equal(query.recentProgress.reduce((n, p) => n + p.numInputRows, 0), 5);
});

test('trigger availableNow processes what is there and stops by itself', async () => {
  const spark = new SparkSession();
  const { name, send } = topic();
  send([['A', 1, '09:00:00'], ['B', 2, '09:10:00'], ['A', 4, '09:20:00']]);
  const query = trades(spark, name, false).groupBy('symbol').agg({ shares: 'sum' })
    .writeStream.outputMode('complete').format('memory').queryName('available_now').trigger({ availableNow: true }).start();
  assert.equal(await query.awaitTermination(10_000), true);
  const rows = await spark.table('available_now').orderBy('symbol').collect();
  assert.deepEqual(rows, [{ symbol: 'A', 'sum(shares)': 5 }, { symbol: 'B', 'sum(shares)': 2 }]);
});

test('a query restarted from its checkpointLocation writes each record to the log sink exactly once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-df-ckpt-'));
  try {
    const { name, send } = topic();
    const out = `${name}_out`;
    defaultLog().createTopic(out, { partitions: 1 });
    const startQuery = () => trades(new SparkSession(), name, false).select(col('symbol').alias('value'))
      .writeStream.format('sluice-log').option('topic', out).option('checkpointLocation', dir).start();
    send([['A', 1, '09:00:00'], ['B', 1, '09:01:00']]);
    let query = startQuery();
    await query.processAllAvailable();
    const firstId = query.id;
    await query.stop();
    send([['C', 1, '09:02:00']]);
    query = startQuery();
    await query.processAllAvailable();
    await query.stop();
    assert.equal(query.id, firstId, 'the query id survives the restart');
    assert.deepEqual(query.recentProgress.map((p) => p.batchId), [1], 'batch numbering continues from the checkpoint');
    const written = defaultLog().read(out, 0, 0, 100).map((r) => String(r.value));
    assert.deepEqual(written, ['A', 'B', 'C']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('maxOffsetsPerTrigger caps the records of each micro-batch', async () => {
  const spark = new SparkSession();
  const { name, send } = topic();
  send(Array.from({ length: 10 }, (_, i): [string, number, string] => ['A', i, '09:00:00']));
  const query = spark.readStream.format('sluice-log').option('subscribe', name).option('startingOffsets', 'earliest')
    .option('maxOffsetsPerTrigger', 4).load().writeStream.format('noop').start();
  await query.processAllAvailable();
  await query.stop();
  assert.deepEqual(query.recentProgress.map((p) => p.numInputRows), [4, 4, 2]);
});

test('foreach hands every row to the writer, opened and closed per batch', async () => {
  const spark = new SparkSession();
  const { name, send } = topic();
  const calls: string[] = [];
  const query = trades(spark, name, false).select('symbol', 'shares').writeStream.foreach({
    open: (partition, epoch) => { calls.push(`open ${partition} ${epoch}`); return true; },
    process: (row) => { calls.push(`${row.symbol} ${row.shares}`); },
    close: (error) => { calls.push(`close ${error === null ? 'ok' : error.message}`); },
  }).start();
  send([['A', 1, '09:00:00'], ['B', 2, '09:01:00']]);
  await query.processAllAvailable();
  send([['C', 3, '09:02:00']]);
  await query.processAllAvailable();
  await query.stop();
  assert.deepEqual(calls, ['open 0 0', 'A 1', 'B 2', 'close ok', 'open 0 1', 'C 3', 'close ok']);
});

test('trigger once runs a single micro-batch over what is there and stops', async () => {
  const spark = new SparkSession();
  const { name, send } = topic();
  send([['A', 1, '09:00:00'], ['B', 2, '09:01:00'], ['C', 3, '09:02:00']]);
  const query = trades(spark, name, false).writeStream.format('noop').trigger({ once: true }).start();
  assert.equal(await query.awaitTermination(10_000), true);
  assert.deepEqual(query.recentProgress.map((p) => p.numInputRows), [3]);
});

test('a processingTime trigger groups what arrives within an interval into one micro-batch', async () => {
  const spark = new SparkSession();
  const { name, send } = topic();
  const query = trades(spark, name, false).writeStream.format('noop').trigger({ processingTime: '200 milliseconds' }).start();
  send([['A', 1, '09:00:00']]);
  send([['B', 2, '09:01:00']]);
  send([['C', 3, '09:02:00']]);
  // Three separate writes before the first trigger fires: one micro-batch holds them all.
  for (let i = 0; i < 500 && query.recentProgress.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  await query.stop();
  assert.deepEqual(query.recentProgress.map((p) => p.numInputRows), [3]);
});

test('fromJson over Kafka-shaped bytes: fields read straight from the bytes, non-ASCII text and malformed records as Spark reads them', async () => {
  const spark = new SparkSession();
  const name = `df_stream_${process.pid}_${topics++}`;
  defaultLog().createTopic(name, { partitions: 1 });
  defaultLog().produce(name, [
    { value: Buffer.from('{"symbol":"AAPL","extra":{"deep":[1,2]},"shares":7,"ts":"2024-01-01 09:00:00"}') },
    { value: Buffer.from('{"symbol":"Müller \\u00e9","shares":8,"ts":"2024-01-01 09:01:00"}') },
    { value: Buffer.from('{"symbol":"BAD","shares":"not a number"}') },
    { value: Buffer.from('not json at all') },
  ]);
  const query = trades(spark, name, false).writeStream.format('memory').queryName('from_json_bytes').trigger({ availableNow: true }).start();
  await query.awaitTermination(10_000);
  const rows = (await spark.table('from_json_bytes').collect()).map((r) => [r.symbol, r.shares]);
  assert.deepEqual(rows, [['AAPL', 7], ['Müller é', 8], [null, null], [null, null]]);
});
