import { SluiceError } from '../../core/errors.ts';
import { ownedPartitions } from '../partition-assignment.ts';
import { END, type End, type Source, type SourceBatch, type SourceContext, type SourceReader, type SourceSplit } from '../spi.ts';
import { parseBootstrapServers } from './client.ts';
import { kafkaCodec } from './codecs.ts';
import type { FetchedPartition } from './fetched-partition.ts';
import type { KafkaSplit } from './kafka-source.ts';
import { RecordDecoder } from './record-decoder.ts';
import { decodeRepartitionRecord } from './repartition-codec.ts';
import { resolveSourceOptions } from './source-options.ts';
import { SourceResources } from './source-resources.ts';
import { MarkerTable, type MarkerTableState } from './watermark-markers.ts';

/** Where a repartition source reads. */
export interface RepartitionSourceOptions {
  readonly bootstrapServers: string | readonly string[];
  readonly topic: string;
  /**
   * The consumer group (the application id) whose committed offsets a task starts from when it has
   * no checkpoint (earliest when none); the task's transaction commits its positions to it.
   */
  readonly groupId: string;
  /** Delete the records before each committed position once its checkpoint commits (Kafka Streams' purge). Default true. */
  readonly purge?: boolean;
  readonly connectTimeoutMs?: number;
  /** How long the broker holds a fetch open waiting for data. Default 100 ms. */
  readonly pollTimeoutMs?: number;
}

/** A repartition source: read like a Kafka source, its readers giving the watermark from the markers. */
export interface RepartitionSource extends Source<unknown> {
  readonly connector: 'kafka-repartition';
  readonly topic: string;
  readonly servers: readonly string[];
  readonly groupId: string;
}

/** A repartition reader's position: the next offset and the newest marker of each producer. */
export interface RepartitionPosition {
  readonly offset: number;
  readonly markers: MarkerTableState;
}

/**
 * True for a source made by {@link repartitionSource}.
 *
 * @example
 * if (isRepartitionSource(position.source)) console.log(position.source.topic);
 */
export function isRepartitionSource(source: unknown): source is RepartitionSource {
  return typeof source === 'object' && source !== null && (source as { connector?: unknown }).connector === 'kafka-repartition';
}

/**
 * The downstream end of an exchange between two sub-topologies of a scaled job: task p reads
 * partition p of the repartition topic (co-partitioned with the task's other inputs), read_committed,
 * from its checkpoint, else from the group's committed offset, else the earliest. Values and event
 * times are decoded from the records (repartition-codec.ts); watermark markers do not reach the
 * job: each reader keeps its producers' newest markers (in its position, so a restore is exact) and
 * gives the split's watermark — the minimum over non-idle producers, none until all have reported
 * (watermark-markers.ts). A split whose producers all ended (watermark +∞) ends. After a checkpoint
 * commits, the records before its position are deleted (delete-records), as Kafka Streams purges.
 *
 * @example
 * const source = repartitionSource({ bootstrapServers: 'localhost:9092', topic: 'stats-window-3f1c9a2b07de-repartition', groupId: 'stats' });
 */
export function repartitionSource(options: RepartitionSourceOptions): RepartitionSource {
  const servers = parseBootstrapServers(options.bootstrapServers);
  const { topic, groupId } = options;
  // The shared fetcher of a Kafka source, without its group committer: offsets commit in the task's transaction.
  const resolved = resolveSourceOptions({
    bootstrapServers: servers, topic, connectTimeoutMs: options.connectTimeoutMs, pollTimeoutMs: options.pollTimeoutMs, clientId: 'sluice-repartition',
  });
  const decoder = new RecordDecoder({
    value: kafkaCodec('raw', {}, 'valueFormat'), key: kafkaCodec('raw', {}, 'keyFormat'), metadata: false, errorMode: 'fail',
  });
  let resources: SourceResources | undefined;
  let opening: Promise<SourceResources> | undefined;

  async function current(): Promise<SourceResources> {
    if (resources !== undefined && !resources.closed) return resources;
    opening ??= SourceResources.open(resolved, servers, decoder).finally(() => (opening = undefined));
    resources = await opening;
    return resources;
  }

  return {
    connector: 'kafka-repartition',
    name: `repartition:${topic}`,
    topic,
    servers,
    groupId,
    bounded: false,
    providesWatermarks: true,
    async splits(ctx: SourceContext): Promise<KafkaSplit[]> {
      const shared = await current();
      shared.beginListing();
      try {
        const count = (await shared.client.partitionCounts([topic], 5_000)).get(topic);
        if (count === undefined) throw new SluiceError(`repartition topic '${topic}' does not exist (the scaled job creates it at start)`);
        const all = Array.from({ length: count }, (_, partition) => ({ topic, partition }));
        const owned = ownedPartitions(all, ctx, false);
        if (owned.length === 0) return [];
        const committed = await shared.client.committedOffsets(groupId, owned);
        const missing = owned.filter((_, i) => committed[i] === undefined);
        const earliest = await shared.client.listOffsets(missing, 'earliest');
        let next = 0;
        return owned.map(({ partition }, i) => ({ id: `${topic}-${partition}`, topic, partition, startOffset: committed[i] ?? earliest[next++] }));
      } finally {
        shared.endListing();
      }
    },
    createReader(split: SourceSplit, position: unknown): SourceReader<unknown> {
      const shared = resources;
      if (shared === undefined || shared.closed) throw new SluiceError('repartition source: createReader before splits()');
      const s = split as KafkaSplit;
      const restored = position as RepartitionPosition | undefined;
      shared.acquire();
      return new RepartitionSplitReader(shared, s.topic, s.partition, restored?.offset ?? s.startOffset, restored?.markers, options.purge !== false);
    },
  };
}

/**
 * Reads one partition of a repartition topic through the source's shared fetcher: values with their
 * event times, and the split's watermark and idleness from the markers whenever they change.
 *
 * @example
 * const reader = new RepartitionSplitReader(shared, 'stats-w-repartition', 2, 0, undefined, true);
 * const batch = await reader.poll(500); // { values, times, watermark? , idle? }
 */
export class RepartitionSplitReader implements SourceReader<unknown> {
  private readonly shared: SourceResources;
  private readonly topic: string;
  private readonly partition: number;
  private readonly handle: FetchedPartition;
  private readonly markers: MarkerTable;
  private readonly purge: boolean;
  private reportedWatermark: number | undefined;
  private reportedIdle = false;
  private closed = false;

  constructor(shared: SourceResources, topic: string, partition: number, offset: number, markers: MarkerTableState | undefined, purge: boolean) {
    this.shared = shared;
    this.topic = topic;
    this.partition = partition;
    this.purge = purge;
    this.markers = new MarkerTable(`repartition topic '${topic}' partition ${partition}`, markers);
    this.handle = shared.fetcher.assign(topic, partition, offset);
  }

  poll(maxRecords: number): SourceBatch<unknown> | End | Promise<SourceBatch<unknown> | End> {
    if (this.handle.buffered > 0) return this.emit(maxRecords);
    // Every producer's input ended and its last marker is read: nothing more will come.
    if (this.markers.ended() && this.reportedWatermark === Number.POSITIVE_INFINITY) return END;
    return this.handle.fetch().then(() => this.emit(maxRecords));
  }

  position(): { offset: number; markers: MarkerTableState } {
    return { offset: this.handle.position(), markers: this.markers.snapshot() };
  }

  /** The checkpoint committed this position (in the task's transaction): the records before it can go. */
  async notifyCheckpointComplete(_checkpointId: number, position: unknown): Promise<void> {
    const offset = (position as RepartitionPosition | undefined)?.offset;
    if (!this.purge || offset === undefined || offset <= 0) return;
    try {
      await this.shared.client.deleteRecords([{ topic: this.topic, partition: this.partition, offset }]);
    } catch (error) {
      // A purge that fails costs disk space, not correctness: the next checkpoint purges further.
      console.warn(`sluice: could not purge repartition topic '${this.topic}' partition ${this.partition} below ${offset}: ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.shared.fetcher.unassign(this.handle);
    await this.shared.release();
  }

  private emit(maxRecords: number): SourceBatch<unknown> {
    const records = this.handle.take(Math.max(1, maxRecords));
    const values: unknown[] = [];
    const times: number[] = [];
    for (const record of records) {
      const decoded = decodeRepartitionRecord(this.topic, this.partition, record);
      if (decoded.kind === 'marker') this.markers.update(decoded.marker);
      else {
        values.push(decoded.value);
        times.push(decoded.time);
      }
    }
    const watermark = this.markers.watermark();
    const idle = this.markers.idle();
    const batch: { values: unknown[]; times: number[]; watermark?: number; idle?: boolean } = { values, times };
    if (watermark !== undefined && watermark !== this.reportedWatermark) batch.watermark = this.reportedWatermark = watermark;
    if (idle !== this.reportedIdle) batch.idle = this.reportedIdle = idle;
    return batch;
  }
}
