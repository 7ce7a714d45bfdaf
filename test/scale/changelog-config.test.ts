// A task with a changelog refuses what would lose state silently: changelog topics that exist without
// compaction or with another partition count, no local checkpoint store, and input positions that
// group <app> cannot hold (a source that is not Kafka). Each error names what is wrong.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataflow, KafkaClient, memorySink, memorySource, MemoryCheckpointStorage, run, tumbling, type ChangelogOptions } from 'sluice';
import { kafkaEosJob } from '../fixtures/kafka-eos-job.ts';
import { kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../kafka/kafka-env.ts';

function changelogOptions(app: string, topic: string, partitions = 1): ChangelogOptions {
  return { connection: { bootstrapServers: requireKafkaBootstrap() }, applicationId: app, partition: 0, partitions, topicFor: () => topic };
}

/** The fixture's keyed window job over a fresh input topic (its only stateful step is the window). */
async function windowJob(kafka: KafkaClient, name: string): Promise<Dataflow> {
  const input = uniqueTopic(`${name}-in`);
  await kafka.createTopic(input, { partitions: 1 });
  const windows = uniqueTopic(`${name}-windows`);
  await kafka.createTopic(windows, { partitions: 1 });
  const map = uniqueTopic(`${name}-map`);
  await kafka.createTopic(map, { partitions: 1 });
  return kafkaEosJob({ bootstrapServers: requireKafkaBootstrap(), input, mapOutput: map, windowOutput: windows, groupId: `${input}-g`, transactionalIdPrefix: `${input}-tx` });
}

kafkaTest('an existing changelog topic without compaction, or with another partition count, is an error naming it', { timeout: 120_000 }, async (t) => {
  const kafka = await KafkaClient.connect({ bootstrapServers: requireKafkaBootstrap() });
  const work = mkdtempSync(join(tmpdir(), 'sluice-changelog-config-'));
  t.after(async () => {
    rmSync(work, { recursive: true, force: true });
    await kafka.close();
  });
  const deleting = uniqueTopic('changelog-delete-policy');
  await kafka.createTopic(deleting, { partitions: 1, configs: { 'cleanup.policy': 'delete' } });
  await assert.rejects(
    run(await windowJob(kafka, 'cl-policy'), { checkpointDir: join(work, 'a'), handleSignals: false, changelog: changelogOptions(`${deleting}-app`, deleting) }),
    (error: Error) => error.message.includes(`changelog topic '${deleting}'`) && /cleanup\.policy=delete, expected compact/.test(error.message),
  );
  const wide = uniqueTopic('changelog-wide');
  await kafka.createTopic(wide, { partitions: 3, configs: { 'cleanup.policy': 'compact' } });
  await assert.rejects(
    run(await windowJob(kafka, 'cl-count'), { checkpointDir: join(work, 'b'), handleSignals: false, changelog: changelogOptions(`${wide}-app`, wide, 2) }),
    (error: Error) => error.message.includes(`changelog topic '${wide}' has 3 partitions, expected 2`),
  );
  // A topic the job creates itself is compacted, with one partition per task.
  const made = uniqueTopic('changelog-made');
  const job = await windowJob(kafka, 'cl-made');
  const result = await run(job, { checkpointDir: join(work, 'c'), handleSignals: false, changelog: changelogOptions(`${made}-app`, made, 2) });
  assert.equal(result.outcome, 'finished');
  assert.equal((await kafka.topicConfigs(made, ['cleanup.policy'])).get('cleanup.policy'), 'compact');
  assert.equal((await kafka.partitionCounts([made])).get(made), 2);
});

kafkaTest('a changelog needs a local checkpoint store and Kafka sources: otherwise an error says which', { timeout: 60_000 }, async () => {
  const flow = new Dataflow('not-kafka');
  flow.input('numbers', memorySource<{ n: number; t: number }>([{ n: 1, t: 0 }]), { watermark: { timestamp: (r) => r.t, maxOutOfOrderness: 0 } })
    .keyBy((r) => r.n).window(tumbling(1000)).count().output('out', memorySink());
  const app = uniqueTopic('changelog-not-kafka');
  await assert.rejects(async () => run(flow, { handleSignals: false, changelog: changelogOptions(app, `${app}-cl`) }), /a job with a changelog needs a checkpoint store/);
  await assert.rejects(
    run(flow, { handleSignals: false, checkpoints: new MemoryCheckpointStorage(), changelog: changelogOptions(app, `${app}-cl`) }),
    /source '[^']+': a task with a changelog takes its input positions from Kafka group/,
  );
});
