import assert from 'node:assert/strict';
import { describeTaskGroup, type TaskGroupMember } from '../../src/connectors/kafka/group/index.ts';
import { kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../kafka/kafka-env.ts';
import { balanced, member, OwnershipLog, SESSION_TIMEOUT_MS } from './group-kit.ts';

// Two sub-topologies: 0 reads 4 partitions, 1 reads 2 — six tasks.
const SUB_TOPOLOGIES = [{ id: 0, partitions: 4 }, { id: 1, partitions: 2 }];
const TASKS = 6;

kafkaTest('three members share the tasks evenly; the crashed leader\'s tasks go to the others after the session timeout; a fourth joins cooperatively', { timeout: 600_000 }, async () => {
  const log = new OwnershipLog();
  const applicationId = uniqueTopic('app-group');
  const options = { applicationId, subTopologies: SUB_TOPOLOGIES };
  const members = new Map<string, TaskGroupMember>();
  try {
    for (const name of ['a', 'b', 'c']) members.set(name, await member(log, name, options));
    // Each member's tasks() is updated once its callback returned: wait for that too.
    await log.until('three members with two tasks each, as their tasks() say', () => balanced(log, ['a', 'b', 'c'], TASKS) &&
      ['a', 'b', 'c'].every((name) => JSON.stringify(members.get(name)!.tasks().active) === JSON.stringify(log.tasksOf(name))));

    // a, the first member and so the group's leader, crashes: no LeaveGroup, no revoke; the group
    // notices after the session timeout and a new leader assigns a's tasks.
    const crashedAt = Date.now();
    const aTasks = log.tasksOf('a');
    await members.get('a')!.close();
    members.delete('a');
    log.crashed('a');
    await log.until('b and c run all six tasks', () => balanced(log, ['b', 'c'], TASKS));
    assert.ok(Date.now() - crashedAt >= SESSION_TIMEOUT_MS - 1_000, 'the tasks moved only once the session timed out');
    for (const task of aTasks) assert.ok(['b', 'c'].includes(log.owners.get(task)!), `${task} of the crashed member runs on b or c`);

    // d joins: tasks move from b and c to d; whatever b and c keep is never revoked.
    const before = { b: log.tasksOf('b'), c: log.tasksOf('c') };
    const mark = log.changes.length;
    members.set('d', await member(log, 'd', options));
    await log.until('b, c, d with two tasks each', () => balanced(log, ['b', 'c', 'd'], TASKS));
    const since = log.changes.slice(mark);
    const dGot = log.tasksOf('d');
    assert.equal(dGot.length, 2);
    for (const name of ['b', 'c'] as const) {
      const revoked = since.filter((c) => c.member === name).flatMap((c) => c.change.revoked);
      assert.deepEqual(revoked.sort(), before[name].filter((t) => dGot.includes(t)).sort(), `${name} revoked exactly the tasks d took`);
      for (const task of log.tasksOf(name)) assert.ok(before[name].includes(task), `${name} gained nothing`);
      assert.ok(since.filter((c) => c.member === name).every((c) => c.change.assigned.length === 0), `${name} was assigned nothing`);
    }
    // The cooperative order: each task d took was revoked from its owner before d was given it.
    for (const task of dGot) {
      const revokedAt = since.findIndex((c) => c.member !== 'd' && c.change.revoked.includes(task));
      const assignedAt = since.findIndex((c) => c.member === 'd' && c.change.assigned.includes(task));
      assert.ok(revokedAt >= 0 && revokedAt < assignedAt, `${task}: revoked (${revokedAt}) before assigned to d (${assignedAt})`);
    }
    assert.deepEqual(log.violations, []);

    // describe: the members and their tasks as the coordinator stores them.
    const description = await describeTaskGroup({ servers: requireKafkaBootstrap(), applicationId });
    assert.equal(description.state, 'Stable');
    assert.equal(description.members.length, 3);
    const described = new Map(description.members.map((m) => [m.memberId, m.active]));
    for (const [name, m] of members) assert.deepEqual(described.get(m.memberId), log.tasksOf(name), `describe lists ${name}'s tasks`);

    await members.get('c')!.leave();
    members.delete('c');
    assert.deepEqual(log.tasksOf('c'), [], 'leave() revoked c\'s tasks through the callback');
    await log.until('b and d take over c\'s tasks at once', () => balanced(log, ['b', 'd'], TASKS));
    assert.deepEqual(log.violations, []);
  } finally {
    for (const m of members.values()) await m.close();
  }
});
