/**
 * A Sluice group member: joins consumer group `applicationId` with the Sluice protocol, receives
 * its tasks from the leader's assignor (assignor.ts), tells its owner about every change, and
 * heartbeats. It never fetches records: the group is for membership, assignment and committed offsets.
 *
 * The cooperative protocol as Kafka's cooperative-sticky consumer runs it: an assignment that takes
 * tasks away is applied (the owner commits and stops them in `onTasksChanged`), then the member
 * rejoins at once, reporting what it still owns; that follow-up rebalance gives the freed tasks to
 * their new owner. Tasks that do not move never stop.
 */
import { randomUUID } from 'node:crypto';
import { SluiceError } from '../../../core/errors.ts';
import { hasKafkaError, kafkaErrorText } from '../kafka-errors.ts';
import { GroupCoordinator, type JoinGroupResponse } from './group-coordinator.ts';
import { decodeAssignment, encodeSubscription, SLUICE_GROUP_PROTOCOL, SLUICE_GROUP_PROTOCOL_VERSION, type TaskAssignment } from './group-protocol.ts';
import { isFatalGroupError, isMembershipLost } from './group-errors.ts';
import { leaderAssignments } from './leader-assignment.ts';
import { MemberHeartbeat, type HeartbeatOutcome } from './member-heartbeat.ts';
import { compareTaskIds } from './task-ids.ts';
import { checkTaskGroupOptions, type TaskChange, type TaskGroupOptions } from './task-group-options.ts';

/** The process id members default to: one per module instance (worker threads each have their own: see TaskGroupOptions.processId). */
const PROCESS_ID = randomUUID();

/** How long joining may keep failing (network, coordinator) before the member gives up: a broker restart takes less. */
const GIVE_UP_AFTER_MS = 120_000;

/** A joined member: its tasks now, and how it ends. */
export interface TaskGroupMember {
  /** The member id the coordinator gave it. */
  readonly memberId: string;
  /** Its active and standby tasks, as of the last change `onTasksChanged` finished. */
  tasks(): { active: string[]; standby: string[] };
  /** The generation of its last assignment. */
  generation(): number;
  /** Revokes its tasks through `onTasksChanged` (so they are committed), then leaves the group at once. */
  leave(): Promise<void>;
  /** Stops without leaving or revoking: to the group this looks like a crash; its tasks move after the session timeout. */
  close(): Promise<void>;
}

/**
 * Joins the group of `applicationId` and resolves once the first assignment has been handed to
 * `onTasksChanged` (and it returned). In a running group that first assignment may be empty: the
 * tasks a new member takes are first revoked from their owners and arrive in the follow-up
 * rebalance, through `onTasksChanged`. A member the group refuses (another plan: the error names both
 * fingerprints) rejects, having left the group.
 *
 * @example
 * const member = await joinTaskGroup({
 *   servers: '127.0.0.1:9092', applicationId: 'trades-app', planFingerprint: 'a1b2c3',
 *   subTopologies: [{ id: 0, partitions: 6, topics: ['trades'] }],
 *   onTasksChanged: async ({ assigned, revoked }) => { console.log('start', assigned, 'stop', revoked); },
 * });
 * console.log(member.tasks().active);
 * await member.leave();
 */
export async function joinTaskGroup(options: TaskGroupOptions): Promise<TaskGroupMember> {
  const member = new GroupMemberLoop(options);
  await member.start();
  return member;
}

class GroupMemberLoop implements TaskGroupMember {
  private readonly options: TaskGroupOptions;
  private readonly servers: string[];
  private readonly sessionTimeoutMs: number;
  private readonly rebalanceTimeoutMs: number;
  private readonly topics: string[];
  private coordinator: GroupCoordinator;
  private id = '';
  private currentGeneration = -1;
  private active = new Set<string>();
  private standby = new Set<string>();
  private stopped = false;
  private applying: Promise<void> = Promise.resolve();
  private readonly heartbeat: MemberHeartbeat;
  private joined!: { resolve: () => void; reject: (error: Error) => void; settled: boolean };
  private loopDone: Promise<void> = Promise.resolve();

  constructor(options: TaskGroupOptions) {
    const settings = checkTaskGroupOptions(options);
    this.options = options;
    this.servers = settings.servers;
    this.sessionTimeoutMs = settings.sessionTimeoutMs;
    this.rebalanceTimeoutMs = settings.rebalanceTimeoutMs;
    this.topics = settings.topics;
    this.heartbeat = new MemberHeartbeat(settings.heartbeatIntervalMs);
    this.coordinator = this.newCoordinator();
  }

  get memberId(): string {
    return this.id;
  }

  tasks(): { active: string[]; standby: string[] } {
    return { active: [...this.active].sort(compareTaskIds), standby: [...this.standby].sort(compareTaskIds) };
  }

  generation(): number {
    return this.currentGeneration;
  }

  start(): Promise<void> {
    const first = new Promise<void>((resolve, reject) => {
      this.joined = { resolve, reject, settled: false };
    });
    this.loopDone = this.loop();
    return first;
  }

  async leave(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.heartbeat.signal({}); // ends a wait for the next rebalance
    await this.applying.catch(() => {});
    if (this.active.size > 0 || this.standby.size > 0) {
      const revoked = this.tasks().active;
      try {
        await this.notify({ assigned: [], revoked, standby: [], lost: false, generation: this.currentGeneration });
      } finally {
        this.active.clear();
        this.standby.clear();
        await this.leaveNow();
      }
    } else {
      await this.leaveNow();
    }
    await this.loopDone;
  }

  /** Leaves through a fresh connection: a JoinGroup may be waiting on the member's own. */
  private async leaveNow(): Promise<void> {
    await this.coordinator.close().catch(() => {});
    if (this.id === '') return;
    const leaving = this.newCoordinator();
    try {
      await leaving.leaveGroup(this.id, this.options.instanceId ?? null, 'the instance is stopping');
    } catch (error) {
      if (!hasKafkaError(error, 'UNKNOWN_MEMBER_ID')) throw new SluiceError(`cannot leave group '${this.options.applicationId}': ${kafkaErrorText(error)}`, { cause: error });
    } finally {
      await leaving.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.heartbeat.signal({}); // ends a wait for the next rebalance
    await this.coordinator.close().catch(() => {});
    await this.loopDone;
  }

  private newCoordinator(): GroupCoordinator {
    return new GroupCoordinator({
      servers: this.servers, groupId: this.options.applicationId, clientId: this.options.clientId ?? 'sluice-member',
      // A JoinGroup waits for every member to rejoin: up to the rebalance timeout.
      requestTimeoutMs: this.rebalanceTimeoutMs + 10_000,
    });
  }

  private async loop(): Promise<void> {
    try {
      await this.rounds();
    } catch (error) {
      // Only the owner's callback can fail here (from the error path itself): the member stops.
      await this.fail(error).catch(() => {});
    }
  }

  private async rounds(): Promise<void> {
    let failures = 0;
    let failingSince = 0;
    let reason = 'joining';
    while (!this.stopped) {
      try {
        const join = await this.join(reason);
        if (this.stopped) return;
        const assignment = await this.sync(join);
        if (this.stopped) return;
        failures = 0;
        this.currentGeneration = join.generationId;
        if (assignment.error !== undefined) throw new SluiceError(`group '${this.options.applicationId}' refused this instance: ${assignment.error}`);
        this.heartbeat.start(() => this.coordinator.heartbeat(this.currentGeneration, this.id, this.options.instanceId ?? null));
        const revokedSome = await this.track(this.apply(assignment));
        if (this.stopped) return;
        this.settleJoined();
        if (revokedSome) {
          // Cooperative: now that the revoked tasks are given up, the follow-up rebalance hands them on.
          this.heartbeat.stop();
          reason = 'revoked tasks for another member';
          continue;
        }
        const wake: HeartbeatOutcome = await this.heartbeat.next();
        if (this.stopped) return;
        if (wake.error !== undefined) throw wake.error;
        reason = 'the group is rebalancing';
      } catch (error) {
        this.heartbeat.stop();
        if (this.stopped) return;
        if (hasKafkaError(error, 'REBALANCE_IN_PROGRESS')) {
          reason = 'the group is rebalancing';
          continue;
        }
        if (isMembershipLost(error)) {
          if (hasKafkaError(error, 'UNKNOWN_MEMBER_ID')) this.id = '';
          await this.track(this.loseTasks());
          reason = 'membership lost';
          continue;
        }
        if (failures++ === 0) failingSince = Date.now();
        if (error instanceof SluiceError || isFatalGroupError(error) || Date.now() - failingSince > GIVE_UP_AFTER_MS) {
          await this.fail(error);
          return;
        }
        // Network trouble, a coordinator moving: try again with a fresh connection.
        await this.coordinator.close().catch(() => {});
        if (this.stopped) return;
        this.coordinator = this.newCoordinator();
        await sleep(Math.min(200 * 2 ** failures, 2_000));
        reason = 'retrying after an error';
      }
    }
  }

  private async join(reason: string): Promise<JoinGroupResponse> {
    const subscription = encodeSubscription({
      version: SLUICE_GROUP_PROTOCOL_VERSION,
      processId: this.options.processId ?? PROCESS_ID,
      capacity: this.options.capacity ?? 1,
      planFingerprint: this.options.planFingerprint,
      ownedActive: this.tasks().active,
      ownedStandby: this.tasks().standby,
      localState: [...(this.options.localState?.() ?? [])],
      generation: this.currentGeneration,
      subTopologies: this.options.subTopologies,
    }, this.topics);
    for (;;) {
      try {
        const response = await this.coordinator.joinGroup({
          sessionTimeoutMs: this.sessionTimeoutMs, rebalanceTimeoutMs: this.rebalanceTimeoutMs, memberId: this.id,
          instanceId: this.options.instanceId ?? null, protocol: SLUICE_GROUP_PROTOCOL, metadata: subscription, reason,
        });
        this.id = response.memberId;
        return response;
      } catch (error) {
        // The first join of a dynamic member: the coordinator hands out the member id to join with.
        const given = (error as { response?: { memberId?: string } }).response?.memberId;
        if (hasKafkaError(error, 'MEMBER_ID_REQUIRED') && typeof given === 'string' && given !== '') {
          this.id = given;
          continue;
        }
        throw error;
      }
    }
  }

  private async sync(join: JoinGroupResponse): Promise<TaskAssignment> {
    const leading = join.leader === join.memberId && !join.skipAssignment;
    const decisions = leading
      ? leaderAssignments({
        applicationId: this.options.applicationId, leaderId: join.memberId, members: join.members,
        subTopologies: this.options.subTopologies, standbyReplicas: this.options.standbyReplicas ?? 0,
      })
      : [];
    const bytes = await this.coordinator.syncGroup(join.generationId, join.memberId, this.options.instanceId ?? null, join.protocolName ?? SLUICE_GROUP_PROTOCOL,
      decisions.map((d) => ({ memberId: d.memberId, assignment: d.bytes })));
    return decodeAssignment(bytes);
  }

  /** Hands the change to the owner; true when tasks were revoked (the member then rejoins). */
  private async apply(assignment: TaskAssignment): Promise<boolean> {
    const next = new Set(assignment.active);
    const revoked = [...this.active].filter((t) => !next.has(t)).sort(compareTaskIds);
    const assigned = [...next].filter((t) => !this.active.has(t)).sort(compareTaskIds);
    const standby = [...assignment.standby].sort(compareTaskIds);
    const standbyChanged = standby.length !== this.standby.size || standby.some((t) => !this.standby.has(t));
    if (revoked.length > 0 || assigned.length > 0 || standbyChanged || !this.joined.settled) {
      await this.notify({ assigned, revoked, standby, lost: false, generation: this.currentGeneration });
    }
    this.active = next;
    this.standby = new Set(standby);
    return revoked.length > 0;
  }

  private async loseTasks(): Promise<void> {
    const revoked = this.tasks().active;
    const hadTasks = revoked.length > 0 || this.standby.size > 0;
    this.active.clear();
    this.standby.clear();
    this.currentGeneration = -1;
    if (hadTasks) await this.notify({ assigned: [], revoked, standby: [], lost: true, generation: -1 });
  }

  /** Runs the owner's callback; its failure is the member's (fatal, named), never a retried join. */
  private async notify(change: TaskChange): Promise<void> {
    try {
      await this.options.onTasksChanged(change);
    } catch (error) {
      throw new SluiceError(`onTasksChanged failed (assigned [${change.assigned}], revoked [${change.revoked}]): ${(error as Error)?.message ?? String(error)}`, { cause: error });
    }
  }

  private async fail(error: unknown): Promise<void> {
    this.stopped = true;
    this.heartbeat.stop();
    const failure = error instanceof SluiceError ? error
      : new SluiceError(`group member of '${this.options.applicationId}' failed: ${kafkaErrorText(error)}`, { cause: error });
    try {
      await this.loseTasks().catch(() => {}); // a callback that failed once is not trusted with more
    } finally {
      if (this.id !== '') await this.coordinator.leaveGroup(this.id, this.options.instanceId ?? null, failure.message.slice(0, 200)).catch(() => {});
      await this.coordinator.close().catch(() => {});
    }
    if (!this.joined.settled) {
      this.joined.settled = true;
      this.joined.reject(failure);
    } else if (this.options.onError !== undefined) {
      this.options.onError(failure);
    } else {
      setImmediate(() => {
        throw failure;
      });
    }
  }

  private settleJoined(): void {
    if (this.joined.settled) return;
    this.joined.settled = true;
    this.joined.resolve();
  }

  /** Remembers the callback in progress, so leave() waits for it before revoking everything. */
  private track<T>(work: Promise<T>): Promise<T> {
    this.applying = work.then(() => {}, () => {});
    return work;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
