// Exactly-once across real crashes: the job runs in a child process that is killed with SIGKILL (no
// chance to flush or checkpoint) and restarted from its newest checkpoint. The committed part files
// of all the runs together must hold exactly the rows of one uninterrupted run: none lost, none twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CheckpointStorage, END, stockTradeSource, type SourceContext, type StockTrade } from 'sluice';
import { spawnNode, type Child, type Exit } from '../fixtures/child-process.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/crash-job.ts', import.meta.url));
const TRADES = 200_000;
const OUTPUTS = ['windows', 'big-trades'] as const;

interface JobDirs {
  readonly output: string;
  readonly checkpoints: string;
}

type RunningJob = Child;

/** Writes the trades as JSON Lines; one simulated trade a second so ~55 hours of windows close. */
async function writeTrades(path: string): Promise<void> {
  const source = stockTradeSource({ seed: 11, maxRecords: TRADES, eventsPerSimulatedSecond: 1 });
  const context: SourceContext = { taskIndex: 0, parallelism: 1, now: () => 0 };
  const [split] = await source.splits(context);
  const reader = source.createReader(split, undefined, context);
  const lines: string[] = [];
  for (let batch = await reader.poll(10_000); batch !== END; batch = await reader.poll(10_000)) {
    for (const trade of batch.values as StockTrade[]) lines.push(JSON.stringify(trade));
  }
  await reader.close();
  writeFileSync(path, `${lines.join('\n')}\n`);
}

function startJob(input: string, dirs: JobDirs, slowMs: number, running: Set<ChildProcess>): RunningJob {
  const env: NodeJS.ProcessEnv = {
    CRASH_INPUT: input,
    CRASH_OUTPUT: dirs.output,
    CRASH_CHECKPOINTS: dirs.checkpoints,
    CRASH_SLOW_MS: String(slowMs),
  };
  return spawnNode([FIXTURE], env, running);
}

/** The highest complete checkpoint id in the directory (0 if none). */
function newestCheckpoint(dir: string): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let newest = 0;
  for (const name of names) {
    const match = /^chk-(\d+)\.ckpt$/.exec(name);
    if (match) newest = Math.max(newest, Number(match[1]));
  }
  return newest;
}

/** Resolves once checkpoint `id` (or a newer one) exists; rejects if the job exits first. */
async function untilCheckpoint(job: RunningJob, dir: string, id: number): Promise<void> {
  let exit: Exit | undefined;
  void job.exited.then((e) => { exit = e; });
  while (newestCheckpoint(dir) < id) {
    if (exit !== undefined) {
      assert.fail(`the job ended (code ${exit.code}) before checkpoint ${id}; it must be slow enough to kill mid-run\n${exit.stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function kill(job: RunningJob): Promise<void> {
  job.child.kill('SIGKILL');
  const exit = await job.exited;
  assert.equal(exit.signal, 'SIGKILL', `the job was still running when killed (exit code ${exit.code}): ${exit.stderr}`);
}

/** Every row of the committed parts (final names only; hidden in-progress parts are not output). */
function committedRows(output: string): string[] {
  const rows: string[] = [];
  for (const sub of OUTPUTS) {
    let names: string[];
    try {
      names = readdirSync(join(output, sub));
    } catch {
      continue; // nothing committed yet
    }
    for (const name of names.filter((n) => /^part-\d+-\d+\.jsonl$/.test(n)).sort()) {
      const text = readFileSync(join(output, sub, name), 'utf8');
      for (const line of text.split('\n')) if (line !== '') rows.push(`${sub} ${line}`);
    }
  }
  return rows;
}

function inProgressParts(output: string): string[] {
  return OUTPUTS.flatMap((sub) => readdirSync(join(output, sub)).filter((n) => n.startsWith('.')).map((n) => `${sub}/${n}`));
}

function countsOf(rows: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row, (counts.get(row) ?? 0) + 1);
  return counts;
}

/** Rows of `actual` missing from / in excess of `expected`, counted as multisets. */
function difference(actual: readonly string[], expected: readonly string[]): { lost: number; duplicated: number; example?: string } {
  const want = countsOf(expected);
  const got = countsOf(actual);
  let lost = 0;
  let duplicated = 0;
  let example: string | undefined;
  for (const [row, n] of want) {
    const missing = n - (got.get(row) ?? 0);
    if (missing > 0) { lost += missing; example ??= `lost: ${row}`; }
  }
  for (const [row, n] of got) {
    const extra = n - (want.get(row) ?? 0);
    if (extra > 0) { duplicated += extra; example ??= `duplicated or unexpected: ${row}`; }
  }
  return { lost, duplicated, example };
}

/** Reads the newest checkpoint the way a restart will: its id and how many input lines it covers. */
async function newestRestorePoint(dir: string, input: string): Promise<{ id: number; line: number }> {
  const latest = await new CheckpointStorage(dir).latest();
  assert.ok(latest !== undefined, 'a killed run left at least one readable checkpoint');
  const data = latest.data as { sources: Record<string, Record<string, { position: { line: number } }>> };
  return { id: latest.id, line: data.sources.trades[input].position.line };
}

function finalReport(exit: Exit): { outcome: string; recordsIn: number } {
  assert.equal(exit.code, 0, `the job failed: ${exit.stderr}`);
  return JSON.parse(exit.stdout.trim().split('\n').at(-1)!) as { outcome: string; recordsIn: number };
}

test('a job killed with SIGKILL at two points and restarted commits exactly the rows of an uninterrupted run', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'sluice-crash-'));
  const running = new Set<ChildProcess>();
  t.after(() => {
    for (const child of running) child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });
  const input = join(work, 'trades.jsonl');
  await writeTrades(input);

  // The reference: one uninterrupted run at full speed, alongside the crashing one.
  const referenceDirs = { output: join(work, 'reference'), checkpoints: join(work, 'reference-checkpoints') };
  const reference = startJob(input, referenceDirs, 0, running);

  // A 20 ms stall every 1000 records: ~4 s in all, checkpoints every 100 ms.
  const dirs = { output: join(work, 'crashed'), checkpoints: join(work, 'crashed-checkpoints') };
  const first = startJob(input, dirs, 20, running);
  await untilCheckpoint(first, dirs.checkpoints, 2);
  await kill(first);
  const afterFirstKill = committedRows(dirs.output);
  const firstRestore = await newestRestorePoint(dirs.checkpoints, input);

  // Second crash: the restarted run gets a few checkpoints further, then dies too.
  const second = startJob(input, dirs, 20, running);
  await untilCheckpoint(second, dirs.checkpoints, firstRestore.id + 8);
  await kill(second);
  const afterSecondKill = committedRows(dirs.output);
  const secondRestore = await newestRestorePoint(dirs.checkpoints, input);

  const third = startJob(input, dirs, 20, running);
  const thirdReport = finalReport(await third.exited);
  const expected = committedRows(referenceDirs.output);
  const referenceReport = finalReport(await reference.exited);
  t.diagnostic(`killed at input lines ${firstRestore.line} and ${secondRestore.line} of ${TRADES}; ${expected.length} rows expected`);

  assert.equal(referenceReport.outcome, 'finished');
  assert.equal(referenceReport.recordsIn, TRADES);
  assert.ok(expected.some((r) => r.startsWith('windows ')) && expected.some((r) => r.startsWith('big-trades ')), 'both outputs have rows');

  // The crashes really landed mid-run, after some output was committed, and never committed a wrong row.
  assert.ok(firstRestore.id >= 1 && firstRestore.line > 0 && firstRestore.line < TRADES, `first kill mid-input (line ${firstRestore.line})`);
  assert.ok(afterFirstKill.length > 0 && afterFirstKill.length < expected.length, `first kill left ${afterFirstKill.length} of ${expected.length} rows`);
  assert.equal(difference(afterFirstKill, expected).duplicated, 0, 'rows committed before the first kill are all in the reference');
  assert.ok(secondRestore.line > firstRestore.line && secondRestore.line < TRADES, `second kill further in (line ${secondRestore.line})`);
  assert.ok(afterSecondKill.length > afterFirstKill.length && afterSecondKill.length < expected.length, 'second kill after more progress');
  assert.equal(difference(afterSecondKill, expected).duplicated, 0, 'rows committed before the second kill are all in the reference');

  // The last run resumed from the newest checkpoint (not from the start) and read exactly the rest.
  assert.equal(thirdReport.outcome, 'finished');
  assert.equal(thirdReport.recordsIn, TRADES - secondRestore.line);

  const { lost, duplicated, example } = difference(committedRows(dirs.output), expected);
  assert.deepEqual({ lost, duplicated }, { lost: 0, duplicated: 0 }, example);
  assert.deepEqual(committedRows(dirs.output).sort(), [...expected].sort());
  assert.deepEqual(inProgressParts(dirs.output), [], 'no in-progress part is left behind');
});
