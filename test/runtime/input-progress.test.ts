import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataflow, InProcessLog, logSource, memorySource, memorySink, start, type Sink } from 'sluice';
import { progressBar } from '../../src/cli/status-line.ts';

test('a bounded job on readers that know their lag reports records read and left; at the end all read, none left', async () => {
  const log = new InProcessLog();
  log.createTopic('t', { partitions: 2 });
  log.produce('t', Array.from({ length: 100 }, (_, n) => ({ key: String(n), value: JSON.stringify({ n }) })));
  // A sink whose writes wait for the test: the job stops reading part-way (backpressure).
  let open!: () => void;
  const gate = new Promise<void>((resolve) => { open = resolve; });
  let writes = 0;
  const slow: Sink<unknown> = {
    name: 'slow', open() {}, write: async () => { writes++; await gate; }, prepareCommit: () => null, commit() {}, abort() {}, close() {},
  };
  const flow = new Dataflow('progress');
  flow.input('t', logSource(log, { topic: 't', bounded: true })).output('slow', slow);
  const handle = start(flow, { handleSignals: false, maxBatchSize: 10, maxPendingWrites: 1 });
  while (writes === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const during = handle.status().inputProgress;
  assert.ok(during !== undefined, 'bounded log readers know what is left');
  assert.ok(during.read > 0 && during.remaining > 0, JSON.stringify(during));
  assert.ok(during.read + during.remaining <= 100, 'never more than the input');
  open();
  const result = await handle.done;
  assert.deepEqual(result.status.inputProgress, { read: 100, remaining: 0 });
});

test('no progress for an unbounded job, nor for a bounded one whose readers cannot tell what is left', async () => {
  const log = new InProcessLog();
  log.createTopic('t', { partitions: 1 });
  const unbounded = new Dataflow('unbounded');
  unbounded.input('t', logSource(log, { topic: 't' })).output('out', memorySink());
  const handle = start(unbounded, { handleSignals: false });
  log.produce('t', [{ key: null, value: '{"n":1}' }]);
  while (handle.status().recordsIn === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(handle.status().inputProgress, undefined);
  await handle.stop();
  // A memory source's readers cannot tell what is left: no progress, even once they ended.
  const bounded = new Dataflow('memory');
  bounded.input('m', memorySource([{ n: 1 }, { n: 2 }])).output('out', memorySink());
  const result = await start(bounded, { handleSignals: false }).done;
  assert.equal(result.status.inputProgress, undefined);
});

test('the progress bar', () => {
  assert.equal(progressBar(40, 60), '[########------------] 40%');
  assert.equal(progressBar(0, 0), '[####################] 100%');
  assert.equal(progressBar(1, 2, 3), '[#--] 33%');
});
