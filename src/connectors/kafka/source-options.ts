import { ConfigError } from '../../core/errors.ts';
import type { KafkaConnectionOptions } from './client.ts';
import type { KafkaFormat, KafkaFormatSettings } from './codecs.ts';

/** Where a partition starts when no checkpoint says (Flink's `scan.startup.mode`). */
export type StartupMode = 'earliest-offset' | 'latest-offset' | 'group-offsets' | 'timestamp' | 'specific-offsets';

/** Where a partition ends (Flink's `scan.bounded.mode`); 'unbounded' reads forever. */
export type BoundedMode = 'unbounded' | 'latest-offset' | 'timestamp' | 'specific-offsets';

/** An offset for a partition; `topic` may be left out when the source reads one topic. */
export interface PartitionOffset {
  readonly topic?: string;
  readonly partition: number;
  readonly offset: number;
}

/**
 * A Kafka source, with Flink's option names (typed). Exactly one of `topic`, `topics`, `topicPattern`.
 *
 * @example
 * const options: KafkaSourceOptions = { bootstrapServers: 'localhost:9092', topic: 'trades', groupId: 'stats',
 *   startupMode: 'earliest-offset', valueFormat: 'json' };
 */
export interface KafkaSourceOptions extends KafkaConnectionOptions {
  readonly topic?: string;
  readonly topics?: readonly string[];
  /** A regular expression every topic read must match whole (as Flink's `topic-pattern`). */
  readonly topicPattern?: string | RegExp;
  /** The consumer group: offsets are committed for it when a checkpoint completes. */
  readonly groupId?: string;
  /** Default 'group-offsets' with a groupId, else 'earliest-offset'. */
  readonly startupMode?: StartupMode;
  /**
   * Kafka's `auto.offset.reset`. With 'group-offsets', where a partition without a committed offset
   * starts (default 'earliest', as Flink). And while reading, where a partition whose next offset no
   * longer exists (deleted by retention or `kafka-delete-records`, or beyond the log's end) goes on:
   * 'earliest' or 'latest' jump there, logging the range skipped; 'none' — the default for this case,
   * unless the option is set — fails the job naming the partition and the lost range.
   */
  readonly autoOffsetReset?: 'earliest' | 'latest' | 'none';
  readonly startupTimestampMillis?: number;
  /** With 'specific-offsets'; partitions not listed start at the group's offset, else the earliest. */
  readonly specificOffsets?: readonly PartitionOffset[];
  /** Default 'unbounded'. Any other mode makes the source bounded: the job ends when every partition is read to its end. */
  readonly boundedMode?: BoundedMode;
  /** With bounded 'timestamp': each partition ends before its first record at or after this time. */
  readonly boundedTimestampMillis?: number;
  /** With bounded 'specific-offsets' (exclusive ends); partitions not listed end at the latest offset. */
  readonly boundedSpecificOffsets?: readonly PartitionOffset[];
  /** Default 'json'. */
  readonly valueFormat?: KafkaFormat;
  /** Default 'raw' (bytes); only read with `metadata: true`. */
  readonly keyFormat?: KafkaFormat;
  /** Typed columns (and the CSV column order) for the value format. */
  readonly valueFormatSettings?: KafkaFormatSettings;
  readonly keyFormatSettings?: KafkaFormatSettings;
  /** Default 'read_committed': records of open or aborted transactions are never read. */
  readonly isolationLevel?: 'read_committed' | 'read_uncommitted';
  /**
   * Flink's partition discovery: how often (ms) to look for partitions added to the topics (or topics
   * newly matching `topicPattern`) while the job runs; new partitions are read from their earliest
   * offset. Default 5 minutes for an unbounded source (Flink's default); 0 turns it off. Bounded
   * sources never discover: their end offsets are fixed at start.
   */
  readonly partitionDiscoveryIntervalMs?: number;
  /**
   * Read only these partitions (Spark's `assign`): no other partition of the topics is read or
   * discovered. Each must exist when the job starts.
   */
  readonly partitions?: readonly { readonly topic: string; readonly partition: number }[];
  /** Skip records whose value does not decode, counting them in `skipped`, instead of failing the job. */
  readonly ignoreParseErrors?: boolean;
  /**
   * Send records whose value does not decode to this topic (original bytes; error, origin and time in
   * headers) and go on. The dead letters are written in the job's checkpoints like an output.
   */
  readonly deadLetterTopic?: string;
  /**
   * 'exactly-once' (default): dead letters are written in the checkpoint's Kafka transaction (shared
   * with the job's exactly-once Kafka sinks of the same transactional id), so a read_committed
   * consumer sees each once, also across crashes. 'at-least-once': no transaction.
   */
  readonly deadLetterDeliveryGuarantee?: 'exactly-once' | 'at-least-once';
  /**
   * The dead letters' transactional id prefix; default the job's name (the Kafka sink's default too).
   * Give it the prefix of the job's exactly-once sinks when they set their own: only a shared
   * transactional id commits dead letters and outputs atomically together.
   */
  readonly deadLetterTransactionalIdPrefix?: string;
  /**
   * Emit `{ key, value, topic, partition, offset, timestamp, timestampType, headers }` (Spark's Kafka
   * columns) instead of the decoded value alone.
   */
  readonly metadata?: boolean;
  /**
   * How long retriable fetch errors (a broker restarting or unreachable, a leader moving) are waited
   * out, the readers seeing empty polls, before the job fails naming the error. Default 60 000 ms.
   */
  readonly fetchRetryTimeoutMs?: number;
  /** How long a fetch waits at the broker for data before an empty poll. Default 100 ms. */
  readonly pollTimeoutMs?: number;
  readonly name?: string;
}

/** The record shape with `metadata: true`: Spark's Kafka source columns. */
export interface KafkaMessage<V = unknown, K = unknown> {
  readonly key: K;
  readonly value: V;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly timestampType: 'CreateTime' | 'LogAppendTime';
  readonly headers: Readonly<Record<string, Buffer | null>>;
}

/** The source options with defaults applied and combinations checked. */
export interface ResolvedSourceOptions extends KafkaSourceOptions {
  readonly startupMode: StartupMode;
  readonly boundedMode: BoundedMode;
  readonly valueFormat: KafkaFormat;
  readonly keyFormat: KafkaFormat;
  readonly readCommitted: boolean;
  readonly errorMode: 'fail' | 'ignore' | 'dead-letter';
}

const STARTUP_MODES: readonly StartupMode[] = ['earliest-offset', 'latest-offset', 'group-offsets', 'timestamp', 'specific-offsets'];
const BOUNDED_MODES: readonly BoundedMode[] = ['unbounded', 'latest-offset', 'timestamp', 'specific-offsets'];

/**
 * Applies defaults and rejects contradictions, naming the option at fault.
 *
 * @example
 * resolveSourceOptions({ bootstrapServers: 'localhost:9092', topic: 't' }).startupMode // 'earliest-offset'
 */
export function resolveSourceOptions(options: KafkaSourceOptions): ResolvedSourceOptions {
  const named = [options.topic, options.topics, options.topicPattern].filter((t) => t !== undefined).length;
  if (named !== 1) throw new ConfigError('topic', 'name exactly one of topic, topics or topicPattern');
  if (options.topics !== undefined && options.topics.length === 0) throw new ConfigError('topics', 'name at least one topic');
  const startupMode = options.startupMode ?? (options.groupId === undefined ? 'earliest-offset' : 'group-offsets');
  oneOf('startupMode', startupMode, STARTUP_MODES);
  const boundedMode = options.boundedMode ?? 'unbounded';
  oneOf('boundedMode', boundedMode, BOUNDED_MODES);
  if (startupMode === 'group-offsets' && options.groupId === undefined) throw new ConfigError('startupMode', "'group-offsets' needs a groupId");
  if (startupMode === 'timestamp') requireTime('startupTimestampMillis', options.startupTimestampMillis, "startupMode 'timestamp'");
  if (startupMode === 'specific-offsets' && options.specificOffsets === undefined) {
    throw new ConfigError('specificOffsets', "startupMode 'specific-offsets' needs specificOffsets");
  }
  if (boundedMode === 'timestamp') requireTime('boundedTimestampMillis', options.boundedTimestampMillis, "boundedMode 'timestamp'");
  if (boundedMode === 'specific-offsets' && options.boundedSpecificOffsets === undefined) {
    throw new ConfigError('boundedSpecificOffsets', "boundedMode 'specific-offsets' needs boundedSpecificOffsets");
  }
  if (options.autoOffsetReset !== undefined) oneOf('autoOffsetReset', options.autoOffsetReset, ['earliest', 'latest', 'none']);
  const isolation = options.isolationLevel ?? 'read_committed';
  oneOf('isolationLevel', isolation, ['read_committed', 'read_uncommitted']);
  if (options.ignoreParseErrors === true && options.deadLetterTopic !== undefined) {
    throw new ConfigError('deadLetterTopic', 'choose one: ignoreParseErrors or deadLetterTopic');
  }
  if (options.deadLetterDeliveryGuarantee !== undefined) {
    oneOf('deadLetterDeliveryGuarantee', options.deadLetterDeliveryGuarantee, ['exactly-once', 'at-least-once']);
    if (options.deadLetterTopic === undefined) throw new ConfigError('deadLetterDeliveryGuarantee', 'needs a deadLetterTopic');
  }
  if (options.fetchRetryTimeoutMs !== undefined && !(options.fetchRetryTimeoutMs >= 0)) {
    throw new ConfigError('fetchRetryTimeoutMs', `must be a non-negative number, got ${options.fetchRetryTimeoutMs}`);
  }
  if (options.pollTimeoutMs !== undefined && !(options.pollTimeoutMs >= 0)) {
    throw new ConfigError('pollTimeoutMs', `must be a non-negative number, got ${options.pollTimeoutMs}`);
  }
  return {
    ...options,
    startupMode,
    boundedMode,
    valueFormat: options.valueFormat ?? 'json',
    keyFormat: options.keyFormat ?? 'raw',
    readCommitted: isolation === 'read_committed',
    errorMode: options.deadLetterTopic !== undefined ? 'dead-letter' : options.ignoreParseErrors === true ? 'ignore' : 'fail',
  };
}

function oneOf(option: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) throw new ConfigError(option, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${value}'`);
}

function requireTime(option: string, value: number | undefined, what: string): void {
  if (value === undefined || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(option, `${what} needs a time in epoch milliseconds, got ${String(value)}`);
  }
}
