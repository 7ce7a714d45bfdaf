import { SluiceError } from '../core/errors.ts';
import { END, type CheckpointInputs, type SinkContext, type SourceBatch, type SourceContext, type Source, type SourceReader, type SourceSplit } from '../connectors/spi.ts';
import type { LogicalPlan } from '../plan/nodes.ts';
import type { CheckpointStore } from '../state/checkpoint-storage.ts';
import { createStateBackend, type StateBackendChoice } from '../state/create-backend.ts';
import type { StateCut } from '../state/state-backend.ts';
import { CheckpointStateFiles, type WrittenCuts } from './checkpoint-state-files.ts';
import type { GraphSnapshot } from './job-graph.ts';
import { systemClock, type Clock } from './clock.ts';
import { JobGraph, instanceResolver, type ConnectorResolver } from './job-graph.ts';
import { newestUsableCheckpoint, sourcePositions, withPreparedSinks, type CheckpointData, type SavedSplit } from './job-checkpoint.ts';
import type { SourceVertex } from './source-vertex.ts';
import { JobStatusTracker, type CheckpointStats, type JobStatus } from './job-status.ts';
import { checkParallelPlan } from './parallel-plan.ts';
import type { ChangelogOptions } from './changelog/changelog-options.ts';
import { ChangelogTask } from './changelog/changelog-task.ts';
import { log } from '../core/log.ts';

export type { CheckpointData } from './job-checkpoint.ts';

/**
 * How a job runs.
 *
 * @example
 * const options: JobOptions = { name: 'stocks', checkpoints: new CheckpointStorage('.sluice/ckpt'), checkpointInterval: 10_000 };
 */
export interface JobOptions {
  readonly name?: string;
  /** Where checkpoints go; without it, checkpoints still commit sinks but nothing is persisted. */
  readonly checkpoints?: CheckpointStore;
  /** Milliseconds between checkpoints (sink commits). Default 10 s with a store, 200 ms without. */
  readonly checkpointInterval?: number;
  /**
   * Skip an interval checkpoint when nothing happened since the previous one — no records read or
   * moved, no split ended, no watermark rose — as Spark runs no micro-batch without new data; the
   * interval then starts again and checkpoint ids (micro-batch ids) do not advance. `checkpoint()`
   * requests and the final checkpoint are always taken. Default false.
   */
  readonly skipIdleCheckpoints?: boolean;
  /**
   * At most this many records are read between two checkpoints (Spark's maxOffsetsPerTrigger, a
   * micro-batch being a checkpoint): reading pauses once they are, and the checkpoint is taken then.
   */
  readonly maxRecordsPerCheckpoint?: number;
  /** Restore the newest complete checkpoint from the store at start. Default true. */
  readonly restore?: boolean;
  /**
   * Flink's `--allow-non-restored-state`: on restore, drop (with a warning) the state of steps the job
   * no longer has, and start steps whose state changed shape empty. Default false: a restore into a
   * job whose stateful steps changed fails, naming them (see runtime/restore-check.ts).
   */
  readonly allowNonRestoredState?: boolean;
  readonly clock?: Clock;
  /** Records asked of a reader per poll. Default 4096. */
  readonly maxBatchSize?: number;
  /** Sink writes allowed in flight before the job stops reading input. Default 4. */
  readonly maxPendingWrites?: number;
  /**
   * Output records sinks may hold back while a checkpoint is being written (they reach a sink only
   * after its commit) before the job stops reading input until the checkpoint completes. Bounds the
   * memory a slow checkpoint costs. Default 100 000.
   */
  readonly maxHeldRecords?: number;
  /**
   * A checkpoint whose state cuts hold fewer entries than this (an estimate known at the cut) is
   * completed before the stream goes on, as a small one costs little; a larger one is written while
   * records keep flowing. Default 10 000; 0 makes every checkpoint non-blocking.
   */
  readonly asyncCheckpointEntries?: number;
  readonly resolver?: ConnectorResolver;
  /**
   * This task's index among `parallelism` tasks running the same job (each on its own copy of the
   * plan); sources read only the task's share of their splits, sinks use it in their ids (Kafka's
   * transactional id `<prefix>-<task>`). With parallelism > 1 only partition-local plans run (see
   * checkParallelPlan). Defaults 0 and 1.
   */
  readonly taskIndex?: number;
  readonly parallelism?: number;
  /**
   * The plan is one sub-topology of a scaled job (runtime/sub-topologies.ts): task i reads exactly
   * partition i of every input topic, and its keyed nodes read repartition topics already partitioned
   * by their keys, so they run at any parallelism. Default false.
   */
  readonly coPartitioned?: boolean;
  /** The task's id given to sinks (`SinkContext.taskId`; a scaled job's `"<s>_<p>"`). */
  readonly taskId?: string;
  /**
   * The one transactional id of all the task's exactly-once sinks (`SinkContext.transactionalId`): a
   * scaled job's `<app>-<s>_<p>`. Default: each sink's own prefix and the task index.
   */
  readonly transactionalId?: string;
  /**
   * A scaled job's consumer group (`SourceContext.groupId`): Kafka inputs start from its committed
   * offsets and commit to it inside the task's transaction.
   */
  readonly groupId?: string;
  /** Which backend keeps the operators' keyed state (SQL's 'state.backend.type'). Default heap. */
  readonly stateBackend?: StateBackendChoice;
  /**
   * An operator's checkpointed state is a base plus increments; after this many increments (or once
   * they outweigh the base) the next checkpoint writes a new base. Default 8.
   */
  readonly maxStateIncrements?: number;
  /**
   * Keeps the task's state in Kafka (Kafka Streams' changelog topics; see runtime/changelog/): each
   * checkpoint logs every stateful operator's changes to its compacted changelog topic and commits
   * the input positions (with their watermarks) to group `applicationId`, in the task's transaction;
   * a start without local state restores from the changelog, one with it reads only the tail. Needs
   * `checkpoints` (the local copy) and Kafka sources only.
   */
  readonly changelog?: ChangelogOptions;
  /** Told of every checkpoint written to the store (the REST API's checkpoint history listens here). */
  readonly onCheckpoint?: (stats: CheckpointStats) => void;
  /** Told of a checkpoint that failed while it was written (the job then fails with its error). */
  readonly onCheckpointFailed?: (id: number, error: unknown) => void;
}

/** One split being read, as the runner sees it now: for the REST API's Kafka lag and split views. */
export interface SplitReport {
  readonly sourceId: string;
  readonly splitId: string;
  /** The split itself (a Kafka split carries its topic and partition). */
  readonly split: SourceSplit;
  /** What a checkpoint would store for it now (a Kafka offset, a file line…). */
  readonly position: unknown;
  /** Records between the reader's position and the end of its log, if the reader knows (Kafka). */
  readonly lag: number | undefined;
  readonly ended: boolean;
}

/** What a finished job reports. */
export interface JobResult {
  readonly name: string;
  /** 'finished' when every bounded source was drained, 'stopped' when stop() ended it. */
  readonly outcome: 'finished' | 'stopped';
  readonly status: JobStatus;
  readonly lastCheckpointId: number;
}


interface ActiveReader {
  readonly vertex: SourceVertex;
  readonly split: SourceSplit;
  readonly reader: SourceReader<unknown>;
  position: unknown;
  inFlight: boolean;
  /** Records the poll in flight (or its unprocessed result) may still bring. */
  requested: number;
  result: unknown;
  error: unknown;
  ended: boolean;
}

const NO_RESULT = Symbol('no-result');

/**
 * Drives a JobGraph: polls source readers (the only awaits besides sink I/O), pushes their batches
 * synchronously through the graph, waits for slow sinks before reading more (backpressure), runs
 * processing-time work and takes checkpoints between batches. One task: the whole graph runs on this
 * thread, so a checkpoint is consistent by construction (no barriers needed). A job of several tasks
 * is several runners (JobOptions.taskIndex / parallelism), each with its own plan copy, splits and
 * checkpoints; nothing flows between them, which is why only partition-local plans may run so.
 *
 * @example
 * const runner = new JobRunner(plan, { name: 'stocks' });
 * process.once('SIGINT', () => runner.stop());
 * const result = await runner.run();
 */
export class JobRunner {
  readonly name: string;
  readonly graph: JobGraph;
  private readonly options: JobOptions;
  private readonly clock: Clock;
  private readonly readers: ActiveReader[] = [];
  private readonly status: JobStatusTracker;
  private stopRequested = false;
  private checkpointRequests: ((id: number) => void)[] = [];
  /** Records read since the last checkpoint (see JobOptions.maxRecordsPerCheckpoint). */
  private recordsSinceCheckpoint = 0;
  private lastCheckpointId = 0;
  private lastCheckpointAt = 0;
  /** graph.progress() and the count of ended splits as of the last checkpoint (skipIdleCheckpoints). */
  private progressAtCheckpoint = 0;
  private splitsEnded = 0;
  private splitsEndedAtCheckpoint = 0;
  private wake: (() => void) | undefined;
  private readonly nextDiscovery = new Map<SourceVertex, number>();
  private readonly sourceContext: SourceContext;
  /** The checkpoint whose state files are still being written (at most one; the next waits for it). */
  private inFlight: Promise<void> | undefined;
  private inFlightError: unknown;
  /** Set when the job fails: a checkpoint in flight stops before its manifest or commits. */
  private failed = false;
  /** The state files of the checkpoints, with a checkpoint store. */
  private readonly stateFiles: CheckpointStateFiles | undefined;
  private lastCheckpoint: CheckpointStats | undefined;
  /** The task's state in Kafka, with JobOptions.changelog. */
  private readonly changelog: ChangelogTask | undefined;
  /** The context every sink of this run opens with (one object: sinks of a task share its transaction). */
  private sinkContext: SinkContext | undefined;
  /** Milliseconds the loop waited for sinks or a slow checkpoint instead of reading (backpressure). */
  private backPressuredMs = 0;

  constructor(plan: LogicalPlan, options: JobOptions = {}) {
    const taskIndex = options.taskIndex ?? 0;
    const parallelism = options.parallelism ?? 1;
    checkParallelPlan(plan, taskIndex, parallelism, options.coPartitioned === true);
    this.sourceContext = { taskIndex, parallelism, coPartitioned: options.coPartitioned === true, groupId: options.groupId, now: () => this.clock.now() };
    this.options = options;
    this.stateFiles = options.checkpoints === undefined ? undefined : new CheckpointStateFiles(options.checkpoints);
    this.name = options.name ?? plan.name;
    this.clock = options.clock ?? systemClock;
    this.graph = new JobGraph(plan, this.clock, options.resolver ?? instanceResolver, options.stateBackend);
    this.status = new JobStatusTracker(this.graph, this.clock);
    if (options.changelog !== undefined) {
      if (options.checkpoints === undefined) throw new SluiceError('a job with a changelog needs a checkpoint store (its local copy of the state): set checkpoints');
      this.changelog = new ChangelogTask(options.changelog, this.graph, this.name, taskIndex);
    }
  }

  /** Asks the job to stop after the current batch: final checkpoint, sinks flushed, readers closed. */
  stop(): void {
    this.stopRequested = true;
    this.wake?.();
  }

  /** Takes a checkpoint at the next batch boundary; resolves with its id. */
  checkpoint(): Promise<number> {
    return new Promise((resolve) => {
      this.checkpointRequests.push(resolve);
      this.wake?.();
    });
  }

  /** Records in, rate, watermark, late records: what a status line shows. */
  currentStatus(): JobStatus {
    const status = this.status.read(this.readers.length, this.lastCheckpointId, this.lastCheckpoint, this.remainingInput());
    const restore = this.changelog?.restoreStatus();
    return restore === undefined ? status : { ...status, restore };
  }

  /** Records left to read when every source is bounded and every reader can tell its lag; else undefined. */
  private remainingInput(): number | undefined {
    if (this.readers.length === 0 || this.graph.sources.some((v) => !v.source.bounded)) return undefined;
    let remaining = 0;
    for (const r of this.readers) {
      if (r.reader.lag === undefined) return undefined;
      if (r.ended) continue;
      const lag = r.reader.lag();
      if (lag === undefined) return undefined;
      remaining += lag;
    }
    return remaining;
  }

  /** Every split being read: its position, whether it ended, and its lag where the reader knows it. */
  splitReports(): SplitReport[] {
    return this.readers.map((r) => ({ sourceId: r.vertex.id, splitId: r.split.id, split: r.split, position: r.position, lag: r.reader.lag?.(), ended: r.ended }));
  }

  /** Total milliseconds this task waited for its sinks (or a slow checkpoint) instead of reading: a rate of it is Flink's backPressuredTimeMsPerSecond. */
  backPressuredTimeMs(): number {
    return this.backPressuredMs;
  }

  async run(): Promise<JobResult> {
    const uidOf = (id: string): string => this.graph.uidOf(id);
    const local = this.options.restore === false ? undefined : await newestUsableCheckpoint(this.options.checkpoints, this.graph.committingSinks, uidOf);
    const { taskIndex, parallelism } = this.sourceContext;
    this.sinkContext = { taskIndex, parallelism, jobName: this.name, taskId: this.options.taskId, transactionalId: this.options.transactionalId, restoredCheckpointId: local?.id };
    let data = local;
    if (this.changelog !== undefined) {
      try {
        await this.changelog.open(this.sinkContext, local);
        data = await this.changelog.restore(local, this.options.checkpoints!);
      } catch (error) {
        await this.changelog.close();
        throw error;
      }
    }
    this.graph.open();
    if (data !== undefined) {
      try {
        const graph = withPreparedSinks(data);
        this.graph.restore(await (this.stateFiles?.load(graph) ?? graph), { allowNonRestoredState: this.options.allowNonRestoredState });
      } catch (error) {
        this.graph.close();
        await this.changelog?.close();
        throw error;
      }
      this.lastCheckpointId = data.id;
    }
    // Before any sink or reader opens: nothing may be read until every operator is ready (a lookup
    // join's table loaded), and a failure here leaves no sink or reader to undo.
    try {
      await this.graph.prepare();
    } catch (error) {
      this.graph.close();
      await this.changelog?.close();
      throw error;
    }
    try {
      await this.openSinks(local);
      await this.openReaders(data);
    } catch (error) {
      // Whatever opened (sinks, readers, the changelog's producer) must not keep the process alive.
      await this.abortSinks();
      await this.closeAll().catch(() => {});
      throw error;
    }
    this.lastCheckpointAt = this.clock.now();
    this.progressAtCheckpoint = this.graph.progress();
    let finished = false;
    try {
      finished = await this.loop();
      await this.settleInFlight();
      if (finished) this.graph.finish();
      await this.drainWrites();
      await this.takeCheckpoint();
      await this.settleInFlight();
    } catch (error) {
      // A checkpoint still in flight must not commit after the job failed: stop it, then abort.
      this.failed = true;
      await this.inFlight;
      this.changelog?.discard();
      await this.abortSinks();
      throw error;
    } finally {
      await this.closeAll();
    }
    return {
      name: this.name,
      outcome: finished ? 'finished' : 'stopped',
      status: this.currentStatus(),
      lastCheckpointId: this.lastCheckpointId,
    };
  }

  /** Returns true when every source was drained, false when stopped. */
  private async loop(): Promise<boolean> {
    const maxBatch = this.options.maxBatchSize ?? 4096;
    const maxPending = this.options.maxPendingWrites ?? 4;
    const maxHeld = this.options.maxHeldRecords ?? 100_000;
    const interval = this.options.checkpointInterval ?? (this.options.checkpoints ? 10_000 : 200);
    let lastYield = this.clock.now();
    const limit = this.options.maxRecordsPerCheckpoint ?? Number.POSITIVE_INFINITY;
    while (!this.stopRequested) {
      if (this.inFlightError !== undefined) throw this.inFlightError;
      if (this.readers.every((r) => r.ended)) return true;
      if (this.graph.pendingWrites.length >= maxPending) {
        const waitStart = performance.now();
        await this.drainWrites();
        this.backPressuredMs += performance.now() - waitStart;
      }
      // Backpressure from a slow checkpoint: its held output is bounded.
      const holdingTooMuch = this.inFlight !== undefined && this.heldRecords() > maxHeld;
      if (!holdingTooMuch) this.issuePolls(maxBatch, limit - this.recordsSinceCheckpoint - this.recordsRequested());
      const processed = this.processResults();
      const now = this.clock.now();
      this.discoverSplits(now);
      this.graph.tick(now);
      const batchFull = this.recordsSinceCheckpoint >= limit && this.recordsRequested() === 0;
      if (this.checkpointRequests.length > 0 || batchFull) await this.takeCheckpoint();
      else if (now - this.lastCheckpointAt >= interval) {
        if (this.options.skipIdleCheckpoints === true && !this.activeSinceCheckpoint()) this.lastCheckpointAt = now;
        else await this.takeCheckpoint();
      }
      if (!processed) await this.sleep(Math.min(50, Math.max(0, this.graph.nextProcessingTime() - now)));
      else if (now - lastYield > 20) {
        // Synchronous sources would otherwise starve the event loop (signals, timers, I/O callbacks).
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = now;
      }
    }
    return false;
  }

  private heldRecords(): number {
    let total = 0;
    for (const vertex of this.graph.committingSinks) total += vertex.heldRecords;
    return total;
  }

  private recordsRequested(): number {
    let total = 0;
    for (const r of this.readers) total += r.requested;
    return total;
  }

  /** Polls every idle reader for up to `maxBatch` records, sharing `budget` (records left this checkpoint) among them. */
  private issuePolls(maxBatch: number, budget: number): void {
    const idle = this.readers.filter((r) => !r.ended && !r.inFlight && r.result === NO_RESULT);
    let left = budget;
    for (const active of idle) {
      if (left < 1) return;
      const max = Number.isFinite(left) ? Math.min(maxBatch, Math.max(1, Math.floor(left / idle.length))) : maxBatch;
      left -= max;
      active.requested = max;
      const result = active.reader.poll(max);
      if (result instanceof Promise) {
        active.inFlight = true;
        result.then(
          (value) => { active.result = value; active.inFlight = false; this.wake?.(); },
          (error: unknown) => { active.error = error ?? new Error('source poll failed'); active.inFlight = false; this.wake?.(); },
        );
      } else {
        active.result = result;
      }
    }
  }

  /** Pushes every ready reader result through the graph; true if any records moved or a split ended. */
  private processResults(): boolean {
    let processed = false;
    const now = this.clock.now();
    for (const active of this.readers) {
      if (active.error !== undefined) {
        throw new SluiceError(`source '${active.vertex.id}' split '${active.split.id}' failed: ${String((active.error as Error).message ?? active.error)}`, { cause: active.error });
      }
      if (active.result === NO_RESULT) continue;
      const result = active.result as typeof END | SourceBatch<unknown>;
      active.result = NO_RESULT;
      active.requested = 0;
      if (result === END) {
        active.ended = true;
        active.position = active.reader.position();
        active.vertex.endSplit(active.split.id, now);
        this.splitsEnded++;
        processed = true;
        continue;
      }
      active.position = active.reader.position();
      if (result.deadLetters !== undefined || result.skipped !== undefined) {
        active.vertex.pushRejected(result.deadLetters, result.skipped);
        processed ||= (result.deadLetters?.length ?? 0) > 0;
      }
      if (result.values.length > 0) {
        this.recordsSinceCheckpoint += result.values.length;
        active.vertex.pushSplitBatch(active.split.id, result.values, result.times, now);
        processed = true;
      }
      if (result.watermark !== undefined || result.idle !== undefined) {
        // A reader-provided watermark (a repartition topic's markers) follows the batch's records.
        active.vertex.pushSplitWatermark(active.split.id, result.watermark, result.idle, now);
        processed = true;
      }
    }
    return processed;
  }

  /** Whether anything happened since the last checkpoint (see JobOptions.skipIdleCheckpoints). */
  private activeSinceCheckpoint(): boolean {
    return this.splitsEnded !== this.splitsEndedAtCheckpoint || this.graph.progress() !== this.progressAtCheckpoint;
  }

  /**
   * Operators prepare first (early-firing windows emit into the sinks), then the sinks' writes drain,
   * the sinks prepare their commits and the state is cut: that much stops the stream. With a
   * checkpoint store the rest runs while records keep flowing (see completeCheckpoint); a checkpoint
   * still in flight when the next is due delays the next one (this returns at once and the loop asks
   * again), it is never dropped.
   */
  private async takeCheckpoint(): Promise<void> {
    if (this.inFlight !== undefined) return;
    const began = this.clock.now();
    const pauseStart = performance.now();
    this.graph.prepareCheckpoint();
    await this.drainWrites();
    const id = this.lastCheckpointId + 1;
    const sinks: Record<string, unknown> = {};
    const inputs: CheckpointInputs = {
      positions: this.readers.map((r) => ({ source: r.vertex.source, split: r.split, position: r.position })),
      groupId: this.sourceContext.groupId,
    };
    const committing = this.graph.committingSinks;
    for (const vertex of committing) sinks[this.graph.uidOf(vertex.id)] = await vertex.sink.prepareCommit(id, inputs);
    await this.changelog?.prepare(id, inputs, this.readers);
    const store = this.options.checkpoints;
    const positions = this.readers.map((r) => ({ source: r.vertex.source, reader: r.reader, position: r.position }));
    const requests = this.checkpointRequests;
    this.checkpointRequests = [];
    this.recordsSinceCheckpoint = 0;
    this.lastCheckpointAt = this.clock.now();
    this.progressAtCheckpoint = this.graph.progress();
    this.splitsEndedAtCheckpoint = this.splitsEnded;
    const stateFiles = this.stateFiles;
    if (store === undefined || stateFiles === undefined) {
      for (const vertex of committing) await vertex.sink.commit(id, sinks[this.graph.uidOf(vertex.id)]);
      for (const { reader, position } of positions) await reader.notifyCheckpointComplete?.(id, position);
      this.lastCheckpointId = id;
      for (const resolve of requests) resolve(id);
      return;
    }
    const maxIncrements = this.options.maxStateIncrements ?? 8;
    // A changelog takes what changed, deletes included: a base would leave deleted keys alive in it.
    const full = this.changelog !== undefined ? () => false : (operator: string) => stateFiles.needsBase(operator, maxIncrements);
    const { snapshot, cuts } = this.graph.beginCheckpoint(full);
    const sources = sourcePositions(this.readers, (vertexId) => this.graph.uidOf(vertexId));
    for (const vertex of committing) vertex.hold();
    const pauseMs = performance.now() - pauseStart;
    let entries = 0;
    for (const cut of cuts.values()) entries += cut.estimatedEntries;
    const small = entries < (this.options.asyncCheckpointEntries ?? 10_000);
    const done = this.completeCheckpoint(store, stateFiles, { id, snapshot, cuts, sinks, sources, positions, began, pauseMs, small });
    this.inFlight = done.then(
      () => { for (const resolve of requests) resolve(id); },
      (error: unknown) => {
        this.inFlightError = error ?? new Error(`checkpoint ${id} failed`);
        this.options.onCheckpointFailed?.(id, this.inFlightError);
      },
    ).finally(() => {
      this.inFlight = undefined;
      this.wake?.();
    });
    if (small) await this.inFlight;
  }

  /**
   * The asynchronous part of a checkpoint: each operator's cut goes to a state file (only what
   * changed, or a new base), then the manifest (the checkpoint file, which refers to the state files),
   * then the sinks commit and release the output held since the cut.
   */
  private async completeCheckpoint(store: CheckpointStore, stateFiles: CheckpointStateFiles, taken: {
    id: number; snapshot: GraphSnapshot; cuts: Map<string, StateCut>; sinks: Record<string, unknown>;
    sources: CheckpointData['sources']; positions: { source: Source<unknown>; reader: SourceReader<unknown>; position: unknown }[]; began: number; pauseMs: number;
    /** Completed before the stream goes on: its pause is its whole duration. */
    small: boolean;
  }): Promise<void> {
    const { id, snapshot, cuts, sinks } = taken;
    let written: WrittenCuts;
    try {
      written = await stateFiles.write(id, this.changelog?.log(cuts) ?? cuts, snapshot.operators);
      this.checkNotFailed(id);
      // With a changelog the transaction commits first: the local checkpoint then records how far
      // the changelog it covers goes, and never claims state that did not commit.
      const changelog = await this.changelog?.commit(id, snapshot);
      const data: CheckpointData = { job: this.name, id, graph: { ...snapshot, operators: written.operators }, sources: taken.sources, sinks, changelog };
      this.checkNotFailed(id);
      await store.write(id, data);
      for (const cut of cuts.values()) cut.commit();
    } finally {
      for (const cut of cuts.values()) cut.release();
    }
    stateFiles.completed(id, written.chains);
    this.checkNotFailed(id);
    for (const vertex of this.graph.committingSinks) await vertex.sink.commit(id, sinks[this.graph.uidOf(vertex.id)]);
    for (const vertex of this.graph.committingSinks) vertex.release();
    // With a changelog the positions were committed in the transaction (with their watermarks, which
    // a source's own group commit would overwrite): only the readers the changelog lets know (a
    // repartition reader purging what it consumed) hear of the completed checkpoint.
    for (const { source, reader, position } of taken.positions) {
      if (this.changelog === undefined || this.changelog.notifiesReaders(source)) await reader.notifyCheckpointComplete?.(id, position);
    }
    this.lastCheckpointId = id;
    const durationMs = this.clock.now() - taken.began;
    this.lastCheckpoint = { id, durationMs, pauseMs: taken.small ? durationMs : taken.pauseMs, stateBytes: written.bytes, stateBases: written.bases };
    this.options.onCheckpoint?.(this.lastCheckpoint);
    await stateFiles.deleteUnreferenced();
    if (this.changelog !== undefined) await this.rebaseLocalChains(stateFiles, id, written.chains.keys());
  }

  /** With a changelog, whose cuts are increments only: local chains due a base are compacted from their own files. */
  private async rebaseLocalChains(stateFiles: CheckpointStateFiles, id: number, operators: Iterable<string>): Promise<void> {
    const maxIncrements = this.options.maxStateIncrements ?? 8;
    for (const uid of operators) {
      if (!stateFiles.needsBase(uid, maxIncrements)) continue;
      await stateFiles.rebase(id, uid, () => createStateBackend(this.options.stateBackend, { now: () => this.clock.now() }, `rebase-${uid}`));
    }
  }

  private checkNotFailed(id: number): void {
    if (this.failed) throw new SluiceError(`checkpoint ${id} abandoned: the job failed while it was being written`);
  }

  /** Waits for the checkpoint in flight, if any, and fails if it failed. */
  private async settleInFlight(): Promise<void> {
    if (this.inFlight !== undefined) await this.inFlight;
    if (this.inFlightError !== undefined) throw this.inFlightError;
  }

  private async openReaders(restored: CheckpointData | undefined): Promise<void> {
    for (const vertex of this.graph.sources) {
      // With a changelog the positions are the group's committed offsets, looked up for a listing of
      // their own: a source may release what its listing opened once the event loop turns.
      const saved = this.changelog !== undefined
        ? await this.changelog.savedSplits(vertex.source, await vertex.source.splits(this.sourceContext))
        : restored?.sources[this.graph.uidOf(vertex.id)] ?? {};
      const splits = await vertex.source.splits(this.sourceContext);
      for (const split of splits) this.addReader(vertex, split, saved[split.id]);
      // Splits discovered during an earlier run are not in a fresh listing (Kafka lists partitions with
      // their startup offsets); the checkpoint still knows them, so ask discovery for them at once.
      const missing = Object.keys(saved).filter((id) => !splits.some((s) => s.id === id));
      if (missing.length > 0 && vertex.source.discoverSplits !== undefined) {
        for (const split of await vertex.source.discoverSplits(this.sourceContext, splits)) {
          if (split.id in saved) this.addReader(vertex, split, saved[split.id]);
        }
      }
      this.nextDiscovery.set(vertex, this.clock.now() + (vertex.source.discoveryIntervalMs ?? 0));
    }
  }

  private addReader(vertex: SourceVertex, split: SourceSplit, saved: SavedSplit | undefined): void {
    const reader = vertex.source.createReader(split, saved?.position, this.sourceContext);
    vertex.addSplit(split.id, this.clock.now(), saved?.watermark);
    const ended = saved?.watermark?.ended ?? false;
    this.readers.push({ vertex, split, reader, position: saved?.position, inFlight: false, requested: 0, result: NO_RESULT, error: undefined, ended });
  }

  /** Starts a discovery round for each source that is due (never more than one in flight per source). */
  private discoverSplits(now: number): void {
    for (const [vertex, due] of this.nextDiscovery) {
      const interval = vertex.source.discoveryIntervalMs ?? 0;
      if (interval <= 0 || now < due || vertex.source.discoverSplits === undefined) continue;
      this.nextDiscovery.set(vertex, Number.POSITIVE_INFINITY);
      const known = this.readers.filter((r) => r.vertex === vertex).map((r) => r.split);
      Promise.resolve(vertex.source.discoverSplits(this.sourceContext, known)).then(
        (found) => {
          const knownIds = new Set(known.map((s) => s.id));
          for (const split of found) if (!knownIds.has(split.id)) this.addReader(vertex, split, undefined);
          this.nextDiscovery.set(vertex, this.clock.now() + interval);
          if (found.length > 0) this.wake?.();
        },
        (error: unknown) => {
          log.warn(`split discovery of source '${vertex.id}' failed, retrying later: ${(error as Error).message}`, { vertex: vertex.id });
          this.nextDiscovery.set(vertex, this.clock.now() + interval);
        },
      );
    }
  }

  private async openSinks(restored: CheckpointData | undefined): Promise<void> {
    const context = this.sinkContext!;
    for (const vertex of this.graph.committingSinks) {
      await vertex.sink.open(context);
      // The crash may have come between writing the checkpoint and committing it: commit again (idempotent).
      const uid = this.graph.uidOf(vertex.id);
      if (restored !== undefined && uid in restored.sinks) await vertex.sink.commit(restored.id, restored.sinks[uid]);
    }
  }

  private async drainWrites(): Promise<void> {
    const pending = this.graph.pendingWrites;
    while (pending.length > 0) {
      const batch = pending.splice(0, pending.length);
      await Promise.all(batch);
    }
  }

  private async abortSinks(): Promise<void> {
    for (const vertex of this.graph.committingSinks) {
      try { await vertex.sink.abort(); } catch { /* the original failure is what matters */ }
    }
  }

  private async closeAll(): Promise<void> {
    for (const active of this.readers) await active.reader.close();
    for (const vertex of this.graph.committingSinks) await vertex.sink.close();
    await this.changelog?.close();
    this.graph.close();
  }

  private sleep(millis: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, millis);
      function done(): void { clearTimeout(timer); resolve(); }
      this.wake = () => { this.wake = undefined; done(); };
    });
  }
}
