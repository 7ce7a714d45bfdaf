import assert from 'node:assert/strict';
import { kafkaSink, kafkaSource, partitionForKey, type KafkaMessage, type KafkaPartitioner, type KafkaSplit, type Sink } from 'sluice';
import { kcatConsume } from '../../../scripts/kafka/kcat.ts';
import { kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../../kafka/kafka-env.ts';
import { connect, newTopic, readAll } from './kafka-helpers.ts';

type Trade = { symbol: string; price: number };
const ctx = { taskIndex: 0, parallelism: 1, jobName: 'sink-test' };
const trades: Trade[] = [{ symbol: 'AAPL', price: 1 }, { symbol: 'MSFT', price: 2 }, { symbol: 'AAPL', price: 3 }, { symbol: 'NVDA', price: 4 }];

async function writeAll<T>(sink: Sink<T>, values: T[], times: number[], checkpointId = 1): Promise<void> {
  await sink.write(values, times);
  await sink.commit(checkpointId, await sink.prepareCommit(checkpointId, { positions: [] }));
}

kafkaTest('a missing topic fails naming it; autoCreate creates it', async () => {
  const topic = uniqueTopic('sink-missing');
  const missing = kafkaSink<Trade>({ bootstrapServers: requireKafkaBootstrap(), topic });
  await assert.rejects(Promise.resolve(missing.open(ctx)), new RegExp(`Kafka sink: topic '${topic}' does not exist \\(create it, or pass autoCreate`));
  const created = kafkaSink<Trade>({ bootstrapServers: requireKafkaBootstrap(), topic, autoCreate: { partitions: 3, replicationFactor: 1 } });
  await created.open(ctx);
  await created.close();
  const kafka = await connect();
  try {
    assert.equal((await kafka.partitionCounts([topic])).get(topic), 3);
  } finally {
    await kafka.close();
  }
});

kafkaTest('at-least-once: keys go to their murmur2 partition, with headers and event times, readable by kcat', async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'sink-alo', 3);
  await kafka.close();
  const sink = kafkaSink<Trade>({
    bootstrapServers: requireKafkaBootstrap(), topic, key: (t) => t.symbol, headers: (t) => ({ currency: t.symbol === 'AAPL' ? 'USD' : 'EUR' }),
  });
  await sink.open(ctx);
  try {
    await writeAll(sink, trades, [1000, 2000, 3000, Number.NaN]);
  } finally {
    await sink.close();
  }
  const lines = await kcatConsume(requireKafkaBootstrap(), topic, { keyDelimiter: '=' });
  assert.deepEqual(lines.sort(), trades.map((t) => `${t.symbol}=${JSON.stringify(t)}`).sort());
  const messages = await readAll<KafkaMessage<Trade, string>>({ topic, metadata: true, keyFormat: 'string' });
  for (const m of messages) {
    assert.equal(m.partition, partitionForKey(m.key, 3), `${m.key} on its Java-client partition`);
    assert.equal(String(m.headers.currency), m.key === 'AAPL' ? 'USD' : 'EUR');
  }
  const times = new Map(messages.map((m) => [m.value.price, m.timestamp]));
  assert.equal(times.get(1), 1000);
  assert.equal(times.get(2), 2000);
  assert.ok(Math.abs(times.get(4)! - Date.now()) < 60_000, 'a record without an event time gets the current time');
});

kafkaTest('partitioners: round-robin, fixed and a function', async () => {
  const kafka = await connect();
  try {
    const partitionsOf = async (partitioner: KafkaPartitioner<Trade>) => {
      const topic = await newTopic(kafka, 'sink-partitioner', 2);
      // at-least-once: an idempotent producer, so a retried produce under load cannot add a copy (with 'none' it may).
      const sink = kafkaSink<Trade>({ bootstrapServers: requireKafkaBootstrap(), topic, partitioner, deliveryGuarantee: 'at-least-once' });
      await sink.open({ ...ctx, taskIndex: 1 });
      await writeAll(sink, trades, trades.map(() => 0));
      await sink.close();
      const messages = await readAll<KafkaMessage<Trade>>({ topic, metadata: true });
      return messages.sort((a, b) => a.value.price - b.value.price).map((m) => m.partition);
    };
    const rr = await partitionsOf('round-robin');
    assert.deepEqual([rr.filter((p) => p === 0).length, rr.filter((p) => p === 1).length], [2, 2]);
    assert.deepEqual(await partitionsOf('fixed'), [1, 1, 1, 1], 'task 1 writes partition 1');
    assert.deepEqual(await partitionsOf((t) => (t.price > 2 ? 1 : 0)), [0, 0, 1, 1]);
  } finally {
    await kafka.close();
  }
});

kafkaTest('exactly-once: records are invisible to read_committed readers until the checkpoint commits, and input offsets commit with them', async () => {
  const kafka = await connect();
  const input = await newTopic(kafka, 'sink-eos-in', 2);
  const topic = await newTopic(kafka, 'sink-eos', 1);
  const groupId = `${input}-group`;
  const source = kafkaSource({ bootstrapServers: requireKafkaBootstrap(), topic: input, groupId });
  const split = (partition: number): KafkaSplit => ({ id: `${input}-${partition}`, topic: input, partition, startOffset: 0 });
  const sink = kafkaSink<Trade>({ bootstrapServers: requireKafkaBootstrap(), topic, deliveryGuarantee: 'exactly-once', transactionalIdPrefix: topic });
  try {
    await sink.open(ctx);
    await sink.write(trades.slice(0, 2), [0, 0]);
    const prepared = await sink.prepareCommit(1, { positions: [
      { source, split: split(0), position: { offset: 5 } },
      { source, split: split(1), position: undefined }, // not read yet: its start offset
    ] });
    assert.deepEqual(await readAll({ topic }), [], 'prepared but not committed');
    assert.deepEqual(await kafka.committedOffsets(groupId, [{ topic: input, partition: 0 }], false), [undefined]);
    await sink.commit(1, structuredClone(prepared));
    // EndTxn returns once the coordinator logged the commit; the markers reach the partition a moment
    // later, and only then does the last stable offset (what read_committed sees) move past the records.
    assert.deepEqual(await readUntil(topic, 2), trades.slice(0, 2));
    assert.deepEqual(await kafka.committedOffsets(groupId, [{ topic: input, partition: 0 }, { topic: input, partition: 1 }]), [5, 0]);
    await sink.commit(1, prepared);
    assert.deepEqual(await readAll({ topic }), trades.slice(0, 2), 'a commit run again is a no-op');
  } finally {
    await sink.close();
    await kafka.close();
  }
});

kafkaTest('exactly-once after a crash: the restarted sink fences the zombie and accepts only checkpoints whose transaction committed', async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'sink-zombie', 1);
  const options = { bootstrapServers: requireKafkaBootstrap(), topic, deliveryGuarantee: 'exactly-once' as const, transactionalIdPrefix: topic };
  const zombie = kafkaSink<Trade>(options);
  const restarted = kafkaSink<Trade>(options);
  try {
    await zombie.open(ctx);
    await zombie.write(trades.slice(0, 1), [0]);
    const first = structuredClone(await zombie.prepareCommit(1, { positions: [] }));
    await zombie.commit(1, first);
    await zombie.write(trades.slice(1, 3), [0, 0]);
    const second = structuredClone(await zombie.prepareCommit(2, { positions: [] }));
    // The process "dies" here: checkpoint 2 is written, its transaction is open, nothing aborts it.
    assert.equal(await restarted.acceptsCheckpoint!(2, second), false, 'checkpoint 2 never committed');
    assert.equal(await restarted.acceptsCheckpoint!(1, first), true);
    await restarted.open({ ...ctx, restoredCheckpointId: 1 });
    await restarted.commit(1, first); // the runtime re-runs the restored checkpoint's commit
    await restarted.write(trades.slice(1, 4), [0, 0, 0]); // replayed from checkpoint 1
    await restarted.commit(2, await restarted.prepareCommit(2, { positions: [] }));
    await assert.rejects(Promise.resolve(zombie.commit(2, second)), /commit failed/, 'the zombie is fenced');
    assert.deepEqual(await readAll({ topic }), trades, 'each record once');
    assert.deepEqual(await kcatConsume(requireKafkaBootstrap(), topic, { isolation: 'read_committed' }), trades.map((t) => JSON.stringify(t)));
  } finally {
    await zombie.close();
    await restarted.close();
    await kafka.close();
  }
});

kafkaTest('key fields for the key, csv values', async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'sink-flink', 1);
  await kafka.close();
  assert.throws(() => kafkaSink<Trade>({
    'connector': 'kafka', 'topic': topic, 'properties.bootstrap.servers': requireKafkaBootstrap(),
    'format': 'csv', 'key.format': 'raw', 'key.fields': 'symbol', 'sink.delivery-guarantee': 'at-least-once',
  }), /option 'valueFormat': 'csv' needs its columns/, 'csv without columns is refused');
  const withColumns = kafkaSink<Trade>({ bootstrapServers: requireKafkaBootstrap(), topic, valueFormat: 'csv', valueFormatSettings: { columns: ['symbol', 'price'] }, keyFields: ['symbol'] });
  await withColumns.open(ctx);
  try {
    await writeAll(withColumns, trades.slice(0, 2), [0, 0]);
  } finally {
    await withColumns.close();
  }
  assert.deepEqual(await kcatConsume(requireKafkaBootstrap(), topic, { keyDelimiter: '|' }), ['AAPL|AAPL,1', 'MSFT|MSFT,2']);
});

/** Reads the topic (read_committed) until it holds `count` records or 10 s pass. */
async function readUntil<T = Trade>(topic: string, count: number): Promise<T[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const rows = await readAll<T>({ topic });
    if (rows.length >= count || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
