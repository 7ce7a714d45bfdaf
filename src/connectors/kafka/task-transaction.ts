import { SluiceError } from '../../core/errors.ts';
import type { CheckpointInputs, SinkContext } from '../spi.ts';
import { KafkaClient, type KafkaConnectionOptions } from './client.ts';
import type { KafkaProducer, OffsetWithMetadata, OutgoingRecord } from './producer.ts';
import { inputOffsets, markerCommitted, prepareTransaction, resetMarker, type PreparedTransaction } from './transactions.ts';

/** How a sink joins the transactional producer of its task. */
export interface TaskTransactionOptions {
  /** The task run: sinks opened with the same SinkContext object share producers. */
  readonly task: object;
  readonly servers: readonly string[];
  readonly connection: KafkaConnectionOptions;
  readonly transactionalId: string;
  /** A topic the marker can be committed on (the first sink's topic); stored in each checkpoint. */
  readonly markerTopic: string;
  /** A fresh start, not a restore: the marker starts over. */
  readonly fresh: boolean;
  readonly transactionTimeoutMs?: number;
  readonly deliveryTimeoutMs?: number;
}

/**
 * The transactional id of a task's producer: the one the runtime set for the task (a scaled job's
 * `<app>-<s>_<p>`, as Kafka Streams' eos-alpha), else `<prefix>-<task index>`.
 *
 * @example
 * taskTransactionalId('stats', { taskIndex: 1, parallelism: 3, jobName: 'stats' }) // 'stats-1'
 * taskTransactionalId('out-tx', { taskIndex: 1, parallelism: 3, jobName: 'app', transactionalId: 'app-0_1' }) // 'app-0_1'
 */
export function taskTransactionalId(prefix: string, ctx: SinkContext): string {
  return ctx.transactionalId ?? `${prefix}-${ctx.taskId ?? ctx.taskIndex}`;
}

type Scope = Map<string, Promise<TaskTransaction>>;
/**
 * The open task producers of each task run, per (cluster, transactional id). A task run is known by
 * its SinkContext: the runtime opens all sinks of a task with one context object. Another run in the
 * same process (a restart, a test's stand-in for a crashed process) gets a producer of its own,
 * which fences the older one as a restarted process would.
 */
const open = new WeakMap<object, Scope>();
/**
 * Fences done by `acceptsCheckpoint` while a job restores (before it opens its producers), so the
 * next sink of the job asking about the same transactional id does not fence again; forgotten once
 * a producer for the id opens (it fences anyway) or after a while.
 */
const fences = new Map<string, { readonly at: number; readonly done: Promise<void> }>();
/** A fence answers the restore it was made for, not a later run in the same process. */
const FENCE_REMEMBERED_MS = 10_000;

function keyOf(servers: readonly string[], transactionalId: string): string {
  return `${[...servers].sort().join(',')}\u0000${transactionalId}`;
}

/**
 * The one transactional producer, and the one transaction per checkpoint, of all exactly-once Kafka
 * sinks of a task that share a transactional id on the same cluster (Kafka Streams' StreamsProducer:
 * one producer per task). Their records, the input offsets and the checkpoint marker commit
 * atomically together, so a crash can never leave one sink's output of a checkpoint committed and
 * another's not. Sinks with different transactional ids have producers of their own and commit
 * separately. Every producer call goes through one queue: the client merges concurrent calls of the
 * same kind (AddPartitionsToTxn), which would lose partitions of the second sink.
 *
 * @example
 * const tx = await TaskTransaction.join({ task: ctx, servers, connection, transactionalId: 'stocks-0', markerTopic: 'out', fresh: true });
 * await tx.send(records);
 * const prepared = await tx.prepare(7, inputs);
 * await tx.commit(7);
 * await tx.leave();
 */
export class TaskTransaction {
  readonly transactionalId: string;
  readonly markerTopic: string;
  private readonly key: string;
  private readonly scope: Scope;
  private readonly servers: readonly string[];
  private readonly client: KafkaClient;
  private readonly producer: KafkaProducer;
  private members = 0;
  private queue: Promise<void> = Promise.resolve();
  /** The checkpoint whose offsets and marker are in the open transaction, not yet committed. */
  private prepared: PreparedTransaction | undefined;
  private committing: { readonly checkpointId: number; readonly done: Promise<void> } | undefined;

  private constructor(key: string, scope: Scope, options: TaskTransactionOptions, client: KafkaClient, producer: KafkaProducer) {
    this.key = key;
    this.scope = scope;
    this.servers = options.servers;
    this.transactionalId = options.transactionalId;
    this.markerTopic = options.markerTopic;
    this.client = client;
    this.producer = producer;
  }

  /** The task's producer for this transactional id, opened (fencing older ones) by the first sink to join. */
  static async join(options: TaskTransactionOptions): Promise<TaskTransaction> {
    const key = keyOf(options.servers, options.transactionalId);
    let scope = open.get(options.task);
    if (scope === undefined) open.set(options.task, (scope = new Map()));
    let opening = scope.get(key);
    if (opening === undefined) {
      const opened = TaskTransaction.openNew(key, scope, options);
      scope.set(key, (opening = opened));
      opened.catch(() => { if (scope.get(key) === opened) scope.delete(key); });
    }
    const shared = await opening;
    shared.members++;
    return shared;
  }

  private static async openNew(key: string, scope: Scope, options: TaskTransactionOptions): Promise<TaskTransaction> {
    const client = await KafkaClient.connect(options.connection);
    const producer = client.producer({
      transactionalId: options.transactionalId, transactionTimeoutMs: options.transactionTimeoutMs, deliveryTimeoutMs: options.deliveryTimeoutMs,
    });
    try {
      await producer.initTransactions();
      fences.delete(key); // from here on the id is ours: nothing left to fence
      if (options.fresh) await resetMarker(client, options.transactionalId, options.markerTopic);
      return new TaskTransaction(key, scope, options, client, producer);
    } catch (error) {
      await producer.close();
      await client.close();
      throw error;
    }
  }

  /** Sends records inside the open transaction (beginning one if none is open). */
  send(records: readonly OutgoingRecord[]): Promise<void> {
    return this.enqueue(async () => {
      if (!this.producer.inTransaction) await this.producer.begin();
      await this.producer.send(records);
    });
  }

  /**
   * Commits a group's offsets, each with its metadata string, inside the open transaction (beginning
   * one if none is open): they become visible exactly when it commits. Kafka Streams keeps a task's
   * stream time in this metadata; Sluice keeps each input partition's watermark there.
   */
  sendOffsets(group: string, offsets: readonly OffsetWithMetadata[]): Promise<void> {
    return this.enqueue(async () => {
      if (!this.producer.inTransaction) await this.producer.begin();
      await this.producer.sendOffsets(group, offsets);
    });
  }

  /**
   * Adds the checkpoint's input offsets and marker to the transaction, once: the sinks sharing it
   * each call this and get the same answer.
   */
  prepare(checkpointId: number, inputs: CheckpointInputs | undefined): Promise<PreparedTransaction> {
    return this.enqueue(async () => {
      if (this.prepared?.checkpointId === checkpointId) return this.prepared;
      if (this.prepared !== undefined) {
        throw new SluiceError(`Kafka transaction '${this.transactionalId}': checkpoint ${checkpointId} prepared while ${this.prepared.checkpointId} is not committed`);
      }
      this.prepared = await prepareTransaction(this.producer, this.markerTopic, checkpointId, inputOffsets(inputs, this.servers));
      return this.prepared;
    });
  }

  /** Commits the checkpoint's transaction; a no-op when another sink (or the run before a restore) already did. */
  async commit(checkpointId: number): Promise<void> {
    if (this.committing?.checkpointId === checkpointId) return this.committing.done;
    if (this.prepared?.checkpointId !== checkpointId) return;
    const done = this.enqueue(async () => {
      await this.producer.commit();
      this.prepared = undefined;
    });
    this.committing = { checkpointId, done };
    return done;
  }

  /** Aborts the open transaction (every sink's writes not yet committed). */
  async abort(): Promise<void> {
    await this.queue.catch(() => {});
    this.queue = Promise.resolve();
    this.prepared = undefined;
    this.committing = undefined;
    await this.producer.abort();
  }

  /** A sink is done with it; the last one to leave closes the producer (aborting what is still open). */
  async leave(): Promise<void> {
    if (--this.members > 0) return;
    this.scope.delete(this.key);
    await this.abort();
    await this.producer.close();
    await this.client.close();
  }

  private enqueue<R>(operation: () => Promise<R>): Promise<R> {
    // After a failure every later operation fails too (the transaction is broken until abort()); the
    // caller of each operation gets its rejection, the queue itself must not count as unhandled.
    const result = this.queue.then(operation);
    const next = result.then(() => undefined);
    next.catch(() => {});
    this.queue = next;
    return result;
  }
}

/**
 * After a crash: did checkpoint `prepared.checkpointId`'s transaction commit? Fences the
 * transactional id first (the broker aborts what the crashed producer left open, or finishes a
 * commit it had started) — once for all sinks sharing it — then reads the marker.
 *
 * @example
 * if (!(await checkpointCommitted(connection, servers, prepared))) {
 *   // fall back to the previous checkpoint
 * }
 */
export async function checkpointCommitted(connection: KafkaConnectionOptions, servers: readonly string[], prepared: PreparedTransaction): Promise<boolean> {
  const key = keyOf(servers, prepared.transactionalId);
  const now = Date.now();
  let fence = fences.get(key);
  if (fence === undefined || now - fence.at > FENCE_REMEMBERED_MS) {
    const started = { at: now, done: fenceTransactionalId(connection, prepared.transactionalId) };
    fences.set(key, (fence = started));
    started.done.catch(() => { if (fences.get(key) === started) fences.delete(key); });
  }
  await fence.done;
  return markerCommitted(connection, prepared);
}

async function fenceTransactionalId(connection: KafkaConnectionOptions, transactionalId: string): Promise<void> {
  const client = await KafkaClient.connect(connection);
  try {
    const producer = client.producer({ transactionalId });
    try {
      await producer.initTransactions();
    } finally {
      await producer.close();
    }
  } finally {
    await client.close();
  }
}
