/** The options of a Sluice group member (task-group-member.ts) and what it tells its owner. */
import type { SubTopologyTasks } from './task-ids.ts';

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
  /** The member's process (members of one process share its state directory). Default: one random id per process. */
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
