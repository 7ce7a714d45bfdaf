import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessLog } from '../../../src/connectors/log/in-process-log.ts';
import { logSink } from '../../../src/connectors/log/log-sink.ts';
import { logSource } from '../../../src/connectors/log/log-source.ts';
import { toArray } from '../../../src/connectors/memory/to-array.ts';
import type { Row } from '../../../src/core/row.ts';
import { partitionForKey } from '../../../src/connectors/log/murmur2.ts';

const ctx = { taskIndex: 0, parallelism: 1, jobName: 'job' };

function values(log: InProcessLog, topic: string): unknown[] {
  const out: unknown[] = [];
  for (let p = 0; p < log.partitions(topic); p++) out.push(...log.read(topic, p, 0, 1e9).map((r) => r.value));
  return out;
}

test('records are appended to the topic only when their checkpoint commits', async () => {
  const log = new InProcessLog();
  log.createTopic('out');
  const sink = logSink<Row>(log, { topic: 'out' });
  await sink.open(ctx);
  await sink.write([{ a: 1 }, { a: 2 }], [100, Number.NaN]);
  const prepared = await sink.prepareCommit(1);
  assert.equal(log.endOffset('out', 0), 0);
  await sink.commit(1, prepared);
  assert.deepEqual(values(log, 'out'), ['{"a":1}', '{"a":2}']);
  assert.equal(log.read('out', 0, 0, 1)[0].timestamp, 100);
});

test('a commit re-run after a crash and restore appends nothing twice', async () => {
  const log = new InProcessLog();
  log.createTopic('out');
  const before = logSink<Row>(log, { topic: 'out' });
  await before.open(ctx);
  await before.write([{ a: 1 }], [0]);
  const stored = structuredClone(await before.prepareCommit(1));
  await before.commit(1, stored);
  await before.commit(1, stored);
  // crash after the commit; a new sink restored from checkpoint 1 re-runs its commit
  const after = logSink<Row>(log, { topic: 'out' });
  await after.open({ ...ctx, restoredCheckpointId: 1 });
  await after.commit(1, stored);
  await after.write([{ a: 2 }], [0]);
  await after.commit(2, await after.prepareCommit(2));
  assert.deepEqual(values(log, 'out'), ['{"a":1}', '{"a":2}']);
});

test('a prepared checkpoint not yet committed before the crash is committed once on restore', async () => {
  const log = new InProcessLog();
  log.createTopic('out');
  const before = logSink<Row>(log, { topic: 'out' });
  await before.open(ctx);
  await before.write([{ a: 1 }], [0]);
  const stored = structuredClone(await before.prepareCommit(1));
  await before.write([{ lost: true }], [0]); // after the checkpoint: replayed by the source, not committed here
  const after = logSink<Row>(log, { topic: 'out' });
  await after.open({ ...ctx, restoredCheckpointId: 1 });
  await after.commit(1, stored);
  assert.deepEqual(values(log, 'out'), ['{"a":1}']);
});

test('a key function partitions records as Kafka would', async () => {
  const log = new InProcessLog();
  log.createTopic('out', { partitions: 4 });
  const sink = logSink<Row>(log, { topic: 'out', key: (row) => String(row.symbol) });
  await sink.open(ctx);
  await sink.write([{ symbol: 'AAPL' }, { symbol: 'MSFT' }, { symbol: 'AAPL' }], [0, 0, 0]);
  await sink.commit(1, await sink.prepareCommit(1));
  const placed: string[] = [];
  for (let p = 0; p < 4; p++) {
    for (const record of log.read('out', p, 0, 10)) placed.push(`${record.key}@${p}`);
  }
  const aapl = `AAPL@${partitionForKey('AAPL', 4)}`;
  assert.deepEqual(placed.sort(), [aapl, aapl, `MSFT@${partitionForKey('MSFT', 4)}`].sort());
});

test('a sink into a stage-2 source carries rows through a topic unchanged', async () => {
  const log = new InProcessLog();
  const sink = logSink<Row>(log, { topic: 'stage1', autoCreate: { partitions: 2 } });
  await sink.open(ctx);
  await sink.write([{ n: 1 }, { n: 2 }, { n: 3 }], [1, 2, 3]);
  await sink.commit(1, await sink.prepareCommit(1));
  const rows = await toArray(logSource<Row>(log, { topic: 'stage1', bounded: true }));
  assert.deepEqual(rows.map((r) => r.n).sort(), [1, 2, 3]);
});

test('raw format stores values as they are', async () => {
  const log = new InProcessLog();
  log.createTopic('raw');
  const sink = logSink<string>(log, { topic: 'raw', format: 'raw' });
  await sink.open(ctx);
  await sink.write(['plain text'], [0]);
  await sink.commit(1, await sink.prepareCommit(1));
  assert.deepEqual(values(log, 'raw'), ['plain text']);
});

test('a missing topic fails at open with its name unless autoCreate is set', async () => {
  const log = new InProcessLog();
  await assert.rejects(async () => logSink(log, { topic: 'missing' }).open(ctx), /topic 'missing' does not exist \(create it, or pass autoCreate/);
  await logSink(log, { topic: 'made', autoCreate: { partitions: 3 } }).open(ctx);
  assert.equal(log.partitions('made'), 3);
});

test('abort drops records not yet prepared', async () => {
  const log = new InProcessLog();
  log.createTopic('out');
  const sink = logSink<Row>(log, { topic: 'out' });
  await sink.open(ctx);
  await sink.write([{ a: 1 }], [0]);
  await sink.abort();
  await sink.commit(1, await sink.prepareCommit(1));
  assert.deepEqual(values(log, 'out'), []);
});
