/**
 * The contracts between the runtime and connectors. Sources are split (a Kafka partition, a file,
 * a generator shard); each split is read by its own reader, whose position goes into checkpoints.
 * Sinks commit in two phases: `prepareCommit` before the checkpoint is written, `commit` after.
 */

/** Returned by `SourceReader.poll` when a bounded split is drained. */
export const END: unique symbol = Symbol('end-of-split');
export type End = typeof END;

/**
 * Records read from a split. `times` are the source's own timestamps (Kafka's record timestamp;
 * a generator's event time), one per value, if it has them.
 */
export interface SourceBatch<T> {
  readonly values: T[];
  readonly times?: number[];
  /**
   * Records of this batch that failed to decode and go to the source's dead-letter sink
   * (`Source.deadLetterSink`): the runtime writes them there, in the same checkpoint as the outputs.
   */
  readonly deadLetters?: readonly unknown[];
  /** Records of this batch skipped as undecodable (ignore-parse-errors): counted, never silent. */
  readonly skipped?: number;
  /**
   * The split's watermark as the reader knows it (a repartition topic's watermark markers), for a
   * source with `providesWatermarks`: the runtime takes it instead of deriving one from timestamps.
   * Absent: unchanged (none yet, if the reader never gave one).
   */
  readonly watermark?: number;
  /** For a source with `providesWatermarks`: the split is idle (every producer upstream is) and holds no watermark back. */
  readonly idle?: boolean;
}

/** One independently readable part of a source. `id` is stable across restarts. */
export interface SourceSplit {
  readonly id: string;
}

/** What the runtime tells a source when the job starts. */
export interface SourceContext {
  /** This task's index and the number of tasks reading the source (splits are spread over them). */
  readonly taskIndex: number;
  readonly parallelism: number;
  /**
   * Task `taskIndex` reads exactly partition `taskIndex` of every topic (the tasks of a sub-topology
   * of a scaled job: co-partitioned inputs), instead of spreading partitions with `p % parallelism`.
   */
  readonly coPartitioned?: boolean;
  /**
   * A scaled job's consumer group (its application id): Kafka sources start where it committed
   * (the earliest offset where it has nothing) unless a checkpoint says otherwise, and their offsets
   * are committed to it. Absent: each source's own startup mode and group.
   */
  readonly groupId?: string;
  /** Processing time, injectable so tests can control it. */
  now(): number;
}

/**
 * A source of records: lists its splits and opens a reader per split.
 *
 * @example
 * const source: Source<Trade> = memorySource([{ symbol: 'AAPL', shares: 150 }]);
 */
export interface Source<T> {
  readonly name: string;
  /** True when every split ends (a file, a bounded generator): the job ends when all are drained. */
  readonly bounded: boolean;
  /** The splits this task reads (its share of them when several tasks read the source). */
  splits(ctx: SourceContext): Promise<SourceSplit[]> | SourceSplit[];
  /**
   * Optional: splits that appeared since the job started (a Kafka partition added to a topic, a topic
   * newly matching a pattern). The runtime calls it every `discoveryIntervalMs` with the splits it
   * already reads and opens a reader for each split returned, from that split's start.
   */
  discoverSplits?(ctx: SourceContext, known: readonly SourceSplit[]): Promise<SourceSplit[]> | SourceSplit[];
  /** How often to call `discoverSplits`, in ms; absent or 0 = never. */
  readonly discoveryIntervalMs?: number;
  /**
   * Optional: where the dead letters of `SourceBatch.deadLetters` go. The runtime opens, writes,
   * prepares and commits it with the job's sinks, so dead letters are part of each checkpoint (and of
   * its Kafka transaction): a replay after a crash never writes them twice, an abort never shows them.
   */
  readonly deadLetterSink?: Sink<unknown>;
  /**
   * The readers give each split's watermark (`SourceBatch.watermark` / `idle`) and the runtime uses
   * it instead of watermarks from record timestamps (a repartition topic's source). Default false.
   */
  readonly providesWatermarks?: boolean;
  /** Opens a reader; `position` is what the reader's `position()` returned at a checkpoint, to resume from. */
  createReader(split: SourceSplit, position: unknown, ctx: SourceContext): SourceReader<T>;
}

/**
 * Reads one split (a Kafka partition, a file, a generator shard) from a position: `poll` returns the
 * next batch or END, `position` is what a checkpoint stores and `createReader` gets back on restore.
 *
 * @example
 * const reader = source.createReader(split, undefined, { taskIndex: 0, parallelism: 1, now: () => Date.now() });
 * const batch = await reader.poll(1024);
 */
export interface SourceReader<T> {
  /**
   * Up to `maxRecords` records. Resolves soon with an empty batch when nothing is available (so the
   * runtime can detect idleness and run timers), or END when a bounded split is drained.
   */
  poll(maxRecords: number): Promise<SourceBatch<T> | End> | SourceBatch<T> | End;
  /** A structured-cloneable position just after the last record returned by `poll`. */
  position(): unknown;
  /**
   * Optional: records between the reader's position and the end of what its log holds now, as of the
   * last fetch (Kafka's records-lag: the high watermark, or the last stable offset under
   * read_committed, minus the position). Undefined until the reader knows.
   */
  lag?(): number | undefined;
  /** A checkpoint that includes this reader's position completed (Kafka commits offsets here). */
  notifyCheckpointComplete?(checkpointId: number, position: unknown): Promise<void> | void;
  /** Releases the reader's resources (connections, file handles); called once, last. */
  close(): Promise<void> | void;
}

/** The source positions a checkpoint records, handed to sinks when they prepare their commit. */
export interface CheckpointInputs {
  readonly positions: readonly SplitPosition[];
  /** The group Kafka input offsets commit to instead of each source's own (`SourceContext.groupId`). */
  readonly groupId?: string;
}

/** One split's position at a checkpoint. */
export interface SplitPosition {
  readonly source: Source<unknown>;
  readonly split: SourceSplit;
  readonly position: unknown;
}

/** What a sink learns when it opens. */
export interface SinkContext {
  readonly taskIndex: number;
  readonly parallelism: number;
  readonly jobName: string;
  /**
   * The task's id when the runtime names tasks (`"<sub-topology>_<partition>"` in a scaled job, as
   * Kafka Streams' TaskId); transactional sinks use it instead of `taskIndex` in their ids.
   */
  readonly taskId?: string;
  /**
   * The one transactional id every exactly-once sink of the task uses when the runtime sets one (a
   * scaled job's `<app>-<s>_<p>`, as Kafka Streams ignores per-sink ids): the task's outputs,
   * repartition writes, changelog writes and input offsets then commit in one transaction.
   */
  readonly transactionalId?: string;
  /** The id of the checkpoint restored from, if any: commits up to it may have happened already. */
  readonly restoredCheckpointId?: number;
}

/**
 * A two-phase-commit sink. `write` may return a promise: the runtime waits for it before reading more
 * input when too many writes are pending, which is how a slow sink slows the source (backpressure).
 *
 * @example
 * const sink: Sink<Row> = { name: 'log', open() {}, write(rows) { console.log(rows); }, prepareCommit: async () => null,
 *   commit: async () => {}, abort: async () => {}, close: async () => {} };
 */
export interface Sink<T> {
  readonly name: string;
  /** Runs once before any write, with the task's context (and the checkpoint restored from, if any). */
  open(ctx: SinkContext): Promise<void> | void;
  /** Writes a batch: values with their event timestamps; visible to readers only after `commit`. */
  write(values: T[], times: number[]): Promise<void> | void;
  /**
   * Flushes and returns what `commit` needs (structured-cloneable; it is stored in the checkpoint).
   * `inputs` are the source positions this checkpoint records: a transactional sink commits them with
   * its output (Kafka's consume-transform-produce), so output and input offsets move together.
   */
  prepareCommit(checkpointId: number, inputs?: CheckpointInputs): Promise<unknown> | unknown;
  /** Makes the checkpoint's writes visible. Idempotent: after a crash it may run again for the same checkpoint. */
  commit(checkpointId: number, prepared: unknown): Promise<void> | void;
  /**
   * Asked on restore, newest checkpoint first: can the job resume from this checkpoint? A sink whose
   * commit happens outside the checkpoint file (a Kafka transaction) answers false when the crash came
   * before that commit, and the runtime falls back to the previous checkpoint, whose commit is known to
   * have happened. Absent = always true.
   */
  acceptsCheckpoint?(checkpointId: number, prepared: unknown): Promise<boolean> | boolean;
  /**
   * Optional: the watermark of the sink's input rose, or its idleness changed (an idle input holds
   * no watermark back). Called in order with `write` — after the batches that came before it — so a
   * sink can pass event time on (a repartition topic's watermark markers).
   */
  writeWatermark?(watermark: number, idle: boolean): Promise<void> | void;
  /**
   * Optional: a fresh, unopened instance with the same settings, for another task of a scaled job
   * (each task opens its own sink).
   */
  copy?(): Sink<T>;
  /** Discards writes not yet prepared (on failure). */
  abort(): Promise<void> | void;
  /** Releases the sink's resources; called once, last. */
  close(): Promise<void> | void;
}

/** True when a value is a {@link Source} instance rather than a descriptor. */
export function isSource(value: unknown): value is Source<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Source<unknown>).createReader === 'function';
}

/** True when a value is a {@link Sink} instance rather than a descriptor. */
export function isSink(value: unknown): value is Sink<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Sink<unknown>).prepareCommit === 'function';
}
