/**
 * Topic administration for tests through Kafka's own kafka-topics tool (TopicCommand), run
 * from the jars of kafka/pom.xml: topics are created explicitly because the test broker does
 * not auto-create them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKafkaJars } from './jars.ts';
import { runKafkaTool } from './java-process.ts';

const TOPIC_COMMAND = 'org.apache.kafka.tools.TopicCommand';

/** Optional settings of a new topic. */
export interface TopicOptions {
  /** Default: the broker's default.replication.factor (1 on one node, 3 on three). */
  replicationFactor?: number;
  /** Topic configs, e.g. { 'cleanup.policy': 'compact' }. */
  config?: Readonly<Record<string, string>>;
}

/**
 * Creates a topic and resolves once Kafka has accepted it; fails if it exists.
 *
 * @example
 * await createTopic('127.0.0.1:9092', 'trades', 3, { replicationFactor: 1 });
 */
export async function createTopic(bootstrap: string, name: string, partitions: number, options: TopicOptions = {}): Promise<void> {
  const args = ['--bootstrap-server', bootstrap, '--create', '--topic', name, '--partitions', String(partitions)];
  if (options.replicationFactor !== undefined) args.push('--replication-factor', String(options.replicationFactor));
  for (const [key, value] of Object.entries(options.config ?? {})) args.push('--config', `${key}=${value}`);
  await runKafkaTool(await ensureKafkaJars(), TOPIC_COMMAND, args);
}

/**
 * Deletes a topic.
 *
 * @example
 * await deleteTopic('127.0.0.1:9092', 'trades');
 */
export async function deleteTopic(bootstrap: string, name: string): Promise<void> {
  await runKafkaTool(await ensureKafkaJars(), TOPIC_COMMAND, ['--bootstrap-server', bootstrap, '--delete', '--topic', name]);
}

/**
 * kafka-topics --describe output for a topic: partitions, leaders, replicas and ISRs.
 *
 * @example
 * console.log(await describeTopic(bootstrap, 'trades'));
 */
export async function describeTopic(bootstrap: string, name: string): Promise<string> {
  return runKafkaTool(await ensureKafkaJars(), TOPIC_COMMAND, ['--bootstrap-server', bootstrap, '--describe', '--topic', name]);
}

/**
 * Raises a topic's partition count (kafka-topics --alter), e.g. to test partition discovery.
 *
 * @example
 * await addPartitions(bootstrap, 'trades', 3);
 */
export async function addPartitions(bootstrap: string, name: string, partitions: number): Promise<void> {
  const args = ['--bootstrap-server', bootstrap, '--alter', '--topic', name, '--partitions', String(partitions)];
  await runKafkaTool(await ensureKafkaJars(), TOPIC_COMMAND, args);
}

/**
 * Deletes a partition's records before `beforeOffset` (kafka-delete-records): the log then starts
 * there, as after retention, and reading an older offset is out of range.
 *
 * @example
 * await deleteRecords(bootstrap, 'trades', 0, 5); // offsets 0..4 are gone
 */
export async function deleteRecords(bootstrap: string, topic: string, partition: number, beforeOffset: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-delete-records-'));
  const file = join(dir, 'offsets.json');
  try {
    writeFileSync(file, JSON.stringify({ version: 1, partitions: [{ topic, partition, offset: beforeOffset }] }));
    return await runKafkaTool(await ensureKafkaJars(), 'org.apache.kafka.tools.DeleteRecordsCommand',
      ['--bootstrap-server', bootstrap, '--offset-json-file', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
