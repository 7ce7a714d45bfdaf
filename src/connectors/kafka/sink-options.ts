import { ConfigError } from '../../core/errors.ts';
import type { KafkaConnectionOptions } from './client.ts';
import type { KafkaFormat, KafkaFormatSettings } from './codecs.ts';

/**
 * What a Kafka sink promises (Flink's `sink.delivery-guarantee`): 'none' (fire and forget),
 * 'at-least-once' (acks awaited at every checkpoint; duplicates after a failure) or 'exactly-once'
 * (Kafka transactions committed with the checkpoint; readers must use read_committed).
 */
export type DeliveryGuarantee = 'none' | 'at-least-once' | 'exactly-once';

/**
 * How records are spread over partitions: 'default' (murmur2 of the key as Kafka's Java client, so
 * keys land where a Java producer would put them; records without a key stick to one partition per
 * batch), 'round-robin' (record by record), 'fixed' (each sink task writes one partition, as Flink's
 * 'fixed'), or a function returning a partition number.
 */
export type KafkaPartitioner<T> = 'default' | 'round-robin' | 'fixed' | ((value: T, key: Buffer | null, partitions: number) => number);

/**
 * A Kafka sink (Flink's option names, typed).
 *
 * @example
 * const options: KafkaSinkOptions<Trade> = { bootstrapServers: 'localhost:9092', topic: 'big-trades',
 *   key: (t) => t.symbol, deliveryGuarantee: 'exactly-once', transactionalIdPrefix: 'big-trades' };
 */
export interface KafkaSinkOptions<T = unknown> extends KafkaConnectionOptions {
  readonly topic: string;
  /** Default 'json'. */
  readonly valueFormat?: KafkaFormat;
  /** Default 'raw': the key is text or bytes. */
  readonly keyFormat?: KafkaFormat;
  readonly valueFormatSettings?: KafkaFormatSettings;
  readonly keyFormatSettings?: KafkaFormatSettings;
  /** The record key, encoded with `keyFormat`; none (null) by default. */
  readonly key?: (value: T) => unknown;
  /** Flink's `key.fields`: the key is these fields of the row (one field as is, several as an object). */
  readonly keyFields?: readonly string[];
  /** Default 'default'. */
  readonly partitioner?: KafkaPartitioner<T>;
  /** Headers for each record. */
  readonly headers?: (value: T) => Readonly<Record<string, string | Buffer>> | undefined;
  /** Default 'at-least-once'. */
  readonly deliveryGuarantee?: DeliveryGuarantee;
  /**
   * With 'exactly-once': task i uses transactional.id `${prefix}-${i}`, so a restarted job fences the
   * producers of its previous run. Default the job's name, so every exactly-once sink of a job shares
   * one producer and one transaction per checkpoint. Only sinks sharing a transactional id commit
   * atomically together: a sink with a prefix of its own commits separately (a crash between the
   * commits makes the job resume from an older checkpoint and write the others' output again).
   * Must differ between jobs.
   */
  readonly transactionalIdPrefix?: string;
  /**
   * How long a transaction may stay open (Kafka's transaction.timeout.ms); longer than the checkpoint
   * interval. Default 60 000. (The client also uses it as its request timeout.)
   */
  readonly transactionTimeoutMs?: number;
  /**
   * How long a send or commit keeps retrying retriable broker errors (a broker down, a leader or
   * coordinator failing over) before the sink fails (Kafka's delivery.timeout.ms). Default 60 000.
   */
  readonly deliveryTimeoutMs?: number;
  /** Create the topic when it is missing, instead of failing. */
  readonly autoCreate?: { readonly partitions: number; readonly replicationFactor?: number; readonly configs?: Readonly<Record<string, string>> };
  readonly name?: string;
}

/**
 * Checks a sink's options, naming the one at fault.
 *
 * @example
 * checkSinkOptions({ bootstrapServers: 'localhost:9092', topic: '' }) // throws: option 'topic': is required
 */
export function checkSinkOptions<T>(options: KafkaSinkOptions<T>): void {
  if (typeof options.topic !== 'string' || options.topic.length === 0) throw new ConfigError('topic', 'is required');
  const guarantee = options.deliveryGuarantee ?? 'at-least-once';
  if (!['none', 'at-least-once', 'exactly-once'].includes(guarantee)) {
    throw new ConfigError('deliveryGuarantee', `must be 'none', 'at-least-once' or 'exactly-once', got '${guarantee}'`);
  }
  const partitioner = options.partitioner ?? 'default';
  if (typeof partitioner !== 'function' && !['default', 'round-robin', 'fixed'].includes(partitioner)) {
    throw new ConfigError('partitioner', `must be 'default', 'round-robin', 'fixed' or a function, got '${String(partitioner)}'`);
  }
  if (options.key !== undefined && options.keyFields !== undefined) throw new ConfigError('keyFields', 'choose one: key or keyFields');
  const timeout = options.transactionTimeoutMs;
  if (timeout !== undefined && !(timeout >= 1000)) throw new ConfigError('transactionTimeoutMs', `must be at least 1000, got ${timeout}`);
  const delivery = options.deliveryTimeoutMs;
  if (delivery !== undefined && !(delivery >= 1000)) throw new ConfigError('deliveryTimeoutMs', `must be at least 1000, got ${delivery}`);
  const create = options.autoCreate;
  if (create !== undefined && !(Number.isInteger(create.partitions) && create.partitions > 0)) {
    throw new ConfigError('autoCreate.partitions', `must be a positive integer, got ${String(create.partitions)}`);
  }
}
