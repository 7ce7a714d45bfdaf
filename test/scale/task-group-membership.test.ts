import assert from 'node:assert/strict';
import { Admin } from '@platformatic/kafka';
import { describeTaskGroup, type TaskGroupMember } from '../../src/connectors/kafka/group/index.ts';
import { KafkaClient } from '../../src/connectors/kafka/client.ts';
import { kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../kafka/kafka-env.ts';
import { balanced, member, OwnershipLog } from './group-kit.ts';

const SUB_TOPOLOGIES = [{ id: 0, partitions: 6 }];

kafkaTest('a static member restarted within the session timeout gets its tasks back and nobody else rebalances', { timeout: 300_000 }, async () => {
  const log = new OwnershipLog();
  const applicationId = uniqueTopic('app-static');
  const options = (name: string) => ({ applicationId, subTopologies: SUB_TOPOLOGIES, instanceId: `instance-${name}`, sessionTimeoutMs: 30_000 });
  const members = new Map<string, TaskGroupMember>();
  try {
    for (const name of ['a', 'b', 'c']) members.set(name, await member(log, name, options(name)));
    // Balanced, and every member has synced the generation that balanced it (a member whose tasks did not change gets no callback).
    await log.until('three static members with two tasks each, all in one generation', () =>
      balanced(log, ['a', 'b', 'c'], 6) && new Set([...members.values()].map((m) => m.generation())).size === 1);
    const bTasks = log.tasksOf('b');
    const generation = members.get('a')!.generation();
    const mark = log.changes.length;

    await members.get('b')!.close(); // a crash: the group keeps b's slot for the session timeout
    log.crashed('b');
    const restarted = await member(log, 'b', options('b'));
    members.set('b', restarted);
    assert.deepEqual(restarted.tasks().active, bTasks, 'the restarted instance runs the tasks it ran before');
    assert.equal(restarted.generation(), generation, 'the group did not rebalance');
    const others = log.changes.slice(mark).filter((c) => c.member !== 'b');
    assert.deepEqual(others, [], 'a and c saw no change at all');
    assert.equal(members.get('a')!.generation(), generation);
    assert.deepEqual(log.violations, []);
  } finally {
    for (const m of members.values()) await m.close();
  }
});

kafkaTest('a member whose plan differs from the group\'s is refused with both fingerprints; the group runs on', { timeout: 300_000 }, async () => {
  const log = new OwnershipLog();
  const applicationId = uniqueTopic('app-plans');
  const first = await member(log, 'a', { applicationId, subTopologies: SUB_TOPOLOGIES, planFingerprint: 'fp-running' });
  try {
    await log.until('a runs every task', () => log.tasksOf('a').length === 6);
    await assert.rejects(
      member(log, 'b', { applicationId, subTopologies: SUB_TOPOLOGIES, planFingerprint: 'fp-new' }),
      (error: Error) => /fingerprint fp-new/.test(error.message) && /fingerprint fp-running/.test(error.message) && error.message.includes(applicationId),
    );
    assert.deepEqual(log.tasksOf('b'), [], 'the refused member never ran a task');
    assert.deepEqual(first.tasks().active, ['0_0', '0_1', '0_2', '0_3', '0_4', '0_5'], 'the running member kept its tasks');
    const description = await describeTaskGroup({ servers: requireKafkaBootstrap(), applicationId });
    assert.deepEqual(description.members.map((m) => m.memberId), [first.memberId], 'the refused member left the group');
    assert.deepEqual(log.violations, []);
  } finally {
    await first.close();
  }
});

kafkaTest('describe lists each input partition with its task, owner, committed and end offsets and lag', { timeout: 300_000 }, async () => {
  const kafka = await KafkaClient.connect({ bootstrapServers: requireKafkaBootstrap() });
  const log = new OwnershipLog();
  const applicationId = uniqueTopic('app-describe');
  const topic = uniqueTopic('describe-input');
  const members: TaskGroupMember[] = [];
  try {
    await kafka.createTopic(topic, { partitions: 2, replicationFactor: 1 });
    const producer = kafka.producer();
    const sizes = [5, 3];
    await producer.send(sizes.flatMap((n, partition) => Array.from({ length: n }, (_, i) => ({ topic, partition, key: null, value: Buffer.from(`r${i}`) }))));
    await producer.close();
    await kafka.commitOffsets(applicationId, [{ topic, partition: 0, offset: 2 }]); // partition 1: nothing committed yet
    const subTopologies = [{ id: 0, partitions: 2, topics: [topic] }];
    for (const name of ['a', 'b']) members.push(await member(log, name, { applicationId, subTopologies }));
    await log.until('a and b run one task each', () => balanced(log, ['a', 'b'], 2));

    const description = await describeTaskGroup({ servers: requireKafkaBootstrap(), applicationId });
    const byName = new Map(members.map((m, i) => [m.memberId, ['a', 'b'][i]]));
    assert.deepEqual(description.partitions.map((p) => ({ ...p, owner: byName.get(p.owner!) })), [
      { topic, partition: 0, tasks: ['0_0'], owner: log.owners.get('0_0'), committed: 2, end: 5, lag: 3 },
      { topic, partition: 1, tasks: ['0_1'], owner: log.owners.get('0_1'), end: 3, lag: 3 },
    ]);
  } finally {
    for (const m of members) await m.close();
    await kafka.close();
  }
});

kafkaTest('with num.standby.replicas 1, each process keeps a standby of every task the other runs', { timeout: 300_000 }, async () => {
  const log = new OwnershipLog();
  const applicationId = uniqueTopic('app-standby');
  const standbys = new Map<string, readonly string[]>();
  const members: TaskGroupMember[] = [];
  try {
    for (const name of ['a', 'b']) {
      const record = log.recorder(name);
      members.push(await member(log, name, {
        applicationId, subTopologies: SUB_TOPOLOGIES, standbyReplicas: 1,
        onTasksChanged: (change) => {
          standbys.set(name, change.standby);
          record(change);
        },
      }));
    }
    await log.until('a and b run three tasks each, each with the other\'s as standbys', () =>
      balanced(log, ['a', 'b'], 6) && JSON.stringify(standbys.get('a')) === JSON.stringify(log.tasksOf('b')) &&
      JSON.stringify(standbys.get('b')) === JSON.stringify(log.tasksOf('a')) &&
      // tasks() follows once the callbacks returned
      JSON.stringify(members[0].tasks().standby) === JSON.stringify(log.tasksOf('b')) &&
      JSON.stringify(members[1].tasks().standby) === JSON.stringify(log.tasksOf('a')));
    const description = await describeTaskGroup({ servers: requireKafkaBootstrap(), applicationId });
    assert.deepEqual(description.members.find((m) => m.memberId === members[0].memberId)!.standby, log.tasksOf('b'));
  } finally {
    for (const m of members) await m.close();
  }
});

kafkaTest('a task\'s own transaction commits its input offsets to the group while the members are live (per-task exactly-once)', { timeout: 300_000 }, async () => {
  const kafka = await KafkaClient.connect({ bootstrapServers: requireKafkaBootstrap() });
  const log = new OwnershipLog();
  const applicationId = uniqueTopic('app-txn');
  const topic = uniqueTopic('txn-input');
  const members: TaskGroupMember[] = [];
  try {
    await kafka.createTopic(topic, { partitions: 2, replicationFactor: 1 });
    const subTopologies = [{ id: 0, partitions: 2, topics: [topic] }];
    for (const name of ['a', 'b']) members.push(await member(log, name, { applicationId, subTopologies }));
    await log.until('a and b run one task each', () => balanced(log, ['a', 'b'], 2));
    // The design's task transaction: transactional id <app>-<task>, offsets sent without the member's
    // generation (Kafka Streams' eos-alpha); the coordinator accepts them from a non-member in a transaction.
    const producer = kafka.producer({ transactionalId: `${applicationId}-0_1` });
    await producer.initTransactions();
    await producer.begin();
    await producer.sendOffsets(applicationId, [{ topic, partition: 1, offset: 0 }]);
    await producer.commit();
    await producer.close();
    const description = await describeTaskGroup({ servers: requireKafkaBootstrap(), applicationId });
    assert.equal(description.state, 'Stable', 'the commit did not disturb the group');
    assert.deepEqual(description.partitions.map((p) => p.committed), [undefined, 0]);
    assert.equal(members[0].generation(), members[1].generation());
  } finally {
    for (const m of members) await m.close();
    await kafka.close();
  }
});

kafkaTest('the group reads as an ordinary consumer group to Kafka\'s tools: topics subscribed, partitions each member\'s tasks read', { timeout: 300_000 }, async () => {
  const log = new OwnershipLog();
  const applicationId = uniqueTopic('app-tools');
  const topic = uniqueTopic('tools-input');
  const kafka = await KafkaClient.connect({ bootstrapServers: requireKafkaBootstrap() });
  const admin = new Admin({ clientId: 'test-tools', bootstrapBrokers: requireKafkaBootstrap().split(',') });
  const members: TaskGroupMember[] = [];
  try {
    await kafka.createTopic(topic, { partitions: 4, replicationFactor: 1 });
    for (const name of ['a', 'b']) members.push(await member(log, name, { applicationId, subTopologies: [{ id: 0, partitions: 4, topics: [topic] }] }));
    await log.until('a and b run two tasks each', () => balanced(log, ['a', 'b'], 4));
    // The client's admin decodes members with the consumer protocol, as kafka-consumer-groups does.
    const group = (await admin.describeGroups({ groups: [applicationId] })).get(applicationId)!;
    assert.equal(group.protocolType, 'consumer');
    assert.equal(group.protocol, 'sluice');
    for (const [name, m] of [['a', members[0]], ['b', members[1]]] as const) {
      const described = group.members.get(m.memberId)!;
      assert.deepEqual(described.metadata?.topics, [topic]);
      const expected = log.tasksOf(name).map((task) => Number(task.split('_')[1]));
      assert.deepEqual(described.assignments?.get(topic)?.partitions, expected, `${name}'s tasks read partitions ${expected}`);
    }
  } finally {
    for (const m of members) await m.close();
    await admin.close();
    await kafka.close();
  }
});
