// `npm run bench -- assignor`: how long the group leader's assignment takes for large groups — a fresh
// group, and one member joining a settled group (the sticky, cooperative path) — next to dealing the
// same task list round-robin over the members (the least work any assignor does), alternated in one
// process. The leader computes this between JoinGroup and SyncGroup, so it adds to every rebalance.
import { cpus, totalmem } from 'node:os';
import { assignTasks } from '../../src/connectors/kafka/group/assignor.ts';
import type { AssignorMember } from '../../src/connectors/kafka/group/assignor-types.ts';
import { taskIdsOf } from '../../src/connectors/kafka/group/task-ids.ts';
import { median, timed } from '../bench-stats.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SHAPES = [
  { subTopologies: 4, partitions: 64, members: 16 },
  { subTopologies: 10, partitions: 600, members: 60 },
  { subTopologies: 10, partitions: 1_000, members: 200 },
];

function roundRobin(tasks: readonly string[], members: readonly AssignorMember[]): Map<string, string[]> {
  const out = new Map<string, string[]>(members.map((m) => [m.memberId, []]));
  tasks.forEach((task, i) => out.get(members[i % members.length].memberId)!.push(task));
  return out;
}

/** Runs the assignor benchmark and prints one line per group shape. */
export async function benchAssignor(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`${ROUNDS} rounds each, alternating; median reported; num.standby.replicas 1`);
  for (const shape of SHAPES) {
    const tasks = taskIdsOf(Array.from({ length: shape.subTopologies }, (_, id) => ({ id, partitions: shape.partitions })));
    const fresh: AssignorMember[] = Array.from({ length: shape.members }, (_, i) => ({
      memberId: `member-${i}`, processId: `process-${i}`, capacity: 1, ownedActive: [], ownedStandby: [], generation: 1,
    }));
    const settled = assignTasks({ tasks, members: fresh, standbyReplicas: 1 });
    const joining: AssignorMember[] = [
      ...fresh.map((m) => ({ ...m, ownedActive: settled.assignments.get(m.memberId)!.active, ownedStandby: settled.assignments.get(m.memberId)!.standby, generation: 2 })),
      { memberId: 'member-new', processId: 'process-new', capacity: 1, ownedActive: [], ownedStandby: [], generation: -1 },
    ];
    const times = { reference: [] as number[], fresh: [] as number[], join: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      times.reference.push((await timed(() => roundRobin(tasks, joining))).ms);
      times.fresh.push((await timed(() => assignTasks({ tasks, members: fresh, standbyReplicas: 1 }))).ms);
      const join = await timed(() => assignTasks({ tasks, members: joining, standbyReplicas: 1 }));
      times.join.push(join.ms);
      const moved = join.result.pendingMoves.size;
      if (moved > Math.ceil(tasks.length / joining.length)) throw new Error(`a join moved ${moved} tasks, more than the new member's share`);
    }
    const ref = median(times.reference);
    console.log(`${tasks.length} tasks, ${shape.members} members: round-robin ${ref.toFixed(2)} ms; ` +
      `fresh ${median(times.fresh).toFixed(1)} ms (${(median(times.fresh) / ref).toFixed(0)}×); ` +
      `one joins ${median(times.join).toFixed(1)} ms (${(median(times.join) / ref).toFixed(0)}×)`);
  }
}
