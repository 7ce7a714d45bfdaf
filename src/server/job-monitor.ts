import { randomBytes } from 'node:crypto';
import type { JobGraph } from '../runtime/job-graph.ts';
import type { JobRunner, SplitReport } from '../runtime/job-runner.ts';
import type { CheckpointStats, JobStatus } from '../runtime/job-status.ts';
import { OperatorVertex } from '../runtime/operator-vertex.ts';
import { SinkVertex } from '../runtime/sink-vertex.ts';
import { SourceVertex } from '../runtime/source-vertex.ts';
import type { Vertex } from '../runtime/vertex.ts';
import { RateWindow } from './rate-window.ts';

/** A job's state in Flink's words. */
export type JobState = 'RUNNING' | 'CANCELLING' | 'CANCELED' | 'FINISHED' | 'FAILED';

/** One checkpoint in the history. */
export interface CheckpointRecord {
  readonly id: number;
  readonly status: 'COMPLETED' | 'FAILED';
  /** Epoch ms when it began (completion time minus its duration). */
  readonly triggeredAt: number;
  /** Epoch ms when it completed or failed. */
  readonly finishedAt: number;
  readonly durationMs: number;
  /** How long the stream stood still for it. */
  readonly pauseMs: number;
  /** Bytes of state files it wrote. */
  readonly sizeBytes: number;
  /** Why it failed (FAILED only). */
  readonly failure?: string;
}

/** One failure of the job, as the exceptions history shows it (the message, never a stack trace). */
export interface ExceptionRecord {
  readonly exceptionName: string;
  readonly message: string;
  readonly timestamp: number;
}

/** One vertex as observed now: counts, rates, watermark, backpressure, state. */
export interface VertexObservation {
  readonly id: string;
  readonly uid: string;
  readonly kind: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly recordsInPerSecond: number;
  readonly recordsOutPerSecond: number;
  /** The vertex's watermark (its input watermark; a source's own), or null before the first one. */
  readonly watermark: number | null;
  /** Per split, for a source with a watermark strategy: each split's watermark (null before its first record). */
  readonly splitWatermarks?: Readonly<Record<string, number | null>>;
  /** Share of the last seconds this vertex's output was blocked by slow sinks (0..1); sinks report 0. */
  readonly backPressureRatio: number;
  readonly lateRecordsDropped: number;
  /** Keys with live state and the backend, for a stateful operator. */
  readonly state?: { readonly keys: number; readonly backend: 'heap' | 'lmdb' };
}

/** What the monitor needs to know about the job besides the runner. */
export interface MonitorContext {
  /** The options the job runs with, as the config endpoint shows them (secrets already masked). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly taskIndex: number;
  readonly parallelism: number;
  /** Ends the job with a final checkpoint (the handle's stop). */
  readonly stop: () => void;
}

const CHECKPOINT_HISTORY = 10;
const EXCEPTION_HISTORY = 16;

/**
 * Watches one running job for the REST API and the metrics endpoint: reads the runner's status and
 * graph when asked, keeps the checkpoint and exception histories (the runner reports each checkpoint
 * through `JobOptions.onCheckpoint`), and samples the counters every second for rates. It never
 * changes the job except through `cancel`.
 *
 * @example
 * const monitor = new JobMonitor(runner, { config: {}, taskIndex: 0, parallelism: 1, stop: () => runner.stop() });
 * monitor.watch(runner.run());
 * monitor.vertices(); // [{ id: 'source-1', recordsOut: 1200, ... }, ...]
 */
export class JobMonitor {
  /** Flink's 32-hex-digit job id, new for every start. */
  readonly id = randomBytes(16).toString('hex');
  readonly name: string;
  readonly startTime: number;
  readonly context: MonitorContext;
  private readonly runner: JobRunner;
  private jobState: JobState = 'RUNNING';
  private endTime: number | undefined;
  private readonly history: CheckpointRecord[] = [];
  private completed = 0;
  private failedCheckpoints = 0;
  private readonly failures: ExceptionRecord[] = [];
  private readonly rates = new RateWindow(5_000);
  private readonly sampler: NodeJS.Timeout;
  private readonly listeners = new Set<() => void>();

  constructor(runner: JobRunner, context: MonitorContext) {
    this.runner = runner;
    this.name = runner.name;
    this.context = context;
    this.startTime = Date.now();
    this.sample();
    this.sampler = setInterval(() => this.sample(), 1_000);
    this.sampler.unref();
  }

  /** Follows the job's end: FINISHED, CANCELED (stopped) or FAILED with its exception. */
  watch(done: Promise<{ outcome: 'finished' | 'stopped' }>): void {
    done.then(
      (result) => this.end(result.outcome === 'finished' ? 'FINISHED' : 'CANCELED'),
      (error: unknown) => {
        this.recordException(error);
        this.end('FAILED');
      },
    );
  }

  /** Called for every checkpoint the runner wrote (wired to JobOptions.onCheckpoint). */
  checkpointCompleted(stats: CheckpointStats): void {
    const now = Date.now();
    this.completed++;
    this.remember({ id: stats.id, status: 'COMPLETED', triggeredAt: now - stats.durationMs, finishedAt: now, durationMs: stats.durationMs, pauseMs: stats.pauseMs, sizeBytes: stats.stateBytes });
    this.changed();
  }

  /** Called when a checkpoint failed while it was written (the job fails with it). */
  checkpointFailed(id: number, error: unknown): void {
    const now = Date.now();
    this.failedCheckpoints++;
    this.remember({ id, status: 'FAILED', triggeredAt: now, finishedAt: now, durationMs: 0, pauseMs: 0, sizeBytes: 0, failure: messageOf(error) });
    this.changed();
  }

  /** Asks the job to stop with a final checkpoint; false when it is not running. */
  cancel(): boolean {
    if (this.jobState !== 'RUNNING') return false;
    this.jobState = 'CANCELLING';
    this.context.stop();
    this.changed();
    return true;
  }

  get state(): JobState {
    return this.jobState;
  }

  get ended(): number | undefined {
    return this.endTime;
  }

  status(): JobStatus {
    return this.runner.currentStatus();
  }

  checkpoints(): { readonly completed: number; readonly failed: number; readonly history: readonly CheckpointRecord[] } {
    return { completed: this.completed, failed: this.failedCheckpoints, history: [...this.history] };
  }

  exceptions(): readonly ExceptionRecord[] {
    return [...this.failures];
  }

  splits(): SplitReport[] {
    return this.runner.splitReports();
  }

  /** The running graph, for state queries (runtime/state-query.ts). */
  graph(): JobGraph {
    return this.runner.graph;
  }

  /** Uid of a vertex (its identity in checkpoints). */
  uidOf(vertexId: string): string {
    return this.runner.graph.uidOf(vertexId);
  }

  /** Every vertex of the graph with its counts, rates, watermark and backpressure. */
  vertices(): VertexObservation[] {
    const graph = this.runner.graph;
    const all: Vertex[] = [...graph.sources, ...graph.watermarkAssigners, ...graph.operators, ...graph.sinks, ...graph.deadLetterSinks];
    const inputs = new Map<Vertex, string[]>();
    for (const vertex of all) {
      for (const edge of [...vertex.mainOutputs, ...[...vertex.sideOutputs.values()].flat()]) {
        const list = inputs.get(edge.target) ?? [];
        if (!list.includes(vertex.id)) list.push(vertex.id);
        inputs.set(edge.target, list);
      }
    }
    const backPressure = this.rates.ratio('backpressure');
    return all.map((vertex): VertexObservation => {
      const isSink = vertex instanceof SinkVertex;
      const observation: VertexObservation = {
        id: vertex.id,
        uid: graph.uidOf(vertex.id),
        kind: vertex.kind,
        name: nameOf(vertex),
        inputs: inputs.get(vertex) ?? [],
        recordsIn: vertex.recordsIn,
        recordsOut: isSink ? 0 : vertex.recordsOut,
        recordsInPerSecond: this.rates.perSecond(`${vertex.id}:in`),
        recordsOutPerSecond: isSink ? 0 : this.rates.perSecond(`${vertex.id}:out`),
        watermark: finite(vertex.watermark),
        backPressureRatio: isSink ? 0 : backPressure,
        lateRecordsDropped: vertex instanceof OperatorVertex ? vertex.metrics.get('lateRecordsDropped') : 0,
      };
      if (vertex instanceof SourceVertex) return { ...observation, ...splitWatermarks(vertex) };
      if (vertex instanceof OperatorVertex && vertex.openedStates().length > 0) {
        return { ...observation, state: { keys: vertex.stateSize, backend: vertex.stateBackendKind } };
      }
      return observation;
    });
  }

  /** Calls `listener` whenever something changed (a checkpoint, the job's state); returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops sampling (the job ended and the server closes). */
  close(): void {
    clearInterval(this.sampler);
  }

  private sample(): void {
    const graph = this.runner.graph;
    const now = Date.now();
    const counts: Record<string, number> = { backpressure: this.runner.backPressuredTimeMs() };
    for (const vertex of [...graph.sources, ...graph.watermarkAssigners, ...graph.operators, ...graph.sinks, ...graph.deadLetterSinks]) {
      counts[`${vertex.id}:in`] = vertex.recordsIn;
      counts[`${vertex.id}:out`] = vertex.recordsOut;
    }
    this.rates.add(now, counts);
  }

  private remember(record: CheckpointRecord): void {
    this.history.unshift(record);
    if (this.history.length > CHECKPOINT_HISTORY) this.history.pop();
  }

  private recordException(error: unknown): void {
    this.failures.unshift({ exceptionName: error instanceof Error ? error.name : 'Error', message: messageOf(error), timestamp: Date.now() });
    if (this.failures.length > EXCEPTION_HISTORY) this.failures.pop();
  }

  private end(state: JobState): void {
    this.sample();
    this.jobState = state;
    this.endTime = Date.now();
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function nameOf(vertex: Vertex): string {
  if (vertex instanceof SourceVertex) return vertex.source.name;
  if (vertex instanceof SinkVertex) return vertex.sink.name;
  return vertex.id;
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Each split's watermark: its largest timestamp minus the strategy's out-of-orderness. */
function splitWatermarks(vertex: SourceVertex): { splitWatermarks?: Record<string, number | null> } {
  const marks = vertex.watermarkState();
  const delay = vertex.strategy?.maxOutOfOrderness ?? 0;
  if (marks === undefined) return {};
  const out: Record<string, number | null> = {};
  for (const [split, mark] of Object.entries(marks)) out[split] = finite(mark.maxTimestamp - delay);
  return { splitWatermarks: out };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
