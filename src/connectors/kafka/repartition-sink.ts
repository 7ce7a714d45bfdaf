import { SluiceError } from '../../core/errors.ts';
import type { CheckpointInputs, Sink, SinkContext } from '../spi.ts';
import { KafkaClient, parseBootstrapServers } from './client.ts';
import { encodeRepartitionRecord, encodeWatermarkMarker } from './repartition-codec.ts';
import type { OutgoingRecord } from './producer.ts';
import { sinkCommitMethods } from './sink-commit.ts';
import { type SinkConnection, SinkSends } from './sink-sends.ts';
import { TaskTransaction, taskTransactionalId } from './task-transaction.ts';
import type { PreparedTransaction } from './transactions.ts';

/** Where a repartition sink writes and how it keys records. */
export interface RepartitionSinkOptions {
  readonly bootstrapServers: string | readonly string[];
  /** The repartition topic (created beforehand with `partitions` partitions). */
  readonly topic: string;
  readonly partitions: number;
  /** The exchange key of a record; absent: one global key, every record to partition 0. */
  readonly keyOf?: (value: unknown) => unknown;
  /** The task transaction's id prefix; default the job's name (the application id). */
  readonly transactionalIdPrefix?: string;
  readonly connectTimeoutMs?: number;
  readonly transactionTimeoutMs?: number;
  readonly deliveryTimeoutMs?: number;
}

/** How long a topic created a moment ago may stay unknown to the broker asked. */
const TOPIC_KNOWN_WITHIN_MS = 5_000;

/**
 * The upstream end of an exchange between two sub-topologies of a scaled job: writes each record to
 * the repartition topic, keyed by the exchange key, partitioned by murmur2 of the key bytes (see
 * repartition-codec.ts), with its event time. Each time the task's watermark toward the exchange
 * rises or its idleness changes (the runtime calls `writeWatermark` in order with the batches), a
 * watermark marker goes to every partition, saying this task's watermark (the task is producer
 * `taskIndex` of `parallelism`); a checkpoint interval without a new marker repeats the last one,
 * so a reader that starts from the committed offsets hears from every producer. Always exactly-once: the writes join the task's one transaction
 * (`<app>-<s>_<p>`, shared with its other exactly-once Kafka sinks), which commits them with its
 * outputs and input offsets at each checkpoint.
 *
 * @example
 * const sink = repartitionSink({ bootstrapServers: 'localhost:9092', topic: 'stats-window-3f1c9a2b07de-repartition',
 *   partitions: 6, keyOf: (row) => [(row as { symbol: string }).symbol] });
 */
export function repartitionSink(options: RepartitionSinkOptions): Sink<unknown> {
  const servers = parseBootstrapServers(options.bootstrapServers);
  const connection = { bootstrapServers: servers, connectTimeoutMs: options.connectTimeoutMs, clientId: 'sluice-repartition' };
  const { topic, partitions, keyOf } = options;
  if (!Number.isInteger(partitions) || partitions < 1) throw new SluiceError(`repartition sink '${topic}': partitions must be a positive integer, got ${partitions}`);
  const sends = new SinkSends();
  let open: SinkConnection | undefined;
  let producer = 0;
  let producers = 1;
  /** The last watermark and idleness written, and whether markers went out since the last checkpoint. */
  let last: { watermark: number; idle: boolean } | undefined;
  let markedSinceCheckpoint = false;

  function sendMarkers(watermark: number, idle: boolean): Promise<void> {
    const records = new Array<OutgoingRecord>(partitions);
    for (let p = 0; p < partitions; p++) records[p] = encodeWatermarkMarker(topic, p, { producer, producers, watermark, idle });
    last = { watermark, idle };
    markedSinceCheckpoint = true;
    return sends.send(connected(), records);
  }

  function connected(): SinkConnection {
    if (open === undefined) throw new SluiceError(`repartition sink '${topic}': used before open() or after close()`);
    return open;
  }

  return {
    name: `repartition:${topic}`,
    copy: () => repartitionSink(options),
    async open(ctx: SinkContext) {
      if (open !== undefined) throw new SluiceError(`repartition sink '${topic}': one sink instance per task (this one is already open)`);
      producer = ctx.taskIndex;
      producers = ctx.parallelism;
      const client = await KafkaClient.connect(connection);
      try {
        const count = (await client.partitionCounts([topic], TOPIC_KNOWN_WITHIN_MS)).get(topic);
        if (count === undefined) throw new SluiceError(`repartition topic '${topic}' does not exist (the scaled job creates it at start)`);
        if (count !== partitions) throw new SluiceError(`repartition topic '${topic}' has ${count} partitions, the job expects ${partitions}`);
      } finally {
        await client.close();
      }
      const transaction = await TaskTransaction.join({
        task: ctx, servers, connection, markerTopic: topic, fresh: ctx.restoredCheckpointId === undefined,
        transactionalId: taskTransactionalId(options.transactionalIdPrefix ?? ctx.jobName, ctx),
        transactionTimeoutMs: options.transactionTimeoutMs, deliveryTimeoutMs: options.deliveryTimeoutMs,
      });
      open = { transaction };
    },
    write(values: unknown[], times: number[]) {
      const records = new Array<OutgoingRecord>(values.length);
      for (let i = 0; i < values.length; i++) records[i] = encodeRepartitionRecord(topic, partitions, keyOf, values[i], times[i]);
      return sends.send(connected(), records);
    },
    writeWatermark(watermark: number, idle: boolean) {
      return sendMarkers(watermark, idle);
    },
    async prepareCommit(checkpointId: number, inputs?: CheckpointInputs): Promise<PreparedTransaction> {
      // A checkpoint without markers repeats the last ones: a reader starting from the committed
      // offsets (a task moved, its local state gone) hears from every producer again, idle ones too.
      if (last !== undefined && !markedSinceCheckpoint) void sendMarkers(last.watermark, last.idle);
      markedSinceCheckpoint = false;
      await sends.done();
      return connected().transaction!.prepare(checkpointId, inputs);
    },
    ...sinkCommitMethods({
      sends, connection, servers, connected,
      current: () => open,
      forget: () => { open = undefined; },
    }),
  };
}
