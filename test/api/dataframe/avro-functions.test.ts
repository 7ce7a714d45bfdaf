// Spark's from_avro / to_avro: a struct written as binary Avro comes back through the schema Flink
// derives for it (independently spelled out here as JSON), and bytes that are not Avro of the schema
// fail the query (Spark's default FAILFAST mode).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DoubleType, IntegerType, SparkSession, StringType, StructType, col, fromAvro, struct, toAvro } from '../../../src/index.ts';

const spark = new SparkSession({ appName: 'avro-functions-test' });

// What to_avro writes for struct(symbol STRING, shares INT, price DOUBLE): Flink's mapping, nullable columns as unions.
const SCHEMA = JSON.stringify({
  type: 'record', name: 'record', fields: [
    { name: 'symbol', type: ['null', 'string'], default: null },
    { name: 'shares', type: ['null', 'int'], default: null },
    { name: 'price', type: ['null', 'double'], default: null },
  ],
});

const trades = () => spark.createDataFrame([
  { symbol: 'AAPL', shares: 100, price: 187.5 },
  { symbol: null, shares: 40, price: null },
], new StructType().add('symbol', StringType).add('shares', IntegerType).add('price', DoubleType));

test('toAvro then fromAvro with the derived schema gives the struct back', async () => {
  const avro = trades().select(toAvro(struct('symbol', 'shares', 'price')).alias('value'));
  const values = await avro.collect();
  // The bytes of the first row, from the Avro specification: union index 1, then the value.
  assert.deepEqual([...(values[0].value as Uint8Array)].slice(0, 6), [2, 8, ...Buffer.from('AAPL')]);
  const back = await avro.select(fromAvro(col('value'), SCHEMA).alias('t')).select('t.*').collect();
  assert.deepEqual(back.map((r) => ({ ...r })), [{ symbol: 'AAPL', shares: 100, price: 187.5 }, { symbol: null, shares: 40, price: null }]);
});

test('fromAvro refuses a schema that is not JSON or not a record when the column is built, and fails on bytes that are not a datum', async () => {
  assert.throws(() => fromAvro(col('value'), '{oops'), /option 'jsonFormatSchema': is not JSON/);
  assert.throws(() => fromAvro(col('value'), '"string"'), /the Avro schema must be a record/);
  const bad = spark.createDataFrame([{ value: 'x' }]).select(col('value').cast('binary').alias('value'));
  await assert.rejects(bad.select(fromAvro(col('value'), SCHEMA).alias('t')).collect(), /FROM_AVRO: (truncated Avro record|not an Avro record)/);
});
