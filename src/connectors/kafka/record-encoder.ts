import { SluiceError } from '../../core/errors.ts';
import { partitionForKey } from '../log/murmur2.ts';
import { kafkaCodec, type KafkaCodec } from './codecs.ts';
import type { OutgoingRecord } from './producer.ts';
import type { KafkaPartitioner, KafkaSinkOptions } from './sink-options.ts';

/**
 * Turns a batch of values into records for one topic: value and key encoded, partition chosen,
 * headers and timestamps set (the event time when the record has one, else now).
 *
 * @example
 * const encoder = new RecordEncoder(options, 'big-trades', 3, 0);
 * producer.send(encoder.encode(trades, times));
 */
export class RecordEncoder<T> {
  private readonly topic: string;
  private readonly partitions: number;
  private readonly value: KafkaCodec;
  private readonly key: KafkaCodec;
  private readonly keyOf: ((value: T) => unknown) | undefined;
  private readonly headersOf: KafkaSinkOptions<T>['headers'];
  private readonly partitioner: KafkaPartitioner<T>;
  private readonly fixedPartition: number;
  private next = 0;

  constructor(options: KafkaSinkOptions<T>, topic: string, partitions: number, taskIndex: number) {
    this.topic = topic;
    this.partitions = partitions;
    this.value = kafkaCodec(options.valueFormat ?? 'json', options.valueFormatSettings ?? {}, 'valueFormat');
    this.key = kafkaCodec(options.keyFormat ?? 'raw', options.keyFormatSettings ?? {}, 'keyFormat');
    this.keyOf = options.key ?? fieldsKey<T>(options.keyFields);
    this.headersOf = options.headers;
    this.partitioner = options.partitioner ?? 'default';
    this.fixedPartition = taskIndex % partitions;
    this.next = taskIndex % partitions;
  }

  encode(values: readonly T[], times: readonly number[]): OutgoingRecord[] {
    const now = Date.now();
    const out = new Array<OutgoingRecord>(values.length);
    // Records without a key stick to one partition per batch (as Kafka's sticky partitioner does).
    const sticky = this.next++ % this.partitions;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      const key = this.keyOf === undefined ? null : this.key.encode(this.keyOf(value));
      const time = times[i];
      out[i] = {
        topic: this.topic,
        partition: this.partitionOf(value, key, sticky),
        key,
        value: this.value.encode(value),
        headers: this.headersOf === undefined ? undefined : headerBytes(this.headersOf(value)),
        timestamp: Number.isFinite(time) ? time : now,
      };
    }
    return out;
  }

  private partitionOf(value: T, key: Buffer | null, sticky: number): number {
    const partitioner = this.partitioner;
    if (partitioner === 'default') return key === null ? sticky : partitionForKey(key, this.partitions);
    if (partitioner === 'round-robin') return this.next++ % this.partitions;
    if (partitioner === 'fixed') return this.fixedPartition;
    const partition = partitioner(value, key, this.partitions);
    if (!Number.isInteger(partition) || partition < 0 || partition >= this.partitions) {
      throw new SluiceError(`Kafka sink '${this.topic}': the partitioner returned ${partition}; the topic has partitions 0..${this.partitions - 1}`);
    }
    return partition;
  }
}

function fieldsKey<T>(fields: readonly string[] | undefined): ((value: T) => unknown) | undefined {
  if (fields === undefined || fields.length === 0) return undefined;
  if (fields.length === 1) {
    const field = fields[0];
    return (value) => (value as Record<string, unknown>)[field];
  }
  return (value) => {
    const key: Record<string, unknown> = {};
    for (const field of fields) key[field] = (value as Record<string, unknown>)[field];
    return key;
  };
}

function headerBytes(headers: Readonly<Record<string, string | Buffer>> | undefined): Record<string, Buffer> | undefined {
  if (headers === undefined) return undefined;
  const out: Record<string, Buffer> = {};
  for (const name in headers) {
    const content = headers[name];
    out[name] = typeof content === 'string' ? Buffer.from(content) : content;
  }
  return out;
}
