// Shared by the Kafka connector tests: a client on the test broker, fresh topics, producing rows.
import { KafkaClient, toArray, kafkaSource, type KafkaSourceOptions } from 'sluice';
import { requireKafkaBootstrap, uniqueTopic } from '../../kafka/kafka-env.ts';

/** A client on the test broker; close it at the end of the test. */
export function connect(): Promise<KafkaClient> {
  return KafkaClient.connect({ bootstrapServers: requireKafkaBootstrap() });
}

/** Creates a topic no other test uses (the test broker does not auto-create topics). */
export async function newTopic(kafka: KafkaClient, prefix: string, partitions = 1): Promise<string> {
  const topic = uniqueTopic(prefix);
  await kafka.createTopic(topic, { partitions, replicationFactor: 1 });
  return topic;
}

/** Sends values (objects as JSON, strings as they are) to one partition with the given timestamps. */
export async function produce(kafka: KafkaClient, topic: string, values: readonly unknown[],
  options: { partition?: number; timestamps?: readonly number[]; key?: (i: number) => string } = {}): Promise<void> {
  const producer = kafka.producer();
  try {
    await producer.send(values.map((value, i) => ({
      topic,
      partition: options.partition ?? 0,
      key: options.key === undefined ? null : Buffer.from(options.key(i)),
      value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
      timestamp: options.timestamps?.[i],
    })));
  } finally {
    await producer.close();
  }
}

/** Everything a bounded source reads (to the latest offset unless the options say otherwise). */
export function readAll<T>(options: Omit<KafkaSourceOptions, 'bootstrapServers'>): Promise<T[]> {
  return toArray(kafkaSource<T>({ bootstrapServers: requireKafkaBootstrap(), boundedMode: 'latest-offset', ...options }));
}
