/**
 * What Sluice members tell each other through the group coordinator. The group is an ordinary
 * Kafka consumer group (protocol type `consumer`, protocol name `sluice`), so Kafka's tools list it
 * and its committed offsets; as Kafka Streams does, the Sluice data travels as JSON in the
 * consumer protocol's `userData`, while the standard fields carry the input topics and, in an
 * assignment, the partitions the member's active tasks read.
 */
import {
  decodeConsumerProtocolAssignment, decodeConsumerProtocolSubscription, encodeConsumerProtocolAssignment, encodeConsumerProtocolSubscription,
} from '@platformatic/kafka';
import { SluiceError } from '../../../core/errors.ts';
import { parseTaskId } from './task-ids.ts';

/** The protocol name the members agree on in JoinGroup. */
export const SLUICE_GROUP_PROTOCOL = 'sluice';
/** The version of the JSON below; a member of another version is refused with an error naming both. */
export const SLUICE_GROUP_PROTOCOL_VERSION = 1;

/** A member's subscription: who it is and what it ran. */
export interface TaskSubscription {
  readonly version: number;
  readonly processId: string;
  readonly capacity: number;
  /** The fingerprint of the member's plan: every member of one application must run the same plan. */
  readonly planFingerprint: string;
  readonly ownedActive: readonly string[];
  readonly ownedStandby: readonly string[];
  readonly localState: readonly string[];
  /** The generation its owned tasks come from (-1 before its first assignment). */
  readonly generation: number;
  /** The member's sub-topologies and their input topics: `sluice describe` maps partitions to tasks with them. */
  readonly subTopologies?: readonly { readonly id: number; readonly partitions: number; readonly topics?: readonly string[] }[];
}

/** A member's assignment, or why it may not take part. */
export interface TaskAssignment {
  readonly version: number;
  readonly active: readonly string[];
  readonly standby: readonly string[];
  /** Set when the member may not join (another plan, another protocol version): the member fails with it. */
  readonly error?: string;
}

/** A topic's partitions, as the consumer protocol lists them. */
export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: number[];
}

/**
 * The JoinGroup metadata of a member.
 *
 * @example
 * const bytes = encodeSubscription({ version: 1, processId: 'p', capacity: 1, planFingerprint: 'f', ownedActive: [], ownedStandby: [], localState: [], generation: -1 }, ['trades']);
 */
export function encodeSubscription(subscription: TaskSubscription, topics: readonly string[]): Buffer {
  return encodeConsumerProtocolSubscription({ version: 0, topics: [...topics], userData: Buffer.from(JSON.stringify(subscription)) });
}

/**
 * A member's subscription from its JoinGroup metadata; an error naming the member when it is not a Sluice subscription.
 *
 * @example
 * const subscription = decodeSubscription('member-1', joinResponse.members[0].metadata);
 */
export function decodeSubscription(memberId: string, bytes: Buffer): TaskSubscription {
  const value = parseUserData(`the subscription of group member '${memberId}'`, () => decodeConsumerProtocolSubscription(bytes).userData);
  const problem = subscriptionProblem(value);
  if (problem !== undefined) throw new SluiceError(`the subscription of group member '${memberId}' is not a Sluice subscription: ${problem}`);
  return value as TaskSubscription;
}

/**
 * The SyncGroup assignment of a member (`partitions`: what its active tasks read, for Kafka's tools).
 *
 * @example
 * const bytes = encodeAssignment({ version: 1, active: ['0_0'], standby: [] }, [{ topic: 'trades', partitions: [0] }]);
 */
export function encodeAssignment(assignment: TaskAssignment, partitions: readonly TopicPartitions[]): Buffer {
  return encodeConsumerProtocolAssignment({ version: 0, assignedPartitions: [...partitions], userData: Buffer.from(JSON.stringify(assignment)) });
}

/**
 * A member's assignment from SyncGroup bytes (empty bytes: no tasks, as the coordinator sends to a member the leader left out).
 *
 * @example
 * const { active, standby } = decodeAssignment(syncResponse.assignment);
 */
export function decodeAssignment(bytes: Buffer): TaskAssignment {
  if (bytes.length === 0) return { version: SLUICE_GROUP_PROTOCOL_VERSION, active: [], standby: [] };
  const value = parseUserData('the assignment from the group leader', () => decodeConsumerProtocolAssignment(bytes).userData);
  const v = value as Partial<TaskAssignment>;
  if (typeof v !== 'object' || v === null || typeof v.version !== 'number' || !isTaskList(v.active) || !isTaskList(v.standby)) {
    throw new SluiceError(`the assignment from the group leader is not a Sluice assignment: ${JSON.stringify(value).slice(0, 200)}`);
  }
  return v as TaskAssignment;
}

function parseUserData(what: string, read: () => Buffer): unknown {
  let text: string;
  try {
    text = read().toString('utf8');
  } catch (error) {
    throw new SluiceError(`${what} cannot be decoded as a consumer-protocol message: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new SluiceError(`${what} carries no Sluice data (user data ${JSON.stringify(text.slice(0, 80))}): is another application using this group id?`);
  }
}

function subscriptionProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const s = value as Partial<TaskSubscription>;
  if (typeof s.version !== 'number') return 'no version';
  if (typeof s.processId !== 'string') return 'no processId';
  if (typeof s.planFingerprint !== 'string') return 'no planFingerprint';
  if (!Number.isInteger(s.capacity) || (s.capacity as number) < 1) return `capacity ${String(s.capacity)}`;
  if (!isTaskList(s.ownedActive) || !isTaskList(s.ownedStandby) || !isTaskList(s.localState)) return 'bad task lists';
  if (typeof s.generation !== 'number') return 'no generation';
  return undefined;
}

function isTaskList(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  try {
    for (const task of value) parseTaskId(String(task));
    return value.every((t) => typeof t === 'string');
  } catch {
    return false;
  }
}
