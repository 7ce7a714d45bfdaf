/**
 * `sluice describe <app>`: what the group of an application is doing, read from Kafka alone — its
 * members and their tasks (from the assignment the leader stored with the coordinator), and for
 * every input partition the committed offset, the end offset and the lag.
 */
import { SluiceError } from '../../../core/errors.ts';
import { KafkaClient, parseBootstrapServers, type TopicPartition } from '../client.ts';
import { kafkaErrorText } from '../kafka-errors.ts';
import { GroupCoordinator } from './group-coordinator.ts';
import { decodeAssignment, decodeSubscription, type TaskSubscription } from './group-protocol.ts';
import { compareTaskIds, taskId, type SubTopologyTasks } from './task-ids.ts';

/** One member of the group. */
export interface DescribedMember {
  readonly memberId: string;
  /** Its group.instance.id when it is a static member. */
  readonly instanceId: string | null;
  readonly clientId: string;
  readonly host: string;
  readonly processId?: string;
  readonly planFingerprint?: string;
  readonly active: string[];
  readonly standby: string[];
  /** Why its subscription or assignment could not be read (not a Sluice member). */
  readonly problem?: string;
}

/** One input partition of one task. */
export interface DescribedPartition {
  readonly topic: string;
  readonly partition: number;
  /** The tasks reading it (one per sub-topology that reads the topic). */
  readonly tasks: string[];
  /** The member whose active tasks read it, if any. */
  readonly owner?: string;
  /** The group's committed offset, undefined before the first commit. */
  readonly committed?: number;
  /** The partition's end (last stable) offset. */
  readonly end: number;
  /** Records still to read: end − committed (− the earliest offset when nothing is committed: a new group starts there). */
  readonly lag: number;
}

/** The group of an application as `describeTaskGroup` reads it. */
export interface TaskGroupDescription {
  readonly applicationId: string;
  /** The coordinator's group state: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead. */
  readonly state: string;
  readonly members: DescribedMember[];
  readonly partitions: DescribedPartition[];
}

/**
 * Reads the group of `applicationId`. The sub-topologies (and so the partitions whose lag it reports)
 * come from the members' subscriptions, or from `subTopologies` when the group has no members.
 *
 * @example
 * const description = await describeTaskGroup({ servers: '127.0.0.1:9092', applicationId: 'trades-app' });
 * for (const p of description.partitions) console.log(p.topic, p.partition, p.owner, p.lag);
 */
export async function describeTaskGroup(options: {
  readonly servers: string | readonly string[];
  readonly applicationId: string;
  readonly subTopologies?: readonly SubTopologyTasks[];
}): Promise<TaskGroupDescription> {
  const servers = parseBootstrapServers(options.servers);
  const coordinator = new GroupCoordinator({ servers, groupId: options.applicationId, clientId: 'sluice-describe', requestTimeoutMs: 30_000 });
  let group;
  try {
    group = await coordinator.describeGroup();
  } catch (error) {
    throw new SluiceError(`cannot describe the group of application '${options.applicationId}': ${kafkaErrorText(error)}`, { cause: error });
  } finally {
    await coordinator.close().catch(() => {});
  }
  const subscriptions: TaskSubscription[] = [];
  const members: DescribedMember[] = group.members.map((m) => {
    const base = { memberId: m.memberId, instanceId: m.groupInstanceId ?? null, clientId: m.clientId, host: m.clientHost };
    try {
      const subscription = decodeSubscription(m.memberId, m.memberMetadata);
      subscriptions.push(subscription);
      const assignment = decodeAssignment(m.memberAssignment);
      return {
        ...base, processId: subscription.processId, planFingerprint: subscription.planFingerprint,
        active: [...assignment.active].sort(compareTaskIds), standby: [...assignment.standby].sort(compareTaskIds),
        ...(assignment.error === undefined ? {} : { problem: assignment.error }),
      };
    } catch (error) {
      return { ...base, active: [], standby: [], problem: (error as Error).message };
    }
  });
  const subTopologies = subscriptions.find((s) => s.subTopologies !== undefined)?.subTopologies ?? options.subTopologies ?? [];
  return { applicationId: options.applicationId, state: group.groupState, members, partitions: await partitionLags(servers, options.applicationId, subTopologies, members) };
}

async function partitionLags(
  servers: string[], applicationId: string, subTopologies: readonly SubTopologyTasks[], members: readonly DescribedMember[],
): Promise<DescribedPartition[]> {
  const tasksOf = new Map<string, string[]>();
  for (const s of subTopologies) {
    for (const topic of s.topics ?? []) {
      for (let p = 0; p < s.partitions; p++) {
        const key = `${topic}\u0000${p}`;
        tasksOf.set(key, [...(tasksOf.get(key) ?? []), taskId(s.id, p)]);
      }
    }
  }
  const partitions: TopicPartition[] = [...tasksOf.keys()].map((key) => {
    const [topic, partition] = key.split('\u0000');
    return { topic, partition: Number(partition) };
  }).sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  if (partitions.length === 0) return [];
  const ownerOf = new Map<string, string>();
  for (const m of members) for (const task of m.active) ownerOf.set(task, m.memberId);
  const kafka = await KafkaClient.connect({ bootstrapServers: servers, clientId: 'sluice-describe' });
  try {
    const [committed, ends, earliest] = await Promise.all([
      kafka.committedOffsets(applicationId, partitions),
      kafka.listOffsets(partitions, 'latest'),
      kafka.listOffsets(partitions, 'earliest'),
    ]);
    return partitions.map((p, i) => {
      const tasks = tasksOf.get(`${p.topic}\u0000${p.partition}`)!;
      const owner = tasks.map((t) => ownerOf.get(t)).find((o) => o !== undefined);
      const from = committed[i] ?? earliest[i];
      return {
        topic: p.topic, partition: p.partition, tasks, ...(owner === undefined ? {} : { owner }),
        ...(committed[i] === undefined ? {} : { committed: committed[i] }), end: ends[i], lag: Math.max(0, ends[i] - from),
      };
    });
  } finally {
    await kafka.close();
  }
}
