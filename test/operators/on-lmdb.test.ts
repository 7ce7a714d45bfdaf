import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Every stateful operator's tests, once more on the lmdb backend: the same files, the same expected
 * results, snapshot-and-restore tests included. The operator harness takes its backend from
 * SLUICE_TEST_STATE_BACKEND, and its lmdb cache holds 2 entries and writes through, so the operators
 * really read and write lmdb.
 */
const here = dirname(fileURLToPath(import.meta.url));
const files = [
  ...readdirSync(here).filter((name) => name.endsWith('.test.ts') && name !== 'on-lmdb.test.ts').map((name) => join(here, name)),
  join(here, '..', 'testing', 'operator-harness.test.ts'),
];

test('the operator tests pass on the lmdb state backend', () => {
  // Without NODE_TEST_CONTEXT the child reports as a test run of its own, not to this runner.
  const { NODE_TEST_CONTEXT: _inner, ...env } = process.env;
  const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...files], {
    env: { ...env, SLUICE_TEST_STATE_BACKEND: 'lmdb' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const failures = run.stdout.split('\n').filter((line) => line.startsWith('not ok') || /^# fail [1-9]/.test(line));
  assert.equal(run.status, 0, `operator tests failed on lmdb:\n${failures.join('\n')}\n${run.stderr}`);
  const passed = /^# pass (\d+)$/m.exec(run.stdout);
  assert.ok(passed !== null && Number(passed[1]) > 100, `expected the whole operator suite to run, got: ${passed?.[0] ?? run.stdout.slice(-500)}`);
});
