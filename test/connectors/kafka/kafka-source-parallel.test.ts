// Partitions spread across a job's source tasks, on the real broker: two tasks of one job (task 0
// and 1 of 2, in this process) each read exactly their partitions, and together every record once.
import assert from 'node:assert/strict';
import { Dataflow, kafkaSource, memorySink, run, type SourceContext } from 'sluice';
import { addPartitions, kafkaTest, requireKafkaBootstrap } from '../../kafka/kafka-env.ts';
import { connect, newTopic, produce } from './kafka-helpers.ts';

type Reading = { p: number; i: number };

const task = (taskIndex: number, parallelism = 2): SourceContext => ({ taskIndex, parallelism, now: () => Date.now() });

kafkaTest('two source tasks of a 4-partition topic list partitions 0,2 and 1,3; new partitions follow the same rule', async () => {
  const kafka = await connect();
  try {
    const topic = await newTopic(kafka, 'par-splits', 4);
    const options = { bootstrapServers: requireKafkaBootstrap(), topic, boundedMode: 'unbounded' as const };
    const sources = [kafkaSource(options), kafkaSource(options)];
    const ids = await Promise.all(sources.map(async (source, i) => (await source.splits(task(i))).map((s) => s.id)));
    assert.deepEqual(ids, [[`${topic}-0`, `${topic}-2`], [`${topic}-1`, `${topic}-3`]]);
    await addPartitions(requireKafkaBootstrap(), topic, 7);
    const found = await Promise.all(sources.map(async (source, i) => {
      const known = ids[i].map((id) => ({ id }));
      return (await source.discoverSplits!(task(i), known)).map((s) => s.id);
    }));
    assert.deepEqual(found, [[`${topic}-4`, `${topic}-6`], [`${topic}-5`]]);
  } finally {
    await kafka.close();
  }
});

kafkaTest('two tasks of one job read every record of a 4-partition topic once between them, each only its partitions', async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'par-read', 4);
  try {
    for (let p = 0; p < 4; p++) await produce(kafka, topic, Array.from({ length: 50 }, (_, i) => ({ p, i })), { partition: p });
  } finally {
    await kafka.close();
  }
  const runTask = async (taskIndex: number): Promise<Reading[]> => {
    const sink = memorySink<Reading>();
    const flow = new Dataflow('par-read');
    flow.input('in', kafkaSource<Reading>({ bootstrapServers: requireKafkaBootstrap(), topic, boundedMode: 'latest-offset' })).output('out', sink);
    const result = await run(flow, { taskIndex, parallelism: 2, handleSignals: false });
    assert.equal(result.outcome, 'finished');
    return sink.values;
  };
  const [first, second] = await Promise.all([runTask(0), runTask(1)]);
  assert.deepEqual([...new Set(first.map((r) => r.p))].sort(), [0, 2], 'task 0 read partitions 0 and 2');
  assert.deepEqual([...new Set(second.map((r) => r.p))].sort(), [1, 3], 'task 1 read partitions 1 and 3');
  const all = [...first, ...second].map((r) => `${r.p}/${r.i}`);
  assert.equal(all.length, 200);
  assert.equal(new Set(all).size, 200, 'no record read twice');
});
