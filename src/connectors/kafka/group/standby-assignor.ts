/**
 * Standby tasks (num.standby.replicas): warm copies of a task's state kept by other processes, so a
 * task that moves finds its state already there. A standby never goes to the process that runs the
 * task's active copy (its members share that state directory), nor twice to one process; it prefers
 * a process that has the task's state already, then the member with the fewest standbys per capacity.
 */
import type { AssignorMember } from './assignor-types.ts';

/**
 * Up to `replicas` standby copies of every task (fewer when there are not enough other processes),
 * given who holds each task's active copy.
 *
 * @example
 * const members = [
 *   { memberId: 'a', processId: 'p1', capacity: 1, ownedActive: [], ownedStandby: [], generation: 1 },
 *   { memberId: 'b', processId: 'p2', capacity: 1, ownedActive: [], ownedStandby: [], generation: 1 },
 * ];
 * assignStandbys(members, ['0_0'], new Map([['0_0', 'a']]), 1); // Map { 'a' => [], 'b' => ['0_0'] }
 */
export function assignStandbys(
  members: readonly AssignorMember[], tasks: readonly string[], activeHolder: ReadonlyMap<string, string>, replicas: number,
): Map<string, string[]> {
  const standbys = new Map<string, string[]>(members.map((m) => [m.memberId, []]));
  if (replicas === 0) return standbys;
  const processOf = new Map(members.map((m) => [m.memberId, m.processId]));
  const hadState = new Map(members.map((m) => [m.memberId, new Set([...m.ownedStandby, ...(m.localState ?? [])])]));
  // The processes that hold a copy (active or standby) of each task.
  const copiesIn = new Map<string, Set<string>>(tasks.map((task) => {
    const holder = activeHolder.get(task);
    return [task, new Set(holder === undefined ? [] : [processOf.get(holder)!])];
  }));
  for (let copy = 0; copy < replicas; copy++) {
    for (const task of tasks) {
      const taken = copiesIn.get(task)!;
      let best: AssignorMember | undefined;
      let bestKey: number[] = [];
      for (const member of members) {
        if (taken.has(member.processId)) continue;
        const key = [hadState.get(member.memberId)!.has(task) ? 0 : 1, standbys.get(member.memberId)!.length / member.capacity];
        if (best === undefined || key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
          best = member;
          bestKey = key;
        }
      }
      if (best !== undefined) {
        standbys.get(best.memberId)!.push(task);
        taken.add(best.processId);
      }
    }
  }
  return standbys;
}
