// Exactly-once through the faults a single broker has: a restart, and a freeze (SIGSTOP) longer than the
// client's request timeout, both under a running Kafka-to-Kafka exactly-once job. The cluster is this
// test's own (restarting the shared test broker would disturb the other tests). The job must ride both
// out — no failure — and a read_committed consumer (kcat) must see every input record exactly once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaClient, start, type JobHandle } from 'sluice';
import { startKafka, type KafkaCluster } from '../../../scripts/kafka/broker.ts';
import { CLIENT_REQUEST_TIMEOUT_MS, freezeNode, restartBroker } from '../../fixtures/broker-chaos.ts';
import { checkIds, produceTicks, readTopic, untilRecords } from '../../fixtures/kafka-eos-harness.ts';
import { kafkaEosJob } from '../../fixtures/kafka-eos-job.ts';
import { kafkaTest, uniqueTopic } from '../../kafka/kafka-env.ts';

const CHUNK = 5_000;
const TOTAL = 4 * CHUNK;
const PARTITIONS = 3;
/**
 * How long the job's clients wait out an absent broker. A restart on a loaded machine (two cores, other
 * brokers starting) can take over a minute, past the 60 s defaults; the job is to ride out an outage
 * within its retry windows (and its transaction timeout, past which the broker aborts the open
 * transaction), so they are set above any restart this test can see.
 */
const RETRY_MS = 240_000;

kafkaTest('an exactly-once job rides out a broker restart and a SIGSTOP past the request timeout: 0 lost, 0 duplicated', { timeout: 600_000 }, async (t) => {
  const began = Date.now();
  const elapsed = (): string => `${((Date.now() - began) / 1000).toFixed(1)} s`;
  let cluster: KafkaCluster | undefined;
  let kafka: KafkaClient | undefined;
  let job: JobHandle | undefined;
  let failure: unknown;
  let ended = false;
  const work = mkdtempSync(join(tmpdir(), 'sluice-broker-chaos-'));
  try {
    cluster = await startKafka({ nodes: 1 });
    const bootstrap = cluster.bootstrapServers;
    const node = cluster.nodes[0].id;
    kafka = await KafkaClient.connect({ bootstrapServers: bootstrap });
    const input = uniqueTopic('chaos-in');
    const output = uniqueTopic('chaos-out');
    await kafka.createTopic(input, { partitions: PARTITIONS });
    await kafka.createTopic(output, { partitions: PARTITIONS });
    t.diagnostic(`broker up after ${elapsed()}: ${bootstrap}`);

    job = start(kafkaEosJob({ bootstrapServers: bootstrap, input, mapOutput: output, groupId: `${input}-group`, transactionalIdPrefix: `${input}-tx`, bounded: false,
      slowEvery: 250, slowMs: 100, deliveryTimeoutMs: RETRY_MS, fetchRetryTimeoutMs: RETRY_MS,
      transactionTimeoutMs: RETRY_MS }), // ~2 s per chunk: the faults land while records are being read and committed
      { checkpointDir: join(work, 'checkpoints'), checkpointInterval: 200, maxBatchSize: 500, handleSignals: false });
    job.done.then(() => { ended = true; }, (error: unknown) => { failure = error ?? new Error('failed'); ended = true; });
    const stopped = (): boolean => ended;

    await produceTicks(bootstrap, input, PARTITIONS, 0, CHUNK);
    const beforeRestart = await untilRecords(bootstrap, output, CHUNK / 2, 60_000, stopped);
    assert.ok(beforeRestart.length > 0, `output before the restart (${String(failure ?? '')})`);

    // 1. A restart while the job reads and commits the next chunk.
    await produceTicks(bootstrap, input, PARTITIONS, CHUNK, 2 * CHUNK);
    const atRestart = (await readTopic(bootstrap, output, 'read_committed')).length;
    await restartBroker(cluster, node);
    t.diagnostic(`broker restarted at ${elapsed()}, ${atRestart} records committed when it went down`);
    const afterRestart = await untilRecords(bootstrap, output, 2 * CHUNK, RETRY_MS, stopped);
    assert.equal(failure, undefined, `the job failed across the restart: ${String((failure as Error | undefined)?.message)}`);
    assert.equal(afterRestart.length, 2 * CHUNK, 'everything produced so far is committed after the restart');

    // 2. A freeze longer than the client's request timeout, with input waiting to be read.
    await produceTicks(bootstrap, input, PARTITIONS, 2 * CHUNK, 3 * CHUNK);
    await freezeNode(cluster, node, CLIENT_REQUEST_TIMEOUT_MS + 3_000);
    t.diagnostic(`broker frozen for ${CLIENT_REQUEST_TIMEOUT_MS + 3_000} ms, running again at ${elapsed()}`);
    await produceTicks(bootstrap, input, PARTITIONS, 3 * CHUNK, TOTAL);
    await untilRecords(bootstrap, output, TOTAL, RETRY_MS, stopped);
    assert.equal(failure, undefined, `the job failed across the freeze: ${String((failure as Error | undefined)?.message)}`);
    assert.equal(ended, false, 'the unbounded job is still running');
    const result = await job.stop();
    assert.equal(result.outcome, 'stopped');

    const committed = await readTopic(bootstrap, output, 'read_committed');
    t.diagnostic(`output: ${committed.length} read_committed; done after ${elapsed()}`);
    assert.deepEqual(checkIds(committed, TOTAL), { records: TOTAL, distinct: TOTAL, duplicated: 0, lost: 0, wrong: 0 }, 'every input exactly once');
    const partitions = Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: input, partition }));
    assert.deepEqual(await kafka.committedOffsets(`${input}-group`, partitions), await kafka.listOffsets(partitions, 'latest'),
      'the input offsets were committed with the output');
  } finally {
    if (job !== undefined && !ended) await job.stop().catch(() => {});
    await kafka?.close();
    await cluster?.stop();
    rmSync(work, { recursive: true, force: true });
  }
});
