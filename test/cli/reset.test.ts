// `sluice reset <app>` on the real broker: the application's internal topics and its consumer group
// (with the committed input offsets) go, everything else stays; a dry run deletes nothing; a group
// with a live member is refused.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { Consumer } from '@platformatic/kafka';
import { isInternalTopic, KafkaClient } from 'sluice';
import { spawnNode } from '../fixtures/child-process.ts';
import { createTopic, kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../kafka/kafka-env.ts';
import test from 'node:test';

test('internal topics are the application id, a dash, and -repartition or -changelog', () => {
  assert.equal(isInternalTopic('stats', 'stats-window-aggregate-3-changelog'), true);
  assert.equal(isInternalTopic('stats', 'stats-key-by-1-repartition'), true);
  assert.equal(isInternalTopic('stats', 'stats-output'), false);
  assert.equal(isInternalTopic('stats', 'other-x-changelog'), false);
  assert.equal(isInternalTopic('stats', 'statsx-changelog'), false);
});

async function runCli(args: string[], running: Set<ChildProcess>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = spawnNode(['src/cli/main.ts', ...args], {}, running);
  return cli.exited;
}

kafkaTest('sluice reset deletes the internal topics and the group, keeps the rest; --dry-run deletes nothing', { timeout: 120_000 }, async () => {
  const bootstrap = requireKafkaBootstrap();
  const app = uniqueTopic('reset-app');
  const internal = [`${app}-window-1-changelog`, `${app}-key-by-0-repartition`];
  const kept = [`${app}-output`, uniqueTopic('reset-other')];
  for (const topic of [...internal, ...kept]) await createTopic(bootstrap, topic, 2);
  const kafka = await KafkaClient.connect({ bootstrapServers: bootstrap });
  const running = new Set<ChildProcess>();
  try {
    await kafka.commitOffsets(app, [{ topic: kept[1], partition: 0, offset: 0 }, { topic: kept[1], partition: 1, offset: 0 }]);
    assert.deepEqual(await kafka.committedOffsets(app, [{ topic: kept[1], partition: 0 }]), [0]);

    const dry = await runCli(['reset', app, '--bootstrap-servers', bootstrap, '--dry-run'], running);
    assert.equal(dry.code, 0, dry.stderr);
    for (const topic of internal) assert.match(dry.stdout, new RegExp(`would delete topic ${topic}`));
    assert.match(dry.stdout, /would delete consumer group/);
    let topics = new Set(await kafka.topics());
    for (const topic of [...internal, ...kept]) assert.ok(topics.has(topic), `${topic} is still there after a dry run`);

    const done = await runCli(['reset', app, '--bootstrap-servers', bootstrap], running);
    assert.equal(done.code, 0, done.stderr);
    for (const topic of internal) assert.match(done.stdout, new RegExp(`deleted topic ${topic}`));
    topics = new Set(await kafka.topics());
    for (const topic of internal) assert.ok(!topics.has(topic), `${topic} was deleted`);
    for (const topic of kept) assert.ok(topics.has(topic), `${topic} was kept`);
    assert.deepEqual(await kafka.committedOffsets(app, [{ topic: kept[1], partition: 0 }]), [undefined]);
  } finally {
    for (const child of running) child.kill('SIGKILL');
    await kafka.close();
  }
});

kafkaTest('sluice reset refuses while an instance is a member of the group', { timeout: 120_000 }, async () => {
  const bootstrap = requireKafkaBootstrap();
  const app = uniqueTopic('reset-live');
  const input = uniqueTopic('reset-live-in');
  await createTopic(bootstrap, input, 1);
  const member = new Consumer({ groupId: app, clientId: 'reset-test', bootstrapBrokers: [bootstrap], sessionTimeout: 10_000, heartbeatInterval: 500 });
  const running = new Set<ChildProcess>();
  try {
    const stream = await member.consume({ topics: [input] });
    const failed = await runCli(['reset', app, '--bootstrap-servers', bootstrap], running);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, new RegExp(`cannot reset application '${app}': 1 instance\\(s\\) are still members`));
    await stream.close();
  } finally {
    for (const child of running) child.kill('SIGKILL');
    await member.close(true);
  }
});
