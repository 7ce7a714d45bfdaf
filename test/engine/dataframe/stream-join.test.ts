import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AnalysisException, SparkSession, StructType, StringType, TimestampType, col, expr, fromJson, defaultLog, formatTimestamp, window,
  functions,
  type DataFrame, type Row,
} from '../../../src/index.ts';

let topics = 0;

/** A topic of JSON events and a DataFrame reading it (not yet watermarked). */
function events(spark: SparkSession, fields: [string, string]): { df: DataFrame; send(rows: [string, string][]): void } {
  const name = `df_sjoin_${process.pid}_${topics++}`;
  defaultLog().createTopic(name, { partitions: 1 });
  const [id, time] = fields;
  const schema = new StructType().add(id, StringType).add(time, TimestampType);
  const df = spark.readStream.format('sluice-log').option('subscribe', name).option('startingOffsets', 'earliest').load()
    .select(fromJson(col('value').cast('string'), schema).alias('e')).select('e.*');
  return {
    df,
    send: (rows) => { defaultLog().produce(name, rows.map(([v, at]) => ({ key: v, value: JSON.stringify({ [id]: v, [time]: `2024-01-01 ${at}` }) }))); },
  };
}

const CONDITION = 'clickAdId = adId AND clickTime >= impressionTime AND clickTime <= impressionTime + interval 1 hour';

const text = (rows: readonly Row[]) => rows.map((r) =>
  `${r.adId ?? '-'} ${r.impressionTime == null ? '-' : formatTimestamp(r.impressionTime as number).slice(11, 16)} ${r.clickAdId ?? '-'} ${r.clickTime == null ? '-' : formatTimestamp(r.clickTime as number).slice(11, 16)}`).sort();

async function run(how: string, name: string): Promise<string[]> {
  const spark = new SparkSession();
  const impressions = events(spark, ['adId', 'impressionTime']);
  const clicks = events(spark, ['clickAdId', 'clickTime']);
  const joined = impressions.df.withWatermark('impressionTime', '10 minutes')
    .join(clicks.df.withWatermark('clickTime', '10 minutes'), expr(CONDITION), how);
  const query = joined.writeStream.format('memory').queryName(name).start();
  impressions.send([['A', '09:00:00'], ['B', '09:05:00'], ['D', '09:20:00']]);
  clicks.send([['A', '09:10:00'], ['D', '10:30:00'], ['X', '09:15:00']]); // D's click comes 70 minutes later: too late for D
  await query.processAllAvailable();
  // Both watermarks pass 10:20, so B's and D's hours (to 10:05, 10:20) are over: no click can match them any more.
  impressions.send([['E', '10:40:00']]);
  clicks.send([['E', '10:45:00']]);
  await query.processAllAvailable();
  await query.stop();
  assert.equal(query.exception(), null);
  return text(await spark.table(name).collect());
}

test('two watermarked streams join on a key within a time range (Spark\'s impressions and clicks)', async () => {
  assert.deepEqual(await run('inner', 'sjoin_inner'), ['A 09:00 A 09:10', 'E 10:40 E 10:45']);
});

test('a left outer stream-stream join emits an unmatched row null-padded once the watermark rules out a match', async () => {
  assert.deepEqual(await run('left_outer', 'sjoin_left'), ['A 09:00 A 09:10', 'B 09:05 - -', 'D 09:20 - -', 'E 10:40 E 10:45']);
});

test('a stream-stream join needs watermarks on both time columns and a bounded time range', () => {
  const spark = new SparkSession();
  const impressions = events(spark, ['adId', 'impressionTime']).df;
  const clicks = events(spark, ['clickAdId', 'clickTime']).df;
  assert.throws(() => impressions.withWatermark('impressionTime', '1 minute').join(clicks, expr(CONDITION)), (e: unknown) =>
    e instanceof AnalysisException && /right time column 'clickTime' needs a watermark/.test(e.message));
  assert.throws(() => impressions.join(clicks, expr('clickAdId = adId AND clickTime >= impressionTime')), /time range with both bounds/);
  assert.throws(() => impressions.join(clicks, expr('clickTime >= impressionTime AND clickTime <= impressionTime + interval 1 hour')), /at least one equality/);
  assert.throws(() => impressions.join(clicks, expr(CONDITION), 'full_outer'), /not supported between two streams/);
});

test('a window aggregation after a left outer stream-stream join counts the null-padded rows (the join holds its watermark back)', async () => {
  const spark = new SparkSession();
  const impressions = events(spark, ['adId', 'impressionTime']);
  const clicks = events(spark, ['clickAdId', 'clickTime']);
  const joined = impressions.df.withWatermark('impressionTime', '10 minutes')
    .join(clicks.df.withWatermark('clickTime', '10 minutes'), expr(CONDITION), 'left_outer');
  const perWindow = joined.groupBy(window(col('impressionTime'), '1 hour')).agg(functions.count('*').alias('impressions'), functions.count('clickAdId').alias('clicked'));
  const query = perWindow.writeStream.outputMode('append').format('memory').queryName('sjoin_windows').start();
  impressions.send([['A', '09:00:00'], ['B', '09:05:00'], ['D', '09:20:00']]);
  clicks.send([['A', '09:10:00']]);
  await query.processAllAvailable();
  impressions.send([['E', '12:40:00']]); // the join forwards its watermark 2 hours behind (its lag for a 1-hour range)
  clicks.send([['E', '12:45:00']]);
  await query.processAllAvailable();
  await query.stop();
  const rows = await spark.table('sjoin_windows').collect();
  // impressionTime stays the event time after the join; B and D come out padded when the join's
  // watermark passes 10:05 and 10:20, and the 09:00 window, held back by the join's lag, still counts them.
  assert.deepEqual(rows.map((r) => [formatTimestamp((r.window as { start: number }).start).slice(11, 16), r.impressions, r.clicked]), [['09:00', 3, 1]]);
});
