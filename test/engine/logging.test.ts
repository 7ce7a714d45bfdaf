import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { configureLogging, Dataflow, END, memorySink, run, setLogOutput, withLogContext, type Source } from 'sluice';
import { log } from '../../src/core/log.ts';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, sluice } from '../examples/run-cli.ts';

/** Configures pino into a buffer; returns the lines written so far, parsed. */
async function capture(options: { level?: string; pretty?: boolean }): Promise<{ lines: () => any[]; text: () => string }> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await configureLogging({ ...options, destination: stream });
  const text = (): string => Buffer.concat(chunks).toString('utf8');
  return { text, lines: () => text().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l)) };
}

test('JSON lines carry the level, the job, task and vertex, at or above the level asked; secrets are redacted', async (t) => {
  t.after(() => setLogOutput(undefined));
  const out = await capture({ level: 'info' });
  withLogContext({ job: 'stocks', task: 1 }, () => {
    log.debug('not at this level');
    log.info('plain line');
    log.warn('about one vertex', { vertex: 'source-1', token: 'abc-secret-value', options: { 'sasl': 'x', password: 'hunter2' } });
  });
  log.info('outside any job');
  const lines = out.lines();
  assert.deepEqual(lines.map((l) => l.msg), ['plain line', 'about one vertex', 'outside any job']);
  assert.deepEqual(lines.map((l) => [l.level, l.job, l.task, l.vertex]), [['info', 'stocks', 1, null], ['warn', 'stocks', 1, 'source-1'], ['info', null, null, null]]);
  assert.equal(lines[1].token, '******');
  assert.equal(lines[1].options.password, '******');
  assert.equal(lines[1].options.sasl, '******');
  assert.ok(!out.text().includes('hunter2') && !out.text().includes('abc-secret-value'));
  assert.equal(typeof lines[0].time, 'number');
});

test('pretty output is human lines, not JSON', async (t) => {
  t.after(() => setLogOutput(undefined));
  const out = await capture({ level: 'info', pretty: true });
  withLogContext({ job: 'stocks', task: 0 }, () => log.warn('something to see', { vertex: 'window-2' }));
  assert.match(out.text(), /WARN.*something to see/);
  assert.match(out.text(), /vertex: "window-2"/);
  assert.throws(() => JSON.parse(out.text().trim()));
});

test('a running job logs its start (options masked) and end, and its connectors\' warnings carry its name and task', async (t) => {
  t.after(() => setLogOutput(undefined));
  const out = await capture({ level: 'debug' });
  // A source whose split discovery fails once (then it ends): the runner's warning names the vertex.
  let discoveryFailed = false;
  const source: Source<{ n: number }> = {
    name: 'flaky', bounded: true, discoveryIntervalMs: 1,
    splits: () => [{ id: 'only' }],
    discoverSplits: async () => {
      discoveryFailed = true;
      throw new Error('metadata unavailable');
    },
    createReader: () => {
      let sent = false;
      return {
        poll: () => {
          if (!sent) { sent = true; return { values: [{ n: 1 }, { n: 2 }] }; }
          return discoveryFailed ? END : new Promise((resolve) => setTimeout(() => resolve({ values: [] }), 5));
        },
        position: () => null,
        close: () => {},
      };
    },
  };
  const flow = new Dataflow('logged');
  flow.input('in', source).output('out', memorySink());
  await run(flow, { handleSignals: false, ui: { port: 0, token: 'never-log-this-token-123' } });
  const lines = out.lines();
  const start = lines.find((l) => l.msg === "job 'logged' starting");
  assert.ok(start, out.text());
  assert.equal(start.config.ui.token, '******');
  assert.ok(!out.text().includes('never-log-this-token-123'));
  const discovery = lines.find((l) => /split discovery of source 'in' failed, retrying later: metadata unavailable/.test(l.msg));
  assert.ok(discovery, out.text());
  assert.deepEqual([discovery.level, discovery.job, discovery.task, discovery.vertex], ['warn', 'logged', 0, 'in']);
  const end = lines.find((l) => /^job 'logged' finished: 2 records in/.test(l.msg));
  assert.ok(end, out.text());
  assert.ok(lines.every((l) => 'job' in l && 'task' in l && 'vertex' in l), 'every line has job, task and vertex');
});

test('sluice run --log-level: JSON lines off a terminal; an unknown level names the near one', async () => {
  const bad = await sluice(['run', 'test/cli/fixtures/skipping-job.ts', '--log-level', 'warning']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /option '--log-level': unknown level 'warning' \(did you mean 'warn'\?\)/);
  const dir = mkdtempSync(join(tmpdir(), 'sluice-log-cli-'));
  try {
    const input = join(dir, 'in.jsonl');
    writeFileSync(input, '{"n":1}\n{"n":2}\n');
    const env: NodeJS.ProcessEnv = { ...process.env, SKIPPING_INPUT: input };
    delete env.NODE_TEST_CONTEXT;
    const stderr = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['src/cli/main.ts', 'run', 'test/cli/fixtures/skipping-job.ts', '--no-status', '--log-level', 'debug'], { cwd: ROOT, env, timeout: 120_000 },
        (error, _stdout, err) => (error === null ? resolve(err) : reject(new Error(`${error.message}\n${err}`))));
    });
    const lines = stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    assert.ok(lines.some((l) => l.level === 'info' && l.job === 'skipping-job' && l.task === 0 && l.msg === "job 'skipping-job' starting"), stderr);
    assert.ok(lines.some((l) => l.level === 'info' && /^job 'skipping-job' finished: 2 records in/.test(l.msg)), stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
