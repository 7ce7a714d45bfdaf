import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KafkaClient } from 'sluice';
import { kafkaTest } from '../../kafka/kafka-env.ts';
import { connect, newTopic, produce } from './kafka-helpers.ts';

test('an unreachable broker fails within the connect timeout, naming the servers', async () => {
  const started = Date.now();
  await assert.rejects(KafkaClient.connect({ bootstrapServers: '127.0.0.1:1', connectTimeoutMs: 600 }), /cannot reach Kafka at 127\.0\.0\.1:1 within 600 ms/);
  assert.ok(Date.now() - started < 10_000, 'gave up instead of retrying forever');
});

kafkaTest('admin: topics are created once, partitions counted, missing topics absent', async () => {
  const kafka = await connect();
  try {
    const topic = await newTopic(kafka, 'client-admin', 3);
    assert.equal(await kafka.createTopic(topic, { partitions: 3 }), false);
    const counts = await kafka.partitionCounts([topic, `${topic}-missing`]);
    assert.deepEqual([...counts], [[topic, 3]]);
    assert.ok((await kafka.topics()).includes(topic));
  } finally {
    await kafka.close();
  }
});

kafkaTest('admin: offsets by earliest, latest and timestamp; group offsets committed and read back', async () => {
  const kafka = await connect();
  try {
    const topic = await newTopic(kafka, 'client-offsets', 2);
    await produce(kafka, topic, ['a', 'b', 'c'], { partition: 0, timestamps: [1000, 2000, 3000] });
    const p0 = { topic, partition: 0 };
    const p1 = { topic, partition: 1 };
    assert.deepEqual(await kafka.listOffsets([p0, p1], 'earliest'), [0, 0]);
    assert.deepEqual(await kafka.listOffsets([p0, p1], 'latest'), [3, 0]);
    assert.deepEqual(await kafka.listOffsets([p0], { timestamp: 1500 }), [1]);
    assert.deepEqual(await kafka.listOffsets([p0], { timestamp: 9000 }), [3], 'no record that late: the end');
    const group = `${topic}-group`;
    assert.deepEqual(await kafka.committedOffsets(group, [p0, p1]), [undefined, undefined]);
    await kafka.commitOffsets(group, [{ ...p0, offset: 2 }, { ...p1, offset: 0 }]);
    assert.deepEqual(await kafka.committedOffsets(group, [p0, p1]), [2, 0]);
  } finally {
    await kafka.close();
  }
});

kafkaTest('the fetcher reads each partition from its own offset and can seek', async () => {
  const kafka = await connect();
  const fetcher = kafka.fetcher();
  try {
    const topic = await newTopic(kafka, 'client-fetch', 2);
    await produce(kafka, topic, ['a0', 'a1', 'a2'], { partition: 0 });
    await produce(kafka, topic, ['b0', 'b1'], { partition: 1 });
    const p0 = fetcher.assign(topic, 0, 1);
    const p1 = fetcher.assign(topic, 1, 0);
    await Promise.all([p0.fetch(), p1.fetch()]);
    assert.deepEqual(p0.take(10).map((r) => [r.offset, String(r.value)]), [[1, 'a1'], [2, 'a2']]);
    assert.deepEqual(p1.take(1).map((r) => String(r.value)), ['b0']);
    assert.equal(p1.position(), 1, 'the next record not yet taken');
    p1.seek(0);
    await p1.fetch();
    assert.deepEqual(p1.take(10).map((r) => String(r.value)), ['b0', 'b1']);
    assert.equal(p0.position(), 3);
  } finally {
    await fetcher.close();
    await kafka.close();
  }
});
