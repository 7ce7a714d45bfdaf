import type { Consumer, RecordsBatch } from '@platformatic/kafka';

type FetchResponsePartition = Awaited<ReturnType<Consumer['fetch']>>['responses'][number]['partitions'][number];

/** How Kafka stamped a record's time: by the producer, or by the broker when it appended it. */
export type TimestampType = 'CreateTime' | 'LogAppendTime';

/**
 * One record read from a partition, with the bytes as they are on the broker (nothing decoded yet).
 *
 * @example
 * const record: FetchedRecord = { offset: 41, timestamp: 1704103200000, timestampType: 'CreateTime',
 *   key: null, value: Buffer.from('{"price":101.5}'), headers: [] };
 */
export interface FetchedRecord {
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType: TimestampType;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly (readonly [Buffer | null, Buffer | null])[];
}

/** What one partition of a fetch response yields: its records and the offset to fetch next. */
export interface DecodedPartition {
  readonly records: FetchedRecord[];
  /** The offset after the last batch seen (data, control or aborted): where the next fetch starts. */
  readonly nextOffset: number;
}

// Record-batch attribute bits (Kafka's DefaultRecordBatch).
const LOG_APPEND_TIME = 0x08;
const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;
// Control record types (the second int16 of a control record's key).
const ABORT_MARKER = 0;

/**
 * Turns the record batches of one fetched partition into records from `fetchOffset` on. A batch can
 * start before the offset asked for (the broker sends whole batches), so earlier records are
 * dropped. Control batches (transaction markers) are skipped but move `nextOffset` past them.
 *
 * With `readCommitted`, records of aborted transactions are dropped the way Kafka's Java consumer
 * does it: a producer listed in `abortedTransactions` is aborted from its first offset until its
 * abort marker. @platformatic/kafka 2.12.1 filters aborted batches itself, but keeps them whenever
 * the abort marker is not in the same response (a fetch cut by its size limit), which would hand
 * out aborted records; filtering again here with the complete rule is the workaround.
 *
 * @example
 * const { records, nextOffset } = decodePartition(response.responses[0].partitions[0], 42n, true);
 */
export function decodePartition(partition: FetchResponsePartition, fetchOffset: bigint, readCommitted: boolean): DecodedPartition {
  const batches = partition.records ?? [];
  const records: FetchedRecord[] = [];
  let next = fetchOffset;
  const pending = readCommitted ? abortedInOrder(partition) : [];
  const aborted = new Set<bigint>();
  for (const batch of batches) {
    const lastOffset = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    if (lastOffset < fetchOffset) continue;
    if (lastOffset + 1n > next) next = lastOffset + 1n;
    while (pending.length > 0 && pending[0].firstOffset <= lastOffset) aborted.add(pending.shift()!.producerId);
    if ((batch.attributes & CONTROL) !== 0) {
      if (isAbortMarker(batch)) aborted.delete(batch.producerId);
      continue;
    }
    if ((batch.attributes & TRANSACTIONAL) !== 0 && aborted.has(batch.producerId)) continue;
    appendRecords(batch, fetchOffset, records);
  }
  return { records, nextOffset: Number(next) };
}

function abortedInOrder(partition: FetchResponsePartition): { producerId: bigint; firstOffset: bigint }[] {
  const list = partition.abortedTransactions ?? [];
  return [...list].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
}

function isAbortMarker(batch: RecordsBatch): boolean {
  const key = batch.records[0]?.key;
  return key !== null && key !== undefined && key.length >= 4 && key.readInt16BE(2) === ABORT_MARKER;
}

function appendRecords(batch: RecordsBatch, fetchOffset: bigint, out: FetchedRecord[]): void {
  const logAppendTime = (batch.attributes & LOG_APPEND_TIME) !== 0;
  const timestampType: TimestampType = logAppendTime ? 'LogAppendTime' : 'CreateTime';
  const first = batch.firstOffset;
  const skipBelow = Number(fetchOffset - first);
  const firstTimestamp = Number(batch.firstTimestamp);
  const maxTimestamp = Number(batch.maxTimestamp);
  const base = Number(first);
  for (const record of batch.records) {
    if (record.offsetDelta < skipBelow) continue;
    out.push({
      offset: base + record.offsetDelta,
      timestamp: logAppendTime ? maxTimestamp : firstTimestamp + Number(record.timestampDelta),
      timestampType,
      key: record.key,
      value: record.value,
      headers: record.headers,
    });
  }
}
