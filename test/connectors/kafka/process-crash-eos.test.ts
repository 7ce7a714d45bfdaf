// Exactly-once from Kafka to Kafka across real crashes: the job (test/fixtures/kafka-eos-job.ts) runs in
// a child process that is killed with SIGKILL — no chance to flush, abort or checkpoint — and restarted
// from its checkpoint directory. What a read_committed consumer (kcat, not our client) sees of the two
// exactly-once outputs must be exactly what one uninterrupted run writes: every input once, every
// (symbol, window) once.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaClient } from 'sluice';
import {
  checkIds, checkWindows, expectedWindows, finalReport, killJob, newestCheckpoint, produceTicks, readTopic, startChildJob, untilCheckpoint, untilProgress,
  type EosJobEnv,
} from '../../fixtures/kafka-eos-harness.ts';
import { kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../../kafka/kafka-env.ts';

const TOTAL = 100_000;
const PARTITIONS = 3;

/** Fresh topics, a checkpoint directory and the child's environment for one job. */
async function setUp(kafka: KafkaClient, name: string, work: string): Promise<EosJobEnv> {
  const input = uniqueTopic(`${name}-in`);
  const env: EosJobEnv = {
    KAFKA_BOOTSTRAP_SERVERS: requireKafkaBootstrap(),
    EOS_INPUT: input,
    EOS_MAP_OUTPUT: uniqueTopic(`${name}-map`),
    EOS_WINDOW_OUTPUT: uniqueTopic(`${name}-windows`),
    EOS_GROUP: `${input}-group`,
    EOS_TX_PREFIX: `${input}-tx`, // stable across the restarts: each run fences the producers of the one it replaces
    EOS_CHECKPOINTS: join(work, name),
    // A 30 ms stall every 1000 records (~3 s per 100 000): the kills land mid-input on a fast machine too.
    EOS_SLOW_EVERY: '1000',
    EOS_SLOW_MS: '30',
  };
  await kafka.createTopic(env.EOS_INPUT, { partitions: PARTITIONS });
  await kafka.createTopic(env.EOS_MAP_OUTPUT, { partitions: PARTITIONS });
  await kafka.createTopic(env.EOS_WINDOW_OUTPUT, { partitions: 2 });
  return env;
}

kafkaTest('a Kafka-to-Kafka exactly-once job SIGKILLed twice and restarted writes every input once and every window once',
  { timeout: 150_000 }, async (t) => {
    const bootstrap = requireKafkaBootstrap();
    const kafka = await KafkaClient.connect({ bootstrapServers: bootstrap });
    const work = mkdtempSync(join(tmpdir(), 'sluice-eos-crash-'));
    const running = new Set<ChildProcess>();
    t.after(async () => {
      for (const child of running) child.kill('SIGKILL');
      rmSync(work, { recursive: true, force: true });
      await kafka.close();
    });
    const env = await setUp(kafka, 'eos-crash', work);
    await produceTicks(bootstrap, env.EOS_INPUT, PARTITIONS, 0, TOTAL);

    // First run: killed as soon as checkpoint 3 is on disk — while its transactions are being committed.
    const first = startChildJob(env, running);
    await untilCheckpoint(first, env.EOS_CHECKPOINTS, 3);
    await killJob(first);
    const firstKillAt = newestCheckpoint(env.EOS_CHECKPOINTS);
    const afterFirst = checkIds(await readTopic(bootstrap, env.EOS_MAP_OUTPUT, 'read_committed'), TOTAL);

    // Second run: resumes, gets further, and dies too — after a checkpoint, once it has read 1500 more
    // records (its progress lines say so), while it writes them into the next, still open, transaction.
    const second = startChildJob(env, running);
    await untilCheckpoint(second, env.EOS_CHECKPOINTS, firstKillAt + 4);
    await untilProgress(second, 1500);
    await killJob(second);
    const secondKillAt = newestCheckpoint(env.EOS_CHECKPOINTS);
    const afterSecond = checkIds(await readTopic(bootstrap, env.EOS_MAP_OUTPUT, 'read_committed'), TOTAL);

    // Third run: to the end of the input.
    const third = finalReport(await startChildJob(env, running).exited);

    const mapCommitted = await readTopic(bootstrap, env.EOS_MAP_OUTPUT, 'read_committed');
    const mapUncommitted = await readTopic(bootstrap, env.EOS_MAP_OUTPUT, 'read_uncommitted');
    const windowsCommitted = await readTopic(bootstrap, env.EOS_WINDOW_OUTPUT, 'read_committed');
    const windowsUncommitted = await readTopic(bootstrap, env.EOS_WINDOW_OUTPUT, 'read_uncommitted');
    const ids = checkIds(mapCommitted, TOTAL);
    const windows = checkWindows(windowsCommitted, expectedWindows(TOTAL));
    t.diagnostic(`killed after checkpoints ${firstKillAt} and ${secondKillAt}; committed map records then: ${afterFirst.records}, ${afterSecond.records}`);
    t.diagnostic(`last run: read ${third.recordsIn} records, ${third.lastCheckpointId} checkpoints in all`);
    t.diagnostic(`map output: ${ids.records} read_committed, ${mapUncommitted.length} read_uncommitted (aborted transactions included)`);
    t.diagnostic(`window output: ${windows.rows} rows read_committed (sum ${windows.total}), ${windowsUncommitted.length} read_uncommitted`);

    // Both kills landed mid-run, after output was committed, and nothing committed before a kill is wrong.
    assert.ok(afterFirst.records > 0 && afterFirst.records < TOTAL, `first kill mid-run (${afterFirst.records} committed)`);
    assert.deepEqual([afterFirst.duplicated, afterFirst.wrong], [0, 0], 'no duplicate or wrong record committed before the first kill');
    assert.ok(afterSecond.records > afterFirst.records && afterSecond.records < TOTAL, `second kill further in (${afterSecond.records} committed)`);
    assert.deepEqual([afterSecond.duplicated, afterSecond.wrong], [0, 0], 'no duplicate or wrong record committed before the second kill');

    // The last run resumed from a checkpoint (it did not read everything again) and finished.
    assert.equal(third.outcome, 'finished');
    assert.ok(third.recordsIn > 0 && third.recordsIn < TOTAL, `the last run resumed mid-input (read ${third.recordsIn})`);

    assert.deepEqual(ids, { records: TOTAL, distinct: TOTAL, duplicated: 0, lost: 0, wrong: 0 }, 'map output: every input exactly once');
    assert.deepEqual({ ...windows, example: undefined }, {
      rows: expectedWindows(TOTAL).size, total: TOTAL, duplicated: 0, missing: 0, wrongCount: 0, example: undefined,
    }, `window output: every (symbol, window) exactly once with its count — ${windows.example ?? ''}`);

    // The input offsets were committed with the output: the group is at the end of every partition.
    const partitions = Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: env.EOS_INPUT, partition }));
    assert.deepEqual(await kafka.committedOffsets(env.EOS_GROUP, partitions), await kafka.listOffsets(partitions, 'latest'));
  });

// Was a known bug: with two exactly-once Kafka sinks each committing its own transaction, a crash between
// the two commits left the first committed and the second open; the restart rejected the checkpoint and
// fell back to the previous one, writing the first sink's output again (34 500–45 000 map records for
// 30 000 inputs). The sinks of a task now share one transactional producer and one transaction per
// checkpoint (the fixture gives both the same transactional id prefix), so the first commit commits both.
kafkaTest('a crash after one exactly-once sink committed a checkpoint and before the other did loses and duplicates nothing',
  { timeout: 90_000 }, async (t) => {
    const total = 30_000;
    const bootstrap = requireKafkaBootstrap();
    const kafka = await KafkaClient.connect({ bootstrapServers: bootstrap });
    const work = mkdtempSync(join(tmpdir(), 'sluice-eos-split-commit-'));
    const running = new Set<ChildProcess>();
    t.after(async () => {
      for (const child of running) child.kill('SIGKILL');
      rmSync(work, { recursive: true, force: true });
      await kafka.close();
    });
    const env = await setUp(kafka, 'eos-split-commit', work);
    await produceTicks(bootstrap, env.EOS_INPUT, PARTITIONS, 0, total);

    // The fixture kills itself between the two sinks' commit calls of checkpoint 4: checkpoint 4 is on
    // disk and the first call has committed the transaction both sinks share.
    const crashed = await startChildJob({ ...env, EOS_DIE_BETWEEN_COMMITS: '4' }, running).exited;
    assert.equal(crashed.signal, 'SIGKILL', `the job died between the commits (exit ${crashed.code}): ${crashed.stderr}`);
    assert.equal(newestCheckpoint(env.EOS_CHECKPOINTS), 4);

    const rerun = finalReport(await startChildJob(env, running).exited);
    assert.equal(rerun.outcome, 'finished');
    assert.ok(rerun.recordsIn > 0, 'the crash came mid-input: the restart had records left to read');
    const ids = checkIds(await readTopic(bootstrap, env.EOS_MAP_OUTPUT, 'read_committed'), total);
    const windows = checkWindows(await readTopic(bootstrap, env.EOS_WINDOW_OUTPUT, 'read_committed'), expectedWindows(total));
    t.diagnostic(`the restart read ${rerun.recordsIn} of ${total} records; map ${JSON.stringify(ids)}, windows ${JSON.stringify({ ...windows, example: undefined })}`);
    assert.deepEqual(ids, { records: total, distinct: total, duplicated: 0, lost: 0, wrong: 0 }, 'map output: every input exactly once');
    assert.deepEqual([windows.duplicated, windows.missing, windows.wrongCount], [0, 0, 0], `window output exactly once — ${windows.example ?? ''}`);
  });
