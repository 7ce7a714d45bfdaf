// `npm run bench -- dataframe`: the seed query through the DataFrame API next to the same query in SQL,
// on the core benchmark's data (the same JSON Buffers in the same in-process log topic), alternated
// round by round in one process.
import { cpus, totalmem } from 'node:os';
import { SparkSession, StructType, StringType, IntegerType, DoubleType, TimestampType, col, fromJson, window } from 'sluice';
import { encodedTrades } from '../seed-query-data.ts';
import { SQL_BENCH_TOPIC, fillSqlTopic, runSql } from '../sql/sql-seed-query.ts';
import { median, timed } from '../bench-stats.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP_TOPIC = 'bench_df_stock_data_warmup';

const schema = new StructType().add('symbol', StringType).add('shares', IntegerType)
  .add('price', DoubleType).add('transaction_date', TimestampType);

/**
 * The seed query as the PySpark example writes it, with the SQL job's 5-second watermark so both
 * compute the same final windows: append mode (each window once, when final), trigger availableNow
 * (read what the topic holds, then stop), into the noop sink. A fresh session per run.
 *
 * @example
 * const { windows } = await runDataFrame(SQL_BENCH_TOPIC);
 */
export async function runDataFrame(topic: string): Promise<{ windows: number; late: number; records: number }> {
  const spark = new SparkSession({ appName: 'bench' });
  // Every batch's progress (a query keeps only the latest 100).
  const totals = { windows: 0, late: 0, records: 0 };
  spark.streams.addListener({
    onQueryProgress: ({ progress: p }) => {
      totals.windows += p.sink.numOutputRows;
      totals.late += p.stateOperators.reduce((m, op) => m + op.numRowsDroppedByWatermark, 0);
      totals.records += p.numInputRows;
    },
  });
  const query = spark.readStream.format('sluice-log').option('subscribe', topic).option('startingOffsets', 'earliest').load()
    .select(fromJson(col('value').cast('string'), schema).alias('data')).select('data.*')
    .withWatermark('transaction_date', '5 seconds')
    .groupBy(window(col('transaction_date'), '1 hour'), col('symbol')).agg({ shares: 'sum', price: 'avg' })
    .writeStream.outputMode('append').format('noop').trigger({ availableNow: true }).start();
  await query.awaitTermination();
  return totals;
}

/**
 * Runs the DataFrame-vs-SQL benchmark and prints both rates and the ratio; fails when the two disagree
 * on the windows or late records, or the DataFrame query did not read every record.
 *
 * @example
 * await benchDataFrame(); // BENCH_RECORDS=1000000 BENCH_ROUNDS=5
 */
export async function benchDataFrame(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`input: ${RECORDS} stock trades as JSON bytes in a sluice-log topic; ${ROUNDS} rounds each, alternating (DataFrame first); median reported`);
  const records = await encodedTrades(RECORDS);
  const mb = records.reduce((n, r) => n + r.length, 0) / 1e6;
  fillSqlTopic(records);
  fillSqlTopic(records.slice(0, 100_000), WARMUP_TOPIC);
  await runDataFrame(WARMUP_TOPIC);
  await runSql(WARMUP_TOPIC);
  const df: number[] = [];
  const sql: number[] = [];
  let windows = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const d = await timed(() => runDataFrame(SQL_BENCH_TOPIC));
    const s = await timed(() => runSql());
    df.push(d.ms);
    sql.push(s.ms);
    if (d.result.records !== RECORDS) throw new Error(`the DataFrame query read ${d.result.records} records, expected ${RECORDS}`);
    if (d.result.windows !== s.result.windows || d.result.late !== s.result.late) {
      throw new Error(`DataFrame and SQL disagree: ${JSON.stringify(d.result)} vs ${JSON.stringify(s.result)}`);
    }
    windows = s.result.windows;
    console.log(`round ${round + 1}: DataFrame ${d.ms.toFixed(0)} ms, SQL ${s.ms.toFixed(0)} ms`);
  }
  const dfRate = RECORDS / (median(df) / 1000);
  const sqlRate = RECORDS / (median(sql) / 1000);
  console.log(`results agree: ${windows} windows`);
  console.log(`DataFrame: ${Math.round(dfRate).toLocaleString('en')} records/s (${(mb / (median(df) / 1000)).toFixed(1)} MB/s)`);
  console.log(`SQL:       ${Math.round(sqlRate).toLocaleString('en')} records/s (${(mb / (median(sql) / 1000)).toFixed(1)} MB/s)`);
  console.log(`ratio DataFrame / SQL: ${(dfRate / sqlRate).toFixed(2)}`);
}
