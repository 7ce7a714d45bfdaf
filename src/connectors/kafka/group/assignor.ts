/**
 * The Sluice task assignor: a pure function from the members' subscriptions to each member's tasks,
 * computed by the group leader in every rebalance. It is
 *
 * - balanced: active tasks in proportion to capacity, at most one away from the exact share
 *   (equal capacities: counts differ by at most one), and each sub-topology's tasks spread;
 * - sticky: a task stays with its previous owner whenever the balance allows, and a task without
 *   an owner prefers a member whose process has its state (a standby copy or a local checkpoint);
 * - cooperative (Kafka's cooperative-sticky protocol): a task that moves is only revoked from its
 *   owner in this round; the new owner gets it in the follow-up rebalance its old owner triggers
 *   after giving it up, so no task ever runs on two members and tasks that stay never stop.
 */
import { SluiceError } from '../../../core/errors.ts';
import type { AssignorInput, AssignorMember, AssignorResult, MemberTasks } from './assignor-types.ts';
import { assignStandbys } from './standby-assignor.ts';
import { compareTaskIds, parseTaskId } from './task-ids.ts';
import { taskQuotas, type TaskQuota } from './task-quotas.ts';

/**
 * One round of the assignment (see the file comment).
 *
 * @example
 * const { assignments } = assignTasks({
 *   tasks: ['0_0', '0_1', '0_2'],
 *   standbyReplicas: 0,
 *   members: [
 *     { memberId: 'a', processId: 'p1', capacity: 1, ownedActive: [], ownedStandby: [], generation: -1 },
 *     { memberId: 'b', processId: 'p2', capacity: 1, ownedActive: [], ownedStandby: [], generation: -1 },
 *   ],
 * });
 * assignments.get('a')?.active; // ['0_0', '0_2']
 */
export function assignTasks(input: AssignorInput): AssignorResult {
  checkInput(input);
  const members = [...input.members].sort((a, b) => compareText(a.memberId, b.memberId));
  const tasks = [...new Set(input.tasks)].sort(compareTaskIds);
  const owners = currentOwners(members, new Set(tasks));
  const target = targetAssignment(members, tasks, owners);

  // Cooperative: a task whose target differs from its live owner is only revoked in this round.
  const assignments = new Map<string, MemberTasks>();
  const pendingMoves = new Map<string, string>();
  for (const member of members) {
    const active = (target.get(member.memberId) ?? []).filter((task) => {
      const owner = owners.get(task);
      if (owner === undefined || owner === member.memberId) return true;
      pendingMoves.set(task, member.memberId);
      return false;
    });
    assignments.set(member.memberId, { active: active.sort(compareTaskIds), standby: [] });
  }
  const activeHolder = new Map<string, string>();
  for (const [memberId, { active }] of assignments) for (const task of active) activeHolder.set(task, memberId);
  // A task being revoked still runs on its old owner in this round: no standby of it there either.
  for (const task of pendingMoves.keys()) activeHolder.set(task, owners.get(task)!);
  const standbys = assignStandbys(members, tasks, activeHolder, input.standbyReplicas);
  for (const [memberId, list] of standbys) assignments.get(memberId)!.standby.push(...list.sort(compareTaskIds));
  return { assignments, pendingMoves };
}

function checkInput(input: AssignorInput): void {
  if (!Number.isInteger(input.standbyReplicas) || input.standbyReplicas < 0) {
    throw new SluiceError(`num.standby.replicas must be a non-negative integer, got ${input.standbyReplicas}`);
  }
  const ids = new Set<string>();
  for (const member of input.members) {
    if (ids.has(member.memberId)) throw new SluiceError(`group member '${member.memberId}' is listed twice`);
    ids.add(member.memberId);
    if (!Number.isInteger(member.capacity) || member.capacity < 1) {
      throw new SluiceError(`group member '${member.memberId}': capacity must be a positive integer, got ${member.capacity}`);
    }
  }
  for (const task of input.tasks) parseTaskId(task);
}

/** Who runs each task now: the claim of the newest generation wins (an older claim is a member that missed a rebalance). */
function currentOwners(members: readonly AssignorMember[], tasks: ReadonlySet<string>): Map<string, string> {
  const owners = new Map<string, { memberId: string; generation: number }>();
  for (const member of members) {
    for (const task of member.ownedActive) {
      if (!tasks.has(task)) continue;
      const claim = owners.get(task);
      if (claim === undefined || member.generation > claim.generation) owners.set(task, { memberId: member.memberId, generation: member.generation });
    }
  }
  return new Map([...owners].map(([task, claim]) => [task, claim.memberId]));
}

/** The balanced, sticky target: owners keep what their quota allows; the rest goes where state, spread and load point. */
function targetAssignment(members: readonly AssignorMember[], tasks: readonly string[], owners: ReadonlyMap<string, string>): Map<string, string[]> {
  const target = new Map<string, string[]>(members.map((m) => [m.memberId, []]));
  if (members.length === 0) return target;
  const { quotas, spare } = taskQuotas(tasks.length, members.map((m) => m.capacity));
  const quotaOf = new Map(members.map((m, i) => [m.memberId, quotas[i]]));
  const owned = new Map<string, string[]>(members.map((m) => [m.memberId, []]));
  for (const task of tasks) {
    const owner = owners.get(task);
    if (owner !== undefined) owned.get(owner)!.push(task);
  }

  // Owners keep up to their floor; the members that own more keep one spare task each, most-owning first.
  let sparesLeft = spare;
  for (const member of members) target.set(member.memberId, spreadPick(owned.get(member.memberId)!, quotaOf.get(member.memberId)!.floor));
  const overFloor = members
    .filter((m) => owned.get(m.memberId)!.length > quotaOf.get(m.memberId)!.floor && quotaOf.get(m.memberId)!.ceil > quotaOf.get(m.memberId)!.floor)
    .sort((a, b) => owned.get(b.memberId)!.length - owned.get(a.memberId)!.length || compareText(a.memberId, b.memberId));
  for (const member of overFloor) {
    if (sparesLeft === 0) break;
    const kept = target.get(member.memberId)!;
    const keptSet = new Set(kept);
    const extra = spreadPick(owned.get(member.memberId)!.filter((t) => !keptSet.has(t)), 1, kept);
    kept.push(...extra);
    sparesLeft -= 1;
  }

  const placed = new Set([...target.values()].flat());
  const holdsState = stateHolders(members);
  // Per member: how many tasks of each sub-topology it holds (kept up to date, so a choice costs O(members)).
  const perSubTopology = new Map(members.map((m) => [m.memberId, new Map<number, number>()]));
  for (const [memberId, mine] of target) for (const task of mine) increment(perSubTopology.get(memberId)!, parseTaskId(task).subTopology);
  for (const task of tasks) {
    if (placed.has(task)) continue;
    const subTopology = parseTaskId(task).subTopology;
    let best: AssignorMember | undefined;
    let bestKey: number[] = [];
    for (const member of members) {
      const mine = target.get(member.memberId)!;
      const quota: TaskQuota = quotaOf.get(member.memberId)!;
      const room = mine.length < quota.floor || (mine.length < quota.ceil && sparesLeft > 0);
      if (!room) continue;
      const key = [
        holdsState.get(member.memberId)!.has(task) ? 0 : 1,
        (perSubTopology.get(member.memberId)!.get(subTopology) ?? 0) / member.capacity,
        mine.length / member.capacity,
      ];
      if (best === undefined || compareKeys(key, bestKey) < 0) {
        best = member;
        bestKey = key;
      }
    }
    // The quotas add up to the task count, so a member with room always exists.
    const mine = target.get(best!.memberId)!;
    if (mine.length >= quotaOf.get(best!.memberId)!.floor) sparesLeft -= 1;
    mine.push(task);
    increment(perSubTopology.get(best!.memberId)!, subTopology);
  }
  return target;
}

function increment(counts: Map<number, number>, key: number): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Up to `count` of `candidates`, taken one sub-topology at a time so a member keeps a spread of them. */
function spreadPick(candidates: readonly string[], count: number, alreadyHeld: readonly string[] = []): string[] {
  const bySubTopology = new Map<number, string[]>();
  for (const task of [...candidates].sort(compareTaskIds)) {
    const s = parseTaskId(task).subTopology;
    let list = bySubTopology.get(s);
    if (list === undefined) bySubTopology.set(s, (list = []));
    list.push(task);
  }
  const held = new Map<number, number>();
  for (const task of alreadyHeld) held.set(parseTaskId(task).subTopology, (held.get(parseTaskId(task).subTopology) ?? 0) + 1);
  const picked: string[] = [];
  while (picked.length < count) {
    // The sub-topology this member holds fewest of so far, among those with candidates left.
    let next: number | undefined;
    for (const [s, list] of bySubTopology) {
      if (list.length === 0) continue;
      if (next === undefined || (held.get(s) ?? 0) < (held.get(next) ?? 0)) next = s;
    }
    if (next === undefined) break;
    picked.push(bySubTopology.get(next)!.shift()!);
    held.set(next, (held.get(next) ?? 0) + 1);
  }
  return picked;
}

/** For each member, the tasks whose state its process holds (standby copies and local checkpoints of any member of the process). */
function stateHolders(members: readonly AssignorMember[]): Map<string, Set<string>> {
  const byProcess = new Map<string, Set<string>>();
  for (const member of members) {
    let set = byProcess.get(member.processId);
    if (set === undefined) byProcess.set(member.processId, (set = new Set()));
    for (const task of member.ownedStandby) set.add(task);
    for (const task of member.localState ?? []) set.add(task);
  }
  return new Map(members.map((m) => [m.memberId, byProcess.get(m.processId)!]));
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
