// The CLI as a user meets it: `npm start` runs the main job until Ctrl-C, which must stop it cleanly
// (exit 0, final status line, final checkpoint); a mistake on the command line is one line, no stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointStorage } from 'sluice';
import { ROOT, spawnNode, type Child } from '../fixtures/child-process.ts';

// Generous: the first window closes ~3 s after start (an hour of trades every 3 s); a loaded machine is
// slower (a CLI start alone took over 10 s with seven test runs on two cores). The team's floor is 60 s.
const FIRST_OUTPUT_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 60_000;

type Cli = Child;

function startCli(args: readonly string[], running: Set<ChildProcess>): Cli {
  return spawnNode(args, {}, running);
}

/** Settles with the promise's value, or with `undefined` once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), ms); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function untilStdoutMatches(cli: Cli, pattern: RegExp, ms: number): Promise<void> {
  let exited = false;
  void cli.exited.then(() => { exited = true; });
  const deadline = Date.now() + ms;
  while (!pattern.test(cli.stdout())) {
    if (exited) assert.fail(`the CLI exited before printing ${pattern}:\n${cli.stderr()}`);
    if (Date.now() > deadline) assert.fail(`no ${pattern} on stdout within ${ms} ms:\n${cli.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `npm start`'s command, with `node` being the Node that runs these tests. */
function npmStartArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [program, ...args] = pkg.scripts.start.split(' ');
  assert.equal(program, 'node');
  assert.deepEqual(args, ['src/cli/main.ts', 'run', 'examples/stock-pipeline.ts'], 'npm start runs the main job through the CLI');
  return args;
}

test('Ctrl-C stops the main job (npm start) cleanly: exit 0, final status on stderr, final checkpoint written', async (t) => {
  const checkpoints = mkdtempSync(join(tmpdir(), 'sluice-ctrl-c-'));
  const running = new Set<ChildProcess>();
  t.after(() => {
    for (const child of running) child.kill('SIGKILL');
    rmSync(checkpoints, { recursive: true, force: true });
  });
  const cli = startCli([...npmStartArgs(), '--checkpoint-dir', checkpoints], running);

  await untilStdoutMatches(cli, /^\+I\[/m, FIRST_OUTPUT_TIMEOUT_MS);
  // The default interval is 10 s, so any checkpoint that shows up now is the one taken on stop.
  const before = readdirSync(checkpoints).filter((name) => /^chk-\d+\.ckpt$/.test(name));
  cli.child.kill('SIGINT');
  const exit = await within(cli.exited, STOP_TIMEOUT_MS);

  assert.ok(exit !== undefined, `the job did not stop within ${STOP_TIMEOUT_MS} ms of SIGINT`);
  assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, cli.stderr());
  assert.match(cli.stderr(), /^stopped: records in \d+ \|/m, 'the final status line says the job was stopped');
  for (const line of cli.stdout().trim().split('\n')) {
    assert.match(line, /^\+I\[[A-Z]+, \d{4}-\d\d-\d\d \d\d:00:00\.000, \d+, [\d.]+\]$/, 'stdout holds only results');
  }
  const after = readdirSync(checkpoints).filter((name) => /^chk-\d+\.ckpt$/.test(name));
  assert.ok(after.length > before.length, `a final checkpoint was written on stop (before: ${before.join(', ')}; after: ${after.join(', ')})`);
  const latest = await new CheckpointStorage(checkpoints).latest();
  assert.ok(latest !== undefined, 'the final checkpoint is complete and readable');
});

test('running a job file that does not exist exits 1 with a one-line error and no stack trace', async (t) => {
  const running = new Set<ChildProcess>();
  t.after(() => { for (const child of running) child.kill('SIGKILL'); });
  const cli = startCli(['src/cli/main.ts', 'run', 'does-not-exist.ts'], running);
  const exit = await within(cli.exited, STOP_TIMEOUT_MS);

  assert.ok(exit !== undefined, `the CLI did not exit within ${STOP_TIMEOUT_MS} ms`);
  assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 1, signal: null });
  const lines = cli.stderr().trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${cli.stderr()}`);
  assert.match(lines[0], /^sluice: .*does-not-exist\.ts/);
  assert.equal(cli.stdout(), '');
});
