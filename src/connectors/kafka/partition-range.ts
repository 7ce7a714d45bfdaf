import type { KafkaClient } from './client.ts';
import type { FetchedRecord } from './record-batches.ts';

/** How far a range read has come. */
export interface RangeProgress {
  readonly records: number;
  /** Offsets left before the end (records, plus transaction markers and aborted records). */
  readonly remaining: number;
}

/**
 * Reads one partition from `from` up to (not including) `to` with read_committed — aborted records
 * and transaction markers are skipped — handing each fetched chunk to `onRecords`. `to` is normally
 * the last stable offset asked just before (`listOffsets(…, 'latest')`), so the read ends.
 *
 * @example
 * const [end] = await kafka.listOffsets([{ topic: 'app-agg-changelog', partition: 0 }], 'latest');
 * await readPartitionRange(kafka, 'app-agg-changelog', 0, 0, end, (records) => apply(records));
 */
export async function readPartitionRange(client: KafkaClient, topic: string, partition: number, from: number, to: number,
  onRecords: (records: readonly FetchedRecord[], progress: RangeProgress) => void): Promise<void> {
  if (from >= to) return;
  const fetcher = client.fetcher({ readCommitted: true, resetTo: 'none', partitionMaxBytes: 4 * 1024 * 1024 });
  const handle = fetcher.assign(topic, partition, from);
  let records = 0;
  try {
    while (handle.position() < to) {
      if (handle.buffered === 0) await handle.fetch();
      const chunk = handle.take(10_000, to);
      records += chunk.length;
      if (chunk.length > 0) onRecords(chunk, { records, remaining: Math.max(0, to - handle.position()) });
    }
  } finally {
    fetcher.unassign(handle);
    await fetcher.close();
  }
}
