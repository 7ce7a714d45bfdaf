import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapSource } from '../../src/connectors/mapped-connectors.ts';
import { memorySource } from '../../src/connectors/memory/memory-source.ts';
import { END, type Source, type SourceBatch } from '../../src/connectors/spi.ts';

const ctx = { taskIndex: 0, parallelism: 1, now: () => 0 };

/** A one-split source that hands out the given batch (the same arrays) once, then END. */
function onceSource(batch: SourceBatch<number>): Source<number> {
  return {
    name: 'once',
    bounded: true,
    splits: () => [{ id: 'once-0' }],
    createReader() {
      let done = false;
      return {
        poll: () => (done ? END : ((done = true), batch)),
        position: () => done,
        close() {},
      };
    },
  };
}

test('a mapped source drops undefined results and keeps the time of each value it keeps', async () => {
  const values = [1, 2, 3, 4, 5];
  const times = [10, 20, 30, 40, 50];
  const mapped = mapSource(onceSource({ values, times }), () => (n) => (n % 2 === 0 ? undefined : n * 100));
  const reader = mapped.createReader({ id: 'once-0' }, undefined, ctx);
  assert.deepEqual(await reader.poll(10), { values: [100, 300, 500], times: [10, 30, 50] });
  // The wrapped reader's arrays are its own: left as they were.
  assert.deepEqual(values, [1, 2, 3, 4, 5]);
  assert.deepEqual(times, [10, 20, 30, 40, 50]);
  assert.equal(await reader.poll(10), END);
});

test('a mapped source keeps every value in order, with and without times, and passes the split as origin', async () => {
  const withTimes = mapSource(onceSource({ values: [1, 2], times: [7, 8] }), () => (n) => `#${n}`);
  assert.deepEqual(await withTimes.createReader({ id: 'once-0' }, undefined, ctx).poll(10), { values: ['#1', '#2'], times: [7, 8] });
  const origins: string[] = [];
  const untimed = mapSource(memorySource([1, 2, 3]), () => (n, origin) => {
    origins.push(origin.source);
    return n === 3 ? undefined : -n;
  });
  const [split] = await untimed.splits(ctx);
  assert.deepEqual(await untimed.createReader(split, undefined, ctx).poll(10), { values: [-1, -2] });
  assert.deepEqual(origins, ['memory-0', 'memory-0', 'memory-0']);
});
