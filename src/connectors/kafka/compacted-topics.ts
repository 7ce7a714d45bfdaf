import { SluiceError } from '../../core/errors.ts';
import type { KafkaClient } from './client.ts';

/** How the internal compacted topics of a job are made. */
export interface CompactedTopicSpec {
  readonly partitions: number;
  /** Default: the broker's default.replication.factor. */
  readonly replicationFactor?: number;
  /** What the topics are for, in error messages ('changelog'). */
  readonly purpose: string;
  /** More topic configs for the topics it creates (`cleanup.policy` is always compact). */
  readonly configs?: Readonly<Record<string, string>>;
}

/**
 * Creates each topic that does not exist as a compacted topic (`cleanup.policy=compact`) with
 * `spec.partitions` partitions, and checks each that does: one without compaction in its cleanup
 * policy, or with another partition count, is an error naming it and saying what it has (Kafka
 * Streams refuses such internal topics the same way).
 *
 * @example
 * await ensureCompactedTopics(kafka, ['app-agg-1-changelog'], { partitions: 6, purpose: 'changelog' });
 */
export async function ensureCompactedTopics(client: KafkaClient, topics: readonly string[], spec: CompactedTopicSpec): Promise<void> {
  if (topics.length === 0) return;
  const existing = await client.partitionCounts(topics);
  for (const topic of topics) {
    if (existing.has(topic)) continue;
    await client.createTopic(topic, { partitions: spec.partitions, replicationFactor: spec.replicationFactor, configs: { ...spec.configs, 'cleanup.policy': 'compact' } });
  }
  const counts = await client.partitionCounts(topics, 5_000);
  for (const topic of topics) {
    const count = counts.get(topic);
    if (count === undefined) throw new SluiceError(`${spec.purpose} topic '${topic}' could not be created`);
    if (count !== spec.partitions) {
      throw new SluiceError(`${spec.purpose} topic '${topic}' has ${count} partition${count === 1 ? '' : 's'}, expected ${spec.partitions} (one per task); ` +
        'delete it (sluice reset) or give it that many partitions');
    }
    const policy = (await client.topicConfigs(topic, ['cleanup.policy'])).get('cleanup.policy') ?? '';
    if (!policy.split(',').map((p) => p.trim()).includes('compact')) {
      throw new SluiceError(`${spec.purpose} topic '${topic}' has cleanup.policy=${policy || '(none)'}, expected compact: ` +
        'old state would be deleted by retention; set cleanup.policy=compact on it, or delete it');
    }
  }
}
