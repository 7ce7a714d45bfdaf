import { describeOrigin, SluiceError } from '../../core/errors.ts';
import { partitionForKey } from '../log/murmur2.ts';
import type { CheckpointInputs, Sink, SinkContext } from '../spi.ts';
import { KafkaClient, type KafkaConnectionOptions } from './client.ts';
import type { OutgoingRecord } from './producer.ts';
import type { DeadLetter } from './record-decoder.ts';
import { sinkCommitMethods } from './sink-commit.ts';
import { type SinkConnection, SinkSends } from './sink-sends.ts';
import { TaskTransaction, taskTransactionalId } from './task-transaction.ts';
import type { PreparedTransaction } from './transactions.ts';

/** The headers a dead-letter record carries besides its original ones. */
export const DEAD_LETTER_HEADERS = {
  error: 'sluice.error.message',
  /** Where the record came from, as errors name it: `topic partition P offset O`. */
  origin: 'sluice.error.origin',
  topic: 'sluice.error.topic',
  partition: 'sluice.error.partition',
  offset: 'sluice.error.offset',
  /** When the record failed, ISO 8601 UTC. */
  time: 'sluice.error.time',
} as const;

/** How the dead letters of a Kafka source are written. */
export interface DeadLetterSinkOptions {
  readonly topic: string;
  readonly servers: readonly string[];
  readonly connection: KafkaConnectionOptions;
  /**
   * 'exactly-once' (default): the dead letters of a checkpoint are written in its Kafka transaction —
   * the one the task's exactly-once Kafka sinks share when the transactional id is the same, so
   * outputs, input offsets and dead letters commit together. 'at-least-once': acknowledged before the
   * checkpoint completes; a replay after a crash may write some again.
   */
  readonly guarantee: 'exactly-once' | 'at-least-once';
  /** Transactional id prefix (`<prefix>-<task>`); default the job's name, as the Kafka sink's default. */
  readonly transactionalIdPrefix?: string;
}

/** What is open while the sink runs. */
interface Open extends SinkConnection {
  readonly partitions: number;
}

/**
 * The dead-letter topic of a Kafka source, as a two-phase-commit sink the runtime commits with the
 * job's outputs (Source.deadLetterSink). Each dead letter keeps the original key, value bytes,
 * timestamp and headers, plus headers with the error, its origin and the time it failed (so a
 * consumer in any language can find and replay it). A record with a key goes to the key's partition
 * (murmur2, as Kafka's Java client); one without, to its source partition modulo the topic's count.
 *
 * @example
 * const sink = kafkaDeadLetterSink({ topic: 'trades-dlq', servers, connection, guarantee: 'exactly-once' });
 */
export function kafkaDeadLetterSink(options: DeadLetterSinkOptions): Sink<DeadLetter> {
  const { topic, servers, connection } = options;
  let open: Open | undefined;
  const sends = new SinkSends();

  function connected(): Open {
    if (open === undefined) throw new SluiceError(`Kafka dead-letter topic '${topic}': used before open() or after close()`);
    return open;
  }

  return {
    name: `kafka-dead-letters:${topic}`,
    async open(ctx: SinkContext) {
      const client = await KafkaClient.connect(connection);
      try {
        const partitions = (await client.partitionCounts([topic])).get(topic);
        if (partitions === undefined) throw new SluiceError(`Kafka source: the dead-letter topic '${topic}' does not exist (create it first)`);
        if (options.guarantee === 'exactly-once') {
          const transaction = await TaskTransaction.join({
            task: ctx, servers, connection, markerTopic: topic, fresh: ctx.restoredCheckpointId === undefined,
            transactionalId: taskTransactionalId(options.transactionalIdPrefix ?? ctx.jobName, ctx),
          });
          await client.close();
          open = { partitions, transaction };
        } else {
          open = { partitions, client, producer: client.producer({ idempotent: true }) };
        }
      } catch (error) {
        await client.close();
        throw error;
      }
    },
    write(values: DeadLetter[]) {
      const current = connected();
      return sends.send(current, values.map((dead) => deadLetterRecord(dead, topic, current.partitions)));
    },
    async prepareCommit(checkpointId: number, inputs?: CheckpointInputs): Promise<PreparedTransaction | null> {
      await sends.done();
      const { transaction } = connected();
      return transaction === undefined ? null : transaction.prepare(checkpointId, inputs);
    },
    ...sinkCommitMethods({
      sends, connection, servers, connected,
      current: () => open,
      forget: () => { open = undefined; },
    }),
  };
}

/**
 * The record a dead letter becomes: the original key, value, timestamp and headers, and the error,
 * origin and failure time in `sluice.error.*` headers.
 *
 * @example
 * deadLetterRecord({ record, error, time: Date.now() }, 'trades-dlq', 1).headers?.['sluice.error.offset'] // Buffer '1'
 */
export function deadLetterRecord({ record, error, time }: DeadLetter, topic: string, partitions: number): OutgoingRecord {
  const headers: Record<string, Buffer> = {};
  for (const [name, content] of record.headers) if (name !== null) headers[name.toString()] = content ?? Buffer.alloc(0);
  const origin = error.origin;
  headers[DEAD_LETTER_HEADERS.error] = Buffer.from(error.message);
  headers[DEAD_LETTER_HEADERS.origin] = Buffer.from(describeOrigin(origin));
  headers[DEAD_LETTER_HEADERS.topic] = Buffer.from(origin.source);
  headers[DEAD_LETTER_HEADERS.partition] = Buffer.from(String(origin.partition ?? ''));
  headers[DEAD_LETTER_HEADERS.offset] = Buffer.from(String(record.offset));
  headers[DEAD_LETTER_HEADERS.time] = Buffer.from(new Date(time).toISOString());
  const partition = record.key === null ? (origin.partition ?? 0) % partitions : partitionForKey(record.key, partitions);
  return { topic, partition, key: record.key, value: record.value, headers, timestamp: record.timestamp };
}
