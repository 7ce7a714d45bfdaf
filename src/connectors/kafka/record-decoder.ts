import { RecordError, type RecordOrigin } from '../../core/errors.ts';
import type { KafkaCodec } from './codecs.ts';
import type { FetchedRecord } from './record-batches.ts';
import type { KafkaMessage } from './source-options.ts';

/** A record that did not decode, kept with its error for the dead-letter topic. */
export interface DeadLetter {
  readonly record: FetchedRecord;
  /** The error (its message names the origin) and where the record came from. */
  readonly error: { readonly message: string; readonly origin: RecordOrigin };
  /** When it failed to decode (epoch ms). */
  readonly time: number;
}

/** Decoded values with their record timestamps, and the records that failed (dead-letter mode). */
export interface DecodedRecords<T> {
  readonly values: T[];
  readonly times: number[];
  readonly dead: DeadLetter[];
  /** Records of this call skipped as undecodable (ignore mode). */
  readonly skipped: number;
}

/** How records become values; `skipped` counts records dropped as undecodable (ignore mode). */
export interface RecordDecoderSettings {
  readonly value: KafkaCodec;
  readonly key: KafkaCodec;
  readonly metadata: boolean;
  readonly errorMode: 'fail' | 'ignore' | 'dead-letter';
}

/**
 * Turns fetched records into what the source emits: the decoded value (a row for json/csv), or with
 * `metadata` the full message with Spark's columns. A record that does not decode fails the job with
 * a {@link RecordError} naming topic, partition and offset; or is skipped and counted (ignore); or is
 * handed back in `dead` for the dead-letter topic. Without metadata, tombstones (null values) are
 * skipped, as Flink's formats do.
 *
 * @example
 * const decoder = new RecordDecoder({ value: kafkaCodec('json', {}, 'valueFormat'), key, metadata: false, errorMode: 'fail' });
 * const { values, times } = decoder.decode('trades', 0, records);
 */
export class RecordDecoder {
  private readonly settings: RecordDecoderSettings;
  /** Records dropped as undecodable (ignore mode). */
  skipped = 0;
  /** Records handed back for the dead-letter topic. */
  deadLettered = 0;

  constructor(settings: RecordDecoderSettings) {
    this.settings = settings;
  }

  decode<T>(topic: string, partition: number, records: readonly FetchedRecord[]): DecodedRecords<T> {
    const { value: valueCodec, key: keyCodec, metadata, errorMode } = this.settings;
    const values: T[] = [];
    const times: number[] = [];
    const dead: DeadLetter[] = [];
    let skipped = 0;
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      if (!metadata && record.value === null) continue;
      const origin: RecordOrigin = { source: topic, partition, offset: record.offset };
      let out: unknown;
      try {
        const value = valueCodec.decode(record.value, origin);
        out = metadata ? message(topic, partition, record, keyCodec.decode(record.key, origin), value) : value;
      } catch (error) {
        if (!(error instanceof RecordError) || errorMode === 'fail') throw error;
        if (errorMode === 'ignore') skipped++;
        else dead.push({ record, error, time: Date.now() });
        continue;
      }
      values.push(out as T);
      times.push(record.timestamp);
    }
    this.skipped += skipped;
    this.deadLettered += dead.length;
    return { values, times, dead, skipped };
  }
}

function message(topic: string, partition: number, record: FetchedRecord, key: unknown, value: unknown): KafkaMessage {
  const headers: Record<string, Buffer | null> = {};
  for (const [name, content] of record.headers) if (name !== null) headers[name.toString()] = content;
  return {
    key, value, topic, partition,
    offset: record.offset,
    timestamp: record.timestamp,
    timestampType: record.timestampType,
    headers,
  };
}
