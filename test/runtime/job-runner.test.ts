import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataflow } from '../../src/api/dataflow/index.ts';
import { memorySink } from '../../src/connectors/memory/index.ts';
import { memorySource } from '../../src/connectors/memory/index.ts';
import { JobRunner } from '../../src/runtime/job-runner.ts';
import { END, type Sink, type Source } from '../../src/connectors/spi.ts';

test('a bounded job runs map, filter and flatMap to completion and commits its sink', async () => {
  const flow = new Dataflow('basic');
  const sink = memorySink<number>();
  flow
    .input('numbers', memorySource([1, 2, 3, 4, 5, 6], { splits: 2 }))
    .map((n) => n * 10)
    .filter((n) => n > 20)
    .flatMap((n) => [n, n + 1])
    .output('out', sink);
  const result = await new JobRunner(flow.plan()).run();
  assert.equal(result.outcome, 'finished');
  assert.deepEqual([...sink.values].sort((a, b) => a - b), [30, 31, 40, 41, 50, 51, 60, 61]);
  assert.equal(result.status.recordsIn, 6);
});

test('branch sends matches and rejects to different outputs, evaluating the predicate once', async () => {
  const flow = new Dataflow('branch');
  let calls = 0;
  const big = memorySink<number>();
  const small = memorySink<number>();
  const { trues, falses } = flow.input('in', memorySource([5, 50, 7, 70])).branch((n) => (calls++, n > 10));
  trues.output('big', big);
  falses.output('small', small);
  await new JobRunner(flow.plan()).run();
  assert.deepEqual(big.values, [50, 70]);
  assert.deepEqual(small.values, [5, 7]);
  assert.equal(calls, 4);
});

test('a slow sink holds the source back: records read ahead of the sink stay bounded', async () => {
  let produced = 0;
  let written = 0;
  let maxAhead = 0;
  const batch = 100;
  const source: Source<number> = {
    name: 'endless',
    bounded: false,
    splits: () => [{ id: 'only' }],
    createReader: () => ({
      poll: () => {
        const values = Array.from({ length: batch }, () => produced++);
        maxAhead = Math.max(maxAhead, produced - written);
        return { values };
      },
      position: () => produced,
      close: () => {},
    }),
  };
  // The test ends on an event — the sink has written ten batches — not after a sleep.
  let tenBatchesWritten!: () => void;
  const enoughWritten = new Promise<void>((resolve) => { tenBatchesWritten = resolve; });
  const slowSink: Sink<number> = {
    name: 'slow',
    open() {},
    write: (values) => new Promise((resolve) => setTimeout(() => {
      written += values.length;
      if (written >= batch * 10) tenBatchesWritten();
      resolve();
    }, 5)),
    prepareCommit: () => null,
    commit() {},
    abort() {},
    close() {},
  };
  const flow = new Dataflow('backpressure');
  flow.input('in', source).output('out', slowSink);
  const runner = new JobRunner(flow.plan(), { maxPendingWrites: 2, maxBatchSize: batch });
  const done = runner.run();
  await enoughWritten;
  runner.stop();
  await done;
  // At most maxPendingWrites batches in flight plus the one being pushed.
  assert.ok(maxAhead <= batch * 3, `source ran ${maxAhead} records ahead of the sink`);
});

test('an idle split stops holding the watermark back after the idle timeout', async () => {
  // Split 'a' produces event times that advance; split 'b' produces one early record then nothing.
  let clockNow = 0;
  const clock = { now: () => clockNow };
  const polls = { a: 0, b: 0 };
  // Both watermarks are read inside split a's polls — events of the run, not moments of the wall clock.
  let watermarkWhileBActive = Number.NaN;
  let reachedFiftyPolls!: (watermark: number) => void;
  const watermarkAfterIdle = new Promise<number>((resolve) => { reachedFiftyPolls = resolve; });
  const sourceWatermark = (): number => runner.graph.sources[0].watermark;
  const source: Source<{ t: number }> = {
    name: 'two-splits',
    bounded: false,
    splits: () => [{ id: 'a' }, { id: 'b' }],
    createReader: (split) => ({
      poll: () => {
        clockNow += 100;
        if (split.id === 'b') return polls.b++ === 0 ? { values: [{ t: 1_000 }] } : { values: [] };
        polls.a++;
        if (polls.a === 3) watermarkWhileBActive = sourceWatermark(); // clock 500 ms: b not idle yet
        if (polls.a === 50) reachedFiftyPolls(sourceWatermark());
        return { values: [{ t: polls.a * 10_000 }] };
      },
      position: () => 0,
      close: () => {},
    }),
  };
  const sink = memorySink<unknown>();
  const flow = new Dataflow('idle');
  flow.input('in', source, { watermark: { timestamp: (r) => r.t, maxOutOfOrderness: 0, idleTimeout: 1_000 } }).output('out', sink);
  const runner = new JobRunner(flow.plan(), { clock });
  const done = runner.run();
  const afterIdle = await watermarkAfterIdle;
  runner.stop();
  await done;
  assert.equal(watermarkWhileBActive, 1_000, 'held back by split b (its record at t = 1000) while it is active');
  assert.ok(afterIdle >= 100_000, `advanced past split b once it was idle (${afterIdle})`);
});

test('a source that ends after END finishes the job', async () => {
  let served = false;
  const source: Source<string> = {
    name: 'once',
    bounded: true,
    splits: () => [{ id: 's' }],
    createReader: () => ({
      poll: async () => (served ? END : ((served = true), { values: ['x', 'y'] })),
      position: () => served,
      close: () => {},
    }),
  };
  const sink = memorySink<string>();
  const flow = new Dataflow('end');
  flow.input('in', source).output('out', sink);
  const result = await new JobRunner(flow.plan()).run();
  assert.equal(result.outcome, 'finished');
  assert.deepEqual(sink.values, ['x', 'y']);
});
