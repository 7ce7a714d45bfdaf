import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessLog } from '../../../src/connectors/log/in-process-log.ts';
import type { LogRecord } from '../../../src/connectors/log/log-record.ts';
import { logSource } from '../../../src/connectors/log/log-source.ts';
import { toArray } from '../../../src/connectors/memory/to-array.ts';
import { END } from '../../../src/connectors/spi.ts';
import type { SourceBatch } from '../../../src/connectors/spi.ts';
import { RecordError } from '../../../src/core/errors.ts';
import type { Row } from '../../../src/core/row.ts';

const ctx = { taskIndex: 0, parallelism: 1, now: () => 0 };

function tradesLog(): InProcessLog {
  const log = new InProcessLog();
  log.createTopic('trades', { partitions: 2 });
  log.append('trades', 0, [{ value: '{"n":1}', timestamp: 10 }, { value: '{"n":2}', timestamp: 20 }, { value: '{"n":3}', timestamp: 30 }]);
  log.append('trades', 1, [{ value: '{"n":4}', timestamp: 40 }]);
  return log;
}

test('one split per partition; JSON values decode to rows with record timestamps as times', async () => {
  const source = logSource<Row>(tradesLog(), { topic: 'trades' });
  const splits = await source.splits(ctx);
  assert.deepEqual(splits.map((s) => s.id), ['trades-0', 'trades-1']);
  const reader = source.createReader(splits[0], undefined, ctx);
  assert.deepEqual(await reader.poll(2), { values: [{ n: 1 }, { n: 2 }], times: [10, 20] });
  assert.deepEqual(reader.position(), { offset: 2 });
});

test('raw format yields the stored records', async () => {
  const source = logSource<LogRecord>(tradesLog(), { topic: 'trades', format: 'raw' });
  const [, second] = await source.splits(ctx);
  const batch = (await source.createReader(second, undefined, ctx).poll(10)) as SourceBatch<LogRecord>;
  assert.deepEqual(batch.values.map((r) => [r.topic, r.partition, r.offset, r.value]), [['trades', 1, 0, '{"n":4}']]);
});

test('raw format with map yields what the mapper makes of each record, dropping undefined, with the record times', async () => {
  const log = tradesLog();
  log.append('trades', 0, [{ key: 'k', value: '{"n":5}', timestamp: 50, headers: { h: '1' } }]);
  const seen: unknown[] = [];
  const source = logSource<string>(log, {
    topic: 'trades', format: 'raw',
    map: (record, origin) => {
      seen.push([record.topic, record.partition, record.offset, record.key, record.timestamp, record.headers, origin.source]);
      return record.offset === 1 ? undefined : `${record.offset}:${String(record.value)}`;
    },
  });
  const [first] = await source.splits(ctx);
  const reader = source.createReader(first, undefined, ctx);
  assert.deepEqual(await reader.poll(10), { values: ['0:{"n":1}', '2:{"n":3}', '3:{"n":5}'], times: [10, 30, 50] });
  assert.deepEqual(seen, [
    ['trades', 0, 0, null, 10, undefined, 'trades-0'], ['trades', 0, 1, null, 20, undefined, 'trades-0'],
    ['trades', 0, 2, null, 30, undefined, 'trades-0'], ['trades', 0, 3, 'k', 50, { h: '1' }, 'trades-0'],
  ]);
  assert.deepEqual(reader.position(), { offset: 4 });
  assert.throws(() => logSource(log, { topic: 'trades', map: () => 1 }), /option 'map': maps raw records: set format 'raw'/);
});

test('a reader restored from a position continues at the next offset', async () => {
  const log = tradesLog();
  const source = logSource<Row>(log, { topic: 'trades' });
  const [first] = await source.splits(ctx);
  const reader = source.createReader(first, undefined, ctx);
  await reader.poll(1);
  const restored = source.createReader(first, structuredClone(reader.position()), ctx);
  assert.deepEqual(((await restored.poll(10)) as SourceBatch<Row>).values, [{ n: 2 }, { n: 3 }]);
});

test('a completed checkpoint commits the checkpointed offset, not the current one', async () => {
  const log = tradesLog();
  const source = logSource<Row>(log, { topic: 'trades', group: 'g' });
  const [first] = await source.splits(ctx);
  const reader = source.createReader(first, undefined, ctx);
  await reader.poll(1);
  const checkpointed = reader.position();
  await reader.poll(10); // read further after the checkpoint
  await reader.notifyCheckpointComplete!(1, checkpointed);
  assert.equal(log.committed('g', 'trades', 0), 1);
  // a new run of the group starts from the committed offset
  const again = logSource<Row>(log, { topic: 'trades', group: 'g' });
  assert.deepEqual(((await again.createReader(first, undefined, ctx).poll(10)) as SourceBatch<Row>).values, [{ n: 2 }, { n: 3 }]);
});

// Found when the multiphase example test stopped waiting on a sleep: a job stopped before one of its
// splits had returned a batch crashed with a TypeError in its final checkpoint.
test('a checkpoint completed before the split returned its first batch commits nothing and does not fail', async () => {
  const log = tradesLog();
  log.commitOffsets('g', [{ topic: 'trades', partition: 1, offset: 1 }]);
  const source = logSource<Row>(log, { topic: 'trades', group: 'g', startFrom: 'committed' });
  const [, second] = await source.splits(ctx);
  const reader = source.createReader(second, undefined, ctx);
  await reader.notifyCheckpointComplete!(1, undefined);
  assert.equal(log.committed('g', 'trades', 1), 1);
});

test('startFrom latest skips what is there; an empty poll waits briefly then returns nothing', async () => {
  const log = tradesLog();
  const source = logSource<Row>(log, { topic: 'trades', startFrom: 'latest', pollTimeoutMs: 5 });
  const [first] = await source.splits(ctx);
  const reader = source.createReader(first, undefined, ctx);
  assert.deepEqual(await reader.poll(10), { values: [], times: [] });
  const pending = reader.poll(10);
  log.append('trades', 0, [{ value: '{"n":9}', timestamp: 90 }]);
  assert.deepEqual(await pending, { values: [{ n: 9 }], times: [90] });
});

test('a bounded source ends at the end offsets seen when it started, also after a restore', async () => {
  const log = tradesLog();
  const source = logSource<Row>(log, { topic: 'trades', bounded: true });
  assert.equal(source.bounded, true);
  const [first] = await source.splits(ctx);
  const reader = source.createReader(first, undefined, ctx);
  await reader.poll(1);
  log.append('trades', 0, [{ value: '{"n":99}' }]); // after the start: not part of the bounded read
  const restored = source.createReader(first, structuredClone(reader.position()), ctx);
  assert.deepEqual(((await restored.poll(10)) as SourceBatch<Row>).values, [{ n: 2 }, { n: 3 }]);
  assert.equal(await restored.poll(10), END);
  assert.deepEqual((await toArray(logSource<Row>(log, { topic: 'trades', bounded: true }))).length, 5);
});

test('an undecodable value fails naming topic, partition and offset unless ignored', async () => {
  const log = new InProcessLog();
  log.createTopic('t');
  log.append('t', 0, [{ value: '{"ok":1}' }, { value: 'nope' }, { value: '{"ok":2}' }]);
  const strict = logSource<Row>(log, { topic: 't' });
  const [split] = await strict.splits(ctx);
  await assert.rejects(async () => strict.createReader(split, undefined, ctx).poll(10), (error: unknown) => {
    assert.ok(error instanceof RecordError);
    assert.match(error.message, /^t partition 0 offset 1: invalid JSON/);
    return true;
  });
  const lenient = logSource<Row>(log, { topic: 't', ignoreParseErrors: true });
  assert.deepEqual(await lenient.createReader(split, undefined, ctx).poll(10), {
    values: [{ ok: 1 }, { ok: 2 }], times: log.read('t', 0, 0, 3).filter((_, i) => i !== 1).map((r) => r.timestamp), skipped: 1,
  });
  assert.equal(lenient.skipped, 1);
});

test('a missing topic is named; committed start needs a group', async () => {
  const log = new InProcessLog();
  await assert.rejects(async () => logSource(log, { topic: 'ghost' }).splits(ctx), /topic 'ghost' does not exist/);
  assert.throws(() => logSource(log, { topic: 't', startFrom: 'committed' }), /'committed' needs a group/);
});
