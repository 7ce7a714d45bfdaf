import assert from 'node:assert/strict';
import { Dataflow, kafkaSource, memorySink, start } from 'sluice';
import { addPartitions, kafkaTest, requireKafkaBootstrap } from '../../kafka/kafka-env.ts';
import { connect, newTopic, produce } from './kafka-helpers.ts';

kafkaTest('partitions added to a topic while the job runs are discovered and read from their start', async () => {
  const kafka = await connect();
  try {
    const topic = await newTopic(kafka, 'discovery', 1);
    await produce(kafka, topic, [{ n: 1 }], { partition: 0 });
    const sink = memorySink<{ n: number }>();
    const flow = new Dataflow('discovery');
    flow
      .input('in', kafkaSource<{ n: number }>({ bootstrapServers: requireKafkaBootstrap(), topic, partitionDiscoveryIntervalMs: 200 }))
      .output('out', sink);
    const job = start(flow, { handleSignals: false, checkpointInterval: 100 });
    const waitFor = async (count: number): Promise<void> => {
      const deadline = Date.now() + 20_000;
      while (sink.values.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    await waitFor(1);
    await addPartitions(requireKafkaBootstrap(), topic, 3);
    await produce(kafka, topic, [{ n: 2 }], { partition: 1 });
    await produce(kafka, topic, [{ n: 3 }], { partition: 2 });
    await waitFor(3);
    const result = await job.stop();
    assert.deepEqual(sink.values.map((v) => v.n).sort(), [1, 2, 3]);
    assert.equal(result.status.splits, 3, 'one reader per partition, including the two discovered');
  } finally {
    await kafka.close();
  }
});
