import { SluiceError } from '../../core/errors.ts';
import type { CheckpointInputs, Sink, SinkContext } from '../spi.ts';
import { KafkaClient, parseBootstrapServers } from './client.ts';
import { isFlinkOptions, sinkOptionsFromFlink, type FlinkOptions } from './flink-options.ts';
import { kafkaErrorText } from './kafka-errors.ts';
import type { KafkaProducer } from './producer.ts';
import { RecordEncoder } from './record-encoder.ts';
import { checkSinkOptions, type KafkaSinkOptions } from './sink-options.ts';
import { sinkCommitMethods } from './sink-commit.ts';
import { type SinkConnection, SinkSends } from './sink-sends.ts';
import { TaskTransaction, taskTransactionalId } from './task-transaction.ts';
import type { PreparedTransaction } from './transactions.ts';
import { log } from '../../core/log.ts';

/** What is open while the sink runs: its own client and producer, or (exactly-once) the task's shared transaction. */
interface Connection<T> extends SinkConnection {
  readonly encoder: RecordEncoder<T>;
}

/** How long a topic created a moment ago may stay unknown to the broker asked (a cluster spreads metadata). */
const TOPIC_KNOWN_WITHIN_MS = 5_000;

/**
 * Writes to a Kafka topic with the chosen delivery guarantee. 'at-least-once' waits for the acks of
 * everything written before each checkpoint completes. 'exactly-once' writes each checkpoint's
 * records in a Kafka transaction and commits it with the checkpoint, together with the input offsets
 * of Kafka sources and a commit marker; after a crash, `acceptsCheckpoint` reads the marker to tell
 * whether a checkpoint's transaction committed, so the job resumes from the newest one that did.
 *
 * All exactly-once sinks of a task with the same transactional id on the same cluster share ONE
 * producer and ONE transaction per checkpoint (as Kafka Streams' one producer per task): the
 * transactional id is `${transactionalIdPrefix}-${task}`, by default `${jobName}-${task}`, so by
 * default every exactly-once sink of a job commits atomically with the others. Only sinks sharing a
 * transactional id commit atomically together: a sink given its own `transactionalIdPrefix` commits
 * separately, and a crash between two such commits makes the job fall back to an older checkpoint,
 * writing the other sink's output since then again. Takes typed options or Flink's option map.
 *
 * @example
 * flow.output('out', kafkaSink<Trade>({ bootstrapServers: 'localhost:9092', topic: 'big-trades',
 *   key: (t) => t.symbol, deliveryGuarantee: 'exactly-once' }));
 */
export function kafkaSink<T = unknown>(input: KafkaSinkOptions<T> | FlinkOptions): Sink<T> {
  const options = (isFlinkOptions(input) ? sinkOptionsFromFlink(input) : input) as KafkaSinkOptions<T>;
  checkSinkOptions(options);
  // Built here only to report a bad format now rather than when the job opens the sink.
  new RecordEncoder(options, options.topic, 1, 0);
  const servers = parseBootstrapServers(options.bootstrapServers);
  const connection = { bootstrapServers: servers, connectTimeoutMs: options.connectTimeoutMs, clientId: options.clientId };
  const guarantee = options.deliveryGuarantee ?? 'at-least-once';
  const topic = options.topic;
  let open: Connection<T> | undefined;
  const sends = new SinkSends();

  function connected(): Connection<T> {
    if (open === undefined) throw new SluiceError(`Kafka sink '${topic}': used before open() or after close()`);
    return open;
  }

  return {
    name: options.name ?? `kafka:${topic}`,
    copy: () => kafkaSink<T>(options),
    async open(ctx: SinkContext) {
      if (open !== undefined) throw new SluiceError(`Kafka sink '${topic}': one sink instance per task (this one is already open)`);
      const client = await KafkaClient.connect(connection);
      let producer: KafkaProducer | undefined;
      try {
        const encoder = new RecordEncoder(options, topic, await topicPartitions(client, options), ctx.taskIndex);
        if (guarantee === 'exactly-once') {
          const transaction = await TaskTransaction.join({
            task: ctx, servers, connection, markerTopic: topic, fresh: ctx.restoredCheckpointId === undefined,
            transactionalId: taskTransactionalId(options.transactionalIdPrefix ?? ctx.jobName, ctx),
            transactionTimeoutMs: options.transactionTimeoutMs, deliveryTimeoutMs: options.deliveryTimeoutMs,
          });
          await client.close();
          open = { encoder, transaction };
          return;
        }
        producer = client.producer({
          idempotent: guarantee !== 'none', transactionTimeoutMs: options.transactionTimeoutMs, deliveryTimeoutMs: options.deliveryTimeoutMs,
        });
        open = { encoder, client, producer };
      } catch (error) {
        await producer?.close();
        open = undefined;
        await client.close();
        throw error;
      }
    },
    write(values: T[], times: number[]) {
      const current = connected();
      const sent = sends.send(current, current.encoder.encode(values, times));
      if (guarantee !== 'none') return sent;
      // Fire and forget: a failure is reported, the job goes on (records may be lost, as promised).
      sends.forgiveFailures((error: unknown) => {
        log.warn(`Kafka sink '${topic}' lost records: ${kafkaErrorText(error)}`);
      });
      return undefined;
    },
    async prepareCommit(checkpointId: number, inputs?: CheckpointInputs): Promise<PreparedTransaction | null> {
      if (guarantee === 'none') return null;
      await sends.done();
      const { transaction } = connected();
      if (transaction === undefined) return null;
      return transaction.prepare(checkpointId, inputs);
    },
    ...sinkCommitMethods({
      sends, connection, servers, connected,
      current: () => open,
      forget: () => { open = undefined; },
      transactional: guarantee === 'exactly-once',
    }),
  };
}

/** The topic's partition count, creating it when asked to; a missing topic is an error naming it. */
async function topicPartitions<T>(client: KafkaClient, options: KafkaSinkOptions<T>): Promise<number> {
  const topic = options.topic;
  // A topic created a moment ago (by the job's author, or just below) may be unknown to the broker asked.
  let count = (await client.partitionCounts([topic], options.autoCreate === undefined ? TOPIC_KNOWN_WITHIN_MS : 0)).get(topic);
  if (count === undefined && options.autoCreate !== undefined) {
    const { partitions, replicationFactor, configs } = options.autoCreate;
    await client.createTopic(topic, { partitions, replicationFactor, configs });
    count = (await client.partitionCounts([topic], TOPIC_KNOWN_WITHIN_MS)).get(topic);
  }
  if (count === undefined) {
    throw new SluiceError(`Kafka sink: topic '${topic}' does not exist (create it, or pass autoCreate: { partitions })`);
  }
  return count;
}
