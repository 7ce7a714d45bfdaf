/**
 * What the group leader does between JoinGroup and SyncGroup: read every member's subscription,
 * refuse the members that cannot take part (another plan, another protocol version, not a Sluice
 * member), run the assignor over the rest and encode each member's share.
 */
import { assignTasks } from './assignor.ts';
import type { AssignorMember } from './assignor-types.ts';
import { decodeSubscription, encodeAssignment, SLUICE_GROUP_PROTOCOL_VERSION, type TaskAssignment, type TopicPartitions } from './group-protocol.ts';
import { checkPlanFingerprints } from './plan-fingerprints.ts';
import { parseTaskId, taskIdsOf, type SubTopologyTasks } from './task-ids.ts';

/** A member as JoinGroup lists it to the leader. */
export interface JoinedMember {
  readonly memberId: string;
  readonly metadata: Buffer;
}

/** The leader's decision for one member. */
export interface LeaderDecision {
  readonly memberId: string;
  readonly assignment: TaskAssignment;
  readonly bytes: Buffer;
}

/**
 * Every member's assignment for one rebalance, computed by the leader `leaderId`.
 *
 * @example
 * const decisions = leaderAssignments({ applicationId: 'app', leaderId: join.memberId, members: join.members,
 *   subTopologies: [{ id: 0, partitions: 6, topics: ['trades'] }], standbyReplicas: 0 });
 */
export function leaderAssignments(options: {
  readonly applicationId: string;
  readonly leaderId: string;
  readonly members: readonly JoinedMember[];
  readonly subTopologies: readonly SubTopologyTasks[];
  readonly standbyReplicas: number;
}): LeaderDecision[] {
  const refused = new Map<string, string>();
  const subscribed: (AssignorMember & { planFingerprint: string })[] = [];
  for (const { memberId, metadata } of options.members) {
    try {
      const s = decodeSubscription(memberId, metadata);
      if (s.version !== SLUICE_GROUP_PROTOCOL_VERSION) {
        refused.set(memberId, `this instance speaks Sluice group protocol version ${s.version}, the group's leader version ${SLUICE_GROUP_PROTOCOL_VERSION}`);
        continue;
      }
      subscribed.push({
        memberId, processId: s.processId, capacity: s.capacity, planFingerprint: s.planFingerprint,
        ownedActive: s.ownedActive, ownedStandby: s.ownedStandby, localState: s.localState, generation: s.generation,
      });
    } catch (error) {
      refused.set(memberId, (error as Error).message);
    }
  }
  const fingerprints = checkPlanFingerprints(options.applicationId, options.leaderId, subscribed);
  for (const [memberId, why] of fingerprints.refused) refused.set(memberId, why);
  const taking = subscribed.filter((m) => !refused.has(m.memberId));
  const { assignments } = assignTasks({ members: taking, tasks: taskIdsOf(options.subTopologies), standbyReplicas: options.standbyReplicas });
  const topicsOf = new Map(options.subTopologies.map((s) => [s.id, s.topics ?? []]));
  return options.members.map(({ memberId }) => {
    const why = refused.get(memberId);
    const share = assignments.get(memberId);
    const assignment: TaskAssignment = why !== undefined || share === undefined
      ? { version: SLUICE_GROUP_PROTOCOL_VERSION, active: [], standby: [], error: why ?? 'not assigned' }
      : { version: SLUICE_GROUP_PROTOCOL_VERSION, active: share.active, standby: share.standby };
    return { memberId, assignment, bytes: encodeAssignment(assignment, partitionsRead(assignment.active, topicsOf)) };
  });
}

/** The input partitions of the tasks, by topic: task s_p reads partition p of each input topic of s. */
function partitionsRead(tasks: readonly string[], topicsOf: ReadonlyMap<number, readonly string[]>): TopicPartitions[] {
  const byTopic = new Map<string, Set<number>>();
  for (const task of tasks) {
    const { subTopology, partition } = parseTaskId(task);
    for (const topic of topicsOf.get(subTopology) ?? []) {
      let set = byTopic.get(topic);
      if (set === undefined) byTopic.set(topic, (set = new Set()));
      set.add(partition);
    }
  }
  return [...byTopic].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([topic, set]) => ({ topic, partitions: [...set].sort((a, b) => a - b) }));
}
