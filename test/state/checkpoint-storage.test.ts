import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointStorage, type CheckpointStore, MemoryCheckpointStorage } from '../../src/state/checkpoint-storage.ts';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/state/checkpoint-codec.ts';

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-ckpt-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Captures console.warn for the duration of a test. */
function captureWarnings(t: TestContext): string[] {
  const warnings: string[] = [];
  t.mock.method(console, 'warn', (message: string) => void warnings.push(message));
  return warnings;
}

test('a written checkpoint is one complete file named by its padded id, with no temp file left', async (t) => {
  const dir = await tempDir(t);
  const storage = new CheckpointStorage(join(dir, 'job'));
  const path = await storage.write(42, { offsets: [1, 2], big: 10n, at: new Date(3) });
  assert.equal(path, join(dir, 'job', 'chk-00000042.ckpt'));
  assert.deepEqual(await readdir(join(dir, 'job')), ['chk-00000042.ckpt']);
  assert.deepEqual(decodeCheckpoint(await readFile(path)), { offsets: [1, 2], big: 10n, at: new Date(3) });
  assert.deepEqual(await storage.latest(), { id: 42, data: { offsets: [1, 2], big: 10n, at: new Date(3) } });
});

test('an empty or missing directory has no latest checkpoint', async (t) => {
  const dir = await tempDir(t);
  assert.equal(await new CheckpointStorage(join(dir, 'never-created')).latest(), undefined);
  assert.deepEqual(await new CheckpointStorage(dir).list(), []);
});

test('latest returns the highest id, not the last written', async (t) => {
  const storage = new CheckpointStorage(await tempDir(t), { retain: 10 });
  await storage.write(9, 'nine');
  await storage.write(100_000_000, 'big');
  await storage.write(10, 'ten');
  assert.deepEqual(await storage.list(), [9, 10, 100_000_000]);
  assert.deepEqual(await storage.latest(), { id: 100_000_000, data: 'big' });
  assert.equal(await storage.read(10), 'ten');
});

test('leftovers of an interrupted write are ignored, then cleaned up by the next write', async (t) => {
  const dir = await tempDir(t);
  const storage = new CheckpointStorage(dir);
  await storage.write(1, 'one');
  await writeFile(join(dir, 'chk-00000002.tmp'), encodeCheckpoint('two').subarray(0, 10));
  assert.deepEqual(await storage.latest(), { id: 1, data: 'one' });
  await storage.write(3, 'three');
  assert.deepEqual((await readdir(dir)).sort(), ['chk-00000001.ckpt', 'chk-00000003.ckpt']);
});

test('a truncated newest checkpoint is skipped with a warning naming it', async (t) => {
  const dir = await tempDir(t);
  const warnings = captureWarnings(t);
  const storage = new CheckpointStorage(dir);
  await storage.write(1, { n: 1 });
  const newest = await storage.write(2, { n: 2, padding: 'x'.repeat(1000) });
  await truncate(newest, 500);
  assert.deepEqual(await storage.latest(), { id: 1, data: { n: 1 } });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /chk-00000002\.ckpt is unreadable \(truncated.*\); falling back to checkpoint 1/);
});

test('a newest checkpoint with damaged bytes is skipped too', async (t) => {
  const dir = await tempDir(t);
  const warnings = captureWarnings(t);
  const storage = new CheckpointStorage(dir);
  await storage.write(1, [1]);
  const newest = await storage.write(2, { values: [1, 2, 3, 4, 5, 6, 7, 8] });
  const bytes = await readFile(newest);
  bytes[bytes.length - 3] ^= 0xff;
  await writeFile(newest, bytes);
  assert.deepEqual(await storage.latest(), { id: 1, data: [1] });
  assert.match(warnings[0], /chk-00000002\.ckpt is unreadable \(checksum mismatch/);
  await assert.rejects(storage.read(2), /chk-00000002\.ckpt: checksum mismatch/);
});

test('when every checkpoint is damaged there is none to restore', async (t) => {
  const dir = await tempDir(t);
  const warnings = captureWarnings(t);
  await writeFile(join(dir, 'chk-00000001.ckpt'), 'garbage');
  assert.equal(await new CheckpointStorage(dir).latest(), undefined);
  assert.match(warnings[0], /chk-00000001\.ckpt is unreadable \(not a Sluice checkpoint.*no older checkpoint left/);
});

test('only the newest `retain` checkpoints are kept', async (t) => {
  const dir = await tempDir(t);
  const storage = new CheckpointStorage(dir, { retain: 2 });
  for (let id = 1; id <= 5; id++) await storage.write(id, id);
  assert.deepEqual(await storage.list(), [4, 5]);
  assert.deepEqual(await readdir(dir).then((names) => names.sort()), ['chk-00000004.ckpt', 'chk-00000005.ckpt']);
  const byDefault = new CheckpointStorage(join(dir, 'default'));
  for (let id = 1; id <= 5; id++) await byDefault.write(id, id);
  assert.deepEqual(await byDefault.list(), [3, 4, 5]);
});

test('a write that cannot serialise its data fails and keeps the previous checkpoint', async (t) => {
  const dir = await tempDir(t);
  const storage = new CheckpointStorage(dir);
  await storage.write(1, 'good');
  await assert.rejects(storage.write(2, { fn: () => 1 }), /could not be cloned/);
  assert.deepEqual(await readdir(dir), ['chk-00000001.ckpt']);
  assert.deepEqual(await storage.latest(), { id: 1, data: 'good' });
});

test('bad ids and retain values are rejected', async (t) => {
  const storage = new CheckpointStorage(await tempDir(t));
  await assert.rejects(storage.write(-1, 'x'), /non-negative integer, got -1/);
  await assert.rejects(storage.write(1.5, 'x'), /got 1.5/);
  assert.throws(() => new CheckpointStorage('x', { retain: 0 }), /option 'retain': must be a whole number of at least 1/);
  assert.throws(() => new MemoryCheckpointStorage({ retain: 2.5 }), /option 'retain'/);
});

/** The behaviour both stores share. */
async function sharedContract(store: CheckpointStore): Promise<void> {
  assert.equal(await store.latest(), undefined);
  const data = { acc: { sum: 1 } };
  await store.write(1, data);
  data.acc.sum = 99;
  const first = await store.latest();
  assert.deepEqual(first, { id: 1, data: { acc: { sum: 1 } } }, 'later mutation does not reach a written checkpoint');
  (first!.data as { acc: { sum: number } }).acc.sum = 7;
  assert.deepEqual(await store.read(1), { acc: { sum: 1 } }, 'a read is a fresh copy');
  await store.write(2, 'two');
  await store.write(3, 'three');
  await store.write(4, 'four');
  assert.deepEqual(await store.list(), [2, 3, 4]);
  await assert.rejects(store.read(1), /checkpoint/);
}

test('the directory store keeps the store contract', async (t) => {
  await sharedContract(new CheckpointStorage(await tempDir(t)));
});

test('the memory store keeps the store contract', async () => {
  const store = new MemoryCheckpointStorage();
  await sharedContract(store);
  assert.equal(await store.write(5, 'x'), 'memory:chk-00000005.ckpt');
  await assert.rejects(store.write(6, { fn: () => 1 }), /could not be cloned/);
});
