import type { KafkaConnectionOptions } from '../../connectors/kafka/client.ts';

/**
 * Runs a task with its state in Kafka (Kafka Streams' changelog topics): JobOptions.changelog.
 *
 * @example
 * const changelog: ChangelogOptions = {
 *   connection: { bootstrapServers: 'localhost:9092' }, applicationId: 'stocks', partition: 0, partitions: 1,
 * };
 */
export interface ChangelogOptions {
  readonly connection: KafkaConnectionOptions;
  /**
   * Kafka Streams' application.id: names the changelog topics, and is the consumer group whose
   * committed offsets (committed in the task's transaction) are the task's input positions.
   */
  readonly applicationId: string;
  /** The task's partition p: it logs to, and restores from, partition p of each changelog topic. */
  readonly partition: number;
  /** Partitions of each changelog topic: the sub-topology's task count. */
  readonly partitions: number;
  /** The changelog topic of a stateful operator uid. Default `<applicationId>-<uid>-changelog`. */
  readonly topicFor?: (uid: string) => string;
  /**
   * The task's transactional id: the same as its exactly-once sinks', so state, outputs and input
   * offsets commit in one transaction. Default `<job name>-<task index>`, the Kafka sink's default.
   */
  readonly transactionalId?: string;
  /** Replication of the changelog topics it creates. Default: the broker's default.replication.factor. */
  readonly replicationFactor?: number;
}

/** How far a task's restore from its changelog has come (JobStatus.restore). */
export interface RestoreStatus {
  /** 'restoring' until every changelog partition is read to its end, then 'restored'. */
  readonly phase: 'restoring' | 'restored';
  /** Changelog records read so far. */
  readonly records: number;
  /** Offsets still to read (records, plus transaction markers and aborted records). */
  readonly remaining: number;
  readonly recordsPerSecond: number;
  readonly durationMs: number;
  /** Changelog partitions read from a local checkpoint's offset (the tail) rather than from their start. */
  readonly fromLocalState: number;
}
