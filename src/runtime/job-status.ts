import { MIN_WATERMARK } from '../core/batch.ts';
import type { PlanNodeKind } from '../plan/nodes.ts';
import { isStatefulKind } from '../plan/operator-uids.ts';
import type { Clock } from './clock.ts';
import type { RestoreStatus } from './changelog/changelog-options.ts';
import type { JobGraph } from './job-graph.ts';
import type { Vertex } from './vertex.ts';

/**
 * A job's vital signs, for the status line and for tests.
 *
 * @example
 * // { recordsIn: 120000, recordsPerSecond: 40000, watermark: 1704106805000, lateRecordsDropped: 12, ... }
 */
export interface JobStatus {
  readonly recordsIn: number;
  readonly recordsOut: number;
  /** Input rate over the last few seconds. */
  readonly recordsPerSecond: number;
  /** The lowest watermark among the sinks' inputs (how far event time has progressed end to end). */
  readonly watermark: number;
  readonly lateRecordsDropped: number;
  readonly lateRecordsSideOutput: number;
  /** Records skipped as undecodable (ignore-parse-errors), over all sources. */
  readonly recordsSkipped: number;
  /** Records sent to dead-letter outputs, over all sources. */
  readonly recordsDeadLettered: number;
  /** Each source's counts: what it read, skipped and dead-lettered. */
  readonly sources: readonly SourceStatus[];
  readonly splits: number;
  readonly checkpoints: number;
  /** The operators that keep keyed state: their kind, live keys and late records dropped. */
  readonly stateOperators: readonly StateOperatorStatus[];
  /** The last completed checkpoint that was written to a store: how long it took and how big it was. */
  readonly lastCheckpoint?: CheckpointStats;
  /** With a changelog (JobOptions.changelog): the restore from it — records read, rate, what is left. */
  readonly restore?: RestoreStatus;
  /**
   * For a job whose sources are all bounded and whose readers know what is left (Kafka, the in-process
   * log): records read this run and records left to read, for a progress bar. Absent otherwise.
   */
  readonly inputProgress?: InputProgress;
}

/** Records read and left of a bounded job's input (see {@link JobStatus.inputProgress}). */
export interface InputProgress {
  readonly read: number;
  readonly remaining: number;
}

/** Duration and size of one checkpoint. */
export interface CheckpointStats {
  readonly id: number;
  /** From the start of the checkpoint to its commit. */
  readonly durationMs: number;
  /** How long the stream stood still for it (prepare, drain, sinks' prepare, the state cut). */
  readonly pauseMs: number;
  /** Bytes of state files it wrote (increments, or bases where it compacted). */
  readonly stateBytes: number;
  /** Operators for which it wrote a base (a compaction) rather than an increment. */
  readonly stateBases: number;
}

/** One source in a {@link JobStatus}; counts are of this run (a restart starts them at 0). */
export interface SourceStatus {
  readonly id: string;
  readonly name: string;
  /** Records that entered the job. */
  readonly recordsIn: number;
  /** Records skipped as undecodable (ignore-parse-errors). */
  readonly skipped: number;
  /** Records sent to the source's dead-letter output. */
  readonly deadLettered: number;
  /**
   * Records from this source dropped as late by windows and joins fed by this source alone (an
   * operator fed by several sources counts in the job's `lateRecordsDropped` only).
   */
  readonly lateDropped: number;
}

/** One stateful operator in a {@link JobStatus}. */
export interface StateOperatorStatus {
  readonly id: string;
  readonly kind: string;
  readonly numRowsTotal: number;
  readonly lateRecordsDropped: number;
  /** The backend keeping its keyed state. */
  readonly backend: 'heap' | 'lmdb';
}

/** Operators listed in the status even while empty: the stateful kinds, and the lookup join (its table). */
function listedWhileEmpty(kind: string): boolean {
  return kind === 'lookup-join' || isStatefulKind(kind as PlanNodeKind);
}

/** Computes JobStatus from the graph's counters, with a rate smoothed over a sliding interval. */

export class JobStatusTracker {
  private readonly graph: JobGraph;
  private readonly clock: Clock;
  private samples: { time: number; records: number }[] = [];
  /** Each vertex fed by exactly one source, with that source (the graph is fixed once built). */
  private feeding: Map<Vertex, Vertex> | undefined;

  constructor(graph: JobGraph, clock: Clock) {
    this.graph = graph;
    this.clock = clock;
  }

  read(splits: number, checkpoints: number, lastCheckpoint?: CheckpointStats, remaining?: number): JobStatus {
    let recordsIn = 0;
    for (const source of this.graph.sources) recordsIn += source.recordsIn;
    let recordsOut = 0;
    let watermark = Number.POSITIVE_INFINITY;
    for (const sink of this.graph.sinks) {
      recordsOut += sink.recordsIn;
      watermark = Math.min(watermark, sink.watermark);
    }
    if (this.graph.sinks.length === 0) watermark = MIN_WATERMARK;
    const late = this.lateBySource();
    const sources = this.graph.sources.map((v): SourceStatus => ({
      id: v.id, name: v.source.name, recordsIn: v.recordsIn, skipped: v.recordsSkipped, deadLettered: v.recordsDeadLettered,
      lateDropped: late.get(v) ?? 0,
    }));
    return {
      recordsIn,
      recordsOut,
      recordsPerSecond: this.rate(recordsIn),
      watermark,
      lateRecordsDropped: this.graph.metric('lateRecordsDropped'),
      lateRecordsSideOutput: this.graph.metric('lateRecordsSideOutput'),
      recordsSkipped: sources.reduce((n, s) => n + s.skipped, 0),
      recordsDeadLettered: sources.reduce((n, s) => n + s.deadLettered, 0),
      sources,
      splits,
      checkpoints,
      stateOperators: this.stateOperators(),
      ...(lastCheckpoint === undefined ? {} : { lastCheckpoint }),
      ...(remaining === undefined ? {} : { inputProgress: { read: recordsIn, remaining } }),
    };
  }

  /** Late records dropped by the operators that one source alone feeds, by that source. */
  private lateBySource(): Map<Vertex, number> {
    this.feeding ??= soleSources(this.graph);
    const out = new Map<Vertex, number>();
    for (const vertex of this.graph.operators) {
      const source = this.feeding.get(vertex);
      if (source !== undefined) out.set(source, (out.get(source) ?? 0) + vertex.metrics.get('lateRecordsDropped'));
    }
    return out;
  }

  private stateOperators(): StateOperatorStatus[] {
    const out: StateOperatorStatus[] = [];
    for (const vertex of this.graph.operators) {
      const rows = vertex.stateSize;
      const late = vertex.metrics.get('lateRecordsDropped');
      if (rows > 0 || late > 0 || listedWhileEmpty(vertex.kind)) out.push({ id: vertex.id, kind: vertex.kind, numRowsTotal: rows, lateRecordsDropped: late, backend: vertex.stateBackendKind });
    }
    return out;
  }

  private rate(records: number): number {
    const now = this.clock.now();
    this.samples.push({ time: now, records });
    while (this.samples.length > 2 && now - this.samples[0].time > 5_000) this.samples.shift();
    const first = this.samples[0];
    const elapsed = now - first.time;
    return elapsed > 0 ? ((records - first.records) * 1000) / elapsed : 0;
  }
}

/** Each vertex downstream of exactly one source vertex, mapped to it (walking main and side outputs). */
function soleSources(graph: JobGraph): Map<Vertex, Vertex> {
  const fedBy = new Map<Vertex, Set<Vertex>>();
  for (const source of graph.sources) {
    const seen = new Set<Vertex>();
    const todo: Vertex[] = [source];
    while (todo.length > 0) {
      const vertex = todo.pop()!;
      for (const edge of [...vertex.mainOutputs, ...[...vertex.sideOutputs.values()].flat()]) {
        if (seen.has(edge.target)) continue;
        seen.add(edge.target);
        todo.push(edge.target);
      }
    }
    for (const vertex of seen) {
      let sources = fedBy.get(vertex);
      if (sources === undefined) fedBy.set(vertex, (sources = new Set()));
      sources.add(source);
    }
  }
  const sole = new Map<Vertex, Vertex>();
  for (const [vertex, sources] of fedBy) if (sources.size === 1) sole.set(vertex, [...sources][0]);
  return sole;
}
