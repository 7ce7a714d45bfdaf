import { SluiceError } from '../../core/errors.ts';
import type { KafkaClient, TopicPartition } from './client.ts';
import type { PartitionOffset, ResolvedSourceOptions } from './source-options.ts';

/**
 * The offset each partition starts at when no checkpoint gives one, per the startup mode — all
 * partitions looked up at once. With 'group-offsets', a partition without a committed offset starts
 * per `autoOffsetReset` (earliest by default); with 'specific-offsets', an unlisted partition starts
 * at the group's offset when there is a group, else at the earliest.
 *
 * @example
 * const starts = await startOffsets(kafka, [{ topic: 'trades', partition: 0 }], options); // [42]
 */
export async function startOffsets(client: KafkaClient, partitions: readonly TopicPartition[], options: ResolvedSourceOptions): Promise<number[]> {
  const rc = options.readCommitted;
  switch (options.startupMode) {
    case 'earliest-offset':
      return client.listOffsets(partitions, 'earliest', rc);
    case 'latest-offset':
      return client.listOffsets(partitions, 'latest', rc);
    case 'timestamp':
      return client.listOffsets(partitions, { timestamp: options.startupTimestampMillis! }, rc);
    case 'group-offsets':
      return groupOffsets(client, partitions, options);
    case 'specific-offsets': {
      const given = partitions.map((p) => lookup(options.specificOffsets!, p));
      const missing = partitions.filter((_, i) => given[i] === undefined);
      const fallback = options.groupId === undefined
        ? await client.listOffsets(missing, 'earliest', rc)
        : await groupOffsets(client, missing, { ...options, autoOffsetReset: options.autoOffsetReset ?? 'earliest' });
      let next = 0;
      return given.map((offset) => offset ?? fallback[next++]);
    }
  }
}

/**
 * The exclusive end offset of each partition for a bounded source, or undefined for all when unbounded.
 * 'latest-offset' is the end when the job starts (the last stable offset under read_committed).
 *
 * @example
 * const ends = await stopOffsets(kafka, partitions, { ...options, boundedMode: 'latest-offset' });
 */
export async function stopOffsets(client: KafkaClient, partitions: readonly TopicPartition[], options: ResolvedSourceOptions): Promise<(number | undefined)[]> {
  const rc = options.readCommitted;
  switch (options.boundedMode) {
    case 'unbounded':
      return partitions.map(() => undefined);
    case 'latest-offset':
      return client.listOffsets(partitions, 'latest', rc);
    case 'timestamp':
      return client.listOffsets(partitions, { timestamp: options.boundedTimestampMillis! }, rc);
    case 'specific-offsets': {
      const latest = await client.listOffsets(partitions, 'latest', rc);
      return partitions.map((p, i) => lookup(options.boundedSpecificOffsets!, p) ?? latest[i]);
    }
  }
}

async function groupOffsets(client: KafkaClient, partitions: readonly TopicPartition[], options: ResolvedSourceOptions): Promise<number[]> {
  const committed = await client.committedOffsets(options.groupId!, partitions);
  const missing = partitions.filter((_, i) => committed[i] === undefined);
  if (missing.length === 0) return committed as number[];
  const reset = options.autoOffsetReset ?? 'earliest';
  if (reset === 'none') {
    const names = missing.map((p) => `${p.topic} partition ${p.partition}`).join(', ');
    throw new SluiceError(`Kafka group '${options.groupId}' has no committed offset for ${names} (autoOffsetReset is 'none')`);
  }
  const fallback = await client.listOffsets(missing, reset, options.readCommitted);
  let next = 0;
  return committed.map((offset) => offset ?? fallback[next++]);
}

function lookup(offsets: readonly PartitionOffset[], p: TopicPartition): number | undefined {
  for (const o of offsets) if (o.partition === p.partition && (o.topic === undefined || o.topic === p.topic)) return o.offset;
  return undefined;
}
