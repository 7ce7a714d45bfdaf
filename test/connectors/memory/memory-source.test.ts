import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySource } from '../../../src/connectors/memory/memory-source.ts';
import { toArray } from '../../../src/connectors/memory/to-array.ts';
import { END } from '../../../src/connectors/spi.ts';
import type { SourceBatch } from '../../../src/connectors/spi.ts';

const ctx = { taskIndex: 0, parallelism: 1, now: () => 0 };

test('a memory source yields its values in batches with their times, then END', async () => {
  const source = memorySource(['a', 'b', 'c'], { times: [10, 20, 30] });
  assert.equal(source.bounded, true);
  const [split] = await source.splits(ctx);
  const reader = source.createReader(split, undefined, ctx);
  assert.deepEqual(await reader.poll(2), { values: ['a', 'b'], times: [10, 20] });
  assert.deepEqual(await reader.poll(2), { values: ['c'], times: [30] });
  assert.equal(await reader.poll(2), END);
});

test('a reader restored from a position continues after the last value returned', async () => {
  const source = memorySource([1, 2, 3, 4, 5]);
  const [split] = await source.splits(ctx);
  const first = source.createReader(split, undefined, ctx);
  await first.poll(2);
  const position = structuredClone(first.position());
  const restored = source.createReader(split, position, ctx);
  assert.deepEqual(((await restored.poll(10)) as SourceBatch<number>).values, [3, 4, 5]);
});

test('splits cut the array into contiguous ranges that together hold every value once', async () => {
  const source = memorySource([1, 2, 3, 4, 5], { splits: 2, times: (v) => v * 100 });
  const splits = await source.splits(ctx);
  assert.equal(splits.length, 2);
  const second = source.createReader(splits[1], undefined, ctx);
  assert.deepEqual(await second.poll(10), { values: [4, 5], times: [400, 500] });
  assert.deepEqual(await toArray(source), [1, 2, 3, 4, 5]);
});

test('times must match the values one to one', () => {
  assert.throws(() => memorySource([1, 2], { times: [1] }), /one timestamp per value/);
});
