import type { CheckpointInputs } from '../spi.ts';
import { KafkaClient, type KafkaConnectionOptions, type TopicPartitionOffset } from './client.ts';
import { isKafkaSource, type KafkaSplit } from './kafka-source.ts';
import type { KafkaProducer } from './producer.ts';
import type { KafkaPosition } from './split-reader.ts';
import { isRepartitionSource } from './repartition-source.ts';

/**
 * What an exactly-once sink stores in a checkpoint: enough to tell, after a crash, whether that
 * checkpoint's transaction was committed.
 */
export interface PreparedTransaction {
  readonly checkpointId: number;
  readonly transactionalId: string;
  /** The synthetic group whose offset on (`markerTopic`, 0) is the id of the last committed checkpoint. */
  readonly markerGroup: string;
  readonly markerTopic: string;
  /** The source offsets committed inside the transaction, per consumer group. */
  readonly offsets: Readonly<Record<string, readonly TopicPartitionOffset[]>>;
}

/**
 * The group holding a transactional id's commit marker.
 *
 * @example
 * markerGroupOf('big-trades-0') // 'big-trades-0-checkpoints'
 */
export function markerGroupOf(transactionalId: string): string {
  return `${transactionalId}-checkpoints`;
}

/**
 * The input offsets a checkpoint records for Kafka sources on the same cluster, per consumer group:
 * what consume-transform-produce commits inside the output transaction (KIP-447). Sources without a
 * group, and sources of other clusters, contribute nothing.
 *
 * @example
 * const offsets = inputOffsets(inputs, ['127.0.0.1:9092']); // Map { 'stats' => [{ topic: 'trades', partition: 0, offset: 42 }] }
 */
export function inputOffsets(inputs: CheckpointInputs | undefined, servers: readonly string[]): Map<string, TopicPartitionOffset[]> {
  const byGroup = new Map<string, TopicPartitionOffset[]>();
  for (const { source, split, position } of inputs?.positions ?? []) {
    // A scaled job's repartition topics commit like its input topics, to the application's group.
    if (!(isKafkaSource(source) || isRepartitionSource(source))) continue;
    const group = inputs?.groupId ?? source.groupId;
    if (group === undefined || !source.servers.some((s) => servers.includes(s))) continue;
    const s = split as KafkaSplit;
    const offset = (position as KafkaPosition | undefined)?.offset ?? s.startOffset;
    if (offset === undefined) continue;
    let list = byGroup.get(group);
    if (list === undefined) byGroup.set(group, (list = []));
    list.push({ topic: s.topic, partition: s.partition, offset });
  }
  return byGroup;
}

/**
 * Adds a checkpoint's input offsets and its commit marker to the open transaction. The marker (the
 * checkpoint id, committed as the offset of a synthetic group) becomes visible exactly when the
 * transaction commits, which is what makes {@link transactionCommitted} exact — also when no Kafka
 * source feeds the sink, and also when the input did not move between two checkpoints.
 *
 * @example
 * const prepared = await prepareTransaction(producer, 'out', 7, inputOffsets(inputs, servers));
 */
export async function prepareTransaction(producer: KafkaProducer, markerTopic: string, checkpointId: number,
  offsets: Map<string, TopicPartitionOffset[]>): Promise<PreparedTransaction> {
  const transactionalId = producer.transactionalId!;
  if (!producer.inTransaction) await producer.begin();
  for (const [group, list] of offsets) await producer.sendOffsets(group, list);
  const markerGroup = markerGroupOf(transactionalId);
  await producer.sendOffsets(markerGroup, [{ topic: markerTopic, partition: 0, offset: checkpointId }]);
  return { checkpointId, transactionalId, markerGroup, markerTopic, offsets: Object.fromEntries(offsets) };
}

/**
 * Starts a job's marker over (a fresh start, not a restore): checkpoint ids begin again at 1.
 *
 * @example
 * if (ctx.restoredCheckpointId === undefined) await resetMarker(kafka, 'big-trades-0', 'big-trades');
 */
export async function resetMarker(client: KafkaClient, transactionalId: string, markerTopic: string): Promise<void> {
  await client.commitOffsets(markerGroupOf(transactionalId), [{ topic: markerTopic, partition: 0, offset: 0 }]);
}

/**
 * Was the transaction of checkpoint `prepared.checkpointId` committed? Reads the marker, waiting for
 * pending transactional commits to settle. After a crash, fence the transactional id first (see
 * `checkpointCommitted` in task-transaction.ts), or a transaction the crashed producer left open
 * keeps the answer pending until the broker times it out.
 *
 * @example
 * const committed = await markerCommitted({ bootstrapServers }, prepared);
 */
export async function markerCommitted(connection: KafkaConnectionOptions, prepared: PreparedTransaction): Promise<boolean> {
  const client = await KafkaClient.connect(connection);
  try {
    const [marker] = await client.committedOffsets(prepared.markerGroup, [{ topic: prepared.markerTopic, partition: 0 }]);
    return marker !== undefined && marker >= prepared.checkpointId;
  } finally {
    await client.close();
  }
}
