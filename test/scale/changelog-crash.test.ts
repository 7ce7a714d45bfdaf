// State in changelog topics across real crashes (issue 10): the Kafka → Kafka job of
// test/fixtures/kafka-eos-job.ts (a keyed 10 s window count beside a map) runs as one task whose
// window state is logged to a compacted changelog topic and whose input positions, with their
// watermarks, are committed to group <app> — all in the sinks' transaction. It is SIGKILLed mid-run
// and restarted: without its local state it must restore everything from the changelog; with it, only
// the changelog's tail. Either way what a read_committed consumer (kcat) sees of the outputs must be
// exactly what one uninterrupted run writes.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointStorage } from 'sluice';
import { kcatConsume } from '../../scripts/kafka/kcat.ts';
import { assertExactlyOnce, changelogTopics, PARTITIONS, runAndKill, setUp, TOTAL, withKafka } from '../fixtures/changelog-harness.ts';
import { finalReport, newestCheckpoint, startChildJob, tick } from '../fixtures/kafka-eos-harness.ts';
import { kafkaTest } from '../kafka/kafka-env.ts';

kafkaTest('a task SIGKILLed and restarted without its local state restores its window state from the changelog and writes every output exactly once',
  { timeout: 180_000 }, async (t) => {
    const { kafka, work, running } = await withKafka(t, 'sluice-changelog-cold-');
    const env = await setUp(kafka, 'changelog-cold', work, 'heap');
    await runAndKill(env, running, 4);
    const topics = await changelogTopics(kafka, env.EOS_CHANGELOG_APP!);
    assert.equal(topics.length, 1, `one changelog topic, for the window: ${topics.join(', ')}`);
    assert.equal((await kafka.topicConfigs(topics[0], ['cleanup.policy'])).get('cleanup.policy'), 'compact');
    assert.equal((await kafka.partitionCounts(topics)).get(topics[0]), 1, 'one partition per task');
    const logged = await kcatConsume(env.KAFKA_BOOTSTRAP_SERVERS, topics[0], { offsets: true, isolation: 'read_committed', timeoutMs: 60_000 });
    // Each partition's watermark went with its committed offset: the largest event time read before
    // it, which (event times rise within a partition) is that of the record just before the offset.
    const partitions = Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: env.EOS_INPUT, partition }));
    const committed = await kafka.committedOffsetsWithMetadata(env.EOS_CHANGELOG_APP!, partitions);
    for (let p = 0; p < PARTITIONS; p++) {
      const c = committed[p];
      assert.ok(c !== undefined && c.offset > 0, `group ${env.EOS_CHANGELOG_APP} committed partition ${p} mid-input`);
      const lastRead = tick((c.offset - 1) * PARTITIONS + p);
      assert.equal(c.metadata, `sluice.wm/1 ${JSON.stringify({ maxTimestamp: lastRead.ts, ended: false })}`, `partition ${p}'s watermark state in the offset metadata`);
    }

    rmSync(env.EOS_CHECKPOINTS, { recursive: true, force: true }); // the machine's disk is gone
    const rerun = finalReport(await startChildJob(env, running).exited);
    t.diagnostic(`changelog held ${logged.length} committed records; restart: ${JSON.stringify(rerun)}`);

    assert.equal(rerun.outcome, 'finished');
    assert.ok(rerun.recordsIn > 0 && rerun.recordsIn < TOTAL, `resumed from the group's committed offsets, mid-input (read ${rerun.recordsIn})`);
    assert.equal(rerun.restore?.phase, 'restored');
    assert.equal(rerun.restore?.fromLocalState, 0, 'no local state: read from the changelog\'s start');
    assert.equal(rerun.restore?.records, logged.length, 'every committed changelog record was read');
    await assertExactlyOnce(kafka, env);
  });

kafkaTest('a task restarted with its local state (lmdb) reads only the changelog tail after its local checkpoint and writes every output exactly once',
  { timeout: 180_000 }, async (t) => {
    const { kafka, work, running } = await withKafka(t, 'sluice-changelog-tail-');
    // At most 2 increments after a base: the local chain is compacted from its own files while running.
    const env = { ...await setUp(kafka, 'changelog-tail', work, 'lmdb'), EOS_MAX_INCREMENTS: '2' };
    await runAndKill(env, running, 6);
    const [topic] = await changelogTopics(kafka, env.EOS_CHANGELOG_APP!);
    const offsets = (await kcatConsume(env.KAFKA_BOOTSTRAP_SERVERS, topic, { offsets: true, isolation: 'read_committed', timeoutMs: 60_000 })).map(Number);
    // The local copy lags the changelog, as after a crash between a transaction's commit and the local
    // checkpoint's write: the two newest local checkpoints are gone, the changelog has their state.
    const killedAt = newestCheckpoint(env.EOS_CHECKPOINTS);
    for (const id of [killedAt, killedAt - 1]) rmSync(join(env.EOS_CHECKPOINTS, `chk-${String(id).padStart(8, '0')}.ckpt`));
    const newest = newestCheckpoint(env.EOS_CHECKPOINTS);
    assert.equal(newest, killedAt - 2);
    type Local = { changelog?: Record<string, { topic: string; offset: number }>; graph: { operators: Record<string, { state?: { files?: unknown[] } }> } };
    const local = (await new CheckpointStorage(env.EOS_CHECKPOINTS).read(newest)) as Local;
    const covered = Object.values(local.changelog ?? {}).find((c) => c.topic === topic)?.offset;
    const chainLengths = Object.values(local.graph.operators).map((o) => o.state?.files?.length ?? 0);
    assert.ok(chainLengths.every((n) => n >= 1 && n <= 3), `local chains are a base and at most 2 increments: ${chainLengths.join(', ')}`);
    assert.ok(covered !== undefined && covered > 0, `local checkpoint ${newest} records the changelog offset it covers (${covered})`);
    const tail = offsets.filter((o) => o >= covered).length;

    const rerun = finalReport(await startChildJob(env, running).exited);
    t.diagnostic(`changelog held ${offsets.length} committed records, killed after checkpoint ${killedAt}, local checkpoint ${newest} covers up to ${covered}; restart: ${JSON.stringify(rerun)}`);
    assert.equal(rerun.outcome, 'finished');
    assert.equal(rerun.restore?.fromLocalState, 1, 'restored from the local state');
    assert.equal(rerun.restore?.records, tail, `read only the tail (${tail} of ${offsets.length} records)`);
    assert.ok(tail > 0 && tail < offsets.length, `the tail (${tail}) is some of the changelog (${offsets.length}), not all`);
    await assertExactlyOnce(kafka, env);
  });
