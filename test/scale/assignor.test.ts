import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignTasks } from '../../src/connectors/kafka/group/assignor.ts';
import type { AssignorMember, AssignorResult } from '../../src/connectors/kafka/group/assignor-types.ts';
import { parseTaskId, taskIdsOf } from '../../src/connectors/kafka/group/task-ids.ts';
import { checkProperty, fc, FUZZ_TIMEOUT_MS } from '../fuzz/property.ts';

function member(memberId: string, ownedActive: string[] = [], extra: Partial<AssignorMember> = {}): AssignorMember {
  return { memberId, processId: `process-${memberId}`, capacity: 1, ownedActive, ownedStandby: [], generation: 1, ...extra };
}

function active(result: AssignorResult, memberId: string): string[] {
  return result.assignments.get(memberId)!.active;
}

/** What the members own after they applied a round: its active tasks, at the next generation. */
function applied(members: readonly AssignorMember[], result: AssignorResult): AssignorMember[] {
  return members.map((m) => ({ ...m, ownedActive: active(result, m.memberId), ownedStandby: result.assignments.get(m.memberId)!.standby, generation: m.generation + 1 }));
}

test('three fresh members share six tasks of two sub-topologies two each, one of each sub-topology', () => {
  const tasks = taskIdsOf([{ id: 0, partitions: 3 }, { id: 1, partitions: 3 }]);
  const result = assignTasks({ tasks, standbyReplicas: 0, members: [member('a'), member('b'), member('c')] });
  for (const id of ['a', 'b', 'c']) {
    const mine = active(result, id);
    assert.equal(mine.length, 2, `${id}: ${mine}`);
    assert.deepEqual(mine.map((t) => parseTaskId(t).subTopology).sort(), [0, 1], `${id} runs one task of each sub-topology: ${mine}`);
  }
  assert.deepEqual([...result.assignments.values()].flatMap((a) => a.active).sort(), [...tasks].sort());
  assert.equal(result.pendingMoves.size, 0);
});

test('a fourth member: the moving tasks are only revoked in the first round and assigned in the follow-up; the others keep theirs', () => {
  const tasks = taskIdsOf([{ id: 0, partitions: 8 }]);
  const first = assignTasks({ tasks, standbyReplicas: 0, members: [member('a'), member('b'), member('c')] });
  const before = applied([member('a'), member('b'), member('c')], first);
  const withD = [...before, member('d', [], { generation: 0 })];
  const revokeRound = assignTasks({ tasks, standbyReplicas: 0, members: withD });
  assert.deepEqual(active(revokeRound, 'd'), [], 'd gets nothing while the owners still run the tasks it will take');
  assert.equal(revokeRound.pendingMoves.size, 2, 'd will take two of the eight tasks');
  for (const [task, next] of revokeRound.pendingMoves) {
    assert.equal(next, 'd');
    const owner = before.find((m) => m.ownedActive.includes(task))!;
    assert.ok(!active(revokeRound, owner.memberId).includes(task), `${task} is revoked from ${owner.memberId}`);
  }
  for (const m of before) {
    const kept = active(revokeRound, m.memberId);
    assert.ok(kept.every((t) => m.ownedActive.includes(t)), `${m.memberId} gains nothing in the revoke round`);
  }
  const followUp = assignTasks({ tasks, standbyReplicas: 0, members: applied(withD, revokeRound) });
  assert.equal(followUp.pendingMoves.size, 0);
  assert.deepEqual(active(followUp, 'd').sort(), [...revokeRound.pendingMoves.keys()].sort(), 'd gets exactly the revoked tasks');
  for (const m of before) assert.deepEqual(active(followUp, m.memberId), active(revokeRound, m.memberId), `${m.memberId} keeps the rest`);
});

test('when two members claim a task, the claim of the newer generation wins', () => {
  const result = assignTasks({ tasks: ['0_0', '0_1'], standbyReplicas: 0, members: [member('a', ['0_0'], { generation: 4 }), member('b', ['0_0'], { generation: 5 })] });
  assert.deepEqual(active(result, 'b'), ['0_0']);
  assert.deepEqual(active(result, 'a'), ['0_1']);
});

test('a task without an owner goes to the member whose process has its state (a standby copy)', () => {
  const result = assignTasks({
    tasks: ['0_0', '0_1'], standbyReplicas: 0,
    members: [member('a', [], { ownedStandby: ['0_1'] }), member('b', [], { localState: ['0_0'] })],
  });
  assert.deepEqual(active(result, 'a'), ['0_1']);
  assert.deepEqual(active(result, 'b'), ['0_0']);
});

test('capacity: a member with two threads gets twice the tasks', () => {
  const result = assignTasks({ tasks: taskIdsOf([{ id: 0, partitions: 6 }]), standbyReplicas: 0, members: [member('a', [], { capacity: 2 }), member('b')] });
  assert.equal(active(result, 'a').length, 4);
  assert.equal(active(result, 'b').length, 2);
});

test('standbys avoid the process of the active copy and prefer a process that has the state', () => {
  const members = [
    member('a1', [], { processId: 'p1' }), member('a2', [], { processId: 'p1' }),
    member('b', [], { processId: 'p2' }), member('c', [], { processId: 'p3', localState: ['0_0'] }),
  ];
  const result = assignTasks({ tasks: taskIdsOf([{ id: 0, partitions: 4 }]), standbyReplicas: 1, members });
  const holderOf = (task: string): AssignorMember => members.find((m) => active(result, m.memberId).includes(task))!;
  for (const task of taskIdsOf([{ id: 0, partitions: 4 }])) {
    const standbyOn = members.filter((m) => result.assignments.get(m.memberId)!.standby.includes(task));
    assert.equal(standbyOn.length, 1, `${task} has one standby`);
    assert.notEqual(standbyOn[0].processId, holderOf(task).processId, `${task}: standby on another process than the active copy`);
  }
  if (holderOf('0_0').processId !== 'p3') assert.ok(result.assignments.get('c')!.standby.includes('0_0'), 'c has 0_0 locally');
});

test('bad input is an error naming it', () => {
  assert.throws(() => assignTasks({ tasks: ['0_0'], standbyReplicas: -1, members: [] }), /num.standby.replicas must be a non-negative integer, got -1/);
  assert.throws(() => assignTasks({ tasks: ['0_0'], standbyReplicas: 0, members: [member('a'), member('a')] }), /member 'a' is listed twice/);
  assert.throws(() => assignTasks({ tasks: ['0_0'], standbyReplicas: 0, members: [member('a', [], { capacity: 0 })] }), /'a': capacity must be a positive integer, got 0/);
  assert.throws(() => assignTasks({ tasks: ['x'], standbyReplicas: 0, members: [] }), /'x' is not a task id/);
});

// ---- properties ----

interface Scenario {
  readonly tasks: string[];
  readonly members: AssignorMember[];
  readonly standbyReplicas: number;
}

/** Sub-topologies, members in processes, and a valid previous ownership (each task owned by at most one member, or none). */
function scenarios(options: { equalCapacity: boolean; fresh: boolean }): fc.Arbitrary<Scenario> {
  return fc.record({
    partitions: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 3 }),
    memberCount: fc.integer({ min: 1, max: 6 }),
    processCount: fc.integer({ min: 1, max: 4 }),
    seedOwners: fc.array(fc.integer({ min: -1, max: 5 }), { minLength: 24, maxLength: 24 }),
    seedProcesses: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 6, maxLength: 6 }),
    capacities: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 6, maxLength: 6 }),
    standbyReplicas: fc.integer({ min: 0, max: 2 }),
  }).map((r) => {
    const tasks = taskIdsOf(r.partitions.map((partitions, id) => ({ id, partitions })));
    const members = Array.from({ length: r.memberCount }, (_, i) => member(`m${i}`, [], {
      processId: `p${r.seedProcesses[i] % r.processCount}`,
      capacity: options.equalCapacity ? 1 : r.capacities[i],
    }));
    const owned = members.map((): string[] => []);
    if (!options.fresh) {
      tasks.forEach((task, i) => {
        const owner = r.seedOwners[i] ?? -1;
        if (owner >= 0 && owner < members.length) owned[owner].push(task);
      });
    }
    return { tasks, standbyReplicas: r.standbyReplicas, members: members.map((m, i) => ({ ...m, ownedActive: owned[i] })) };
  });
}

function checkRound(s: Scenario, result: AssignorResult): void {
  const seen = new Map<string, string>();
  for (const [memberId, { active: tasks }] of result.assignments) {
    for (const task of tasks) {
      assert.equal(seen.get(task), undefined, `${task} is active on ${seen.get(task)} and ${memberId}`);
      seen.set(task, memberId);
    }
  }
  for (const task of result.pendingMoves.keys()) assert.ok(!seen.has(task), `moving task ${task} is active nowhere in the revoke round`);
  assert.deepEqual([...seen.keys(), ...result.pendingMoves.keys()].sort(), [...s.tasks].sort(), 'every task is active or moving');
  for (const m of s.members) {
    const mine = result.assignments.get(m.memberId)!.active;
    for (const task of mine) {
      const other = s.members.find((o) => o.memberId !== m.memberId && o.ownedActive.includes(task));
      assert.equal(other, undefined, `${task} goes to ${m.memberId} while ${other?.memberId} still owns it`);
    }
    for (const task of m.ownedActive) {
      assert.ok(mine.includes(task) || result.pendingMoves.has(task), `${task} of ${m.memberId} stops without moving`);
    }
  }
  const processOf = new Map(s.members.map((m) => [m.memberId, m.processId]));
  const processes = new Set(s.members.map((m) => m.processId));
  for (const task of s.tasks) {
    const activeOn = seen.get(task) ?? s.members.find((m) => m.ownedActive.includes(task))?.memberId;
    const standbyProcesses = s.members.filter((m) => result.assignments.get(m.memberId)!.standby.includes(task)).map((m) => m.processId);
    assert.equal(new Set(standbyProcesses).size, standbyProcesses.length, `${task}: two standbys in one process`);
    if (activeOn !== undefined) assert.ok(!standbyProcesses.includes(processOf.get(activeOn)!), `${task}: standby in the active copy's process`);
    const others = activeOn === undefined ? processes.size : processes.size - 1;
    assert.equal(standbyProcesses.length, Math.min(s.standbyReplicas, others), `${task}: standby count`);
  }
}

function checkBalanced(s: Scenario, result: AssignorResult): void {
  const total = s.members.reduce((sum, m) => sum + m.capacity, 0);
  for (const m of s.members) {
    const count = result.assignments.get(m.memberId)!.active.length;
    const share = (s.tasks.length * m.capacity) / total;
    assert.ok(count >= Math.floor(share) && count <= Math.ceil(share), `${m.memberId} (capacity ${m.capacity}) holds ${count}, share ${share}`);
  }
}

test('property: every round is valid and cooperative, and the follow-up round is balanced and moves nothing', { timeout: FUZZ_TIMEOUT_MS }, () => {
  checkProperty(scenarios({ equalCapacity: false, fresh: false }), (s) => {
    const first = assignTasks(s);
    checkRound(s, first);
    const next = { ...s, members: applied(s.members, first) };
    const second = assignTasks(next);
    checkRound(next, second);
    assert.equal(second.pendingMoves.size, 0, 'the follow-up moves nothing');
    checkBalanced(next, second);
    const third = assignTasks({ ...next, members: applied(next.members, second) });
    for (const m of next.members) assert.deepEqual(third.assignments.get(m.memberId)!.active, second.assignments.get(m.memberId)!.active, 'stable');
  }, 300);
});

test('property: fresh members with equal capacity differ by at most one task, in total and per sub-topology', { timeout: FUZZ_TIMEOUT_MS }, () => {
  checkProperty(scenarios({ equalCapacity: true, fresh: true }), (s) => {
    const result = assignTasks(s);
    checkRound(s, result);
    const counts = s.members.map((m) => result.assignments.get(m.memberId)!.active);
    const spread = (values: number[]): number => Math.max(...values) - Math.min(...values);
    assert.ok(spread(counts.map((c) => c.length)) <= 1, `totals ${counts.map((c) => c.length)}`);
    const subTopologies = new Set(s.tasks.map((t) => parseTaskId(t).subTopology));
    for (const sub of subTopologies) {
      const per = counts.map((c) => c.filter((t) => parseTaskId(t).subTopology === sub).length);
      assert.ok(spread(per) <= 1, `sub-topology ${sub}: ${per}`);
    }
  }, 300);
});

test('property: a member joining a balanced group moves no more tasks than its share', { timeout: FUZZ_TIMEOUT_MS }, () => {
  checkProperty(scenarios({ equalCapacity: true, fresh: true }), (s) => {
    const settled = applied(s.members, assignTasks(s));
    const joined = [...settled, member('new', [], { generation: 0 })];
    const result = assignTasks({ ...s, members: joined });
    assert.ok(result.pendingMoves.size <= Math.ceil(s.tasks.length / joined.length), `${result.pendingMoves.size} moves`);
  }, 300);
});
