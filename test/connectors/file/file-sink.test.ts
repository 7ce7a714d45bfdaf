import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSink } from '../../../src/connectors/file/file-sink.ts';
import { fileSource } from '../../../src/connectors/file/file-source.ts';
import { toArray } from '../../../src/connectors/memory/to-array.ts';

const ctx = { taskIndex: 0, parallelism: 1, jobName: 'test' };

function tempDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'sluice-sink-')), 'out');
}

test('nothing is visible before commit; commit renames the part into place', async () => {
  const dir = tempDir();
  const sink = fileSink(dir);
  await sink.open(ctx);
  await sink.write([{ a: 1 }, { a: 2 }], [0, 0]);
  const prepared = await sink.prepareCommit(1);
  assert.deepEqual(readdirSync(dir), ['.part-0-1.jsonl.inprogress']);
  assert.deepEqual(await toArray(fileSource(dir)), []);
  await sink.commit(1, prepared);
  assert.deepEqual(readdirSync(dir), ['part-0-1.jsonl']);
  assert.equal(readFileSync(join(dir, 'part-0-1.jsonl'), 'utf8'), '{"a":1}\n{"a":2}\n');
});

test('a commit run again after it succeeded is a no-op', async () => {
  const dir = tempDir();
  const sink = fileSink(dir);
  await sink.open(ctx);
  await sink.write([{ a: 1 }], [0]);
  const prepared = structuredClone(await sink.prepareCommit(1));
  await sink.commit(1, prepared);
  await sink.commit(1, prepared);
  assert.deepEqual(readdirSync(dir), ['part-0-1.jsonl']);
  assert.deepEqual(await toArray(fileSource(dir)), [{ a: 1 }]);
});

test('abort deletes the part that was not prepared and keeps prepared ones', async () => {
  const dir = tempDir();
  const sink = fileSink(dir);
  await sink.open(ctx);
  await sink.write([{ a: 1 }], [0]);
  const prepared = await sink.prepareCommit(1);
  await sink.write([{ a: 2 }], [0]);
  await sink.prepareCommit(2); // prepared: kept for a commit after restore
  // Not prepared, and large enough to be flushed to an in-progress file: discarded by abort.
  const big = Array.from({ length: 5000 }, (_, i) => ({ a: i, pad: 'x'.repeat(100) }));
  await sink.write(big, big.map(() => 0));
  assert.ok(existsSync(join(dir, '.part-0-3.jsonl.inprogress')));
  await sink.abort();
  assert.deepEqual(readdirSync(dir).sort(), ['.part-0-1.jsonl.inprogress', '.part-0-2.jsonl.inprogress']);
  await sink.commit(1, prepared);
  assert.ok(existsSync(join(dir, 'part-0-1.jsonl')));
});

test('after a crash the restored checkpoint commits its part and newer leftovers are removed', async () => {
  const dir = tempDir();
  const before = fileSink(dir);
  await before.open(ctx);
  await before.write([{ a: 1 }], [0]);
  const stored = structuredClone(await before.prepareCommit(4));
  await before.write([{ a: 2 }], [0]);
  await before.prepareCommit(5); // prepared, but checkpoint 5 was never completed
  // crash: no abort, no close

  const after = fileSink(dir);
  await after.open({ ...ctx, restoredCheckpointId: 4 });
  assert.deepEqual(readdirSync(dir), ['.part-0-4.jsonl.inprogress']);
  await after.commit(4, stored);
  assert.deepEqual(await toArray(fileSource(dir)), [{ a: 1 }]);
});

test('a checkpoint with no rows writes no part', async () => {
  const dir = tempDir();
  const sink = fileSink(dir);
  await sink.open(ctx);
  const prepared = await sink.prepareCommit(1);
  assert.equal(prepared, null);
  await sink.commit(1, prepared);
  assert.deepEqual(readdirSync(dir), []);
});

test('the part takes the id of the checkpoint that prepares it, even when ids skip', async () => {
  const dir = tempDir();
  const sink = fileSink(dir);
  await sink.open(ctx);
  await sink.write([{ a: 1 }], [0]);
  await sink.commit(7, await sink.prepareCommit(7));
  assert.deepEqual(readdirSync(dir), ['part-0-7.jsonl']);
});

test('a CSV sink writes a header per part, readable by the CSV source', async () => {
  const dir = tempDir();
  const options = { format: 'csv', columns: ['s', 'n'], schema: { n: 'number' }, header: true } as const;
  const sink = fileSink(dir, options);
  await sink.open({ ...ctx, taskIndex: 2 });
  await sink.write([{ s: 'x,y', n: 1 }, { s: 'z', n: null }], [0, 0]);
  await sink.commit(1, await sink.prepareCommit(1));
  assert.equal(readFileSync(join(dir, 'part-2-1.csv'), 'utf8'), 's,n\n"x,y",1\nz,\n');
  assert.deepEqual(await toArray(fileSource(dir, options)), [{ s: 'x,y', n: 1 }, { s: 'z', n: null }]);
});

test('a commit whose part vanished fails naming the files', async () => {
  const dir = tempDir();
  const sink = fileSink(dir);
  await sink.open(ctx);
  writeFileSync(join(dir, 'unrelated'), '');
  await assert.rejects(async () => sink.commit(3, { inProgress: '.part-0-3.jsonl.inprogress', final: 'part-0-3.jsonl' }), /neither \.part-0-3\.jsonl\.inprogress nor part-0-3\.jsonl exists/);
});

test('one sink instance cannot serve two tasks', async () => {
  const sink = fileSink(tempDir());
  await sink.open(ctx);
  await assert.rejects(async () => sink.open({ ...ctx, taskIndex: 1 }), /one sink instance per task/);
});
