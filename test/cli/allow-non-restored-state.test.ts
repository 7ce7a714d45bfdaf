import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sluice } from '../examples/run-cli.ts';

const JOB = 'test/cli/fixtures/restore-job.ts';

async function runVariant(variant: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = process.env.RESTORE_JOB_VARIANT;
  process.env.RESTORE_JOB_VARIANT = variant; // the child process inherits it
  try {
    return await sluice(['run', JOB, '--no-status', ...args]);
  } finally {
    if (saved === undefined) delete process.env.RESTORE_JOB_VARIANT;
    else process.env.RESTORE_JOB_VARIANT = saved;
  }
}

test('sluice run: a job that lost a stateful step fails to restore naming it; --allow-non-restored-state runs it, saying what was dropped', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-cli-restore-'));
  try {
    const first = await runVariant('counts', ['--checkpoint-dir', dir]);
    assert.equal(first.code, 0, first.stderr);

    const refused = await runVariant('plain', ['--checkpoint-dir', dir]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /the checkpoint holds state of process 'process-\d+' \(uid '[^']+'\), which the job no longer has/);
    assert.match(refused.stderr, /--allow-non-restored-state/);

    const allowed = await runVariant('plain', ['--checkpoint-dir', dir, '--allow-non-restored-state']);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stderr, /allow-non-restored-state: the checkpoint holds state of process .* that state is dropped/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
