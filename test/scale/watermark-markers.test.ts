// The watermark of a repartition partition from its producers' markers (connectors/kafka/watermark-markers.ts),
// and the markers' bytes (connectors/kafka/repartition-codec.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MarkerTable } from '../../src/connectors/kafka/watermark-markers.ts';
import { decodeRepartitionRecord, encodeRepartitionRecord, encodeWatermarkMarker } from '../../src/connectors/kafka/repartition-codec.ts';
import { partitionForKey } from '../../src/connectors/log/murmur2.ts';
import type { FetchedRecord } from '../../src/connectors/kafka/record-batches.ts';

const mark = (producer: number, watermark: number, idle = false) => ({ producer, producers: 3, watermark, idle });

test('no watermark until every producer has reported, then the minimum over them', () => {
  const table = new MarkerTable();
  table.update(mark(0, 5_000));
  table.update(mark(2, 7_000));
  assert.equal(table.watermark(), undefined);
  table.update(mark(1, 6_000));
  assert.equal(table.watermark(), 5_000);
  table.update(mark(0, 9_000)); // only a producer's newest marker counts
  assert.equal(table.watermark(), 6_000);
});

test('idle producers hold nothing back; all idle means the partition is idle', () => {
  const table = new MarkerTable();
  table.update(mark(0, 5_000));
  table.update(mark(1, Number.NEGATIVE_INFINITY, true));
  table.update(mark(2, 8_000));
  assert.equal(table.watermark(), 5_000);
  assert.equal(table.idle(), false);
  table.update(mark(0, 5_000, true));
  table.update(mark(2, 8_000, true));
  assert.equal(table.idle(), true);
  assert.equal(table.watermark(), undefined);
});

test('the table restores exactly from its snapshot (a reader\'s checkpointed position)', () => {
  const table = new MarkerTable();
  table.update(mark(0, 5_000));
  table.update(mark(1, 4_000, true));
  const restored = new MarkerTable('t', structuredClone(table.snapshot()));
  assert.equal(restored.complete(), false);
  restored.update(mark(2, 6_000));
  assert.equal(restored.watermark(), 5_000);
});

test('ended once every producer\'s watermark is +∞', () => {
  const table = new MarkerTable();
  for (const p of [0, 1]) table.update(mark(p, Number.POSITIVE_INFINITY));
  assert.equal(table.ended(), false);
  table.update(mark(2, Number.POSITIVE_INFINITY));
  assert.equal(table.ended(), true);
});

test('a marker with another producer count is an error naming the partition', () => {
  const table = new MarkerTable('repartition topic \'t\' partition 1');
  table.update(mark(0, 1));
  assert.throws(() => table.update({ producer: 0, producers: 4, watermark: 2, idle: false }), /repartition topic 't' partition 1: .*says 4 producers.*said 3/);
});

function fetched(record: { key: Buffer | null; value: Buffer | null; headers?: Readonly<Record<string, Buffer>>; timestamp?: number }, offset = 7): FetchedRecord {
  return {
    offset, timestamp: record.timestamp ?? 0, timestampType: 'CreateTime', key: record.key, value: record.value,
    headers: Object.entries(record.headers ?? {}).map(([k, v]) => [Buffer.from(k), v] as const),
  };
}

test('records round-trip with their event time; the partition is murmur2 of the key bytes', () => {
  const row = { symbol: 'AAPL', shares: 10, $kind: '+I', at: new Date(5) };
  const out = encodeRepartitionRecord('t', 6, (r) => [(r as { symbol: string }).symbol], row, 1_700_000_000_123);
  assert.equal(out.partition, partitionForKey(out.key!, 6));
  assert.equal(out.timestamp, 1_700_000_000_123);
  assert.deepEqual(decodeRepartitionRecord('t', out.partition, fetched(out)), { kind: 'value', value: row, time: 1_700_000_000_123 });
  // No event time, or one Kafka cannot hold, travels in a header.
  const none = encodeRepartitionRecord('t', 6, undefined, 'x', Number.NaN);
  assert.equal(none.partition, 0);
  assert.ok(Number.isNaN((decodeRepartitionRecord('t', 0, fetched(none)) as { time: number }).time));
  const early = encodeRepartitionRecord('t', 6, undefined, 'x', -5);
  assert.equal((decodeRepartitionRecord('t', 0, fetched(early)) as { time: number }).time, -5);
});

test('markers round-trip (±∞ included); a foreign record is an error naming topic, partition and offset', () => {
  for (const watermark of [Number.NEGATIVE_INFINITY, 42, Number.POSITIVE_INFINITY]) {
    const marker = { producer: 1, producers: 3, watermark, idle: watermark === 42 };
    assert.deepEqual(decodeRepartitionRecord('t', 2, fetched(encodeWatermarkMarker('t', 2, marker))), { kind: 'marker', marker });
  }
  assert.throws(() => decodeRepartitionRecord('t', 2, fetched({ key: null, value: null }, 11)), /t.*2.*11/);
});
