/**
 * Task ids as Kafka Streams writes them: `"<sub-topology>_<partition>"`. A task is one partition of
 * every input topic of one sub-topology (the inputs are co-partitioned), so the task list of a plan
 * follows from each sub-topology's partition count.
 */
import { SluiceError } from '../../../core/errors.ts';

/** One sub-topology of a plan as the group sees it: its number, partition count and (for tools) its input topics. */
export interface SubTopologyTasks {
  /** The sub-topology's number (0, 1, …, in the plan's stable order). */
  readonly id: number;
  /** The partition count of its (co-partitioned) input topics: the number of its tasks. */
  readonly partitions: number;
  /** Its input topics; the assignment lists their partitions so Kafka's own tools show what each member reads. */
  readonly topics?: readonly string[];
}

/** A task id split into its parts. */
export interface TaskIdParts {
  readonly subTopology: number;
  readonly partition: number;
}

/**
 * The id of the task reading partition `partition` of sub-topology `subTopology`.
 *
 * @example
 * taskId(1, 4); // '1_4'
 */
export function taskId(subTopology: number, partition: number): string {
  return `${subTopology}_${partition}`;
}

/**
 * The parts of a task id, or a SluiceError naming the id when it is not `<number>_<number>`.
 *
 * @example
 * parseTaskId('1_4'); // { subTopology: 1, partition: 4 }
 */
export function parseTaskId(id: string): TaskIdParts {
  const match = /^(\d+)_(\d+)$/.exec(id);
  if (match === null) throw new SluiceError(`'${id}' is not a task id (expected <sub-topology>_<partition>, e.g. '0_3')`);
  return { subTopology: Number(match[1]), partition: Number(match[2]) };
}

/**
 * Every task of the sub-topologies, sorted by sub-topology then partition. A sub-topology listed
 * twice or a partition count that is not a positive integer is an error naming it.
 *
 * @example
 * taskIdsOf([{ id: 0, partitions: 2 }, { id: 1, partitions: 1 }]); // ['0_0', '0_1', '1_0']
 */
export function taskIdsOf(subTopologies: readonly SubTopologyTasks[]): string[] {
  const seen = new Set<number>();
  for (const s of subTopologies) {
    if (!Number.isInteger(s.id) || s.id < 0) throw new SluiceError(`sub-topology id ${s.id} must be a non-negative integer`);
    if (seen.has(s.id)) throw new SluiceError(`sub-topology ${s.id} is listed twice`);
    seen.add(s.id);
    if (!Number.isInteger(s.partitions) || s.partitions < 1) {
      throw new SluiceError(`sub-topology ${s.id}: partition count must be a positive integer, got ${s.partitions}`);
    }
  }
  return [...subTopologies].sort((a, b) => a.id - b.id).flatMap((s) => Array.from({ length: s.partitions }, (_, p) => taskId(s.id, p)));
}

/**
 * Orders task ids by sub-topology, then partition (not as strings: '0_10' comes after '0_9').
 *
 * @example
 * ['0_10', '1_0', '0_9'].sort(compareTaskIds); // ['0_9', '0_10', '1_0']
 */
export function compareTaskIds(a: string, b: string): number {
  const x = parseTaskId(a);
  const y = parseTaskId(b);
  return x.subTopology - y.subTopology || x.partition - y.partition;
}
