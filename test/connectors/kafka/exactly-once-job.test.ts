import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataflow, kafkaSink, kafkaSource, run } from 'sluice';
import { kcatConsume } from '../../../scripts/kafka/kcat.ts';
import { kafkaTest, requireKafkaBootstrap } from '../../kafka/kafka-env.ts';
import { connect, newTopic, produce } from './kafka-helpers.ts';

type Order = { id: number; qty: number };
const TOTAL = 3_000;

/** input → map (which may fail) → output, exactly once; the same prefix and group on every run, as a restarted job. */
function pipeline(input: string, output: string, failAfter: number | undefined): Dataflow {
  const bootstrapServers = requireKafkaBootstrap();
  let seen = 0;
  const flow = new Dataflow('eos-job');
  flow
    .input('orders', kafkaSource<Order>({ bootstrapServers, topic: input, groupId: `${input}-job`, startupMode: 'earliest-offset', boundedMode: 'latest-offset' }))
    .map((order) => {
      if (failAfter !== undefined && ++seen > failAfter) throw new Error('boom: the task died');
      return { ...order, total: order.qty * 10 };
    })
    .output('out', kafkaSink({ bootstrapServers, topic: output, deliveryGuarantee: 'exactly-once', transactionalIdPrefix: `${output}-tx`, key: (o) => String(o.id) }));
  return flow;
}

kafkaTest('exactly-once: a job that fails after checkpoints and restarts from its checkpoint writes every input once', async () => {
  const kafka = await connect();
  const input = await newTopic(kafka, 'eos-orders', 3);
  const output = await newTopic(kafka, 'eos-totals', 2);
  for (let p = 0; p < 3; p++) {
    const ids = Array.from({ length: TOTAL / 3 }, (_, i) => i * 3 + p);
    await produce(kafka, input, ids.map((id) => ({ id, qty: id % 7 })), { partition: p });
  }
  const checkpointDir = mkdtempSync(join(tmpdir(), 'sluice-eos-'));
  // A checkpoint after every batch of 100: many transactions before the failure.
  const options = { checkpointDir, checkpointInterval: 0, maxBatchSize: 100, handleSignals: false };
  try {
    await assert.rejects(run(pipeline(input, output, 1_500), options), /boom: the task died/);
    assert.ok(readdirSync(checkpointDir).length > 0, 'checkpoints were taken before the failure');
    const beforeRestart = await kcatConsume(requireKafkaBootstrap(), output, { isolation: 'read_committed' });
    assert.ok(beforeRestart.length > 0 && beforeRestart.length < TOTAL, `some output committed before the failure (${beforeRestart.length})`);

    const result = await run(pipeline(input, output, undefined), options);
    assert.equal(result.outcome, 'finished');

    const lines = await kcatConsume(requireKafkaBootstrap(), output, { isolation: 'read_committed' });
    const ids = lines.map((line) => (JSON.parse(line) as Order).id).sort((a, b) => a - b);
    assert.equal(ids.length, TOTAL, 'no duplicates, nothing lost');
    assert.deepEqual(ids, Array.from({ length: TOTAL }, (_, i) => i));
    const offsets = await kafka.committedOffsets(`${input}-job`, [0, 1, 2].map((partition) => ({ topic: input, partition })));
    assert.deepEqual(offsets, [TOTAL / 3, TOTAL / 3, TOTAL / 3], 'the input offsets were committed with the output');
  } finally {
    rmSync(checkpointDir, { recursive: true, force: true });
    await kafka.close();
  }
});
