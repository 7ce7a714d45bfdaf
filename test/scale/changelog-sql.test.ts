// A SQL GROUP BY with its state in a changelog topic, SIGKILLed mid-run and restarted without its local
// state (test/fixtures/changelog-sql-job.ts). The upsert output, read by kcat with read_committed, must
// be what an uninterrupted run writes: per bucket, counts that only rise (a replayed or lost update
// would make one fall back or stall) and end at the bucket's true count and sum, computed here from
// the input.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KafkaClient } from 'sluice';
import { kcatConsume } from '../../scripts/kafka/kcat.ts';
import { BUCKETS } from '../fixtures/changelog-sql-job.ts';
import { spawnNode } from '../fixtures/child-process.ts';
import { finalReport, killJob, newestCheckpoint, produceTicks, tick, untilCheckpoint, untilProgress } from '../fixtures/kafka-eos-harness.ts';
import { kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../kafka/kafka-env.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/changelog-sql-job.ts', import.meta.url));
const TOTAL = 30_000;
const PARTITIONS = 3;

/** Each bucket's count and sum over ids 0 … total-1, computed from the input generator. */
function expectedTotals(total: number): Map<number, { n: number; total: number }> {
  const out = new Map<number, { n: number; total: number }>();
  for (let id = 0; id < total; id++) {
    const bucket = id % BUCKETS;
    const t = out.get(bucket) ?? { n: 0, total: 0 };
    out.set(bucket, { n: t.n + 1, total: t.total + tick(id).value });
  }
  return out;
}

/** The checkpoint directory the job's TableEnvironment made under `dir` (one per INSERT job). */
async function jobCheckpointDir(dir: string, job: { exited: Promise<unknown> }): Promise<string> {
  let ended = false;
  void job.exited.then(() => { ended = true; });
  for (;;) {
    const found = (() => { try { return readdirSync(dir); } catch { return []; } })();
    if (found.length > 0) return join(dir, found[0]);
    assert.ok(!ended, 'the job ended before it made its checkpoint directory');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

kafkaTest('a SQL GROUP BY SIGKILLed and restarted without its local state restores its groups from the changelog: every update once, final counts exact',
  { timeout: 180_000 }, async (t) => {
    const bootstrap = requireKafkaBootstrap();
    const kafka = await KafkaClient.connect({ bootstrapServers: bootstrap });
    const work = mkdtempSync(join(tmpdir(), 'sluice-changelog-sql-'));
    const running = new Set<ChildProcess>();
    t.after(async () => {
      for (const child of running) child.kill('SIGKILL');
      rmSync(work, { recursive: true, force: true });
      await kafka.close();
    });
    const input = uniqueTopic('changelog-sql-in');
    const env = {
      KAFKA_BOOTSTRAP_SERVERS: bootstrap, SQL_INPUT: input, SQL_OUTPUT: uniqueTopic('changelog-sql-totals'), SQL_APP: `${input}-app`,
      SQL_TX: `${input}-tx`, SQL_CHECKPOINTS: join(work, 'ckpt'), SQL_SLOW_EVERY: '1000', SQL_SLOW_MS: '30',
    };
    await kafka.createTopic(env.SQL_INPUT, { partitions: PARTITIONS });
    await kafka.createTopic(env.SQL_OUTPUT, { partitions: 2 });
    await produceTicks(bootstrap, env.SQL_INPUT, PARTITIONS, 0, TOTAL);

    const first = spawnNode([FIXTURE], env, running);
    const dir = await jobCheckpointDir(env.SQL_CHECKPOINTS, first);
    await untilCheckpoint(first, dir, 4);
    await untilProgress(first, 1500);
    await killJob(first);
    const killedAt = newestCheckpoint(dir);
    rmSync(env.SQL_CHECKPOINTS, { recursive: true, force: true }); // the local state is lost

    const rerun = finalReport(await spawnNode([FIXTURE], env, running).exited);
    t.diagnostic(`killed after checkpoint ${killedAt}; restart: ${JSON.stringify(rerun)}`);
    assert.equal(rerun.outcome, 'finished');
    assert.ok(rerun.recordsIn > 0 && rerun.recordsIn < TOTAL, `resumed mid-input from the group's offsets (read ${rerun.recordsIn})`);
    assert.equal(rerun.restore?.fromLocalState, 0);
    assert.ok((rerun.restore?.records ?? 0) >= BUCKETS, `the groups came from the changelog (${rerun.restore?.records} records)`);

    const lines = await kcatConsume(bootstrap, env.SQL_OUTPUT, { keyDelimiter: '\t', isolation: 'read_committed', timeoutMs: 60_000 });
    const last = new Map<number, { n: number; total: number }>();
    let fellBack = 0;
    for (const line of lines) {
      const value = JSON.parse(line.slice(line.indexOf('\t') + 1)) as { bucket: number; n: number; total: number };
      const before = last.get(value.bucket);
      if (before !== undefined && value.n <= before.n) fellBack++;
      last.set(value.bucket, { n: value.n, total: value.total });
    }
    assert.equal(fellBack, 0, 'no bucket\'s count fell back or repeated (no update replayed, none from an empty state)');
    assert.deepEqual(new Map([...last].sort((a, b) => a[0] - b[0])), expectedTotals(TOTAL), 'every bucket ends at its true count and sum');
  });
