// Dead letters are part of the checkpoint's Kafka transaction: the job (test/fixtures/kafka-eos-job.ts)
// reads input where some records are not JSON, sends those to a dead-letter topic and the rest to an
// exactly-once output, and is SIGKILLed twice mid-run. A read_committed consumer (kcat, not our client)
// must see every undecodable record in the dead-letter topic exactly once, and every good one in the
// output exactly once — a replay after a crash writes neither twice, an aborted transaction shows neither.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaClient } from 'sluice';
import {
  finalReport, killJob, newestCheckpoint, produceTicks, readTopic, startChildJob, tick, untilCheckpoint, untilProgress, type EosJobEnv,
} from '../../fixtures/kafka-eos-harness.ts';
import type { DoubledTick } from '../../fixtures/kafka-eos-job.ts';
import { kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../../kafka/kafka-env.ts';

const TOTAL = 60_000;
const PARTITIONS = 3;
/** About one record in a hundred is broken, spread over every partition. */
const broken = (id: number): boolean => id % 101 === 50;

/** How often each id occurs in `ids`, and which ids of `expected` are missing or extra. */
function tally(ids: readonly number[], expected: (id: number) => boolean): { duplicated: number; missing: number; unexpected: number } {
  const seen = new Map<number, number>();
  for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
  let duplicated = 0;
  let unexpected = 0;
  for (const [id, n] of seen) {
    if (n > 1) duplicated += n - 1;
    if (!expected(id)) unexpected++;
  }
  let missing = 0;
  for (let id = 0; id < TOTAL; id++) if (expected(id) && !seen.has(id)) missing++;
  return { duplicated, missing, unexpected };
}

/** The input id a dead letter carries (its value is the original broken text). */
function deadLetterId(value: string): number {
  const match = /^\{"id":(\d+),"symbol":$/.exec(value);
  assert.ok(match, `a dead letter holds the original bytes: ${value}`);
  return Number(match[1]);
}

kafkaTest('DLQ across a SIGKILL shows each bad record exactly once (read_committed)', { timeout: 150_000 }, async (t) => {
  const bootstrap = requireKafkaBootstrap();
  const kafka = await KafkaClient.connect({ bootstrapServers: bootstrap });
  const work = mkdtempSync(join(tmpdir(), 'sluice-dlq-crash-'));
  const running = new Set<ChildProcess>();
  t.after(async () => {
    for (const child of running) child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
    await kafka.close();
  });
  const input = uniqueTopic('dlq-crash-in');
  const env: EosJobEnv = {
    KAFKA_BOOTSTRAP_SERVERS: bootstrap,
    EOS_INPUT: input,
    EOS_MAP_OUTPUT: uniqueTopic('dlq-crash-map'),
    EOS_WINDOW_OUTPUT: '',
    EOS_DEAD_LETTERS: uniqueTopic('dlq-crash-dead'),
    EOS_GROUP: `${input}-group`,
    EOS_TX_PREFIX: `${input}-tx`,
    EOS_CHECKPOINTS: join(work, 'checkpoints'),
    EOS_SLOW_EVERY: '1000',
    EOS_SLOW_MS: '30',
  };
  await kafka.createTopic(env.EOS_INPUT, { partitions: PARTITIONS });
  await kafka.createTopic(env.EOS_MAP_OUTPUT, { partitions: PARTITIONS });
  await kafka.createTopic(env.EOS_DEAD_LETTERS!, { partitions: 2 });
  await produceTicks(bootstrap, input, PARTITIONS, 0, TOTAL, 50_000, broken);
  let badTotal = 0;
  for (let id = 0; id < TOTAL; id++) if (broken(id)) badTotal++;

  const first = startChildJob(env, running);
  await untilCheckpoint(first, env.EOS_CHECKPOINTS, 3);
  await killJob(first);
  const deadAfterFirst = (await readTopic(bootstrap, env.EOS_DEAD_LETTERS!, 'read_committed')).map(deadLetterId);

  const second = startChildJob(env, running);
  const firstKillAt = newestCheckpoint(env.EOS_CHECKPOINTS);
  await untilCheckpoint(second, env.EOS_CHECKPOINTS, firstKillAt + 3);
  await untilProgress(second, 1500); // read on past the checkpoint: into the next, still open, transaction
  await killJob(second);
  const deadAfterSecond = (await readTopic(bootstrap, env.EOS_DEAD_LETTERS!, 'read_committed')).map(deadLetterId);

  const third = finalReport(await startChildJob(env, running).exited);
  const dead = (await readTopic(bootstrap, env.EOS_DEAD_LETTERS!, 'read_committed')).map(deadLetterId);
  const deadUncommitted = await readTopic(bootstrap, env.EOS_DEAD_LETTERS!, 'read_uncommitted');
  const output = (await readTopic(bootstrap, env.EOS_MAP_OUTPUT, 'read_committed')).map((line) => JSON.parse(line) as DoubledTick);
  t.diagnostic(`dead letters committed after each kill: ${deadAfterFirst.length}, ${deadAfterSecond.length}; at the end ${dead.length} ` +
    `read_committed, ${deadUncommitted.length} read_uncommitted (aborted transactions included); ${badTotal} broken inputs`);

  // The kills landed mid-run: some dead letters were committed before each, not all of them.
  assert.ok(deadAfterFirst.length > 0 && deadAfterFirst.length < badTotal, `first kill mid-run (${deadAfterFirst.length} dead letters committed)`);
  assert.ok(deadAfterSecond.length > deadAfterFirst.length && deadAfterSecond.length < badTotal, `second kill further in (${deadAfterSecond.length})`);
  assert.equal(third.outcome, 'finished');
  assert.ok(third.recordsIn < TOTAL - badTotal, `the last run resumed from a checkpoint (read ${third.recordsIn})`);

  assert.deepEqual(tally(deadAfterFirst, broken), { duplicated: 0, missing: tally([], broken).missing - deadAfterFirst.length, unexpected: 0 });
  assert.deepEqual(tally(dead, broken), { duplicated: 0, missing: 0, unexpected: 0 }, 'every broken record in the dead-letter topic exactly once');
  const good = (id: number): boolean => !broken(id);
  assert.deepEqual(tally(output.map((r) => r.id), good), { duplicated: 0, missing: 0, unexpected: 0 }, 'every good record in the output exactly once');
  for (const r of output) assert.equal(r.doubled, tick(r.id).value * 2);
});
