import { Packr } from 'msgpackr';
import { NO_TIMESTAMP } from '../../core/batch.ts';
import { RecordError } from '../../core/errors.ts';
import { partitionForKey } from '../log/murmur2.ts';
import type { OutgoingRecord } from './producer.ts';
import type { FetchedRecord } from './record-batches.ts';

/**
 * The bytes of a repartition topic (an exchange between two sub-topologies of a scaled job).
 *
 * - A record's value is the record itself in MessagePack (msgpackr with structured-clone extensions:
 *   rows keep `$kind`, Dataflow values may be any structured-cloneable value — Maps, Dates, bigints);
 *   its key is the exchange key in MessagePack; its Kafka timestamp is the event time. An event time
 *   Kafka cannot hold (none, or before 1970) travels in the `sluice.time` header instead.
 * - The partition is Kafka's default partitioner over the key bytes, murmur2 modulo the partitions:
 *   the same function as Kafka's Java clients and the in-process log, so a topic written by another
 *   Kafka client keyed the same way lands on the same partitions (the basis for skipping a
 *   repartition when the input is already partitioned by the key, planned).
 * - A watermark marker is a record with the `sluice.watermark` header and the value
 *   `[producer, producers, watermark, idle]` (see {@link WatermarkMarker}).
 *
 * One Packr per process, without shared record structures: every message carries what it needs, so
 * any process of the job decodes any other's records.
 */
const packr = new Packr({ structuredClone: true, moreTypes: true, useRecords: false });

/** The header that tags a watermark marker record. */
export const WATERMARK_HEADER = 'sluice.watermark';
/** The header carrying an event time that is not a valid Kafka timestamp ('none', or the number). */
const TIME_HEADER = 'sluice.time';
const MARKER_TAG = Buffer.from('1');

/** What a producer task says of its watermark toward an exchange, written to every partition. */
export interface WatermarkMarker {
  /** The producer (upstream) task's partition index, 0 … producers − 1. */
  readonly producer: number;
  /** How many producer tasks write the topic (the upstream sub-topology's partition count). */
  readonly producers: number;
  /** The producer's watermark (−∞ before any, +∞ once its input ended). */
  readonly watermark: number;
  /** The producer's input is idle: it holds no watermark back. */
  readonly idle: boolean;
}

/** A decoded repartition record: a value with its event time, or a marker. */
export type RepartitionRecord =
  | { readonly kind: 'value'; readonly value: unknown; readonly time: number }
  | { readonly kind: 'marker'; readonly marker: WatermarkMarker };

/**
 * The exchange key's bytes (MessagePack of the key value; a global key is `null`).
 *
 * @example
 * partitionForKey(encodeExchangeKey(['AAPL']), 6) // the partition every 'AAPL' record goes to
 */
export function encodeExchangeKey(key: unknown): Buffer {
  return packr.pack(key === undefined ? null : key);
}

/**
 * One record of a repartition topic: keyed, partitioned by the key (murmur2, Kafka's default), the
 * event time as its timestamp. `keyOf` undefined is a global key: every record to partition 0.
 *
 * @example
 * const record = encodeRepartitionRecord('app-w1-repartition', 6, (r) => [(r as { symbol: string }).symbol], row, 1_700_000_000_000);
 */
export function encodeRepartitionRecord(topic: string, partitions: number, keyOf: ((value: unknown) => unknown) | undefined,
  value: unknown, time: number): OutgoingRecord {
  const key = keyOf === undefined ? null : encodeExchangeKey(keyOf(value));
  const partition = key === null ? 0 : partitionForKey(key, partitions);
  const kafkaTime = Number.isFinite(time) && time >= 0 ? Math.trunc(time) : undefined;
  return {
    topic, partition, key, value: packr.pack(value),
    timestamp: kafkaTime ?? Date.now(),
    headers: kafkaTime === time ? undefined : { [TIME_HEADER]: Buffer.from(Number.isFinite(time) ? String(time) : 'none') },
  };
}

/**
 * A watermark marker for one partition of a repartition topic.
 *
 * @example
 * encodeWatermarkMarker('app-w1-repartition', 2, { producer: 0, producers: 3, watermark: 5_000, idle: false });
 */
export function encodeWatermarkMarker(topic: string, partition: number, marker: WatermarkMarker): OutgoingRecord {
  return {
    topic, partition, key: null,
    value: packr.pack([marker.producer, marker.producers, marker.watermark, marker.idle]),
    headers: { [WATERMARK_HEADER]: MARKER_TAG },
  };
}

/**
 * Decodes a fetched record of a repartition topic; a record Sluice did not write fails with a
 * RecordError naming topic, partition and offset (nothing else may write an internal topic).
 *
 * @example
 * const decoded = decodeRepartitionRecord('app-w1-repartition', 0, record);
 * if (decoded.kind === 'marker') table.update(decoded.marker);
 */
export function decodeRepartitionRecord(topic: string, partition: number, record: FetchedRecord): RepartitionRecord {
  const origin = { source: topic, partition, offset: record.offset };
  let isMarker = false;
  let timeText: string | undefined;
  for (const [name, content] of record.headers) {
    const header = name?.toString();
    if (header === WATERMARK_HEADER) isMarker = true;
    else if (header === TIME_HEADER) timeText = content?.toString();
  }
  if (record.value === null) throw new RecordError(origin, 'a repartition topic record without a value (not written by Sluice)');
  let decoded: unknown;
  try {
    decoded = packr.unpack(record.value);
  } catch (error) {
    throw new RecordError(origin, `a repartition topic record that is not MessagePack: ${(error as Error).message}`);
  }
  if (isMarker) return { kind: 'marker', marker: markerOf(decoded, origin) };
  const time = timeText === undefined ? record.timestamp : timeText === 'none' ? NO_TIMESTAMP : Number(timeText);
  return { kind: 'value', value: decoded, time };
}

function markerOf(decoded: unknown, origin: { source: string; partition: number; offset: number }): WatermarkMarker {
  if (Array.isArray(decoded) && decoded.length === 4) {
    const [producer, producers, watermark, idle] = decoded as unknown[];
    if (Number.isInteger(producer) && Number.isInteger(producers) && typeof watermark === 'number' && typeof idle === 'boolean'
      && (producer as number) >= 0 && (producer as number) < (producers as number)) {
      return { producer: producer as number, producers: producers as number, watermark, idle };
    }
  }
  throw new RecordError(origin, 'a malformed watermark marker (expected [producer, producers, watermark, idle])');
}
