import { SluiceError } from '../../core/errors.ts';
import { KafkaClient } from '../../connectors/kafka/client.ts';
import { ensureCompactedTopics } from '../../connectors/kafka/compacted-topics.ts';
import { isKafkaSource, type KafkaSplit } from '../../connectors/kafka/kafka-source.ts';
import { isRepartitionSource, type RepartitionPosition } from '../../connectors/kafka/repartition-source.ts';
import { readPartitionRange } from '../../connectors/kafka/partition-range.ts';
import type { OffsetWithMetadata, OutgoingRecord } from '../../connectors/kafka/producer.ts';
import type { KafkaPosition } from '../../connectors/kafka/split-reader.ts';
import { TaskTransaction } from '../../connectors/kafka/task-transaction.ts';
import type { CheckpointInputs, Source, SourceSplit } from '../../connectors/spi.ts';
import type { CheckpointStore } from '../../state/checkpoint-storage.ts';
import type { StateCut, StateEntry } from '../../state/state-backend.ts';
import { isStateChain, writeCut, type StateChain } from '../incremental-state.ts';
import type { CheckpointData, CoveredChangelog, SavedSplit } from '../job-checkpoint.ts';
import { GRAPH_FORMAT, type GraphSnapshot, type JobGraph } from '../job-graph.ts';
import type { OperatorVertexSnapshot } from '../operator-vertex.ts';
import type { SourceVertex } from '../source-vertex.ts';
import type { StepRecord } from '../restore-check.ts';
import type { ChangelogOptions, RestoreStatus } from './changelog-options.ts';
import {
  ChangelogStates, decodeOperatorRecord, encodeOperatorRecord, isOperatorRecordKey, OPERATOR_RECORD_KEY, teeCut, type ChangelogRecord, type OperatorRecord,
} from './changelog-records.ts';
import { decodeWatermarkMetadata, encodeWatermarkMetadata } from './watermark-metadata.ts';

/** Records sent to the transaction at a time while a cut is logged. */
const SEND_CHUNK = 2_000;

/** One stateful operator's changelog. */
interface LoggedOperator {
  readonly uid: string;
  readonly topic: string;
  states: ChangelogStates;
}

/** A reader of the task as the changelog sees it at a checkpoint. */
export interface CheckpointedReader {
  readonly vertex: SourceVertex;
  readonly split: SourceSplit;
  readonly position: unknown;
}

/**
 * A task's state in Kafka, Kafka Streams' way: at each checkpoint every stateful operator's state cut
 * (what changed since the previous one, deletes included) goes to partition p of its compacted
 * changelog topic, and the task's input positions — with each partition's watermark in the offset's
 * metadata — to consumer group `applicationId`, all inside the task's transaction (the one its
 * exactly-once sinks share), so state, outputs and positions commit atomically. A task starting
 * restores from the changelog: from its start when it has no local state, else only the tail after
 * the offsets its local checkpoint records (written after the transaction committed).
 *
 * @example
 * const changelog = new ChangelogTask(options, graph, 'stocks', 0);
 * await changelog.open(sinkContext, local);
 * const restored = await changelog.restore(local, store);
 */
export class ChangelogTask {
  readonly options: ChangelogOptions;
  readonly transactionalId: string;
  readonly #graph: JobGraph;
  readonly #operators: LoggedOperator[];
  #client: KafkaClient | undefined;
  #transaction: TaskTransaction | undefined;
  /** Sends of the checkpoint being logged (awaited before its commit). */
  #sends: Promise<void>[] = [];
  #pending: OutgoingRecord[] = [];
  #restore: { startedAt: number; records: number; remaining: number; doneAt?: number; fromLocalState: number } | undefined;
  /** How far the last restore read each changelog (what a standby's local checkpoint then covers). */
  #restoredUpTo: Record<string, CoveredChangelog> = {};
  /** Restores so far: state files of two restores in one millisecond get different names. */
  #restores = 0;

  constructor(options: ChangelogOptions, graph: JobGraph, jobName: string, taskIndex: number) {
    if (!(Number.isInteger(options.partitions) && options.partitions >= 1)) {
      throw new SluiceError(`changelog: partitions must be a positive integer (the task count), got ${options.partitions}`);
    }
    if (!(Number.isInteger(options.partition) && options.partition >= 0 && options.partition < options.partitions)) {
      throw new SluiceError(`changelog: partition must be an integer in 0…${options.partitions - 1}, got ${options.partition}`);
    }
    if (options.applicationId === '') throw new SluiceError('changelog: applicationId must not be empty');
    this.options = options;
    this.transactionalId = options.transactionalId ?? `${jobName}-${taskIndex}`;
    this.#graph = graph;
    const topicFor = options.topicFor ?? ((uid: string) => `${options.applicationId}-${uid}-changelog`);
    this.#operators = graph.operators
      .filter((vertex) => vertex.stateFingerprint() !== undefined)
      .map((vertex) => {
        const uid = graph.uidOf(vertex.id);
        return { uid, topic: topicFor(uid), states: new ChangelogStates([]) };
      });
  }

  /** The changelog topics, by operator uid. */
  get topics(): ReadonlyMap<string, string> {
    return new Map(this.#operators.map((o) => [o.uid, o.topic]));
  }

  /**
   * Connects, creates the changelog topics (or checks them) and opens the task's transactional
   * producer, which fences a previous owner of the transactional id: the broker aborts what it left
   * open, so the changelog's last stable offset is final before the restore reads up to it. Call
   * after the local checkpoint was chosen (its sinks' checks fence too) and before the sinks open;
   * they join this producer through the same `task` object.
   */
  async open(task: object, local: CheckpointData | undefined): Promise<void> {
    const client = await this.openTopics();
    const markerTopic = this.#operators[0]?.topic ?? `${this.options.applicationId}-markers`;
    // The marker is committed on its topic as the transaction opens: a task without state needs one made first.
    if (this.#operators.length === 0) await ensureCompactedTopics(client, [markerTopic], { partitions: 1, purpose: 'marker' });
    this.#transaction = await TaskTransaction.join({
      task, servers: client.servers, connection: this.options.connection, transactionalId: this.transactionalId,
      markerTopic, fresh: local === undefined,
    });
  }

  /**
   * Connects and creates (or checks) the changelog topics, without the transactional producer: all a
   * standby needs, which must not fence the active task.
   */
  async openTopics(): Promise<KafkaClient> {
    const client = await KafkaClient.connect(this.options.connection);
    this.#client = client;
    await ensureCompactedTopics(client, this.#operators.map((o) => o.topic), {
      partitions: this.options.partitions, replicationFactor: this.options.replicationFactor, purpose: 'changelog',
      // A map state's key deleted as a whole is one tombstone for all its items (the cut re-sends the
      // live ones after it): compaction must never drop that tombstone before the stale items it hides.
      configs: { 'delete.retention.ms': String(Number.MAX_SAFE_INTEGER) },
    });
    return client;
  }

  /** How far the last restore read each operator's changelog, by uid. */
  restoredUpTo(): Record<string, CoveredChangelog> {
    return this.#restoredUpTo;
  }

  /**
   * Restores every logged operator: its local chain (if the local checkpoint has one and its offset is
   * still in the changelog) plus the changelog records after it, written as a new state file of the
   * chain. Returns the checkpoint to restore the graph from — the local one with those chains, or
   * one made from the changelog alone — or undefined when there is nothing to restore.
   */
  async restore(local: CheckpointData | undefined, store: CheckpointStore, options: { readonly quiet?: boolean } = {}): Promise<CheckpointData | undefined> {
    const client = this.#connected();
    const partition = this.options.partition;
    const parts = this.#operators.map((o) => ({ topic: o.topic, partition }));
    const earliest = await client.listOffsets(parts, 'earliest');
    const ends = await client.listOffsets(parts, 'latest');
    const starts = this.#operators.map((o, i) => {
      const covered = local?.changelog?.[o.uid];
      const usable = covered !== undefined && covered.topic === o.topic && covered.offset >= earliest[i] && covered.offset <= ends[i];
      return usable && isStateChain(local?.graph.operators[o.uid]?.state) ? covered.offset : undefined;
    });
    let remaining = 0;
    for (let i = 0; i < parts.length; i++) remaining += ends[i] - (starts[i] ?? earliest[i]);
    this.#restore = { startedAt: Date.now(), records: 0, remaining, fromLocalState: starts.filter((s) => s !== undefined).length };
    const operators: Record<string, OperatorVertexSnapshot> = { ...local?.graph.operators };
    const steps: Record<string, StepRecord> = { ...local?.graph.steps };
    let restoredAny = local !== undefined;
    const runId = `${Date.now().toString(36)}-${++this.#restores}`;
    this.#restoredUpTo = {};
    for (let i = 0; i < this.#operators.length; i++) {
      const operator = this.#operators[i];
      const fromLocal = starts[i] !== undefined;
      const from = starts[i] ?? earliest[i];
      const tail = await this.#readTail(operator.topic, from, ends[i], this.#restore.remaining - (ends[i] - from));
      const upTo = (): CoveredChangelog => ({ topic: operator.topic, offset: ends[i], states: [...operator.states.states] });
      if (tail.record === undefined) {
        if (tail.entries.length > 0) throw new SluiceError(`changelog '${operator.topic}' partition ${partition}: state records without the operator record that says what they are`);
        if (fromLocal) {
          operator.states = new ChangelogStates(local!.changelog![operator.uid].states);
          this.#restoredUpTo[operator.uid] = upTo();
        } else {
          delete operators[operator.uid]; // a local chain the changelog no longer vouches for
        }
        continue;
      }
      restoredAny = true;
      operator.states = new ChangelogStates(tail.record.states);
      const previous = fromLocal ? (local!.graph.operators[operator.uid].state as StateChain) : undefined;
      const cut = entriesAsCut(tail.record, tail.entries, !fromLocal);
      const name = `restore-${runId}-${i}-${operator.uid.replace(/[^A-Za-z0-9_.-]/g, '_')}.state`;
      const chain = await writeCut(store, name, cut, previous);
      operators[operator.uid] = { ...tail.record.vertex, state: chain };
      this.#restoredUpTo[operator.uid] = upTo();
      if (tail.record.step !== undefined) steps[operator.uid] = tail.record.step;
    }
    this.#restore = { ...this.#restore, remaining: 0, doneAt: Date.now() };
    const done = this.restoreStatus()!;
    const tails = done.fromLocalState === 0 ? '' : `; ${done.fromLocalState} of them only the tail after the local state`;
    if (options.quiet !== true) console.warn(`sluice: task '${this.transactionalId}' restored ${done.records} changelog records from ${parts.length} partition${parts.length === 1 ? '' : 's'} ` +
      `in ${done.durationMs} ms (${done.recordsPerSecond}/s${tails})`);
    if (!restoredAny) return undefined;
    const graph: GraphSnapshot = { format: GRAPH_FORMAT, watermarks: local?.graph.watermarks ?? {}, operators, steps };
    return { job: local?.job ?? '', id: local?.id ?? 0, graph, sources: {}, sinks: local?.sinks ?? {} };
  }

  /** Restore progress for the job status; undefined before the restore starts. */
  restoreStatus(): RestoreStatus | undefined {
    const r = this.#restore;
    if (r === undefined) return undefined;
    const durationMs = (r.doneAt ?? Date.now()) - r.startedAt;
    return {
      phase: r.doneAt === undefined ? 'restoring' : 'restored', records: r.records, remaining: r.remaining,
      recordsPerSecond: durationMs > 0 ? Math.round((r.records * 1000) / durationMs) : 0, durationMs, fromLocalState: r.fromLocalState,
    };
  }

  /**
   * Where each split of a Kafka source starts: the offset group `applicationId` committed (with the
   * checkpoint's transaction) and the watermark in its metadata; the earliest offset when the group
   * has none. A local checkpoint's positions are never used: the committed offsets are the truth.
   */
  async savedSplits(source: Source<unknown>, splits: readonly SourceSplit[]): Promise<Record<string, SavedSplit>> {
    const repartition = isRepartitionSource(source);
    if (!isKafkaSource(source) && !repartition) {
      throw new SluiceError(`source '${source.name}': a task with a changelog takes its input positions from Kafka group '${this.options.applicationId}', so every source must be a Kafka source`);
    }
    const client = this.#connected();
    const parts = splits.map((s) => ({ topic: (s as KafkaSplit).topic, partition: (s as KafkaSplit).partition }));
    const committed = await client.committedOffsetsWithMetadata(this.options.applicationId, parts);
    const missing = parts.filter((_, i) => committed[i] === undefined);
    // Repartition topics are written transactionally and read read_committed.
    const earliest = await client.listOffsets(missing, 'earliest', repartition || source.options.readCommitted);
    const saved: Record<string, SavedSplit> = {};
    let next = 0;
    for (let i = 0; i < splits.length; i++) {
      const c = committed[i];
      if (c === undefined) {
        saved[splits[i].id] = { position: { offset: earliest[next++] } satisfies KafkaPosition };
        continue;
      }
      let metadata;
      try {
        metadata = decodeWatermarkMetadata(c.metadata);
      } catch (error) {
        throw new SluiceError(`group '${this.options.applicationId}', ${parts[i].topic} partition ${parts[i].partition}: ${(error as Error).message}`, { cause: error });
      }
      // A repartition reader's position holds its producers' newest watermark markers too (they travel in the metadata).
      const { markers, ...watermark } = metadata ?? {};
      const position = repartition && markers !== undefined ? ({ offset: c.offset, markers } satisfies RepartitionPosition) : ({ offset: c.offset } satisfies KafkaPosition);
      saved[splits[i].id] = { position, watermark: metadata === undefined ? undefined : watermark as typeof metadata };
    }
    return saved;
  }

  /**
   * Whether a source's readers hear of completed checkpoints in this mode: a repartition reader does
   * (it purges the records below its committed position); a Kafka reader does not (the transaction
   * committed its position and watermark; its own group commit would overwrite them).
   */
  notifiesReaders(source: Source<unknown>): boolean {
    return isRepartitionSource(source);
  }

  /**
   * Opens the checkpoint's transaction part: the commit marker and the inputs' offsets for their own
   * groups (as the sinks do; a no-op when a sink did it), then each Kafka split's position for group
   * `applicationId`, with its watermark as the offset's metadata.
   */
  async prepare(checkpointId: number, inputs: CheckpointInputs, readers: readonly CheckpointedReader[]): Promise<void> {
    const transaction = this.#opened();
    await transaction.prepare(checkpointId, inputs);
    const offsets: OffsetWithMetadata[] = [];
    for (const { vertex, split, position } of readers) {
      const repartition = isRepartitionSource(vertex.source);
      if (!isKafkaSource(vertex.source) && !repartition) continue;
      const s = split as KafkaSplit;
      const offset = (position as KafkaPosition | undefined)?.offset ?? s.startOffset;
      const markers = repartition ? (position as RepartitionPosition | undefined)?.markers : undefined;
      offsets.push({ topic: s.topic, partition: s.partition, offset, metadata: encodeWatermarkMetadata(vertex.watermarkState()?.[split.id], markers) });
    }
    await transaction.sendOffsets(this.options.applicationId, offsets);
  }

  /**
   * The cuts to write to the local state files, each logged operator's wrapped so every entry read
   * from it is also sent to its changelog (in chunks, inside the open transaction).
   */
  log(cuts: ReadonlyMap<string, StateCut>): Map<string, StateCut> {
    const out = new Map(cuts);
    for (const operator of this.#operators) {
      const cut = cuts.get(operator.uid);
      if (cut === undefined) continue;
      const remap = operator.states.remap(cut.states);
      out.set(operator.uid, teeCut(cut, remap, (record) => this.#queue(operator.topic, record)));
    }
    return out;
  }

  /**
   * Sends what is left of the checkpoint's records and each operator's record (its state list,
   * timers, small snapshot, watermark and step), commits the transaction, and returns the offsets
   * the checkpoint covers, for the local checkpoint.
   */
  async commit(checkpointId: number, snapshot: GraphSnapshot): Promise<Record<string, CoveredChangelog>> {
    const transaction = this.#opened();
    for (const operator of this.#operators) {
      const vertex = snapshot.operators[operator.uid];
      if (vertex === undefined) continue;
      const value = encodeOperatorRecord({ states: operator.states.states, vertex, step: snapshot.steps[operator.uid] });
      this.#queue(operator.topic, { key: OPERATOR_RECORD_KEY, value });
    }
    this.#flush();
    const sends = this.#sends;
    this.#sends = [];
    await Promise.all(sends);
    await transaction.commit(checkpointId);
    // Only this task writes its partitions (its transactional id fences others), so the log's end
    // after the commit covers every record of the checkpoint; the commit marker may come after it.
    const parts = this.#operators.map((o) => ({ topic: o.topic, partition: this.options.partition }));
    const ends = await this.#connected().listOffsets(parts, 'latest', false);
    return Object.fromEntries(this.#operators.map((o, i) => [o.uid, { topic: o.topic, offset: ends[i], states: [...o.states.states] }]));
  }

  /** Drops what a failed checkpoint queued (its transaction is aborted with the sinks'). */
  discard(): void {
    this.#pending = [];
    this.#sends = [];
  }

  /** Leaves the transaction (the last member closes the producer) and closes the client. */
  async close(): Promise<void> {
    const transaction = this.#transaction;
    this.#transaction = undefined;
    await transaction?.leave();
    await this.#client?.close();
    this.#client = undefined;
  }

  /** Reads one changelog partition's range; `remainingAfter`: offsets left in the partitions read after it (progress). */
  async #readTail(topic: string, from: number, to: number, remainingAfter: number): Promise<{ entries: StateEntry[]; record: OperatorRecord | undefined }> {
    const entries: StateEntry[] = [];
    let record: OperatorRecord | undefined;
    const partition = this.options.partition;
    const restore = this.#restore!;
    let counted = 0;
    await readPartitionRange(this.#connected(), topic, partition, from, to, (records, progress) => {
      for (const r of records) {
        if (r.key === null) throw new SluiceError(`changelog '${topic}' partition ${partition} offset ${r.offset}: a record without a key`);
        if (isOperatorRecordKey(r.key)) {
          if (r.value === null) throw new SluiceError(`changelog '${topic}' partition ${partition} offset ${r.offset}: the operator record is empty`);
          record = decodeOperatorRecord(r.value, topic, partition, r.offset);
        } else {
          entries.push([r.key, r.value ?? undefined]);
        }
      }
      restore.records += progress.records - counted;
      restore.remaining = remainingAfter + progress.remaining;
      counted = progress.records;
    });
    restore.remaining = remainingAfter;
    return { entries, record };
  }

  #queue(topic: string, record: ChangelogRecord): void {
    this.#pending.push({ topic, partition: this.options.partition, key: record.key, value: record.value });
    if (this.#pending.length >= SEND_CHUNK) this.#flush();
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    const chunk = this.#pending;
    this.#pending = [];
    const sent = this.#opened().send(chunk);
    sent.catch(() => {}); // awaited (and reported) by commit
    this.#sends.push(sent);
  }

  #connected(): KafkaClient {
    if (this.#client === undefined) throw new SluiceError('changelog: used before open() or after close()');
    return this.#client;
  }

  #opened(): TaskTransaction {
    if (this.#transaction === undefined) throw new SluiceError('changelog: used before open() or after close()');
    return this.#transaction;
  }
}

/** Changelog entries as a cut a state file can be written from: a base when nothing precedes them locally. */
function entriesAsCut(record: OperatorRecord, entries: readonly StateEntry[], full: boolean): StateCut {
  return {
    states: record.states,
    full,
    estimatedEntries: entries.length,
    entries: () => entries[Symbol.iterator](),
    commit: () => {},
    release: () => {},
  };
}
