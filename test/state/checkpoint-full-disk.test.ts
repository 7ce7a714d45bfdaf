// A full disk under the checkpoint directory (a file size limit set with ulimit in the child's shell,
// see test/fixtures/child-process.ts): the job fails with an error saying so, every checkpoint left in
// the directory is whole and readable, no partial file is left behind, and a restart where there is
// room resumes from the newest one and finishes with the right result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CheckpointStorage } from '../../src/state/checkpoint-storage.ts';
import { spawnNode } from '../fixtures/child-process.ts';

const JOB = fileURLToPath(new URL('../fixtures/growing-state-job.ts', import.meta.url));
const RECORDS = 20_000;
const LIMIT_KB = 256;

test('a full disk under the checkpoint directory: a clear error, no corrupt checkpoint left, and a restart finishes', { timeout: 120_000 }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'sluice-full-disk-'));
  const running = new Set<ChildProcess>();
  t.after(() => {
    for (const child of running) child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });
  const checkpoints = join(work, 'checkpoints');
  const env = { GROW_CHECKPOINTS: checkpoints, GROW_RECORDS: String(RECORDS) };

  const full = await spawnNode([JOB], env, running, { fileSizeLimitKb: LIMIT_KB }).exited;
  assert.equal(full.code, 1, `the job fails when a checkpoint does not fit (signal ${full.signal}):\n${full.stderr}`);
  assert.match(full.stderr, new RegExp(`cannot write checkpoint \\d+ \\(\\d+ bytes\\) to ${checkpoints.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ` +
    'the file size limit was reached \\(EFBIG\\); the checkpoints before it are intact'));

  const files = readdirSync(checkpoints);
  assert.deepEqual(files.filter((f) => !/^chk-\d+\.ckpt$/.test(f)), [], `only complete checkpoints are left: ${files.join(', ')}`);
  const store = new CheckpointStorage(checkpoints);
  const ids = await store.list();
  assert.ok(ids.length > 0, 'the checkpoints taken before the disk filled are there');
  for (const id of ids) await store.read(id); // each one whole: it decodes
  const newest = Math.max(...ids);

  const resumed = await spawnNode([JOB], env, running).exited;
  assert.equal(resumed.code, 0, resumed.stderr);
  const report = JSON.parse(resumed.stdout.trim().split('\n').at(-1)!) as { outcome: string; emitted: number; lastCheckpointId: number };
  assert.equal(report.outcome, 'finished');
  // Resumed, not started over: it emitted only what the newest whole checkpoint had not covered.
  assert.ok(report.emitted > 0 && report.emitted < RECORDS, `the restart resumed from checkpoint ${newest} (emitted ${report.emitted})`);
  assert.ok(report.lastCheckpointId > newest);
});
