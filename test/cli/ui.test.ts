// `sluice run … --ui`: the CLI serves the REST API, says where, and stops the job when asked through it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { ROOT } from '../examples/run-cli.ts';
import { api, until } from '../server/rest-helpers.ts';

test('sluice run --ui --ui-port 0 prints the REST API address; cancelling through it stops the run cleanly', { timeout: 300_000 }, async () => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, ['src/cli/main.ts', 'run', 'test/cli/fixtures/ui-job.ts', '--ui', '--ui-port', '0', '--no-status', '--log-level', 'warn'], { cwd: ROOT, env });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const address = await until(async () => /REST API at (http:\/\/127\.0\.0\.1:\d+)\/jobs\/([0-9a-f]{32})/.exec(stderr) ?? undefined, `the address on stderr (${stderr})`);
    const [, url, jobId] = address;
    await until(async () => ((await api(`${url}/jobs/${jobId}`)).body.vertices[0].metrics['write-records'] > 0 ? true : undefined), 'records to flow');
    const cancel = await api(`${url}/jobs/${jobId}/stop`, { method: 'POST' });
    assert.equal(cancel.status, 202);
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /^source 'trades' .*: \d+ in/m, 'the run ended with its usual summary');
  } finally {
    child.kill('SIGKILL');
  }
});

test('sluice run refuses --ui-host off loopback without SLUICE_UI_TOKEN, and --ui-port without --ui', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  delete env.SLUICE_UI_TOKEN;
  const run = (args: string[]): Promise<{ code: number | null; stderr: string }> => new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/cli/main.ts', 'run', 'test/cli/fixtures/ui-job.ts', ...args], { cwd: ROOT, env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.once('exit', (code) => resolve({ code, stderr }));
  });
  const open = await run(['--ui', '--ui-host', '0.0.0.0', '--no-status']);
  assert.equal(open.code, 1);
  assert.match(open.stderr, /'0\.0\.0\.0' is not a loopback address: set ui\.token \(the CLI reads it from SLUICE_UI_TOKEN\)/);
  const portOnly = await run(['--ui-port', '9999', '--no-status']);
  assert.equal(portOnly.code, 1);
  assert.match(portOnly.stderr, /--ui-port and --ui-host set where the REST API listens: add --ui/);
});
