// Bugs of @platformatic/kafka 2.12.1 found while building the connector: each test shows the raw
// client misbehaving against the real broker, then that Sluice's wrapper does the right thing.
import assert from 'node:assert/strict';
import { Consumer, FetchIsolationLevels, Producer } from '@platformatic/kafka';
import { kafkaTest, requireKafkaBootstrap } from '../../kafka/kafka-env.ts';
import { kafkaErrorText } from '../../../src/connectors/kafka/kafka-errors.ts';
import { decodePartition } from '../../../src/connectors/kafka/record-batches.ts';
import { connect, newTopic } from './kafka-helpers.ts';

kafkaTest('read_committed: the client hands out aborted records when the abort marker is not in the same response; the fetcher does not', async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'bug-aborted', 1);
  const producer = kafka.producer({ transactionalId: `${topic}-tx` });
  const consumer = new Consumer({ clientId: 'bug-demo', groupId: `${topic}-unused`, bootstrapBrokers: [requireKafkaBootstrap()], isolationLevel: FetchIsolationLevels.READ_COMMITTED });
  const fetcher = kafka.fetcher({ readCommitted: true, partitionMaxBytes: 1 });
  try {
    await producer.initTransactions();
    await producer.begin();
    for (let i = 0; i < 3; i++) await producer.send([{ topic, partition: 0, key: null, value: Buffer.from(`aborted-${i}`) }]);
    await producer.abort();
    await producer.begin();
    await producer.send([{ topic, partition: 0, key: null, value: Buffer.from('committed') }]);
    await producer.commit();

    // The raw client, asked for one batch's worth: the first aborted batch comes back as if committed.
    const metadata = await consumer.metadata({ topics: [topic] });
    const info = metadata.topics.get(topic)!;
    const response = await consumer.fetch({
      node: info.partitions[0].leader, maxWaitTime: 10,
      topics: [{ topicId: info.id, partitions: [{ partition: 0, fetchOffset: 0n, currentLeaderEpoch: -1, lastFetchedEpoch: -1, partitionMaxBytes: 1 }] }],
    });
    const partition = response.responses[0].partitions[0];
    const handedOut = (partition.records ?? []).flatMap((batch) => batch.records.map((r) => String(r.value)));
    assert.deepEqual(handedOut, ['aborted-0'], 'the client keeps an aborted batch whose marker is in a later response');
    assert.deepEqual(decodePartition(partition, 0n, true).records, [], 'the complete rule drops it');

    // The fetcher, one batch per fetch all the way: only the committed record.
    const handle = fetcher.assign(topic, 0, 0);
    const seen: string[] = [];
    for (let round = 0; round < 20 && handle.position() < 6; round++) {
      await handle.fetch();
      for (const record of handle.take(100)) seen.push(String(record.value));
    }
    assert.deepEqual(seen, ['committed']);
  } finally {
    await fetcher.close();
    await consumer.close();
    await producer.close();
    await kafka.close();
  }
});

kafkaTest('transactions: concurrent addOffset calls are merged and only one partition is committed; sendOffsets commits all', async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'bug-offsets', 2);
  const raw = new Producer({ clientId: 'bug-demo', bootstrapBrokers: [requireKafkaBootstrap()], idempotent: true, transactionalId: `${topic}-raw` });
  const ours = kafka.producer({ transactionalId: `${topic}-ours` });
  try {
    const rawGroup = `${topic}-raw-group`;
    const coordinatorId = await kafka.groupCoordinator(rawGroup);
    const transaction = await raw.beginTransaction();
    await transaction.send({ messages: [{ topic, partition: 0, value: Buffer.from('x') }] });
    await transaction.addConsumer({ groupId: rawGroup } as Consumer);
    const offsetMessage = (partition: number, lastOffset: bigint) => ({
      topic, partition, offset: lastOffset, metadata: { consumer: { groupId: rawGroup, generationId: -1, memberId: '', coordinatorId } },
    }) as never;
    await Promise.all([transaction.addOffset(offsetMessage(0, 4n)), transaction.addOffset(offsetMessage(1, 6n))]);
    await transaction.commit();
    const p = [{ topic, partition: 0 }, { topic, partition: 1 }];
    assert.deepEqual(await kafka.committedOffsets(rawGroup, p), [5, undefined], 'the second addOffset resolved without committing');

    const group = `${topic}-group`;
    await ours.initTransactions();
    await ours.begin();
    await ours.send([{ topic, partition: 0, key: null, value: Buffer.from('y') }]);
    await ours.sendOffsets(group, [{ topic, partition: 0, offset: 5 }, { topic, partition: 1, offset: 7 }]);
    await ours.commit();
    assert.deepEqual(await kafka.committedOffsets(group, p), [5, 7]);
  } finally {
    await raw.close(true);
    await ours.close();
    await kafka.close();
  }
});

kafkaTest('transactions: a new client producer cannot take over a transactional id in use (InitProducerId with id 0); ours fences the old one', async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'bug-fence', 1);
  const transactionalId = `${topic}-tx`;
  const options = { clientId: 'bug-demo', bootstrapBrokers: [requireKafkaBootstrap()], idempotent: true, transactionalId };
  const old = new Producer(options);
  const rawNew = new Producer(options);
  const ours = kafka.producer({ transactionalId });
  try {
    const open = await old.beginTransaction();
    await open.send({ messages: [{ topic, partition: 0, value: Buffer.from('from the old process') }] });
    await assert.rejects(rawNew.beginTransaction(), (error: Error) => {
      assert.match(kafkaErrorText(error), /PRODUCER_FENCED/);
      return true;
    });
    await ours.initTransactions();
    await assert.rejects(open.commit(), 'the old producer is fenced');
    assert.deepEqual(await kafka.listOffsets([{ topic, partition: 0 }], 'latest'), [2], 'its transaction was aborted (record + marker)');
  } finally {
    await old.close(true);
    await rawNew.close(true);
    await ours.close();
    await kafka.close();
  }
});
