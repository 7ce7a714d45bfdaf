// The seed's PySpark Structured Streaming example as a user runs it (examples/seed-spark-streaming.ts):
// embedded on the in-process log, and against a real Kafka broker with the input produced by kcat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SparkSession, defaultLog } from 'sluice';
import { seedSparkStreaming } from '../../examples/seed-spark-streaming.ts';
import { kcatProduce } from '../../scripts/kafka/kcat.ts';
import { createTopic, kafkaTest, requireKafkaBootstrap } from '../kafka/kafka-env.ts';

const TRADES = [
  ['AAPL', 100, 187.5, '09:05:00'], ['MSFT', 40, 370, '09:12:00'], ['AAPL', 50, 188.1, '09:47:30'],
  ['AAPL', 25, 187.9, '09:47:27'], ['AAPL', 80, 189, '10:15:00'], ['GOOG', 30, 140.25, '10:20:00'],
] as const;

const json = ([symbol, shares, price, at]: (typeof TRADES)[number]) =>
  JSON.stringify({ symbol, shares, price, transaction_date: `2024-01-02 ${at}` });

/** The table rows Spark's console sink prints for the trades (update mode, one batch; default truncation). */
const EXPECTED_ROWS = [
  '|{2024-01-02 09:00...|  AAPL|        175|187.83333333333334|', // (187.5 + 188.1 + 187.9) / 3
  '|{2024-01-02 09:00...|  MSFT|         40|             370.0|',
  '|{2024-01-02 10:00...|  AAPL|         80|             189.0|',
  '|{2024-01-02 10:00...|  GOOG|         30|            140.25|',
];

function capturingSession(): { spark: SparkSession; printed: () => string } {
  const spark = new SparkSession({ appName: 'KafkaSparkStreaming' });
  const out: string[] = [];
  spark.out = { write: (t: string) => out.push(t) };
  return { spark, printed: () => out.join('') };
}

/** The table rows of every "Batch: N" the console printed, sorted. */
function tableRows(printed: string): string[] {
  return printed.split('\n').filter((l) => l.startsWith('|{')).sort();
}

test('the seed\'s Spark example runs embedded and prints the hourly windows per micro-batch', async () => {
  const { spark, printed } = capturingSession();
  const topic = `seed_spark_${process.pid}`;
  defaultLog().createTopic(topic, { partitions: 1 });
  defaultLog().produce(topic, TRADES.map((t) => ({ key: t[0], value: json(t) })));
  const query = seedSparkStreaming({ spark, topic, startingOffsets: 'earliest' });
  await query.processAllAvailable();
  await query.stop();
  assert.match(printed(), /^-{43}\nBatch: 0\n-{43}\n\+-{20}\+-{6}\+-{11}\+-{18}\+\n\|\s+window\|symbol\|sum\(shares\)\|\s+avg\(price\)\|/);
  assert.deepEqual(tableRows(printed()), EXPECTED_ROWS);
  assert.equal(query.lastProgress?.numInputRows, TRADES.length);
});

kafkaTest('the seed\'s Spark example reads the seed\'s topic on a real broker (input produced by kcat)', { timeout: 120_000 }, async () => {
  const bootstrapServers = requireKafkaBootstrap();
  const topic = `stock_topic_spark_${Date.now()}`;
  await createTopic(bootstrapServers, topic, 1);
  await kcatProduce(bootstrapServers, topic, TRADES.map((t) => `${t[0]}\t${json(t)}`), { keyDelimiter: '\t' });
  const { spark, printed } = capturingSession();
  const query = seedSparkStreaming({ spark, bootstrapServers, topic, startingOffsets: 'earliest' });
  while (query.isActive && (query.recentProgress.reduce((n, p) => n + p.numInputRows, 0) < TRADES.length)) await query.processAllAvailable();
  await query.stop();
  assert.equal(query.exception(), null);
  assert.deepEqual(tableRows(printed()), EXPECTED_ROWS);
});
