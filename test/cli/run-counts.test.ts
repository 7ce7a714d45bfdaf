// `sluice run` says at the end of a bounded run what each source read, skipped and dead-lettered, with
// or without the status line: a dropped record is never silent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../examples/run-cli.ts';

function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.NODE_TEST_CONTEXT;
  return new Promise((resolve) => {
    execFile(process.execPath, ['src/cli/main.ts', ...args], { cwd: ROOT, env: childEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

test('a bounded run prints each source\'s records in, skipped and dead-lettered at the end', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-run-counts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const input = join(dir, 'numbers.jsonl');
  const lines = ['{"n":1}', 'oops', '{"n":3}', '{"n":', '{"n":5}'];
  writeFileSync(input, lines.join('\n') + '\n');
  const good = lines.filter((l) => { try { JSON.parse(l); return true; } catch { return false; } });
  for (const status of [[], ['--no-status']]) {
    const { code, stdout, stderr } = await runCli(['run', 'test/cli/fixtures/skipping-job.ts', ...status], { SKIPPING_INPUT: input });
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim().split('\n').length, good.length, stdout);
    assert.match(stderr, new RegExp(`^source 'numbers' \\(file:${input.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\): ${good.length} in, ${lines.length - good.length} skipped \\(unparsable\\), 0 dead-lettered, 0 late dropped$`, 'm'));
    if (status.length === 0) assert.match(stderr, new RegExp(`^finished: records in ${good.length} \\|.*\\| skipped ${lines.length - good.length} \\| dead-lettered 0$`, 'm'));
  }
});
