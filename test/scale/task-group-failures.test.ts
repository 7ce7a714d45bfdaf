import assert from 'node:assert/strict';
import { GroupCoordinator } from '../../src/connectors/kafka/group/group-coordinator.ts';
import { describeTaskGroup, type TaskChange, type TaskGroupMember } from '../../src/connectors/kafka/group/index.ts';
import { kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../kafka/kafka-env.ts';
import { balanced, member, OwnershipLog } from './group-kit.ts';

const SUB_TOPOLOGIES = [{ id: 0, partitions: 4 }];

kafkaTest('a revocation is awaited: the new owner gets a task only after the old owner\'s callback returned', { timeout: 300_000 }, async () => {
  const log = new OwnershipLog();
  const applicationId = uniqueTopic('app-await');
  const order: string[] = [];
  let bJoined!: () => void;
  const bHasJoined = new Promise<void>((resolve) => (bJoined = resolve));
  const record = log.recorder('a');
  const a = await member(log, 'a', {
    applicationId, subTopologies: SUB_TOPOLOGIES,
    onTasksChanged: async (change: TaskChange) => {
      if (change.revoked.length > 0) {
        order.push(`a revoking ${change.revoked}`);
        await bHasJoined; // b is in the group now, and must still wait for this callback
        order.push('a revoked');
      }
      record(change);
    },
  });
  const recordB = log.recorder('b');
  const b = await member(log, 'b', {
    applicationId, subTopologies: SUB_TOPOLOGIES,
    onTasksChanged: (change: TaskChange) => {
      if (change.assigned.length > 0) order.push(`b assigned ${change.assigned}`);
      recordB(change);
      bJoined();
    },
  });
  try {
    await log.until('a and b run two tasks each', () => balanced(log, ['a', 'b'], 4));
    const revokedAt = order.indexOf('a revoked');
    const assignedAt = order.findIndex((line) => line.startsWith('b assigned'));
    assert.ok(revokedAt >= 0 && revokedAt < assignedAt, `order: ${order.join(' | ')}`);
    assert.equal(order[assignedAt], `b assigned ${order[revokedAt - 1].slice('a revoking '.length)}`, 'b got exactly what a revoked');
    assert.deepEqual(log.violations, []);
  } finally {
    await a.close();
    await b.close();
  }
});

kafkaTest('a member removed from the group loses its tasks (lost, not committed) and joins again', { timeout: 300_000 }, async () => {
  const log = new OwnershipLog();
  const applicationId = uniqueTopic('app-lost');
  const a = await member(log, 'a', { applicationId, subTopologies: SUB_TOPOLOGIES, instanceId: 'instance-a' });
  // What Kafka's admin removeMembersFromConsumerGroup sends (KIP-345): a LeaveGroup naming the instance, from outside.
  const admin = new GroupCoordinator({ servers: requireKafkaBootstrap().split(','), groupId: applicationId, clientId: 'test-admin', requestTimeoutMs: 30_000 });
  try {
    await log.until('a runs every task', () => log.tasksOf('a').length === 4);
    const mark = log.changes.length;
    await admin.leaveGroup('', 'instance-a', 'removed by the test');
    await log.until('a runs every task again', () => log.changes.length > mark + 1 && log.tasksOf('a').length === 4);
    const [lost, regained] = log.changes.slice(mark).map((c) => c.change);
    assert.deepEqual({ revoked: lost.revoked, lost: lost.lost }, { revoked: ['0_0', '0_1', '0_2', '0_3'], lost: true });
    assert.deepEqual({ assigned: regained.assigned, lost: regained.lost }, { assigned: ['0_0', '0_1', '0_2', '0_3'], lost: false });
    assert.deepEqual(log.violations, []);
  } finally {
    await admin.close();
    await a.close();
  }
});

kafkaTest('a second live instance with the same instance id fences the first, which stops with an error naming it', { timeout: 300_000 }, async () => {
  const log = new OwnershipLog();
  const applicationId = uniqueTopic('app-fenced');
  let failure: Error | undefined;
  let failed!: () => void;
  const hasFailed = new Promise<void>((resolve) => (failed = resolve));
  const members: TaskGroupMember[] = [];
  try {
    members.push(await member(log, 'first', {
      applicationId, subTopologies: SUB_TOPOLOGIES, instanceId: 'same', sessionTimeoutMs: 30_000,
      onError: (error) => {
        failure = error;
        failed();
      },
    }));
    await log.until('first runs every task', () => log.tasksOf('first').length === 4);
    members.push(await member(log, 'second', { applicationId, subTopologies: SUB_TOPOLOGIES, instanceId: 'same', sessionTimeoutMs: 30_000 }));
    await hasFailed;
    assert.match(failure!.message, /FENCED_INSTANCE_ID/);
    assert.deepEqual(log.tasksOf('first'), [], 'the fenced instance dropped its tasks');
    const dropped = log.changes.filter((c) => c.member === 'first').at(-1)!.change;
    assert.equal(dropped.lost, true);
  } finally {
    for (const m of members) await m.close();
  }
});

kafkaTest('an onTasksChanged that throws stops the member with an error naming the change, and the member leaves', { timeout: 300_000 }, async () => {
  const applicationId = uniqueTopic('app-callback');
  const log = new OwnershipLog();
  await assert.rejects(
    member(log, 'a', { applicationId, subTopologies: SUB_TOPOLOGIES, onTasksChanged: () => { throw new Error('state dir is read-only'); } }),
    /onTasksChanged failed \(assigned \[0_0,0_1,0_2,0_3\], revoked \[\]\): state dir is read-only/,
  );
  const b = await member(log, 'b', { applicationId, subTopologies: SUB_TOPOLOGIES });
  try {
    await log.until('b runs every task', () => log.tasksOf('b').length === 4);
    const description = await describeTaskGroup({ servers: requireKafkaBootstrap(), applicationId });
    assert.deepEqual(description.members.map((m) => m.memberId), [b.memberId], 'a left the group');
    assert.deepEqual(log.violations, []);
  } finally {
    await b.close();
  }
});
