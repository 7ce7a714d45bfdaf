import { test } from 'node:test';
import assert from 'node:assert/strict';
import { END, InProcessLog, logSource } from 'sluice';

const ctx = { taskIndex: 0, parallelism: 1, now: () => 0 };

test('a log reader reports the records between its position and the partition end (Kafka records-lag)', async () => {
  const log = new InProcessLog();
  log.createTopic('t', { partitions: 1 });
  log.append('t', 0, Array.from({ length: 10 }, (_, n) => ({ key: null, value: JSON.stringify({ n }) })));
  const source = logSource(log, { topic: 't' });
  const [split] = await source.splits(ctx);
  const reader = source.createReader(split, undefined, ctx);
  assert.equal(reader.lag?.(), 10);
  const batch = await reader.poll(4);
  assert.ok(batch !== END && batch.values.length === 4);
  assert.equal(reader.lag?.(), 6);
  log.append('t', 0, [{ key: null, value: '{"n":10}' }]);
  assert.equal(reader.lag?.(), 7, 'appended records count at once');
});
