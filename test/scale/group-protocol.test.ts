import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeConsumerProtocolSubscription } from '@platformatic/kafka';
import {
  decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription, type TaskSubscription,
} from '../../src/connectors/kafka/group/group-protocol.ts';
import { leaderAssignments } from '../../src/connectors/kafka/group/leader-assignment.ts';
import { checkPlanFingerprints } from '../../src/connectors/kafka/group/plan-fingerprints.ts';
import { parseTaskId, taskIdsOf } from '../../src/connectors/kafka/group/task-ids.ts';

function subscription(extra: Partial<TaskSubscription> = {}): TaskSubscription {
  return { version: 1, processId: 'p', capacity: 1, planFingerprint: 'fp', ownedActive: [], ownedStandby: [], localState: [], generation: -1, ...extra };
}

test('a subscription and an assignment survive encoding; the assignment lists the partitions its tasks read', () => {
  const s = subscription({ ownedActive: ['0_1'], generation: 3 });
  assert.deepEqual(decodeSubscription('m', encodeSubscription(s, ['trades'])), s);
  const bytes = encodeAssignment({ version: 1, active: ['0_1'], standby: ['1_0'] }, [{ topic: 'trades', partitions: [1] }]);
  assert.deepEqual(decodeAssignment(bytes), { version: 1, active: ['0_1'], standby: ['1_0'] });
  assert.deepEqual(decodeAssignment(Buffer.alloc(0)), { version: 1, active: [], standby: [] }, 'no bytes: no tasks');
});

test('a member that is not a Sluice member is named in the error', () => {
  const plain = encodeConsumerProtocolSubscription({ version: 0, topics: ['t'], userData: Buffer.from('range') });
  assert.throws(() => decodeSubscription('consumer-7', plain), /group member 'consumer-7' carries no Sluice data .*another application using this group id/);
  const bad = encodeSubscription({ ...subscription(), ownedActive: ['x'] }, []);
  assert.throws(() => decodeSubscription('m2', bad), /group member 'm2' is not a Sluice subscription: bad task lists/);
  assert.throws(() => decodeSubscription('m3', Buffer.from([1, 2, 3])), /group member 'm3' cannot be decoded/);
});

test('task ids: parsing, listing and bad sub-topologies', () => {
  assert.deepEqual(parseTaskId('12_3'), { subTopology: 12, partition: 3 });
  assert.throws(() => parseTaskId('0-3'), /'0-3' is not a task id/);
  assert.deepEqual(taskIdsOf([{ id: 1, partitions: 1 }, { id: 0, partitions: 2 }]), ['0_0', '0_1', '1_0']);
  assert.throws(() => taskIdsOf([{ id: 0, partitions: 0 }]), /sub-topology 0: partition count must be a positive integer, got 0/);
  assert.throws(() => taskIdsOf([{ id: 0, partitions: 1 }, { id: 0, partitions: 2 }]), /sub-topology 0 is listed twice/);
});

test('the group\'s plan is the leader\'s, or, when the leader runs nothing, the plan that runs the most tasks', () => {
  const m = (memberId: string, planFingerprint: string, ownedActive: string[] = []) => ({ memberId, planFingerprint, ownedActive });
  const fresh = checkPlanFingerprints('app', 'a', [m('a', 'x'), m('b', 'y')]);
  assert.equal(fresh.reference, 'x');
  assert.match(fresh.refused.get('b')!, /fingerprint y\) differs from the plan the group of application 'app' runs \(fingerprint x\)/);
  // A new leader (the old group's members restarted) must not stop the members that run the job.
  const running = checkPlanFingerprints('app', 'new', [m('new', 'y'), m('b', 'x', ['0_0']), m('c', 'x', ['0_1'])]);
  assert.equal(running.reference, 'x');
  assert.deepEqual([...running.refused.keys()], ['new']);
});

test('the leader refuses members of another plan or protocol version and assigns every task to the rest', () => {
  const decisions = leaderAssignments({
    applicationId: 'app', leaderId: 'a', standbyReplicas: 0,
    subTopologies: [{ id: 0, partitions: 3, topics: ['in'] }],
    members: [
      { memberId: 'a', metadata: encodeSubscription(subscription({ processId: 'p1' }), ['in']) },
      { memberId: 'b', metadata: encodeSubscription(subscription({ processId: 'p2', planFingerprint: 'other' }), ['in']) },
      { memberId: 'c', metadata: encodeSubscription(subscription({ processId: 'p3', version: 2 }), ['in']) },
      { memberId: 'd', metadata: encodeSubscription(subscription({ processId: 'p4' }), ['in']) },
    ],
  });
  const byId = new Map(decisions.map((d) => [d.memberId, d.assignment]));
  assert.match(byId.get('b')!.error!, /fingerprint other\) differs .*\(fingerprint fp\)/);
  assert.match(byId.get('c')!.error!, /protocol version 2, the group's leader version 1/);
  assert.deepEqual([...byId.get('a')!.active, ...byId.get('d')!.active].sort(), ['0_0', '0_1', '0_2']);
  assert.deepEqual([byId.get('b')!.active, byId.get('c')!.active], [[], []]);
  const a = decisions.find((d) => d.memberId === 'a')!;
  assert.deepEqual(decodeAssignment(a.bytes), a.assignment);
});

test('joinTaskGroup refuses an unknown option with a did-you-mean, and missing required ones, before connecting', async () => {
  const { joinTaskGroup } = await import('../../src/connectors/kafka/group/index.ts');
  const base = { servers: '127.0.0.1:1', applicationId: 'app', planFingerprint: 'fp', subTopologies: [{ id: 0, partitions: 1 }], onTasksChanged: () => {} };
  await assert.rejects(joinTaskGroup({ ...base, sesionTimeoutMs: 6_000 } as never), /option 'sesionTimeoutMs': is not a group member option; did you mean 'sessionTimeoutMs'\?/);
  await assert.rejects(joinTaskGroup({ ...base, planFingerprint: '' }), /option 'planFingerprint': is required/);
  await assert.rejects(joinTaskGroup({ ...base, subTopologies: [{ id: 0, partitions: 0 }] }), /sub-topology 0: partition count must be a positive integer/);
  await assert.rejects(joinTaskGroup({ ...base, sessionTimeoutMs: 6_000, heartbeatIntervalMs: 7_000 }), /option 'heartbeatIntervalMs': must be positive and below the session timeout \(6000 ms\), got 7000/);
});

test('a description prints as aligned tables: members with their tasks, partitions with owner and lag', async () => {
  const { formatTaskGroupDescription } = await import('../../src/connectors/kafka/group/index.ts');
  const text = formatTaskGroupDescription({
    applicationId: 'app', state: 'Stable',
    members: [
      { memberId: 'm-1', instanceId: 'box-1', clientId: 'c', host: '/10.0.0.1', active: ['0_0'], standby: ['0_1'] },
      { memberId: 'm-2', instanceId: null, clientId: 'c', host: '/10.0.0.2', active: ['0_1'], standby: [] },
    ],
    partitions: [
      { topic: 'in', partition: 0, tasks: ['0_0'], owner: 'm-1', committed: 2, end: 5, lag: 3 },
      { topic: 'in', partition: 1, tasks: ['0_1'], owner: 'm-2', end: 3, lag: 3 },
    ],
  });
  assert.equal(text, [
    "application 'app': group Stable, 2 members",
    '',
    'MEMBER  INSTANCE  HOST       ACTIVE  STANDBY  PROBLEM',
    'm-1     box-1     /10.0.0.1  0_0     0_1',
    'm-2     -         /10.0.0.2  0_1     -',
    '',
    'TOPIC  PARTITION  TASKS  OWNER  COMMITTED  END  LAG',
    'in     0          0_0    box-1  2          5    3',
    'in     1          0_1    m-2    -          3    3',
  ].join('\n'));
});
