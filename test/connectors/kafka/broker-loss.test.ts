// Exactly-once through the loss of a broker: a 3-node cluster of its own (replication 3,
// min.insync.replicas 2), a job running in this process from an input topic to an exactly-once sink,
// kcat producing the input in chunks while one broker — the coordinator of the sink's transactions,
// which also leads input partitions — is killed with SIGKILL and later restarted. The job is expected to ride it out (retries with backoff); whatever
// happens, a read_committed consumer must see every input record exactly once. Should the job fail
// instead, the fallback contract is checked as well (it fails loudly, naming the broker problem, and a
// restart from its checkpoints once the broker is back completes the output exactly once) before the
// test fails on the lost survival.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaClient, start, type JobHandle, type RunOptions } from 'sluice';
import { startKafka, type KafkaCluster } from '../../../scripts/kafka/broker.ts';
import { kafkaEosJob } from '../../fixtures/kafka-eos-job.ts';
import { partitionLeader, transactionCoordinator, untilTopicEverywhere } from '../../fixtures/kafka-cluster-metadata.ts';
import { checkIds, produceTicks, readTopic, untilRecords } from '../../fixtures/kafka-eos-harness.ts';
import { kafkaTest, uniqueTopic } from '../../kafka/kafka-env.ts';

const TOTAL = 20_000;
const CHUNK = 5_000;
const PARTITIONS = 3;
/** What a failure caused by an unreachable broker or a moving leader/coordinator says. */
const BROKER_PROBLEM = /ECONNREFUSED|Connection (closed|to \S+ failed)|COORDINATOR_NOT_AVAILABLE|COORDINATOR_LOAD_IN_PROGRESS|NOT_COORDINATOR|NOT_LEADER|LEADER_NOT_AVAILABLE|REQUEST_TIMED_OUT/;

/** A job handle and how it ended, once it has. */
interface Watched {
  readonly handle: JobHandle;
  failure: unknown;
  ended: boolean;
}

function watch(handle: JobHandle): Watched {
  const watched: Watched = { handle, failure: undefined, ended: false };
  handle.done.then(
    () => { watched.ended = true; },
    (error: unknown) => { watched.failure = error ?? new Error('the job failed without an error'); watched.ended = true; },
  );
  return watched;
}

function sleep(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.stack ?? error.message}${error.cause instanceof Error ? `\ncaused by: ${error.cause.stack ?? error.cause.message}` : ''}` : String(error);
}

kafkaTest('an exactly-once job survives losing the broker coordinating its transactions and writes every record once', { timeout: 240_000 }, async (t) => {
  const began = Date.now();
  const elapsed = (): string => `${((Date.now() - began) / 1000).toFixed(1)} s`;
  let cluster: KafkaCluster | undefined;
  let kafka: KafkaClient | undefined;
  const jobs: Watched[] = [];
  const work = mkdtempSync(join(tmpdir(), 'sluice-broker-loss-'));
  try {
    cluster = await startKafka({ nodes: 3 });
    const bootstrap = cluster.bootstrapServers;
    t.diagnostic(`3-node cluster up after ${elapsed()}: ${bootstrap}`);
    kafka = await KafkaClient.connect({ bootstrapServers: bootstrap });
    const input = uniqueTopic('loss-in');
    const output = uniqueTopic('loss-out');
    await kafka.createTopic(input, { partitions: PARTITIONS, replicationFactor: 3 });
    await kafka.createTopic(output, { partitions: PARTITIONS, replicationFactor: 3 });
    for (const topic of [input, output]) await untilTopicEverywhere(bootstrap.split(','), topic, PARTITIONS);

    const flow = (): ReturnType<typeof kafkaEosJob> => kafkaEosJob({
      bootstrapServers: bootstrap, input, mapOutput: output, groupId: `${input}-group`, transactionalIdPrefix: `${input}-tx`, bounded: false,
    });
    const options: RunOptions = { checkpointDir: join(work, 'checkpoints'), checkpointInterval: 200, maxBatchSize: 500, handleSignals: false };
    let job = watch(start(flow(), options));
    jobs.push(job);

    await produceTicks(bootstrap, input, PARTITIONS, 0, CHUNK);
    const beforeLoss = await untilRecords(bootstrap, output, CHUNK / 2, 30_000, () => job.ended);
    assert.ok(beforeLoss.length > 0, `the job wrote output before the broker loss (${String(job.failure ?? '')})`);

    // The victim: the coordinator of the sink's transactions — the hardest node to lose (with three
    // nodes and three partitions it usually leads an input partition too); else the leader of input partition 0.
    const coordinator = await transactionCoordinator(bootstrap, `${input}-tx-0`); // the job's one transactional id (task 0)
    const victim = coordinator ?? (await partitionLeader(bootstrap, input, 0)) ?? 2;
    const led: number[] = [];
    for (let p = 0; p < PARTITIONS; p++) if ((await partitionLeader(bootstrap, input, p)) === victim) led.push(p);
    await cluster.killNode(victim);
    t.diagnostic(`killed node ${victim} (transaction coordinator: ${coordinator === victim}; leader of input partitions [${led.join(', ')}]) ` +
      `at ${elapsed()}, ${beforeLoss.length} records committed`);

    // Keep producing while the node is gone: kcat waits out the leader election (acks=all, 2 in-sync replicas left).
    await produceTicks(bootstrap, input, PARTITIONS, CHUNK, 2 * CHUNK);
    await sleep(2_000);
    await produceTicks(bootstrap, input, PARTITIONS, 2 * CHUNK, 3 * CHUNK);
    const during = await untilRecords(bootstrap, output, 3 * CHUNK, 20_000, () => job.ended);
    t.diagnostic(`while node ${victim} was down: ${during.length} records committed, job ${job.failure === undefined ? 'running' : 'FAILED'} at ${elapsed()}`);

    await cluster.restartNode(victim);
    t.diagnostic(`node ${victim} back at ${elapsed()}`);
    await produceTicks(bootstrap, input, PARTITIONS, 3 * CHUNK, TOTAL);
    await untilRecords(bootstrap, output, TOTAL, 60_000, () => job.ended);

    const survivedFailure = job.failure;
    if (survivedFailure !== undefined) {
      // The fallback contract: a loud failure that names the broker problem, and a clean restart.
      t.diagnostic(`the job did not survive the broker loss:\n${describe(survivedFailure)}`);
      const victimAddress = `127.0.0.1:${cluster.nodes.find((n) => n.id === victim)!.port}`;
      const message = String((survivedFailure as Error).message);
      assert.ok(message.includes(victimAddress) || BROKER_PROBLEM.test(message), `the failure names the broker problem: ${message}`);
      job = watch(start(flow(), options));
      jobs.push(job);
      await untilRecords(bootstrap, output, TOTAL, 60_000, () => job.ended);
      assert.equal(job.failure, undefined, `the restarted job failed too:\n${describe(job.failure)}`);
    } else {
      assert.equal(job.ended, false, 'the unbounded job is still running');
    }
    const result = await job.handle.stop();
    assert.equal(result.outcome, 'stopped');

    const committed = await readTopic(bootstrap, output, 'read_committed');
    const uncommitted = await readTopic(bootstrap, output, 'read_uncommitted');
    const ids = checkIds(committed, TOTAL);
    t.diagnostic(`output: ${committed.length} read_committed, ${uncommitted.length} read_uncommitted; done after ${elapsed()}`);
    assert.deepEqual(ids, { records: TOTAL, distinct: TOTAL, duplicated: 0, lost: 0, wrong: 0 }, 'every input exactly once');
    const partitions = Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: input, partition }));
    assert.deepEqual(await kafka.committedOffsets(`${input}-group`, partitions), await kafka.listOffsets(partitions, 'latest'),
      'the input offsets were committed with the output');

    assert.equal(survivedFailure, undefined, `the job must ride out the loss of one broker, but failed:\n${describe(survivedFailure)}`);
  } finally {
    for (const job of jobs) if (!job.ended) await job.handle.stop().catch(() => {});
    await kafka?.close();
    await cluster?.stop();
    rmSync(work, { recursive: true, force: true });
  }
});
