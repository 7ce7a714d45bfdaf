import { randomUUID } from 'node:crypto';
import { sparkDuration } from '../../api/dataframe/functions.ts';
import { MIN_WATERMARK } from '../../core/batch.ts';
import type { SourceStatus } from '../../runtime/job-status.ts';
import type { LogicalPlan, SinkNode } from '../../plan/nodes.ts';
import { AnalysisException } from '../../api/dataframe/analysis-exception.ts';
import type { DataFrame } from '../../api/dataframe/dataframe.ts';
import { BuildContext } from '../../api/dataframe/frame-planning.ts';
import type { StreamingQuery, StreamingQueryListener, StreamingQueryProgress, StreamingQueryStatus } from '../../api/dataframe/streaming-query.ts';
import type { StreamWriteSpec, Trigger } from '../../api/dataframe/writer-specs.ts';
import { rowTypeOf } from '../../api/sql/planner/index.ts';
import { start, type JobHandle } from '../run.ts';
import { MicroBatchOutput } from './micro-batch-output.ts';
import { MicroBatchSink } from './micro-batch-sink.ts';
import { checkOutputMode } from './output-mode-rules.ts';
import { stateRunOptions } from '../state-config.ts';
import { locationHash, streamTarget, type TargetContext } from './stream-targets.ts';

/** How many progress reports a query keeps (Spark's spark.sql.streaming.numRecentProgressUpdates). */
const RECENT_PROGRESS = 100;

/** What a query needs of its session. */
export interface QuerySession extends Omit<TargetContext, 'rowType' | 'spec' | 'queryName' | 'checkpointLocation'> {
  readonly listeners: readonly StreamingQueryListener[];
  /** The session's settings (`.config(…)`, `spark.conf.set`): the state backend comes from them. */
  readonly planner: { readonly config: ReadonlyMap<string, string> };
  queryStarted(query: StreamingQueryRunner): void;
  queryTerminated(query: StreamingQueryRunner): void;
}

/**
 * A running DataFrame streaming query: the DataFrame planned for its output mode, a job whose
 * checkpoints are the micro-batches (the trigger sets the interval; see {@link MicroBatchSink}),
 * and Spark's progress reports built from the job's status after every batch.
 *
 * @example
 * const query = new StreamingQueryRunner(querySession, df, spec);
 * await query.awaitTermination(5_000);
 */
export class StreamingQueryRunner implements StreamingQuery {
  readonly id: string;
  readonly runId = randomUUID();
  readonly name: string | null;
  readonly #session: QuerySession;
  readonly #job: JobHandle;
  readonly #progress: StreamingQueryProgress[] = [];
  readonly #sinkName: string;
  #active = true;
  #error: Error | null = null;
  #recordsAtLastBatch = 0;
  #lastBatchAt = Date.now();
  #batchListeners: (() => void)[] = [];
  /** How long a source may take to see input that exists (see BuildContext.pollIntervalMs). */
  readonly #pollIntervalMs: number;
  /** Late records each operator had dropped at the previous batch. */
  readonly #lateDropped = new Map<string, number>();
  /** Each source's counts at the last batch, for the per-batch figures of its progress. */
  readonly #sourceCounts = new Map<string, SourceStatus>();

  constructor(session: QuerySession, df: DataFrame, spec: StreamWriteSpec) {
    checkOutputMode(df, spec.outputMode);
    const { interval, boundedNow } = triggerSchedule(spec.trigger);
    const aggregation = df.aggregation;
    const build = new BuildContext({ earlyFire: spec.outputMode !== 'append' && aggregation?.watermarked === true, boundedNow });
    const relation = df.relation(build);
    this.#pollIntervalMs = build.pollIntervalMs;
    const checkpointLocation = spec.options['checkpointLocation'];
    this.name = spec.queryName ?? null;
    const queryName = spec.queryName ?? `query-${spec.format}`;
    // The query's id survives restarts through its checkpoint location, as Spark's does.
    this.id = checkpointLocation === undefined ? randomUUID() : `query-${locationHash(checkpointLocation)}`;
    const target = streamTarget({
      registry: session.registry, out: session.out, rowType: rowTypeOf(relation), spec, queryName,
      withBatchDataFrame: (rows, type, fn) => session.withBatchDataFrame(rows, type, fn),
      setMemoryTable: (name, rows, type) => session.setMemoryTable(name, rows, type),
      memoryTable: (name) => session.memoryTable(name),
      ...(checkpointLocation === undefined ? {} : { checkpointLocation }),
    });
    if (relation.updating && spec.outputMode === 'append' && target.kind === 'sink') {
      throw new AnalysisException(`${spec.format} sink: the query updates rows it has written (${relation.changelogReason ?? 'an aggregation'}); append mode cannot write updates`);
    }
    const output = new MicroBatchOutput(spec.outputMode, aggregation?.keys);
    const sink = new MicroBatchSink(output, target, {
      takeInputCount: () => this.#takeInputCount(),
      onBatch: (batchId, numOutputRows) => this.#onBatch(batchId, numOutputRows),
    });
    this.#sinkName = sink.name;
    const sinkNode: SinkNode = Object.freeze({ kind: 'sink', id: `sink-${spec.format}`, input: relation.node, connector: sink });
    const plan: LogicalPlan = Object.freeze({ name: queryName, sinks: Object.freeze([sinkNode]) });
    this.#session = session;
    this.#job = start(plan, {
      ...stateRunOptions(session.planner.config),
      name: queryName, resolver: session.registry.resolver(), checkpointInterval: interval, skipIdleCheckpoints: true, handleSignals: true,
      ...(df.maxRecordsPerTrigger === undefined ? {} : { maxRecordsPerCheckpoint: df.maxRecordsPerTrigger }),
      ...(checkpointLocation === undefined ? {} : { checkpointDir: checkpointLocation }),
    });
    session.queryStarted(this);
    for (const l of session.listeners) l.onQueryStarted?.({ id: this.id, runId: this.runId, name: this.name });
    this.#job.done.then(
      () => this.#terminate(null),
      (error: unknown) => this.#terminate(error instanceof Error ? error : new Error(String(error))),
    );
  }

  get isActive(): boolean {
    return this.#active;
  }

  get status(): StreamingQueryStatus {
    const status = this.#active ? this.#job.status() : undefined;
    return {
      message: this.#active ? 'Waiting for data to arrive' : 'Stopped',
      isDataAvailable: status !== undefined && status.recordsIn > this.#recordsAtLastBatch,
      isTriggerActive: false,
    };
  }

  get lastProgress(): StreamingQueryProgress | null {
    return this.#progress.at(-1) ?? null;
  }

  get recentProgress(): readonly StreamingQueryProgress[] {
    return [...this.#progress];
  }

  async awaitTermination(timeoutMs?: number): Promise<boolean> {
    const done = this.#job.done.then(() => true);
    const result = timeoutMs === undefined ? await done : await Promise.race([done, delay(timeoutMs).then(() => false)]);
    if (this.#error !== null) throw this.#error;
    return result;
  }

  async processAllAvailable(): Promise<void> {
    if (!this.#active) return;
    // Everything read so far is in the batch the checkpoint ends; then wait until reading catches up:
    // no new input over three checkpoints, and for longer than a source takes to look for input (a
    // watched directory lists itself every interval: a file there now is seen within one).
    const ended = this.#job.done.then(() => undefined, () => undefined);
    const quietMs = this.#pollIntervalMs > 0 ? this.#pollIntervalMs + 100 : 0;
    let quietSince = Date.now();
    for (let idle = 0; (idle < 3 || Date.now() - quietSince < quietMs) && this.#active;) {
      const before = this.#job.status().recordsIn;
      // A query that fails or ends takes no more checkpoints: stop waiting then.
      await Promise.race([this.#job.checkpoint(), ended]);
      await delay(50);
      if (this.#job.status().recordsIn === before) {
        idle++;
      } else {
        idle = 0;
        quietSince = Date.now();
      }
    }
    if (this.#error !== null) throw this.#error;
  }

  async stop(): Promise<void> {
    if (this.#active) await this.#job.stop().catch(() => undefined);
    await this.#job.done.catch(() => undefined);
  }

  exception(): Error | null {
    return this.#error;
  }

  /** Resolves after the next micro-batch ends. */
  nextBatch(): Promise<void> {
    return new Promise((resolve) => this.#batchListeners.push(resolve));
  }

  #takeInputCount(): number {
    const now = this.#job?.status().recordsIn ?? 0;
    return now - this.#recordsAtLastBatch;
  }

  #onBatch(batchId: number, numOutputRows: number): void {
    const status = this.#job.status();
    const now = Date.now();
    const numInputRows = status.recordsIn - this.#recordsAtLastBatch;
    const duration = Math.max(1, now - this.#lastBatchAt);
    this.#recordsAtLastBatch = status.recordsIn;
    const sinceLast = duration / 1000;
    const progress: StreamingQueryProgress = Object.freeze({
      id: this.id, runId: this.runId, name: this.name, timestamp: new Date(this.#lastBatchAt).toISOString(), batchId,
      batchDuration: duration, numInputRows,
      inputRowsPerSecond: numInputRows / sinceLast, processedRowsPerSecond: numInputRows / sinceLast,
      durationMs: { triggerExecution: duration },
      eventTime: (status.watermark > MIN_WATERMARK && Number.isFinite(status.watermark) ? { watermark: new Date(status.watermark).toISOString() } : {}) as Record<string, string>,
      stateOperators: status.stateOperators.map((op) => {
        const dropped = op.lateRecordsDropped - (this.#lateDropped.get(op.id) ?? 0);
        this.#lateDropped.set(op.id, op.lateRecordsDropped);
        return { operatorName: op.kind, numRowsTotal: op.numRowsTotal, numRowsDroppedByWatermark: dropped };
      }),
      sources: status.sources.map((source) => {
        const last = this.#sourceCounts.get(source.id);
        this.#sourceCounts.set(source.id, source);
        const rows = source.recordsIn - (last?.recordsIn ?? 0);
        return {
          description: source.name, numInputRows: rows, inputRowsPerSecond: rows / sinceLast, processedRowsPerSecond: rows / sinceLast,
          // As Spark's source metrics (strings): records of the batch dropped as unparsable or sent to the dead-letter output.
          metrics: {
            numSkippedRecords: String(source.skipped - (last?.skipped ?? 0)),
            numDeadLetteredRecords: String(source.deadLettered - (last?.deadLettered ?? 0)),
            numLateDroppedRecords: String(source.lateDropped - (last?.lateDropped ?? 0)),
          },
        };
      }),
      sink: { description: this.#sinkName, numOutputRows },
    });
    this.#lastBatchAt = now;
    this.#progress.push(progress);
    if (this.#progress.length > RECENT_PROGRESS) this.#progress.shift();
    for (const l of this.#session.listeners) l.onQueryProgress?.({ progress });
    const waiting = this.#batchListeners;
    this.#batchListeners = [];
    for (const resolve of waiting) resolve();
  }

  #terminate(error: Error | null): void {
    if (!this.#active) return;
    this.#active = false;
    this.#error = error;
    this.#session.queryTerminated(this);
    for (const l of this.#session.listeners) l.onQueryTerminated?.({ id: this.id, runId: this.runId, exception: error?.message ?? null });
    for (const resolve of this.#batchListeners) resolve();
    this.#batchListeners = [];
  }
}

/** The checkpoint interval (= micro-batch period) and whether sources stop at what is there now. */
function triggerSchedule(trigger: Trigger | undefined): { interval: number; boundedNow: boolean } {
  if (trigger === undefined) return { interval: 0, boundedNow: false };
  if ('processingTime' in trigger) {
    const ms = typeof trigger.processingTime === 'number' ? trigger.processingTime : sparkDuration(trigger.processingTime, 'trigger processingTime');
    return { interval: ms, boundedNow: false };
  }
  // One batch: no checkpoint until the input ends (the final checkpoint is the batch).
  if ('once' in trigger) return { interval: Number.MAX_SAFE_INTEGER, boundedNow: true };
  if ('availableNow' in trigger) return { interval: 0, boundedNow: true };
  throw new AnalysisException('continuous triggers are not supported: use { processingTime: … } (micro-batches)');
}


function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
