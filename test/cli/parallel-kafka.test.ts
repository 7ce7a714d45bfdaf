// `sluice run --parallelism 2` on the real broker: a consume → filter → produce job module over a
// 4-partition topic, two tasks in worker threads, exactly-once output (one transactional producer
// per task: `<prefix>-0`, `<prefix>-1`). kcat, reading read_committed, must see every kept record
// exactly once; each task checkpointed only its own partitions; the group's offsets reached the end.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointStorage, KafkaClient } from 'sluice';
import { kcatConsume, kcatProduce } from '../../scripts/kafka/kcat.ts';
import { spawnNode, type Child, type Exit } from '../fixtures/child-process.ts';
import { createTopic, kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../kafka/kafka-env.ts';

const PER_PARTITION = 500;
const EXIT_TIMEOUT_MS = 120_000;
const JOB = 'test/cli/fixtures/parallel-filter-job.ts';

function exitWithin(cli: Child, ms: number): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([cli.exited, new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the job did not end within ${ms} ms:\n${cli.stderr()}`)), ms);
  })]).finally(() => clearTimeout(timer));
}

/** Ids of the readings the job keeps, sorted. */
function kept(readings: readonly { id: number; value: number }[]): number[] {
  return readings.filter((r) => r.value % 3 !== 0).map((r) => r.id).sort((a, b) => a - b);
}

/** A 4-partition input with `perPartition` readings each (produced by kcat), an output topic, a group. */
async function setUp(bootstrap: string, name: string, perPartition: number): Promise<{ env: NodeJS.ProcessEnv; input: string; output: string; group: string; readings: { id: number; value: number }[] }> {
  const input = uniqueTopic(`${name}-in`);
  const output = uniqueTopic(`${name}-out`);
  const group = uniqueTopic(`${name}-group`);
  await createTopic(bootstrap, input, 4);
  await createTopic(bootstrap, output, 3);
  const readings: { id: number; value: number }[] = [];
  for (let p = 0; p < 4; p++) {
    const lines: string[] = [];
    for (let i = 0; i < perPartition; i++) {
      const reading = { id: p * perPartition + i, value: i };
      readings.push(reading);
      lines.push(JSON.stringify(reading));
    }
    await kcatProduce(bootstrap, input, lines, { partition: p });
  }
  const env = { KAFKA_BOOTSTRAP_SERVERS: bootstrap, PARALLEL_INPUT: input, PARALLEL_OUTPUT: output, PARALLEL_GROUP: group, PARALLEL_TX_PREFIX: `${group}-tx` };
  return { env, input, output, group, readings };
}

/** What kcat reads of the output with read_committed: the ids, sorted. */
async function committedIds(bootstrap: string, output: string): Promise<number[]> {
  const lines = await kcatConsume(bootstrap, output, { isolation: 'read_committed' });
  return lines.map((line) => (JSON.parse(line) as { id: number }).id).sort((a, b) => a - b);
}

kafkaTest('--parallelism 2 runs a consume-filter-produce job as two exactly-once tasks: every kept record once', { timeout: 240_000 }, async (t) => {
  const bootstrap = requireKafkaBootstrap();
  const { env, input, output, group, readings } = await setUp(bootstrap, 'par-cli', PER_PARTITION);
  const dir = mkdtempSync(join(tmpdir(), 'sluice-par-kafka-'));
  const running = new Set<ChildProcess>();
  t.after(() => {
    for (const child of running) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = spawnNode(['src/cli/main.ts', 'run', JOB, '--parallelism', '2', '--checkpoint-dir', dir], env, running);
  const exit = await exitWithin(cli, EXIT_TIMEOUT_MS);
  assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, exit.stderr);
  assert.match(exit.stderr, new RegExp(`^finished: records in ${4 * PER_PARTITION} \\|.* \\| tasks 2$`, 'm'));

  const expected = kept(readings);
  const received = await committedIds(bootstrap, output);
  assert.equal(received.length, expected.length, 'no record lost or duplicated');
  assert.deepEqual(received, expected);

  const splitsOf = async (task: string): Promise<string[]> => {
    const latest = await new CheckpointStorage(join(dir, task)).latest();
    assert.ok(latest !== undefined, `${task} wrote a checkpoint`);
    const sources = (latest.data as { sources: Record<string, Record<string, unknown>> }).sources;
    return Object.values(sources).flatMap((s) => Object.keys(s)).sort();
  };
  assert.deepEqual(await splitsOf('task-0-of-2'), [`${input}-0`, `${input}-2`]);
  assert.deepEqual(await splitsOf('task-1-of-2'), [`${input}-1`, `${input}-3`]);

  const kafka = await KafkaClient.connect({ bootstrapServers: bootstrap });
  try {
    const partitions = [0, 1, 2, 3].map((partition) => ({ topic: input, partition }));
    assert.deepEqual(await kafka.committedOffsets(group, partitions), [PER_PARTITION, PER_PARTITION, PER_PARTITION, PER_PARTITION],
      'both tasks committed their partitions\' offsets in their transactions');
  } finally {
    await kafka.close();
  }
});

kafkaTest('--parallelism 2 with exactly-once output, SIGKILLed mid-run and restarted: every kept record once', { timeout: 240_000 }, async (t) => {
  const bootstrap = requireKafkaBootstrap();
  const perPartition = 5_000;
  const { env, output, readings } = await setUp(bootstrap, 'par-crash', perPartition);
  const dir = mkdtempSync(join(tmpdir(), 'sluice-par-crash-'));
  const running = new Set<ChildProcess>();
  t.after(() => {
    for (const child of running) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  const args = ['src/cli/main.ts', 'run', JOB, '--parallelism', '2', '--checkpoint-dir', dir, '--checkpoint-interval', '200', '--no-status'];

  // A 50 ms stall every 100 records (~5 s per task): the kill lands while both tasks are mid-input.
  const first = spawnNode(args, { ...env, PARALLEL_SLOW_EVERY: '100', PARALLEL_SLOW_MS: '50' }, running);
  const deadline = Date.now() + EXIT_TIMEOUT_MS;
  const checkpointsOf = async (task: string): Promise<number> => {
    const path = join(dir, task);
    return existsSync(path) ? (await new CheckpointStorage(path).list()).length : 0;
  };
  while ((await checkpointsOf('task-0-of-2')) < 2 || (await checkpointsOf('task-1-of-2')) < 2) {
    if (Date.now() > deadline) assert.fail(`no checkpoints from both tasks:\n${first.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  first.child.kill('SIGKILL');
  const killed = await exitWithin(first, EXIT_TIMEOUT_MS);
  assert.equal(killed.signal, 'SIGKILL', `the first run was killed, not finished:\n${killed.stderr}`);

  const second = spawnNode(args, env, running);
  const exit = await exitWithin(second, EXIT_TIMEOUT_MS);
  assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, exit.stderr);

  const expected = kept(readings);
  const received = await committedIds(bootstrap, output);
  const counts = new Map<number, number>();
  for (const id of received) counts.set(id, (counts.get(id) ?? 0) + 1);
  const duplicated = [...counts].filter(([, n]) => n > 1).length;
  const lost = expected.filter((id) => !counts.has(id)).length;
  assert.deepEqual({ lost, duplicated, total: received.length }, { lost: 0, duplicated: 0, total: expected.length });
});
