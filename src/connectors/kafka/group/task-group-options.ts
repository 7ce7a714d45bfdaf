/** The options of a Sluice group member (task-group-member.ts), their checks, and what it tells its owner. */
import { ConfigError } from '../../../core/errors.ts';
import { closest } from '../../../core/suggest.ts';
import { parseBootstrapServers } from '../client.ts';
import { taskIdsOf, type SubTopologyTasks } from './task-ids.ts';

/** A change of a member's tasks, handed to `onTasksChanged` before the member confirms it to the group. */
export interface TaskChange {
  /** Active tasks to start. */
  readonly assigned: readonly string[];
  /**
   * Active tasks to stop. Unless `lost`, commit them before the callback returns: the member
   * confirms the revocation (and another member starts them) only after it has returned.
   */
  readonly revoked: readonly string[];
  /** The member's standby tasks from now on (the whole set, not a difference). */
  readonly standby: readonly string[];
  /**
   * The member lost its membership (it missed its session timeout, or the group moved on without
   * it): the revoked tasks may already run elsewhere, so do not commit them, just drop them.
   */
  readonly lost: boolean;
  /** The group generation this change belongs to. */
  readonly generation: number;
}

/** How a member joins the group of an application. */
export interface TaskGroupOptions {
  /** `host:port` of one or more brokers: an array, or Kafka's comma-separated text. */
  readonly servers: string | readonly string[];
  /** The application id: the consumer group the members join (Kafka Streams' application.id). */
  readonly applicationId: string;
  /** group.instance.id for static membership: a member restarted with the same id within the session timeout gets its tasks back without a rebalance. */
  readonly instanceId?: string;
  /**
   * The member's process: members of one process share its state directory, so a standby never goes
   * to the process of the active copy. Default: a random id per loaded module — worker threads each
   * load their own, so a process running members in worker threads (`--threads`) must pass one id to all.
   */
  readonly processId?: string;
  /** Its share of the work, e.g. its thread count. Default 1. */
  readonly capacity?: number;
  /** The fingerprint of the member's plan; a member whose plan differs from the group's is refused. */
  readonly planFingerprint: string;
  /** The plan's sub-topologies: task s_p exists for every partition p < partitions of sub-topology s. */
  readonly subTopologies: readonly SubTopologyTasks[];
  /** num.standby.replicas: warm copies of each task's state on other processes. Default 0. */
  readonly standbyReplicas?: number;
  /** The tasks whose local state (a checkpoint directory) the process has, asked at each join. */
  readonly localState?: () => readonly string[];
  /** session.timeout.ms: the group gives up on a silent member after this long. Default 45 000 (the broker allows 6 000 to 1 800 000 by default). */
  readonly sessionTimeoutMs?: number;
  /** How long a rebalance waits for members to rejoin (and for `onTasksChanged` to return). Default 60 000. */
  readonly rebalanceTimeoutMs?: number;
  /** Default: a third of the session timeout, at most 3 000. */
  readonly heartbeatIntervalMs?: number;
  readonly clientId?: string;
  /** Called for every change of the member's tasks, one at a time; the member confirms the change once it returns. */
  readonly onTasksChanged: (change: TaskChange) => void | Promise<void>;
  /**
   * A fatal error after the member joined (its instance id fenced by another process, a plan that
   * no longer matches, the coordinator unreachable): the member has dropped its tasks (a `lost`
   * change) and stopped. Without it, the error is thrown (uncaught): a job must not run on silently.
   */
  readonly onError?: (error: Error) => void;
}

/** Every option joinTaskGroup knows: another key is an error (a typo must not fall back to a default silently). */
const KNOWN_OPTIONS: readonly (keyof TaskGroupOptions)[] = [
  'servers', 'applicationId', 'instanceId', 'processId', 'capacity', 'planFingerprint', 'subTopologies', 'standbyReplicas', 'localState',
  'sessionTimeoutMs', 'rebalanceTimeoutMs', 'heartbeatIntervalMs', 'clientId', 'onTasksChanged', 'onError',
];

/** The options with their defaults applied. */
export interface TaskGroupSettings {
  readonly servers: string[];
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  /** The input topics of all sub-topologies, sorted (the subscription lists them for Kafka's tools). */
  readonly topics: string[];
}

/**
 * Checks the options before anything connects: an unknown key (with a did-you-mean), a missing
 * required one, a bad value is a ConfigError naming it.
 *
 * @example
 * checkTaskGroupOptions({ servers: 'b:9092', applicationId: 'app', planFingerprint: 'f', subTopologies: [], onTasksChanged: () => {}, sesionTimeoutMs: 1 } as never);
 * // throws: option 'sesionTimeoutMs': is not a group member option; did you mean 'sessionTimeoutMs'? …
 */
export function checkTaskGroupOptions(options: TaskGroupOptions): TaskGroupSettings {
  for (const key of Object.keys(options)) {
    if (!(KNOWN_OPTIONS as readonly string[]).includes(key)) {
      const hint = closest(key, KNOWN_OPTIONS);
      throw new ConfigError(key, `is not a group member option${hint === undefined ? '' : `; did you mean '${hint}'?`} (known: ${KNOWN_OPTIONS.join(', ')})`);
    }
  }
  const servers = parseBootstrapServers(options.servers);
  if (typeof options.applicationId !== 'string' || options.applicationId === '') throw new ConfigError('applicationId', 'is required (the consumer group the instances join)');
  if (typeof options.planFingerprint !== 'string' || options.planFingerprint === '') throw new ConfigError('planFingerprint', 'is required (the plan every instance must share)');
  if (typeof options.onTasksChanged !== 'function') throw new ConfigError('onTasksChanged', 'is required (it starts and stops the tasks)');
  const sessionTimeoutMs = options.sessionTimeoutMs ?? 45_000;
  const rebalanceTimeoutMs = options.rebalanceTimeoutMs ?? 60_000;
  if (!(sessionTimeoutMs > 0)) throw new ConfigError('sessionTimeoutMs', `must be positive, got ${sessionTimeoutMs}`);
  if (!(rebalanceTimeoutMs > 0)) throw new ConfigError('rebalanceTimeoutMs', `must be positive, got ${rebalanceTimeoutMs}`);
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? Math.min(3_000, Math.floor(sessionTimeoutMs / 3));
  if (!(heartbeatIntervalMs > 0 && heartbeatIntervalMs < sessionTimeoutMs)) {
    throw new ConfigError('heartbeatIntervalMs', `must be positive and below the session timeout (${sessionTimeoutMs} ms), got ${heartbeatIntervalMs}`);
  }
  const capacity = options.capacity ?? 1;
  if (!Number.isInteger(capacity) || capacity < 1) throw new ConfigError('capacity', `must be a positive integer, got ${capacity}`);
  const standbyReplicas = options.standbyReplicas ?? 0;
  if (!Number.isInteger(standbyReplicas) || standbyReplicas < 0) throw new ConfigError('standbyReplicas', `must be a non-negative integer, got ${standbyReplicas}`);
  taskIdsOf(options.subTopologies); // a bad sub-topology list fails here, not in the leader mid-rebalance
  const topics = [...new Set(options.subTopologies.flatMap((s) => s.topics ?? []))].sort();
  return { servers, sessionTimeoutMs, rebalanceTimeoutMs, heartbeatIntervalMs, topics };
}
