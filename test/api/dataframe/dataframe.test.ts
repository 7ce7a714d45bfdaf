import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AnalysisException, SparkSession, StructType, StringType, IntegerType, DoubleType, TimestampType, col, expr, fromJson, lit, toJson,
  when, window, struct, functions as F, formatTimestamp,
} from '../../../src/index.ts';

const spark = new SparkSession({ appName: 'dataframe-test' });

const trades = () => spark.createDataFrame([
  { symbol: 'AAPL', shares: 100, price: 187.5, ts: '2024-01-02 09:05:00' },
  { symbol: 'MSFT', shares: 40, price: 370.0, ts: '2024-01-02 09:12:00' },
  { symbol: 'AAPL', shares: 50, price: 188.1, ts: '2024-01-02 09:47:30' },
  { symbol: 'AAPL', shares: 80, price: 189.0, ts: '2024-01-02 10:15:00' },
  { symbol: 'GOOG', shares: 30, price: 140.25, ts: '2024-01-02 10:20:00' },
], new StructType().add('symbol', StringType).add('shares', IntegerType).add('price', DoubleType).add('ts', TimestampType));


test('select, withColumn, where and drop compute the columns Spark would', async () => {
  const rows = await trades()
    .withColumn('value', col('price').multiply(col('shares')))
    .where(col('value').gt(10_000).and(col('symbol').isin('AAPL', 'MSFT')))
    .select('symbol', 'value', col('shares').plus(1).alias('shares_plus_one'))
    .drop('shares_plus_one')
    .collect();
  assert.deepEqual(rows.sort((a, b) => Number(a.value) - Number(b.value)), [
    { symbol: 'MSFT', value: 14_800 },
    { symbol: 'AAPL', value: 15_120 },
    { symbol: 'AAPL', value: 18_750 },
  ]);
});

test('when/otherwise, cast, like and expr follow SQL semantics', async () => {
  const rows = await trades()
    .select(
      col('symbol'),
      when(col('shares').geq(80), 'big').when(col('shares').geq(40), 'medium').otherwise('small').alias('size'),
      col('price').cast('int').alias('whole'),
      col('symbol').like('A%').alias('is_a'),
      expr('shares * 2 AS double_shares'),
    )
    .where("symbol <> 'GOOG'")
    .collect();
  assert.deepEqual(rows.sort((a, b) => Number(b.double_shares) - Number(a.double_shares)), [
    { symbol: 'AAPL', size: 'big', whole: 187, is_a: true, double_shares: 200 },
    { symbol: 'AAPL', size: 'big', whole: 189, is_a: true, double_shares: 160 },
    { symbol: 'AAPL', size: 'medium', whole: 188, is_a: true, double_shares: 100 },
    { symbol: 'MSFT', size: 'medium', whole: 370, is_a: false, double_shares: 80 },
  ]);
});

test('selectExpr and withColumnRenamed', async () => {
  const df = trades().selectExpr('symbol AS ticker', 'price * 2 AS double_price').withColumnRenamed('ticker', 'sym');
  assert.deepEqual(df.columns, ['sym', 'double_price']);
  const rows = await df.where(col('sym').eq('GOOG')).collect();
  assert.deepEqual(rows, [{ sym: 'GOOG', double_price: 280.5 }]);
});

test("fromJson parses text into a struct and 'data.*' expands it; malformed text gives a null struct", async () => {
  const schema = new StructType().add('symbol', StringType).add('shares', IntegerType).add('at', TimestampType);
  const raw = spark.createDataFrame([
    { value: '{"symbol":"AAPL","shares":100,"at":"2024-01-02 09:05:00"}' },
    { value: 'not json' },
  ]);
  const parsed = raw.select(fromJson(col('value'), schema).alias('data')).select('data.*');
  assert.deepEqual(parsed.columns, ['symbol', 'shares', 'at']);
  const rows = await parsed.collect();
  assert.equal(rows.length, 2);
  const good = rows.find((r) => r.symbol === 'AAPL')!;
  assert.equal(good.shares, 100);
  assert.equal(formatTimestamp(good.at as number), '2024-01-02 09:05:00.000');
  assert.ok(rows.some((r) => r.symbol === null && r.shares === null), 'the malformed record is a row of nulls, not a failure');
});

test('toJson writes a struct back as JSON text', async () => {
  const schema = new StructType().add('symbol', StringType).add('shares', IntegerType);
  const rows = await spark.createDataFrame([{ value: '{"symbol":"AAPL","shares":7}' }])
    .select(toJson(fromJson(col('value'), schema)).alias('json')).collect();
  assert.deepEqual(JSON.parse(rows[0].json as string), { symbol: 'AAPL', shares: 7 });
});

test("groupBy(window).agg with Spark's dict form gives one row per window and key, the window a struct", async () => {
  const rows = await trades().groupBy(window(col('ts'), '1 hour'), col('symbol')).agg({ shares: 'sum', price: 'avg' }).collect();
  const text = rows.map((r) => {
    const w = r.window as { start: number; end: number };
    return `${formatTimestamp(w.start)}|${formatTimestamp(w.end)}|${r.symbol}|${r['sum(shares)']}|${r['avg(price)']}`;
  }).sort();
  assert.deepEqual(text, [
    '2024-01-02 09:00:00.000|2024-01-02 10:00:00.000|AAPL|150|187.8',
    '2024-01-02 09:00:00.000|2024-01-02 10:00:00.000|MSFT|40|370',
    '2024-01-02 10:00:00.000|2024-01-02 11:00:00.000|AAPL|80|189',
    '2024-01-02 10:00:00.000|2024-01-02 11:00:00.000|GOOG|30|140.25',
  ]);
});

test('groupBy with aggregate columns, count, orderBy and limit', async () => {
  const totals = await trades().groupBy('symbol').agg(F.sum('shares').alias('total'), F.max('price').alias('top'), F.count('*').alias('n'))
    .orderBy(col('total').desc()).limit(2).collect();
  assert.deepEqual(totals, [{ symbol: 'AAPL', total: 230, top: 189, n: 3 }, { symbol: 'MSFT', total: 40, top: 370, n: 1 }]);
  const counts = await trades().groupBy('symbol').count().orderBy('symbol').collect();
  assert.deepEqual(counts, [{ symbol: 'AAPL', count: 3 }, { symbol: 'GOOG', count: 1 }, { symbol: 'MSFT', count: 1 }]);
  assert.equal(await trades().count(), 5);
});

test('union keeps both inputs and sliding windows need a watermark', async () => {
  const df = trades().select('symbol');
  assert.equal((await df.union(df).collect()).length, 10);
  assert.throws(() => trades().groupBy(window(col('ts'), '1 hour', '30 minutes')).count(), (e: unknown) =>
    e instanceof AnalysisException && /withWatermark/.test(e.message));
  const sliding = await trades().withWatermark('ts', '1 minute').groupBy(window(col('ts'), '1 hour', '30 minutes')).count().collect();
  // Windows of an hour every half hour: 08:30, 09:00, 09:30, 10:00 (each trade in two of them).
  assert.equal(sliding.reduce((n, r) => n + Number(r.count), 0), 10);
});

test('an unknown column is an AnalysisException naming it, at the step that uses it', () => {
  assert.throws(() => trades().select(col('prize')), (e: unknown) => e instanceof AnalysisException && /prize/.test(e.message) && /^select/.test(e.message));
  assert.throws(() => trades().where(col('nope').isNull()), (e: unknown) => e instanceof AnalysisException && /nope/.test(e.message) && /^where/.test(e.message));
  assert.throws(() => trades().where(col('price').gt(lit('x'))), (e: unknown) => e instanceof AnalysisException && /'>' to DOUBLE and CHAR/.test(e.message));
  assert.throws(() => trades().withWatermark('symbol', '1 minute'), /must be a timestamp/);
});

test('batch actions refuse streaming DataFrames and writeStream refuses batch ones', () => {
  assert.throws(() => trades().writeStream, /only on streaming DataFrame/);
  const rate = spark.readStream.format('rate').load();
  assert.equal(rate.isStreaming, true);
  assert.rejects(() => rate.collect(), /writeStream\.start\(\)/);
});

test('show prints the first rows in Spark\'s table layout', async () => {
  const out: string[] = [];
  const session = new SparkSession();
  session.out = { write: (t: string) => out.push(t) };
  await session.createDataFrame([{ a: 1, b: 'x' }, { a: 2, b: 'y' }, { a: 3, b: 'z' }]).orderBy('a').show(2);
  assert.equal(out.join(''), '+---+---+\n|  a|  b|\n+---+---+\n|  1|  x|\n|  2|  y|\n+---+---+\nonly showing top 2 rows\n\n');
});

test('spark.sql sees temporary views of DataFrames', async () => {
  trades().createOrReplaceTempView('trades_view');
  const rows = await spark.sql('SELECT symbol, SUM(shares) AS total FROM trades_view GROUP BY symbol').orderBy('symbol').collect();
  assert.deepEqual(rows, [{ symbol: 'AAPL', total: 230 }, { symbol: 'GOOG', total: 30 }, { symbol: 'MSFT', total: 40 }]);
});

test('sum of an integer column is a long, as in Spark (no 32-bit wrap)', async () => {
  const df = spark.createDataFrame([{ n: 2_000_000_000 }, { n: 2_000_000_000 }], new StructType().add('n', IntegerType));
  const agged = df.agg(F.sum('n'));
  assert.deepEqual(agged.dtypes, [['sum(n)', 'bigint']]);
  assert.deepEqual(await agged.collect(), [{ 'sum(n)': 4_000_000_000 }]);
});

test('struct names its fields after the columns, and toJson(struct(…)) makes a Kafka value', async () => {
  const rows = await trades().where(col('symbol').eq('GOOG'))
    .select(toJson(struct('symbol', col('shares').multiply(2).alias('double_shares'))).alias('value')).collect();
  assert.deepEqual(rows.map((r) => JSON.parse(r.value as string)), [{ symbol: 'GOOG', double_shares: 60 }]);
  const nested = trades().select(struct(...trades().columns).alias('trade'));
  assert.deepEqual(nested.dtypes, [['trade', 'struct<symbol:string,shares:int,price:double,ts:timestamp>']]);
});
