import { partitionForKey } from '../log/murmur2.ts';
import type { KafkaProducer, OutgoingRecord } from './producer.ts';
import type { DeadLetter } from './record-decoder.ts';

/** The headers a dead-letter record carries besides its original ones. */
export const DEAD_LETTER_HEADERS = {
  error: 'sluice.error.message',
  topic: 'sluice.error.topic',
  partition: 'sluice.error.partition',
  offset: 'sluice.error.offset',
} as const;

/**
 * Writes records that failed to decode to a dead-letter topic: the original key, value bytes,
 * timestamp and headers, plus headers naming the error and where the record came from (so a
 * consumer in any language can find and replay it). A record with a key goes to the key's partition
 * (murmur2, as Kafka's Java client); one without, to its source partition modulo the topic's count.
 * `write` resolves when the broker has the records, before the reader moves past them.
 *
 * @example
 * const dlq = new DeadLetterWriter(producer, 'trades-dlq', 1);
 * await dlq.write('trades', 0, dead);
 */
export class DeadLetterWriter {
  readonly topic: string;
  private readonly producer: KafkaProducer;
  private readonly partitions: number;
  written = 0;

  constructor(producer: KafkaProducer, topic: string, partitions: number) {
    this.producer = producer;
    this.topic = topic;
    this.partitions = partitions;
  }

  async write(sourceTopic: string, sourcePartition: number, dead: readonly DeadLetter[]): Promise<void> {
    if (dead.length === 0) return;
    const out: OutgoingRecord[] = dead.map(({ record, error }) => {
      const headers: Record<string, Buffer> = {};
      for (const [name, content] of record.headers) if (name !== null) headers[name.toString()] = content ?? Buffer.alloc(0);
      headers[DEAD_LETTER_HEADERS.error] = Buffer.from(error.message);
      headers[DEAD_LETTER_HEADERS.topic] = Buffer.from(sourceTopic);
      headers[DEAD_LETTER_HEADERS.partition] = Buffer.from(String(sourcePartition));
      headers[DEAD_LETTER_HEADERS.offset] = Buffer.from(String(record.offset));
      const partition = record.key === null ? sourcePartition % this.partitions : partitionForKey(record.key, this.partitions);
      return { topic: this.topic, partition, key: record.key, value: record.value, headers, timestamp: record.timestamp };
    });
    await this.producer.send(out);
    this.written += out.length;
  }
}
