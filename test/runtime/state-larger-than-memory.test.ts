import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * State larger than the JavaScript heap: a GROUP BY over 2 M distinct keys in a process whose heap
 * is capped at 256 MB finishes on lmdb, and runs out of memory on the heap backend.
 */
const JOB = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'many-keys-job.ts');
const KEYS = 2_000_000;

function runJob(backend: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { NODE_TEST_CONTEXT: _inner, ...env } = process.env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', JOB, backend, String(KEYS)], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr: stderr.slice(-2000) }));
  });
}

test('2 M keys on lmdb finish under --max-old-space-size=256, where the heap backend runs out of memory', { timeout: 600_000 }, async () => {
  const lmdb = await runJob('lmdb');
  assert.equal(lmdb.code, 0, lmdb.stderr);
  assert.match(lmdb.stdout, new RegExp(`keys=${KEYS} backend=lmdb`));
  const heap = await runJob('heap');
  assert.notEqual(heap.code, 0, 'the heap backend should not fit 2 M keys in 256 MB');
  assert.match(heap.stderr, /heap out of memory|Allocation failed/);
});
