/** How a group member reads the coordinator's errors. */
import { hasKafkaError } from '../kafka-errors.ts';

/** Errors after which the member is out of the group: its tasks are lost, and it joins again. */
const MEMBERSHIP_LOST = ['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION'];
/** Errors no retry can mend. */
const FATAL = ['FENCED_INSTANCE_ID', 'INCONSISTENT_GROUP_PROTOCOL', 'GROUP_MAX_SIZE_REACHED', 'GROUP_AUTHORIZATION_FAILED', 'INVALID_SESSION_TIMEOUT'];

/**
 * True when the group has dropped this member (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION).
 *
 * @example
 * if (isMembershipLost(error)) await loseTasks();
 */
export function isMembershipLost(error: unknown): boolean {
  return MEMBERSHIP_LOST.some((id) => hasKafkaError(error, id));
}

/**
 * True for an error no retry mends (a fenced instance id, a group of another protocol…).
 *
 * @example
 * if (isFatalGroupError(error)) await stop(error);
 */
export function isFatalGroupError(error: unknown): boolean {
  return FATAL.some((id) => hasKafkaError(error, id));
}
