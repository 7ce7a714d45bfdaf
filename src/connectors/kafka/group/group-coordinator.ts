/**
 * The group requests of a Sluice member, sent to its group's coordinator through the Kafka client's
 * protocol-level APIs (JoinGroup v9, SyncGroup v5, Heartbeat v4, LeaveGroup v5, DescribeGroups v5):
 * the client's consumer joins groups only to consume through them, and a Sluice member must not
 * consume (the engine's own source reads each task's partitions) and must run its own callback
 * between a revocation and its confirmation.
 */
import {
  ConnectionPool, describeGroupsV5, findCoordinatorV6, FindCoordinatorKeyTypes, heartbeatV4, joinGroupV9, leaveGroupV5, parseBroker, syncGroupV5,
  type Connection,
} from '@platformatic/kafka';
import { hasKafkaError } from '../kafka-errors.ts';

/** The JoinGroup answer: generation, leader, this member's id and, for the leader, every member's metadata. */
export type JoinGroupResponse = Awaited<ReturnType<typeof joinGroupV9.api.async>>;
/** One group as DescribeGroups answers: state, protocol, members with their raw metadata and assignments. */
export type DescribedGroup = Awaited<ReturnType<typeof describeGroupsV5.api.async>>['groups'][number];

/** Kafka errors after which the member finds the coordinator again and retries. */
const COORDINATOR_MOVED = ['NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_LOAD_IN_PROGRESS'];

/** How to reach a group's coordinator. */
export interface GroupCoordinatorOptions {
  readonly servers: readonly string[];
  readonly groupId: string;
  readonly clientId: string;
  /** Longest a request may wait for its answer: a JoinGroup waits for the whole rebalance. */
  readonly requestTimeoutMs: number;
}

/**
 * One connection to the coordinator of one group, found again when the coordinator moves.
 *
 * @example
 * const coordinator = new GroupCoordinator({ servers: ['127.0.0.1:9092'], groupId: 'app', clientId: 'sluice', requestTimeoutMs: 70_000 });
 * await coordinator.heartbeat(generation, memberId, null);
 * await coordinator.close();
 */
export class GroupCoordinator {
  private readonly options: GroupCoordinatorOptions;
  private readonly pool: ConnectionPool;
  private connection: Connection | undefined;

  constructor(options: GroupCoordinatorOptions) {
    this.options = options;
    this.pool = new ConnectionPool(options.clientId, { connectTimeout: 10_000, requestTimeout: options.requestTimeoutMs });
  }

  /** JoinGroup; MEMBER_ID_REQUIRED and other errors are thrown as the client's errors (their `response` has the member id). */
  async joinGroup(args: {
    sessionTimeoutMs: number; rebalanceTimeoutMs: number; memberId: string; instanceId: string | null; protocol: string; metadata: Buffer; reason?: string;
  }): Promise<JoinGroupResponse> {
    return this.call((c) => joinGroupV9.api.async(c, this.options.groupId, args.sessionTimeoutMs, args.rebalanceTimeoutMs, args.memberId,
      args.instanceId, 'consumer', [{ name: args.protocol, metadata: args.metadata }], args.reason ?? null));
  }

  /** SyncGroup: the leader sends every member's assignment, the others none; each gets its own back. */
  async syncGroup(generation: number, memberId: string, instanceId: string | null, protocol: string,
    assignments: { memberId: string; assignment: Buffer }[]): Promise<Buffer> {
    const response = await this.call((c) => syncGroupV5.api.async(c, this.options.groupId, generation, memberId, instanceId, 'consumer', protocol, assignments));
    return response.assignment;
  }

  async heartbeat(generation: number, memberId: string, instanceId: string | null): Promise<void> {
    await this.call((c) => heartbeatV4.api.async(c, this.options.groupId, generation, memberId, instanceId));
  }

  /** Leaves at once (a static member by its instance id), so the group need not wait for the session timeout. */
  async leaveGroup(memberId: string, instanceId: string | null, reason: string): Promise<void> {
    await this.call((c) => leaveGroupV5.api.async(c, this.options.groupId, [{ memberId: instanceId === null ? memberId : '', groupInstanceId: instanceId, reason }]));
  }

  /** The group's state, members and their raw metadata and assignments. */
  async describeGroup(): Promise<DescribedGroup> {
    const response = await this.call((c) => describeGroupsV5.api.async(c, [this.options.groupId], false));
    return response.groups[0];
  }

  async close(): Promise<void> {
    this.connection = undefined;
    await this.pool.close();
  }

  private async call<T>(request: (connection: Connection) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const connection = await this.coordinator();
      try {
        return await request(connection);
      } catch (error) {
        // Find the coordinator again on the next call: it may have moved, or its connection died
        // (the pool drops closed connections, a cached one would fail every later request).
        this.connection = undefined;
        if (attempt >= 20 || !COORDINATOR_MOVED.some((id) => hasKafkaError(error, id))) throw error;
        await sleep(Math.min(100 * 2 ** attempt, 1_000));
      }
    }
  }

  private async coordinator(): Promise<Connection> {
    if (this.connection !== undefined) return this.connection;
    for (let attempt = 0; ; attempt++) {
      try {
        const bootstrap = await this.pool.getFirstAvailable(this.options.servers.map((s) => parseBroker(s)));
        const found = await findCoordinatorV6.api.async(bootstrap, FindCoordinatorKeyTypes.GROUP, [this.options.groupId]);
        const { host, port } = found.coordinators[0];
        this.connection = await this.pool.get({ host, port });
        return this.connection;
      } catch (error) {
        // The offsets topic is created and loaded on the first group request of a fresh cluster.
        if (attempt >= 20 || !COORDINATOR_MOVED.some((id) => hasKafkaError(error, id))) throw error;
        await sleep(Math.min(100 * 2 ** attempt, 1_000));
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
