import assert from 'node:assert/strict';
import { END, kafkaSource, type KafkaMessage, type KafkaSourceOptions, type SourceReader } from 'sluice';
import { kafkaTest, requireKafkaBootstrap } from '../../kafka/kafka-env.ts';
import { connect, newTopic, produce, readAll } from './kafka-helpers.ts';

type N = { n: number };
const ctx = { taskIndex: 0, parallelism: 1, now: () => Date.now() };
const rows = (from: number, to: number): N[] => Array.from({ length: to - from }, (_, i) => ({ n: from + i }));
const ns = (values: N[]) => values.map((v) => v.n).sort((a, b) => a - b);

/** Polls an unbounded reader until it has returned `count` values (or fails after a few seconds). */
async function pollValues<T>(reader: SourceReader<T>, count: number): Promise<T[]> {
  const out: T[] = [];
  const deadline = Date.now() + 10_000;
  while (out.length < count && Date.now() < deadline) {
    const batch = await reader.poll(100);
    if (batch === END) break;
    out.push(...batch.values);
  }
  return out;
}

kafkaTest('earliest-offset to latest-offset reads every partition, with the record timestamps as times', async () => {
  const kafka = await connect();
  try {
    const topic = await newTopic(kafka, 'src-earliest', 2);
    await produce(kafka, topic, rows(0, 3), { partition: 0, timestamps: [1000, 2000, 3000] });
    await produce(kafka, topic, rows(3, 5), { partition: 1, timestamps: [4000, 5000] });
    const source = kafkaSource<N>({ bootstrapServers: requireKafkaBootstrap(), topic, startupMode: 'earliest-offset', boundedMode: 'latest-offset' });
    assert.equal(source.bounded, true);
    const splits = await source.splits(ctx);
    assert.deepEqual(splits.map((s) => s.id), [`${topic}-0`, `${topic}-1`]);
    const reader = source.createReader(splits[0], undefined, ctx);
    try {
      const batch = await reader.poll(10);
      assert.deepEqual(batch !== END && batch.values, rows(0, 3));
      assert.deepEqual(batch !== END && batch.times, [1000, 2000, 3000]);
      assert.equal(await reader.poll(10), END);
      assert.deepEqual(reader.position(), { offset: 3, end: 3 });
    } finally {
      await reader.close();
    }
    assert.deepEqual(ns(await readAll<N>({ topic })), [0, 1, 2, 3, 4]);
  } finally {
    await kafka.close();
  }
});

kafkaTest('latest-offset starts after what is already there', async () => {
  const kafka = await connect();
  try {
    const topic = await newTopic(kafka, 'src-latest');
    await produce(kafka, topic, rows(0, 3));
    const source = kafkaSource<N>({ bootstrapServers: requireKafkaBootstrap(), topic, startupMode: 'latest-offset', pollTimeoutMs: 20 });
    const [split] = await source.splits(ctx);
    const reader = source.createReader(split, undefined, ctx);
    try {
      await produce(kafka, topic, rows(3, 5));
      assert.deepEqual(await pollValues(reader, 2), rows(3, 5));
    } finally {
      await reader.close();
    }
  } finally {
    await kafka.close();
  }
});

kafkaTest("group-offsets resumes at the group's offset; partitions without one follow autoOffsetReset", async () => {
  const kafka = await connect();
  try {
    const topic = await newTopic(kafka, 'src-group', 2);
    await produce(kafka, topic, rows(0, 4), { partition: 0 });
    await produce(kafka, topic, rows(10, 12), { partition: 1 });
    const groupId = `${topic}-g`;
    await kafka.commitOffsets(groupId, [{ topic, partition: 0, offset: 2 }]);
    assert.deepEqual(ns(await readAll<N>({ topic, groupId })), [2, 3, 10, 11]);
    assert.deepEqual(ns(await readAll<N>({ topic, groupId, autoOffsetReset: 'latest' })), [2, 3]);
    await assert.rejects(readAll({ topic, groupId, autoOffsetReset: 'none' }), new RegExp(`group '${groupId}' has no committed offset for ${topic} partition 1`));
  } finally {
    await kafka.close();
  }
});

kafkaTest('timestamp and specific-offsets starts; timestamp and specific-offsets ends', async () => {
  const kafka = await connect();
  try {
    const topic = await newTopic(kafka, 'src-modes', 2);
    await produce(kafka, topic, rows(0, 5), { partition: 0, timestamps: [100, 200, 300, 400, 500] });
    await produce(kafka, topic, rows(10, 13), { partition: 1, timestamps: [150, 250, 350] });
    assert.deepEqual(ns(await readAll<N>({ topic, startupMode: 'timestamp', startupTimestampMillis: 300 })), [2, 3, 4, 12]);
    assert.deepEqual(ns(await readAll<N>({ topic, startupMode: 'specific-offsets', specificOffsets: [{ partition: 0, offset: 4 }] })), [4, 10, 11, 12],
      'an unlisted partition starts at the earliest');
    assert.deepEqual(ns(await readAll<N>({ topic, boundedMode: 'timestamp', boundedTimestampMillis: 300 })), [0, 1, 10, 11]);
    assert.deepEqual(ns(await readAll<N>({ topic, boundedMode: 'specific-offsets', boundedSpecificOffsets: [{ topic, partition: 1, offset: 1 }] })), [0, 1, 2, 3, 4, 10],
      'an unlisted partition ends at the latest offset');
  } finally {
    await kafka.close();
  }
});

kafkaTest("metadata: true gives Spark's Kafka columns", async () => {
  const kafka = await connect();
  const producer = kafka.producer();
  try {
    const topic = await newTopic(kafka, 'src-metadata');
    await producer.send([{ topic, partition: 0, key: Buffer.from('AAPL'), value: Buffer.from('{"price":101.5}'), timestamp: 1704103200000, headers: { source: Buffer.from('nyse') } }]);
    const [message] = await readAll<KafkaMessage>({ topic, metadata: true, keyFormat: 'string' });
    assert.deepEqual(message, {
      key: 'AAPL', value: { price: 101.5 }, topic, partition: 0, offset: 0, timestamp: 1704103200000,
      timestampType: 'CreateTime', headers: { source: Buffer.from('nyse') },
    });
    const [raw] = await readAll<KafkaMessage<Buffer, Buffer>>({ topic, metadata: true, valueFormat: 'raw' });
    assert.ok(Buffer.isBuffer(raw.key) && Buffer.isBuffer(raw.value));
    assert.equal(raw.value.toString(), '{"price":101.5}');
  } finally {
    await producer.close();
    await kafka.close();
  }
});

kafkaTest('csv and string values, several topics and a topic pattern', async () => {
  const kafka = await connect();
  try {
    const a = await newTopic(kafka, 'src-pattern-a');
    const b = a.replace('src-pattern-a', 'src-pattern-b');
    await kafka.createTopic(b, { partitions: 1 });
    await produce(kafka, a, ['AAPL,101.5']);
    await produce(kafka, b, ['MSFT,402']);
    const csv: Omit<KafkaSourceOptions, 'bootstrapServers'> = { valueFormat: 'csv', valueFormatSettings: { columns: ['symbol', 'price'], schema: { price: 'number' } } };
    assert.deepEqual(await readAll({ topic: a, ...csv }), [{ symbol: 'AAPL', price: 101.5 }]);
    assert.deepEqual((await readAll<string>({ topics: [a, b], valueFormat: 'string' })).sort(), ['AAPL,101.5', 'MSFT,402']);
    const pattern = a.replace('src-pattern-a', 'src-pattern-[ab]').replace(/[.]/g, '\\.');
    assert.deepEqual((await readAll<string>({ topicPattern: pattern, valueFormat: 'string' })).sort(), ['AAPL,101.5', 'MSFT,402']);
  } finally {
    await kafka.close();
  }
});

kafkaTest('a reader restored from a position continues there; the group offset is committed only for completed checkpoints', async () => {
  const kafka = await connect();
  const readers: SourceReader<N>[] = [];
  try {
    const topic = await newTopic(kafka, 'src-restore');
    const groupId = `${topic}-g`;
    await produce(kafka, topic, rows(0, 6));
    const source = kafkaSource<N>({ bootstrapServers: requireKafkaBootstrap(), topic, groupId, startupMode: 'earliest-offset', pollTimeoutMs: 20 });
    const [split] = await source.splits(ctx);
    const first = source.createReader(split, undefined, ctx);
    readers.push(first);
    assert.deepEqual((await pollValues(first, 1))[0], { n: 0 });
    const second = source.createReader(split, { offset: 2 }, ctx);
    readers.push(second);
    const batch = await second.poll(2); // maxRecords bounds the batch
    assert.deepEqual(batch !== END && batch.values, [{ n: 2 }, { n: 3 }]);
    const checkpointed = second.position();
    assert.deepEqual(checkpointed, { offset: 4 });
    await second.poll(10);
    assert.deepEqual(await kafka.committedOffsets(groupId, [{ topic, partition: 0 }]), [undefined], 'nothing committed before a checkpoint completes');
    await second.notifyCheckpointComplete?.(1, checkpointed);
    for (const reader of readers.splice(0)) await reader.close(); // the last close sends what is queued
    assert.deepEqual(await kafka.committedOffsets(groupId, [{ topic, partition: 0 }]), [4], 'the checkpointed position, not the reader’s current one');
    assert.deepEqual(ns(await readAll<N>({ topic, groupId })), [4, 5]);
  } finally {
    for (const reader of readers) await reader.close();
    await kafka.close();
  }
});

kafkaTest('read_committed skips aborted transactions; read_uncommitted sees them', async () => {
  const kafka = await connect();
  const producer = kafka.producer({ transactionalId: `src-isolation-${Date.now()}` });
  try {
    const topic = await newTopic(kafka, 'src-isolation');
    await producer.initTransactions();
    await producer.begin();
    await producer.send([{ topic, partition: 0, key: null, value: Buffer.from('{"n":1}') }]);
    await producer.abort();
    await producer.begin();
    await producer.send([{ topic, partition: 0, key: null, value: Buffer.from('{"n":2}') }]);
    await producer.commit();
    assert.deepEqual(ns(await readAll<N>({ topic })), [2]);
    assert.deepEqual(ns(await readAll<N>({ topic, isolationLevel: 'read_uncommitted' })), [1, 2]);
  } finally {
    await producer.close();
    await kafka.close();
  }
});

kafkaTest('a missing topic fails naming it', async () => {
  await assert.rejects(readAll({ topic: `missing-${Date.now()}` }), /Kafka source: topic 'missing-\d+' does not exist/);
});
