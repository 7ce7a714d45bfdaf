import { SluiceError } from '../../core/errors.ts';
import type { CheckpointInputs, Sink, SinkContext } from '../spi.ts';
import { KafkaClient, parseBootstrapServers } from './client.ts';
import { isFlinkOptions, sinkOptionsFromFlink, type FlinkOptions } from './flink-options.ts';
import { kafkaErrorText } from './kafka-errors.ts';
import type { KafkaProducer } from './producer.ts';
import { RecordEncoder } from './record-encoder.ts';
import { checkSinkOptions, type KafkaSinkOptions } from './sink-options.ts';
import { inputOffsets, prepareTransaction, resetMarker, transactionCommitted, type PreparedTransaction } from './transactions.ts';

/** What is open while the sink runs. */
interface Connection<T> {
  readonly client: KafkaClient;
  readonly producer: KafkaProducer;
  readonly encoder: RecordEncoder<T>;
}

/**
 * Writes to a Kafka topic with the chosen delivery guarantee. 'at-least-once' waits for the acks of
 * everything written before each checkpoint completes. 'exactly-once' writes each checkpoint's
 * records in one Kafka transaction (transactional.id `${prefix}-${task}`, so a restarted job fences
 * its predecessor), adds the input offsets of Kafka sources and a commit marker to it in
 * `prepareCommit`, and commits it in `commit`; after a crash, `acceptsCheckpoint` reads the marker to
 * tell whether a checkpoint's transaction committed, so the job resumes from the newest one that did.
 * Takes typed options or Flink's option map.
 *
 * @example
 * flow.output('out', kafkaSink<Trade>({ bootstrapServers: 'localhost:9092', topic: 'big-trades',
 *   key: (t) => t.symbol, deliveryGuarantee: 'exactly-once', transactionalIdPrefix: 'big-trades' }));
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
  const fenced = new Set<string>();
  let open: Connection<T> | undefined;
  let chain: Promise<void> = Promise.resolve();
  let openCheckpoint: number | undefined;

  function connected(): Connection<T> {
    if (open === undefined) throw new SluiceError(`Kafka sink '${topic}': used before open() or after close()`);
    return open;
  }

  return {
    name: options.name ?? `kafka:${topic}`,
    async open(ctx: SinkContext) {
      if (open !== undefined) throw new SluiceError(`Kafka sink '${topic}': one sink instance per task (this one is already open)`);
      const client = await KafkaClient.connect(connection);
      try {
        const partitions = await topicPartitions(client, options);
        const transactionalId = guarantee === 'exactly-once' ? `${options.transactionalIdPrefix ?? `${ctx.jobName}-${topic}`}-${ctx.taskIndex}` : undefined;
        const producer = client.producer({ transactionalId, idempotent: guarantee !== 'none', transactionTimeoutMs: options.transactionTimeoutMs });
        open = { client, producer, encoder: new RecordEncoder(options, topic, partitions, ctx.taskIndex) };
        if (transactionalId !== undefined) {
          await producer.initTransactions();
          fenced.add(transactionalId);
          if (ctx.restoredCheckpointId === undefined) await resetMarker(client, transactionalId, topic);
        }
      } catch (error) {
        await open?.producer.close();
        open = undefined;
        await client.close();
        throw error;
      }
    },
    write(values: T[], times: number[]) {
      const { producer, encoder } = connected();
      const records = encoder.encode(values, times);
      chain = chain.then(async () => {
        if (guarantee === 'exactly-once' && !producer.inTransaction) await producer.begin();
        await producer.send(records);
      });
      if (guarantee !== 'none') return chain;
      // Fire and forget: a failure is reported, the job goes on (records may be lost, as promised).
      chain = chain.catch((error: unknown) => {
        console.warn(`sluice: Kafka sink '${topic}' lost records: ${kafkaErrorText(error)}`);
      });
      return undefined;
    },
    async prepareCommit(checkpointId: number, inputs?: CheckpointInputs): Promise<PreparedTransaction | null> {
      if (guarantee === 'none') return null;
      await chain;
      if (guarantee === 'at-least-once') return null;
      const { producer } = connected();
      const prepared = await prepareTransaction(producer, topic, checkpointId, inputOffsets(inputs, servers));
      openCheckpoint = checkpointId;
      return prepared;
    },
    async commit(checkpointId: number, prepared: unknown) {
      if (guarantee !== 'exactly-once' || prepared === null || prepared === undefined) return;
      // After a restore nothing is open: the checkpoint was accepted, so its transaction had committed.
      if (openCheckpoint !== checkpointId) return;
      await connected().producer.commit();
      openCheckpoint = undefined;
    },
    async acceptsCheckpoint(checkpointId: number, prepared: unknown): Promise<boolean> {
      if (guarantee !== 'exactly-once' || prepared === null || prepared === undefined) return true;
      const p = prepared as PreparedTransaction;
      if (p.checkpointId !== checkpointId) return false;
      return transactionCommitted(connection, p, fenced);
    },
    async abort() {
      await chain.catch(() => {});
      chain = Promise.resolve();
      openCheckpoint = undefined;
      await open?.producer.abort();
    },
    async close() {
      await chain.catch(() => {});
      chain = Promise.resolve();
      const current = open;
      open = undefined;
      if (current === undefined) return;
      await current.producer.abort(); // a transaction still open here was never prepared
      await current.producer.close();
      await current.client.close();
    },
  };
}

/** The topic's partition count, creating it when asked to; a missing topic is an error naming it. */
async function topicPartitions<T>(client: KafkaClient, options: KafkaSinkOptions<T>): Promise<number> {
  const topic = options.topic;
  let count = (await client.partitionCounts([topic])).get(topic);
  if (count === undefined && options.autoCreate !== undefined) {
    const { partitions, replicationFactor, configs } = options.autoCreate;
    await client.createTopic(topic, { partitions, replicationFactor, configs });
    count = (await client.partitionCounts([topic])).get(topic);
  }
  if (count === undefined) {
    throw new SluiceError(`Kafka sink: topic '${topic}' does not exist (create it, or pass autoCreate: { partitions })`);
  }
  return count;
}
