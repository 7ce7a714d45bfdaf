import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataflow, tumbling } from '../../src/api/dataflow/index.ts';
import { memorySink, type MemorySink } from '../../src/connectors/memory/index.ts';
import { END, type Source } from '../../src/connectors/spi.ts';
import type { WindowResult } from '../../src/plan/windows.ts';
import { JobRunner } from '../../src/runtime/job-runner.ts';
import { CheckpointStorage } from '../../src/state/checkpoint-storage.ts';

/** A record of the test source: split, index within the split, key, event time. */
interface Rec {
  s: number;
  i: number;
  k: string;
  t: number;
}

const SPLITS = 2;
const PER_SPLIT = 40;
const PER_POLL = 3;

/**
 * A deterministic two-split source that hands out a few records per (asynchronous) poll, so a job
 * takes many loop turns and a checkpoint lands mid-stream. Event times rise within each split.
 * `onPolled` sees the running total of records handed out (the test uses it to act mid-stream); a
 * promise it returns holds every later poll back until it settles (checkpoints do not stop the
 * stream, so a test that needs the stream to wait for one says so).
 */
function trickleSource(onPolled: (total: number) => Promise<unknown> | void = () => {}): Source<Rec> {
  let gate: Promise<unknown> | undefined;
  let total = 0;
  return {
    name: 'trickle',
    bounded: true,
    splits: () => Array.from({ length: SPLITS }, (_, s) => ({ id: `split-${s}` })),
    createReader(split, position) {
      const s = Number(split.id.slice('split-'.length));
      let next = typeof position === 'number' ? position : 0;
      return {
        async poll() {
          await new Promise((resolve) => setImmediate(resolve));
          if (gate !== undefined) await gate;
          if (next >= PER_SPLIT) return END;
          const values: Rec[] = [];
          for (let n = 0; n < PER_POLL && next < PER_SPLIT; n++, next++) {
            values.push({ s, i: next, k: `k${(next + s) % 3}`, t: next * 1_000 + s * 300 });
          }
          total += values.length;
          gate = onPolled(total) ?? gate;
          return { values };
        },
        position: () => next,
        close() {},
      };
    },
  };
}

interface Sinks {
  records: MemorySink<string>;
  windows: MemorySink<WindowResult<string, number>>;
}

/** The job: every record through a map (which can be told to fail) and per-key 10 s counts. */
function job(source: Source<Rec>, sinks: Sinks, failAfter = Number.POSITIVE_INFINITY): Dataflow {
  let mapped = 0;
  const flow = new Dataflow('trickle-job');
  const records = flow
    .input('in', source, { watermark: { timestamp: (r) => r.t, maxOutOfOrderness: 0 } })
    .map((r) => {
      if (++mapped > failAfter) throw new Error(`injected failure after ${failAfter} records`);
      return r;
    }, 'maybe-fail');
  records.map((r) => `${r.s}/${r.i}`, 'label').output('records', sinks.records);
  records.keyBy((r) => r.k).window(tumbling(10_000)).count('counts').output('windows', sinks.windows);
  return flow;
}

const newSinks = (): Sinks => ({ records: memorySink<string>(), windows: memorySink<WindowResult<string, number>>() });

function sortedWindows(values: readonly WindowResult<string, number>[]): string[] {
  return values.map((w) => `${w.start}-${w.end} ${w.key}=${w.value}${w.update ? ' (update)' : ''}`).sort();
}

/** The results of one uninterrupted run, sorted (two splits interleave differently from run to run). */
async function uninterrupted(): Promise<{ records: string[]; windows: string[] }> {
  const sinks = newSinks();
  const result = await new JobRunner(job(trickleSource(), sinks).plan()).run();
  assert.equal(result.outcome, 'finished');
  return { records: [...sinks.records.values].sort(), windows: sortedWindows(sinks.windows.values) };
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-checkpoint-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('the uninterrupted reference run sees every record once and every window of every key', async () => {
  const expected = await uninterrupted();
  assert.equal(expected.records.length, SPLITS * PER_SPLIT);
  assert.equal(new Set(expected.records).size, SPLITS * PER_SPLIT);
  // Times 0..39_300 over 10 s windows: 4 windows × 3 keys, 80 records in all; each window holds
  // 10 records of each split, and (index + split) % 3 spreads them over the keys.
  assert.equal(expected.windows.length, 12);
  assert.ok(expected.windows.includes('0-10000 k0=7'), expected.windows.join(', '));
});

// The crash-and-restore tests run on both state backends: the same job, the same expected results.
// On lmdb every checkpoint is written while records keep flowing (asyncCheckpointEntries 0); on the
// heap these small ones complete before the stream goes on.
for (const backend of ['heap', 'lmdb'] as const) {
  test(`${backend}: stop after a checkpoint, restart from the checkpoint directory: every record and window exactly once`, async () => {
    const expected = await uninterrupted();
    await withTempDir(async (dir) => {
      const sinks = newSinks(); // the sink's committed values stand for the external system: they outlive the job
      let runner1: JobRunner | undefined;
      let asked = false;
      const source1 = trickleSource((total) => {
        if (total >= 30 && !asked) {
          asked = true;
          return runner1!.checkpoint().then(() => runner1!.stop());
        }
      });
      runner1 = new JobRunner(job(source1, sinks).plan(), { checkpoints: new CheckpointStorage(dir), checkpointInterval: 1e9, stateBackend: { kind: backend }, asyncCheckpointEntries: backend === 'lmdb' ? 0 : undefined });
      const first = await runner1.run();
      assert.equal(first.outcome, 'stopped');
      const afterRun1 = sinks.records.values.length;
      assert.ok(afterRun1 > 0 && afterRun1 < SPLITS * PER_SPLIT, `run 1 stopped mid-stream (${afterRun1} records committed)`);

      const files = await readdir(dir);
      assert.ok(files.some((f) => /^chk-\d{8}\.ckpt$/.test(f)), `a checkpoint file in ${files.join(', ')}`);
      // A half-written checkpoint left by a crash must not be taken for the newest one.
      await writeFile(join(dir, 'chk-99999999.tmp'), 'torn write');

      const runner2 = new JobRunner(job(trickleSource(), sinks).plan(), { checkpoints: new CheckpointStorage(dir), checkpointInterval: 1e9, stateBackend: { kind: backend }, asyncCheckpointEntries: backend === 'lmdb' ? 0 : undefined });
      const second = await runner2.run();
      assert.equal(second.outcome, 'finished');
      assert.ok(second.lastCheckpointId > first.lastCheckpointId, 'run 2 continued the checkpoint ids');
      assert.deepEqual([...sinks.records.values].sort(), expected.records);
      assert.deepEqual(sortedWindows(sinks.windows.values), expected.windows);
    });
  });

  test(`${backend}: a hard failure after a checkpoint: the restart replays from that checkpoint, no record lost or doubled`, async () => {
    const expected = await uninterrupted();
    await withTempDir(async (dir) => {
      const sinks = newSinks();
      await assert.rejects(runCheckpointThenFail(dir, sinks, backend), /injected failure after 60 records/);
      const committed = sinks.records.values.length;
      // The checkpoint was asked for when 24 records had been polled; some may still have been in flight.
      assert.ok(committed > 0 && committed < 60, `only what the checkpoint covered is visible (${committed} records)`);
      assert.ok(sinks.records.written.length >= 60, 'run 1 wrote records after its checkpoint that were never committed');
      assert.deepEqual(await new CheckpointStorage(dir).list(), [1]);

      const runner2 = new JobRunner(job(trickleSource(), sinks).plan(), { checkpoints: new CheckpointStorage(dir), checkpointInterval: 1e9, stateBackend: { kind: backend }, asyncCheckpointEntries: backend === 'lmdb' ? 0 : undefined });
      assert.equal((await runner2.run()).outcome, 'finished');
      assert.deepEqual([...sinks.records.values].sort(), expected.records);
      assert.deepEqual(sortedWindows(sinks.windows.values), expected.windows);
    });
  });

  test(`${backend}: a restart with a new sink object: run 1 and run 2 committed together are exactly one run`, async () => {
    // The crash may come between writing a checkpoint and committing it, so a restart commits the
    // restored checkpoint's prepared writes again; a sink must recognise ones it already committed
    // even when the sink object itself is new (only the external system survived the crash).
    const expected = await uninterrupted();
    await withTempDir(async (dir) => {
      const sinks1 = newSinks();
      await assert.rejects(runCheckpointThenFail(dir, sinks1, backend), /injected failure/);

      const sinks2 = newSinks();
      await new JobRunner(job(trickleSource(), sinks2).plan(), { checkpoints: new CheckpointStorage(dir), checkpointInterval: 1e9, stateBackend: { kind: backend }, asyncCheckpointEntries: backend === 'lmdb' ? 0 : undefined }).run();
      assert.deepEqual([...sinks1.records.values, ...sinks2.records.values].sort(), expected.records);
      assert.deepEqual(sortedWindows([...sinks1.windows.values, ...sinks2.windows.values]), expected.windows);
    });
  });
}

/**
 * Run 1 of a crash test: asks for a checkpoint once 24 records were polled, then fails hard after 60
 * records (a map that throws), leaving written-but-uncommitted records behind.
 */
function runCheckpointThenFail(dir: string, sinks: ReturnType<typeof newSinks>, backend: 'heap' | 'lmdb'): Promise<unknown> {
  let asked = false;
  const source = trickleSource((total) => {
    if (total >= 24 && !asked) {
      asked = true;
      return runner.checkpoint();
    }
  });
  const runner = new JobRunner(job(source, sinks, 60).plan(), { checkpoints: new CheckpointStorage(dir), checkpointInterval: 1e9, stateBackend: { kind: backend }, asyncCheckpointEntries: backend === 'lmdb' ? 0 : undefined });
  return runner.run();
}
