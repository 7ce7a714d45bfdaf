// A standby replica (ChangelogStandby) tails a running task's changelog into a local directory of its
// own. When the task's process is SIGKILLed and the task starts on the standby's directory, it reads
// only what the standby had not seen — here nothing — where a cold start reads the whole changelog,
// and the outputs are still exactly those of one uninterrupted run.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ChangelogStandby, CheckpointStorage } from 'sluice';
import { kcatConsume } from '../../scripts/kafka/kcat.ts';
import { assertExactlyOnce, changelogTopics, setUp, withKafka } from '../fixtures/changelog-harness.ts';
import { finalReport, killJob, startChildJob, untilCheckpoint, untilProgress } from '../fixtures/kafka-eos-harness.ts';
import { kafkaEosJob } from '../fixtures/kafka-eos-job.ts';
import { kafkaTest } from '../kafka/kafka-env.ts';

kafkaTest('a task moved to its standby\'s directory after a SIGKILL reads only the changelog the standby had not seen, and writes every output exactly once',
  { timeout: 180_000 }, async (t) => {
    const { kafka, work, running } = await withKafka(t, 'sluice-changelog-standby-');
    const env = await setUp(kafka, 'changelog-standby', work, 'heap');
    const standbyDir = join(work, 'standby');

    const active = startChildJob(env, running);
    await untilCheckpoint(active, env.EOS_CHECKPOINTS, 3);
    // The standby builds the task's plan to know its stateful steps; it reads the changelog only.
    const plan = kafkaEosJob({
      bootstrapServers: env.KAFKA_BOOTSTRAP_SERVERS, input: env.EOS_INPUT, mapOutput: env.EOS_MAP_OUTPUT, windowOutput: env.EOS_WINDOW_OUTPUT,
      groupId: env.EOS_GROUP, transactionalIdPrefix: env.EOS_TX_PREFIX,
    }).plan();
    const changelog = {
      connection: { bootstrapServers: env.KAFKA_BOOTSTRAP_SERVERS }, applicationId: env.EOS_CHANGELOG_APP!, partition: 0, partitions: 1,
      transactionalId: `${env.EOS_TX_PREFIX}-0`,
    };
    const standby = new ChangelogStandby(plan, { checkpoints: new CheckpointStorage(standbyDir), changelog, maxStateIncrements: 2 });
    t.after(() => standby.close());
    await standby.open();
    const whileRunning = await standby.catchUp();
    await untilCheckpoint(active, env.EOS_CHECKPOINTS, 6);
    await untilProgress(active, 1500);
    await killJob(active);
    const afterKill = await standby.catchUp();
    await standby.catchUp(); // nothing new: no new local checkpoint either
    const [topic] = await changelogTopics(kafka, env.EOS_CHANGELOG_APP!);
    const logged = await kcatConsume(env.KAFKA_BOOTSTRAP_SERVERS, topic, { offsets: true, isolation: 'read_committed', timeoutMs: 60_000 });
    t.diagnostic(`standby read ${whileRunning.records} records while the task ran, ${afterKill.records} after the kill; the changelog holds ${logged.length}`);
    assert.ok(whileRunning.records > 0, 'the standby followed the changelog while the task ran');
    assert.ok(afterKill.fromLocalState === 1, 'its second round read only what was new');

    const moved = finalReport(await startChildJob({ ...env, EOS_CHECKPOINTS: standbyDir }, running).exited);
    t.diagnostic(`the task on the standby's directory: ${JSON.stringify(moved)}`);
    assert.equal(moved.outcome, 'finished');
    assert.equal(moved.restore?.fromLocalState, 1, 'restored from the standby\'s local state');
    assert.equal(moved.restore?.records, 0, `read nothing from the changelog (a cold start reads all ${logged.length} records)`);
    assert.ok(logged.length > 0);
    await assertExactlyOnce(kafka, env);
  });
