import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySink } from '../../../src/connectors/memory/memory-sink.ts';

const ctx = { taskIndex: 0, parallelism: 1, jobName: 'test' };

test('rows become visible in values only when their checkpoint commits', async () => {
  const sink = memorySink<string>();
  await sink.open(ctx);
  await sink.write(['a', 'b'], [1, 2]);
  assert.deepEqual(sink.values, []);
  assert.deepEqual(sink.written, ['a', 'b']);
  const prepared = await sink.prepareCommit(1);
  await sink.write(['c'], [3]); // after the prepare: belongs to the next checkpoint
  await sink.commit(1, prepared);
  assert.deepEqual(sink.values, ['a', 'b']);
  assert.deepEqual(sink.times, [1, 2]);
  await sink.commit(2, await sink.prepareCommit(2));
  assert.deepEqual(sink.toArray(), ['a', 'b', 'c']);
});

test('a commit run again after a restore adds nothing twice', async () => {
  const sink = memorySink<number>();
  await sink.open(ctx);
  await sink.write([1, 2], [0, 0]);
  const prepared = structuredClone(await sink.prepareCommit(5));
  await sink.commit(5, prepared);
  await sink.commit(5, prepared);
  assert.deepEqual(sink.values, [1, 2]);
});

test('a prepared checkpoint can be committed after a crash from its stored value', async () => {
  const sink = memorySink<number>();
  await sink.open(ctx);
  await sink.write([7], [0]);
  const stored = structuredClone(await sink.prepareCommit(1));
  await sink.abort(); // crash before commit
  await sink.open({ ...ctx, restoredCheckpointId: 1 });
  await sink.commit(1, stored);
  assert.deepEqual(sink.values, [7]);
});

test('abort discards writes not yet prepared', async () => {
  const sink = memorySink<number>();
  await sink.open(ctx);
  await sink.write([1], [0]);
  await sink.abort();
  await sink.commit(1, await sink.prepareCommit(1));
  assert.deepEqual(sink.values, []);
  assert.deepEqual(sink.written, [1]);
});

test('two tasks sharing one sink both see their rows committed for the same checkpoint id', async () => {
  const sink = memorySink<string>();
  await sink.write(['task0'], [0]);
  const p0 = await sink.prepareCommit(1);
  await sink.write(['task1'], [0]);
  const p1 = await sink.prepareCommit(1);
  await sink.commit(1, p0);
  await sink.commit(1, p1);
  assert.deepEqual(sink.values, ['task0', 'task1']);
});
