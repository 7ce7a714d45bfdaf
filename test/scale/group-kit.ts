// Shared by the group-membership tests: members on the test broker with short timeouts, and a log of
// which member runs which task, checked at every change (a task must never run on two members).
import { EventEmitter, once } from 'node:events';
import { joinTaskGroup, type TaskChange, type TaskGroupMember, type TaskGroupOptions } from '../../src/connectors/kafka/group/index.ts';
import { requireKafkaBootstrap } from '../kafka/kafka-env.ts';

/** The broker's smallest session timeout by default (group.min.session.timeout.ms). */
export const SESSION_TIMEOUT_MS = 6_000;
/** The longest a test waits for the group to reach a state (on events, never a fixed sleep). */
export const SETTLE_WITHIN_MS = 120_000;

/** Every change each member saw, in order, and the owner of each task as the members' callbacks report it. */
export class OwnershipLog {
  readonly owners = new Map<string, string>();
  readonly changes: { member: string; change: TaskChange }[] = [];
  readonly violations: string[] = [];
  private readonly events = new EventEmitter();

  /** The onTasksChanged of member `name`. */
  recorder(name: string): (change: TaskChange) => void {
    return (change) => {
      this.changes.push({ member: name, change });
      for (const task of change.revoked) if (this.owners.get(task) === name) this.owners.delete(task);
      for (const task of change.assigned) {
        const owner = this.owners.get(task);
        if (owner !== undefined && owner !== name) this.violations.push(`${task} assigned to ${name} while ${owner} still runs it`);
        this.owners.set(task, name);
      }
      this.events.emit('change');
    };
  }

  /** A member's process died: it runs nothing any more. */
  crashed(name: string): void {
    for (const [task, owner] of [...this.owners]) if (owner === name) this.owners.delete(task);
  }

  /** The tasks `name` runs now. */
  tasksOf(name: string): string[] {
    return [...this.owners].filter(([, owner]) => owner === name).map(([task]) => task).sort();
  }

  /**
   * Resolves once `condition` holds, checked after every change (and every 250 ms, for conditions on
   * state that changes without a callback, such as a member's generation); fails after
   * SETTLE_WITHIN_MS saying what it waited for.
   */
  async until(what: string, condition: () => boolean): Promise<void> {
    const deadline = Date.now() + SETTLE_WITHIN_MS;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for: ${what}; owners now ${JSON.stringify([...this.owners])}`);
      await once(this.events, 'change', { signal: AbortSignal.timeout(Math.min(left, 250)) }).catch(() => {});
    }
  }
}

/** Joins a member named `name` whose changes go to `log`. */
export function member(log: OwnershipLog, name: string, options: Partial<TaskGroupOptions> & Pick<TaskGroupOptions, 'applicationId' | 'subTopologies'>): Promise<TaskGroupMember> {
  return joinTaskGroup({
    servers: requireKafkaBootstrap(),
    planFingerprint: 'plan-1',
    sessionTimeoutMs: SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: 500,
    rebalanceTimeoutMs: 30_000,
    processId: `process-${name}`,
    onTasksChanged: log.recorder(name),
    onError: (error) => log.violations.push(`${name} failed: ${error.message}`),
    ...options,
  });
}

/** True when the members' task counts differ by at most one and together cover `taskCount` tasks. */
export function balanced(log: OwnershipLog, names: readonly string[], taskCount: number): boolean {
  const counts = names.map((n) => log.tasksOf(n).length);
  return log.owners.size === taskCount && counts.reduce((a, b) => a + b, 0) === taskCount && Math.max(...counts) - Math.min(...counts) <= 1;
}
