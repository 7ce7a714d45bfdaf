import { join } from 'node:path';
import { Dataflow } from '../api/dataflow/dataflow.ts';
import { ConfigError, PlanError, SluiceError } from '../core/errors.ts';
import { isSink } from '../connectors/spi.ts';
import { KafkaClient, parseBootstrapServers } from '../connectors/kafka/client.ts';
import { isKafkaSource, type KafkaSource } from '../connectors/kafka/kafka-source.ts';
import { repartitionSink } from '../connectors/kafka/repartition-sink.ts';
import { repartitionSource } from '../connectors/kafka/repartition-source.ts';
import type { LogicalPlan } from '../plan/nodes.ts';
import { instanceResolver, type ConnectorResolver } from '../runtime/job-graph.ts';
import { JobRunner, type JobOptions, type JobResult } from '../runtime/job-runner.ts';
import type { JobStatus } from '../runtime/job-status.ts';
import { cutPlan, isRepartitionEnd, type Exchange, type SubTopology } from '../runtime/sub-topologies.ts';
import { CheckpointStorage } from '../state/checkpoint-storage.ts';

/** How repartition topics are created. */
export interface RepartitionTopicOptions {
  /** Partitions of every repartition topic read by a sub-topology without user topics; default the upstream's count (the larger, for a join). */
  readonly partitions?: number;
  /** Default the broker's default.replication.factor. */
  readonly replicationFactor?: number;
  /** Topic configs; default `cleanup.policy=delete` and `retention.ms=-1` (records go by purge once consumed, as Kafka Streams'). */
  readonly configs?: Readonly<Record<string, string>>;
}

/** What {@link runStaticTasks} runs and where. */
export interface StaticTasksOptions {
  /** The job: a Dataflow or a plan (a SQL INSERT's, with `resolver` from its TableEnvironment's registry). */
  readonly job: Dataflow | LogicalPlan;
  /** Kafka Streams' application.id: the consumer group, the prefix of internal topics and transactional ids. */
  readonly applicationId: string;
  /** The cluster the job's topics, internal topics and group live on. */
  readonly bootstrapServers: string | readonly string[];
  /** Each task checkpoints into `<stateDir>/<applicationId>/<s>_<p>`. */
  readonly stateDir: string;
  /** Resolves descriptors (SQL tables): `tableEnv.registry.resolver()`. Default: instances only. */
  readonly resolver?: ConnectorResolver;
  readonly repartition?: RepartitionTopicOptions;
  /** Passed to every task's JobRunner (checkpoint interval, batch size, state backend, clock …). */
  readonly taskOptions?: Omit<JobOptions, 'name' | 'checkpoints' | 'resolver' | 'taskIndex' | 'parallelism' | 'coPartitioned' | 'taskId' | 'groupId' | 'transactionalId' | 'changelog'>;
  /** Start every task at once. Default true; false leaves starting to `startTask`. */
  readonly startAll?: boolean;
  /** Told when a task fails (it stopped; the others go on), as it happens. */
  readonly onTaskFailed?: (taskId: string, error: Error) => void;
}

/** One sub-topology as it runs: its cut, its partition (task) count and the topics it reads. */
export interface RunningSubTopology {
  readonly subTopology: SubTopology;
  readonly partitions: number;
  /** Its user sources' topics (as their sources resolve them), then the repartition topics it reads. */
  readonly topics: readonly string[];
}

/**
 * Runs a job scaled out in this process with a fixed assignment: its plan cut into sub-topologies
 * (runtime/sub-topologies.ts), the repartition topics created, and every task `<s>_<p>` (partition p
 * of sub-topology s) as its own JobRunner — its own state, its local checkpoint directory, its own
 * exactly-once transaction `<app>-<s>_<p>` covering its outputs, repartition writes and input offsets
 * (committed to group `app`). A task without a checkpoint starts from the group's committed offsets,
 * the earliest where there are none. The lead's group member drives `startTask` / `stopTask` from
 * its assignment; here every task runs in this process.
 *
 * @example
 * const tasks = await runStaticTasks({ job: flow, applicationId: 'stats', bootstrapServers: 'localhost:9092', stateDir: '/var/lib/sluice' });
 * await tasks.stopTask('1_2');  // final checkpoint, then its transaction commits
 * tasks.startTask('1_2');       // resumes from that checkpoint
 * await tasks.stopAll();
 */
export async function runStaticTasks(options: StaticTasksOptions): Promise<StaticTasks> {
  const tasks = await StaticTasks.prepare(options);
  if (options.startAll !== false) for (const id of tasks.taskIds()) tasks.startTask(id);
  return tasks;
}

/**
 * The tasks of a scaled job in one process: start, stop, status (see {@link runStaticTasks}).
 *
 * @example
 * const tasks = await StaticTasks.prepare({ job: flow, applicationId: 'stats', bootstrapServers: 'localhost:9092', stateDir: '/tmp/state' });
 * for (const id of tasks.taskIds()) tasks.startTask(id);
 * const failed = tasks.failure(); // { taskId, error } of the first task that failed, if any
 */
export class StaticTasks {
  readonly applicationId: string;
  readonly subTopologies: readonly RunningSubTopology[];
  private readonly options: StaticTasksOptions;
  private readonly servers: string[];
  private readonly running = new Map<string, { readonly runner: JobRunner; readonly done: Promise<JobResult> }>();
  private readonly failures = new Map<string, Error>();

  private constructor(options: StaticTasksOptions, servers: string[], subTopologies: RunningSubTopology[]) {
    this.options = options;
    this.applicationId = options.applicationId;
    this.servers = servers;
    this.subTopologies = subTopologies;
  }

  /**
   * Cuts the plan, finds each sub-topology's partition count and creates (or checks) the
   * repartition topics; starts nothing.
   *
   * @example
   * const tasks = await StaticTasks.prepare({ job: flow, applicationId: 'stats', bootstrapServers, stateDir });
   */
  static async prepare(options: StaticTasksOptions): Promise<StaticTasks> {
    const servers = parseBootstrapServers(options.bootstrapServers);
    const plan = options.job instanceof Dataflow ? options.job.plan() : options.job;
    const subs = cutPlan(plan, options.applicationId);
    const resolver = options.resolver ?? instanceResolver;
    const client = await KafkaClient.connect({ bootstrapServers: servers });
    try {
      const { partitions, topics } = await partitionCounts(client, subs, resolver, options.repartition?.partitions);
      await createRepartitionTopics(client, subs, partitions, options.repartition);
      return new StaticTasks(options, servers, subs.map((subTopology, i) => ({ subTopology, partitions: partitions[i], topics: topics[i] })));
    } finally {
      await client.close();
    }
  }

  /** Every task id, `"<s>_<p>"`, sub-topology by sub-topology. */
  taskIds(): string[] {
    return this.subTopologies.flatMap(({ subTopology, partitions }) => Array.from({ length: partitions }, (_, p) => `${subTopology.index}_${p}`));
  }

  /** The tasks running now. */
  runningTasks(): string[] {
    return [...this.running.keys()];
  }

  /**
   * Starts a task: a JobRunner over its sub-topology's plan, restoring its local checkpoint if any.
   * A task that fails is recorded (see `failure`) and stops; the others go on.
   */
  startTask(taskId: string): void {
    if (this.running.has(taskId)) throw new SluiceError(`task ${taskId} of '${this.applicationId}' is already running`);
    const { sub, partitions, partition } = this.task(taskId);
    const runner = new JobRunner(sub.plan, {
      ...this.options.taskOptions,
      name: this.applicationId,
      taskIndex: partition,
      parallelism: partitions,
      coPartitioned: true,
      taskId,
      transactionalId: `${this.applicationId}-${taskId}`,
      groupId: this.applicationId,
      changelog: {
        connection: { bootstrapServers: this.servers }, applicationId: this.applicationId, partition, partitions,
        transactionalId: `${this.applicationId}-${taskId}`,
      },
      checkpoints: new CheckpointStorage(join(this.options.stateDir, this.applicationId, taskId)),
      resolver: this.taskResolver(sub, partitions),
    });
    this.failures.delete(taskId);
    const done = runner.run();
    const entry = { runner, done };
    this.running.set(taskId, entry);
    done.then(
      () => { if (this.running.get(taskId) === entry) this.running.delete(taskId); },
      (error: unknown) => {
        if (this.running.get(taskId) === entry) this.running.delete(taskId);
        const failure = error instanceof Error ? error : new Error(String(error));
        this.failures.set(taskId, failure);
        this.options.onTaskFailed?.(taskId, failure);
      },
    );
  }

  /** Stops a task after its current batch: a final checkpoint commits its transaction. Resolves when it has stopped. */
  async stopTask(taskId: string): Promise<JobResult> {
    const entry = this.running.get(taskId);
    if (entry === undefined) throw new SluiceError(`task ${taskId} of '${this.applicationId}' is not running`);
    entry.runner.stop();
    return entry.done;
  }

  /** Stops every running task (each with its final checkpoint). */
  async stopAll(): Promise<void> {
    const stopping = [...this.running.keys()].map((id) => this.stopTask(id).catch(() => undefined));
    await Promise.all(stopping);
  }

  /** Settles when every task now running has ended (bounded input drained, or stopped). */
  async finished(): Promise<void> {
    await Promise.all([...this.running.values()].map((entry) => entry.done.catch(() => undefined)));
  }

  /** The first failure of a task, if one failed (the task stopped; the others go on). */
  failure(): { readonly taskId: string; readonly error: Error } | undefined {
    for (const [taskId, error] of this.failures) return { taskId, error };
    return undefined;
  }

  /** A running task's status. */
  status(taskId: string): JobStatus {
    const entry = this.running.get(taskId);
    if (entry === undefined) throw new SluiceError(`task ${taskId} of '${this.applicationId}' is not running`);
    return entry.runner.currentStatus();
  }

  private task(taskId: string): { sub: SubTopology; partitions: number; partition: number } {
    const match = /^(\d+)_(\d+)$/.exec(taskId);
    const running = match === null ? undefined : this.subTopologies[Number(match[1])];
    const partition = match === null ? -1 : Number(match[2]);
    if (running === undefined || partition >= running.partitions) {
      throw new SluiceError(`'${taskId}' is not a task of '${this.applicationId}'; its tasks are ${this.taskIds().join(', ')}`);
    }
    return { sub: running.subTopology, partitions: running.partitions, partition };
  }

  /**
   * The connectors of one task: its own repartition ends; the user's Kafka sources (an instance is
   * shared by the sub-topology's tasks: each lists and reads only its own partition); its own user
   * sinks (a table's, or a copy of the instance).
   */
  private taskResolver(sub: SubTopology, taskCount: number): ConnectorResolver {
    const base = this.options.resolver ?? instanceResolver;
    const servers = this.servers;
    const app = this.applicationId;
    const partitionsOf = (exchange: Exchange): number => this.subTopologies[exchange.to].partitions;
    return {
      source(connector, nodeId) {
        if (isRepartitionEnd(connector)) return repartitionSource({ bootstrapServers: servers, topic: connector.exchange.topic, groupId: app });
        return applicationSource(base, connector, nodeId);
      },
      sink(connector, nodeId) {
        if (isRepartitionEnd(connector)) {
          const { topic, keyOf } = connector.exchange;
          return repartitionSink({ bootstrapServers: servers, topic, partitions: partitionsOf(connector.exchange), keyOf });
        }
        if (!isSink(connector)) return base.sink(connector, nodeId);
        if (connector.copy !== undefined) return connector.copy();
        if (taskCount > 1) {
          throw new PlanError(`sink '${nodeId}' of sub-topology ${sub.index} is one instance, but the sub-topology runs as ${taskCount} tasks and ` +
            'the sink cannot be copied for each (Sink.copy); use a Kafka sink or a table descriptor');
        }
        return connector;
      },
    };
  }
}

/**
 * A user source of a scaled job: a Kafka source (instance or table), read through the application's
 * group by every task (`JobOptions.groupId`), each task reading its own partition.
 */
function applicationSource(base: ConnectorResolver, connector: unknown, nodeId: string): KafkaSource<unknown> {
  const source = base.source(connector, nodeId);
  if (!isKafkaSource(source)) throw new PlanError(`source '${nodeId}': a scaled job reads Kafka topics (a kafkaSource or a Kafka table), got '${source.name}'`);
  return source;
}

/** The topics a user source reads (a scaled job needs them named: co-partitioning is checked at start). */
function topicsOf(source: KafkaSource<unknown>, nodeId: string): string[] {
  const { topic, topics } = source.options;
  if (topic !== undefined) return [topic];
  if (topics !== undefined) return [...topics];
  throw new PlanError(`source '${nodeId}': a scaled job reads named topics, not a pattern (its partitions are checked at start)`);
}

/**
 * Each sub-topology's partition (task) count: that of its user topics, which must agree; without
 * user topics, the configured count or the largest of its upstream sub-topologies'. With each, the
 * topics it reads: its user topics, then its repartition topics.
 */
async function partitionCounts(client: KafkaClient, subs: readonly SubTopology[], resolver: ConnectorResolver, configured: number | undefined):
  Promise<{ partitions: number[]; topics: string[][] }> {
  if (configured !== undefined && (!Number.isInteger(configured) || configured < 1)) {
    throw new ConfigError('repartition.partitions', `must be a positive integer, got ${configured}`);
  }
  const counts: number[] = [];
  const read: string[][] = [];
  for (const sub of subs) {
    const topics: string[] = [];
    for (const node of sub.sources) {
      topics.push(...topicsOf(applicationSource(resolver, node.connector, node.id), node.id));
    }
    read.push([...topics, ...sub.inputs.map((e) => e.topic)]);
    if (topics.length === 0) {
      counts.push(configured ?? Math.max(...sub.inputs.map((e) => counts[e.from])));
      continue;
    }
    const found = await client.partitionCounts(topics);
    const missing = topics.filter((t) => !found.has(t));
    if (missing.length > 0) throw new SluiceError(`sub-topology ${sub.index}: topic${missing.length > 1 ? 's' : ''} ${missing.map((t) => `'${t}'`).join(', ')} do${missing.length > 1 ? '' : 'es'} not exist`);
    const distinct = new Set(topics.map((t) => found.get(t)!));
    if (distinct.size > 1) {
      throw new SluiceError(`sub-topology ${sub.index} reads topics that are not co-partitioned (task p reads partition p of each): ` +
        `${topics.map((t) => `'${t}' has ${found.get(t)} partitions`).join(', ')}; give them the same partition count`);
    }
    counts.push(found.get(topics[0])!);
  }
  return { partitions: counts, topics: read };
}

/** Creates each repartition topic with its reader's partition count; an existing one must have that count. */
async function createRepartitionTopics(client: KafkaClient, subs: readonly SubTopology[], partitions: readonly number[], options: RepartitionTopicOptions | undefined): Promise<void> {
  const configs = options?.configs ?? { 'cleanup.policy': 'delete', 'retention.ms': '-1' };
  for (const sub of subs) {
    for (const exchange of sub.outputs) {
      const wanted = partitions[exchange.to];
      const created = await client.createTopic(exchange.topic, { partitions: wanted, replicationFactor: options?.replicationFactor, configs });
      if (created) continue;
      const count = (await client.partitionCounts([exchange.topic])).get(exchange.topic);
      if (count !== wanted) {
        throw new SluiceError(`repartition topic '${exchange.topic}' exists with ${count} partitions, but sub-topology ${exchange.to} runs ${wanted} tasks; ` +
          'delete it (reset the application) or run with the partition count it was made for');
      }
    }
  }
}
