import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, SluiceError } from '../core/errors.ts';
import { joinTaskGroup, type TaskChange, type TaskGroupMember } from '../connectors/kafka/group/index.ts';
import { isKafkaSource } from '../connectors/kafka/kafka-source.ts';
import { isProducerFenced, kafkaErrorText } from '../connectors/kafka/kafka-errors.ts';
import { topologicalOrder, type LogicalPlan } from '../plan/nodes.ts';
import type { JobResult } from '../runtime/job-runner.ts';
import type { JobStatus } from '../runtime/job-status.ts';
import { mergeTaskStatuses } from './application-status.ts';
import { StaticTasks, type RunningSubTopology, type StaticTasksOptions } from './scaled-job.ts';

/**
 * How a job runs as one member of a scaled application (Kafka Streams' application.id): its
 * instances, in any number of processes on any machines, join one consumer group and share its tasks.
 *
 * @example
 * start(flow, { application: { applicationId: 'hourly', instanceId: 'host-a' }, checkpointDir: '/var/lib/sluice' });
 */
export interface ApplicationOptions {
  /** The consumer group, the prefix of internal topics and of transactional ids. */
  readonly applicationId: string;
  /** The cluster; default the brokers of the job's first Kafka source. */
  readonly bootstrapServers?: string | readonly string[];
  /** group.instance.id (static membership): a restart within the session timeout moves no task. */
  readonly instanceId?: string;
  /** num.standby.replicas (default 0): warm copies of each task's state on other processes. */
  readonly standbyReplicas?: number;
  /** session.timeout.ms: how long the group waits for a silent member before moving its tasks. Default 45 000. */
  readonly sessionTimeoutMs?: number;
  /** Members of one process share it (their threads share the state directory); default one per process. */
  readonly processId?: string;
  /** This member's share of the tasks relative to the others (e.g. its threads). Default 1. */
  readonly capacity?: number;
  /** Told of every change of the member's tasks and of tasks taken over by another member (one line each). */
  readonly log?: (line: string) => void;
}

/** What {@link startApplicationMember} needs besides the application's options. */
export interface ApplicationMemberOptions extends ApplicationOptions {
  readonly plan: LogicalPlan;
  /** Where task `<s>_<p>` keeps its local checkpoints: `<stateDir>/<applicationId>/<s>_<p>`. */
  readonly stateDir?: string;
  readonly resolver?: StaticTasksOptions['resolver'];
  readonly repartition?: StaticTasksOptions['repartition'];
  readonly taskOptions?: StaticTasksOptions['taskOptions'];
}

/** A running member of a scaled application. */
export interface ApplicationMember {
  readonly applicationId: string;
  /** Settles when the member has stopped (after `stop`), or fails with the first task or group error. */
  readonly done: Promise<JobResult>;
  /** The active tasks it runs now. */
  tasks(): string[];
  /** Its tasks' statuses, summed (records, rates), with the lowest watermark. */
  status(): JobStatus;
  /** Commits and stops its tasks, then leaves the group (their tasks move to the other members at once). */
  stop(): Promise<JobResult>;
}

/** The state directory when none is given: Kafka Streams' default, /tmp/kafka-streams, in our name. */
const DEFAULT_STATE_DIR = join(tmpdir(), 'sluice-state');

/**
 * Runs a job as one member of a scaled application: cuts its plan into sub-topologies (the
 * repartition topics created, see scaled-job.ts), joins consumer group `applicationId` with the
 * Sluice assignor (connectors/kafka/group), and starts and stops tasks `<s>_<p>` as the group hands
 * them out — a revoked task is committed (final checkpoint, its transaction) before the group may
 * give it to another member. A failing task fails the member: it commits its other tasks, leaves,
 * and `done` rejects with the task's error (Flink fails the job; Kafka Streams stops the thread).
 *
 * @example
 * const member = await startApplicationMember({ plan: flow.plan(), applicationId: 'hourly', stateDir: '/var/lib/sluice' });
 * process.on('SIGTERM', () => void member.stop());
 * await member.done;
 */
export async function startApplicationMember(options: ApplicationMemberOptions): Promise<ApplicationMember> {
  const applicationId = options.applicationId;
  if (typeof applicationId !== 'string' || !/^[A-Za-z0-9._-]+$/.test(applicationId)) {
    throw new ConfigError('applicationId', `must be a Kafka group and topic name prefix (letters, digits, '.', '_', '-'), got '${String(applicationId)}'`);
  }
  const bootstrapServers = options.bootstrapServers ?? planBootstrapServers(options.plan, options.resolver);
  const stateDir = options.stateDir ?? DEFAULT_STATE_DIR;
  // Tasks start only once the member has joined, so a failure always finds the member.
  let member: ApplicationMemberRun | undefined;
  const tasks = await StaticTasks.prepare({
    job: options.plan, applicationId, bootstrapServers, stateDir, resolver: options.resolver, repartition: options.repartition,
    taskOptions: options.taskOptions, startAll: false, onTaskFailed: (taskId, error) => member?.taskFailed(taskId, error),
  });
  member = await ApplicationMemberRun.join(tasks, options, bootstrapServers, stateDir);
  return member;
}

class ApplicationMemberRun implements ApplicationMember {
  readonly applicationId: string;
  readonly done: Promise<JobResult>;
  private readonly staticTasks: StaticTasks;
  private member: TaskGroupMember | undefined;
  private settle!: { resolve: (result: JobResult) => void; reject: (error: Error) => void };
  private stopping: Promise<JobResult> | undefined;
  private lastStatus: JobStatus;
  private readonly log: (line: string) => void;

  private constructor(tasks: StaticTasks, log: ((line: string) => void) | undefined) {
    this.applicationId = tasks.applicationId;
    this.staticTasks = tasks;
    this.log = log ?? (() => {});
    this.lastStatus = mergeTaskStatuses([]);
    this.done = new Promise<JobResult>((resolve, reject) => { this.settle = { resolve, reject }; });
    this.done.catch(() => {}); // the owner awaits it; a failure must not also be an unhandled rejection
  }

  static async join(tasks: StaticTasks, options: ApplicationMemberOptions, servers: string | readonly string[], stateDir: string): Promise<ApplicationMemberRun> {
    const run = new ApplicationMemberRun(tasks, options.log);
    try {
      run.member = await joinTaskGroup({
        servers,
        applicationId: tasks.applicationId,
        instanceId: options.instanceId,
        processId: options.processId,
        capacity: options.capacity,
        standbyReplicas: options.standbyReplicas,
        sessionTimeoutMs: options.sessionTimeoutMs,
        planFingerprint: planFingerprint(tasks.subTopologies),
        subTopologies: tasks.subTopologies.map(({ subTopology, partitions, topics }) => ({ id: subTopology.index, partitions, topics })),
        localState: () => tasks.taskIds().filter((id) => existsSync(join(stateDir, tasks.applicationId, id))),
        onTasksChanged: (change) => run.apply(change),
        onError: (error) => run.fail(error),
      });
    } catch (error) {
      await tasks.stopAll();
      throw error;
    }
    return run;
  }

  tasks(): string[] {
    return this.staticTasks.runningTasks();
  }

  status(): JobStatus {
    const statuses: JobStatus[] = [];
    for (const id of this.staticTasks.runningTasks()) {
      try {
        statuses.push(this.staticTasks.status(id));
      } catch {
        // ended between the two calls
      }
    }
    if (statuses.length > 0) this.lastStatus = mergeTaskStatuses(statuses);
    return this.lastStatus;
  }

  stop(): Promise<JobResult> {
    this.stopping ??= this.leave().then((result) => {
      this.settle.resolve(result);
      return result;
    });
    return this.stopping;
  }

  /** Revoked tasks commit and stop before the change is confirmed; assigned ones start. */
  private async apply(change: TaskChange): Promise<void> {
    const what = [change.assigned.length > 0 ? `start ${change.assigned.join(' ')}` : '', change.revoked.length > 0 ? `${change.lost ? 'drop (membership lost)' : 'commit and stop'} ${change.revoked.join(' ')}` : '']
      .filter((part) => part !== '');
    if (what.length > 0) this.log(`application '${this.applicationId}' generation ${change.generation}: ${what.join('; ')}`);
    for (const id of change.revoked) {
      if (!this.staticTasks.runningTasks().includes(id)) continue;
      // A lost task may already run elsewhere: its final commit is then fenced (its transactional id
      // was taken over), which is the expected end, not a failure of this member.
      await this.staticTasks.stopTask(id).catch((error: unknown) => {
        if (!change.lost) throw error;
      });
    }
    if (this.stopping !== undefined) return;
    for (const id of change.assigned) this.staticTasks.startTask(id);
  }

  private async leave(): Promise<JobResult> {
    const status = this.status();
    await this.member?.leave();
    await this.staticTasks.stopAll();
    return { name: this.applicationId, outcome: 'stopped', status, lastCheckpointId: status.checkpoints };
  }

  /** A task failed: taken over by another member (fenced), or a failure of this member. */
  taskFailed(taskId: string, error: Error): void {
    if (this.stopping !== undefined) return;
    if (isProducerFenced(error)) {
      // Another member runs the task now (this one missed a rebalance): its last commit stands, and
      // the group will tell this member its new tasks. Kafka Streams' TaskMigratedException.
      this.log(`application '${this.applicationId}': task ${taskId} was taken over by another member; dropped it`);
      return;
    }
    this.fail(new SluiceError(`application '${this.applicationId}': task ${taskId} failed: ${kafkaErrorText(error)}`, { cause: error }));
  }

  private fail(error: Error): void {
    if (this.stopping !== undefined) return;
    this.stopping = this.leave().then(
      () => { throw error; },
      () => { throw error; },
    );
    this.stopping.catch((e: unknown) => this.settle.reject(e as Error));
  }
}

/**
 * A fingerprint of the application's layout: its sub-topologies, their tasks and topics. Members with
 * other fingerprints run another plan and are refused by the group.
 *
 * @example
 * planFingerprint(tasks.subTopologies); // '3f2a…'
 */
export function planFingerprint(subTopologies: readonly RunningSubTopology[]): string {
  const layout = subTopologies.map(({ subTopology, partitions, topics }) => ({
    index: subTopology.index, name: subTopology.name, partitions,
    inputs: topics, outputs: subTopology.outputs.map((e) => e.topic),
  }));
  return createHash('sha256').update(JSON.stringify(layout)).digest('hex').slice(0, 16);
}

/** The brokers of the plan's first Kafka source (an instance, or a SQL table's options). */
function planBootstrapServers(plan: LogicalPlan, resolver: StaticTasksOptions['resolver']): string {
  for (const node of topologicalOrder(plan)) {
    if (node.kind !== 'source') continue;
    const connector = node.connector as { kind?: unknown; options?: Record<string, string> };
    if (isKafkaSource(connector)) return connector.servers.join(',');
    const servers = connector.kind === 'table' ? connector.options?.['properties.bootstrap.servers'] : undefined;
    if (servers !== undefined) return servers;
    if (resolver !== undefined && connector.kind === 'table') {
      const source = resolver.source(node.connector, node.id);
      if (isKafkaSource(source)) return source.servers.join(',');
    }
  }
  throw new ConfigError('bootstrapServers', 'a scaled application needs a Kafka cluster: the job reads no Kafka topic, so name one');
}
