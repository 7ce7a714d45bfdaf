import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowKind } from '../../src/formats/row-kind.ts';
import { WindowAggregateOperator } from '../../src/operators/window-aggregate.ts';
import { max, sum } from '../../src/plan/aggregate-functions.ts';
import type { AggregateFunction } from '../../src/plan/functions.ts';
import type { LatenessPolicy, WindowSpec } from '../../src/plan/windows.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';

// Early fire (update output mode) of the tumbling / sliding / cumulate window aggregate: changed
// windows are emitted at each prepareCheckpoint as a changelog, the watermark's firing emits only what
// changed since, and the last emitted result survives a restore.

interface Rec { k: string; v: number }
const r = (k: string, v: number): Rec => ({ k, v });

const tumbling10: WindowSpec = { kind: 'tumbling', size: 10, offset: 0, time: 'event' };

function makeOperator(options: { window?: WindowSpec; lateness?: LatenessPolicy; aggregate?: AggregateFunction<Rec, any, any>; earlyFire?: boolean } = {}) {
  return new WindowAggregateOperator<Rec, any, any>({
    window: options.window ?? tumbling10,
    aggregate: options.aggregate ?? sum((x: Rec) => x.v),
    key: (x: Rec) => x.k,
    lateness: options.lateness ?? { allowed: 0 },
    earlyFire: options.earlyFire ?? true,
  });
}

function harnessFor(options: Parameters<typeof makeOperator>[0] = {}) {
  const h = new OperatorHarness<Rec, unknown>(makeOperator(options), { id: 'window-1' });
  h.open();
  return h;
}

/** A result row as an early-firing operator without a result mapping emits it. */
const change = (kind: RowKind, key: string, start: number, end: number, value: unknown) =>
  ({ key, start, end, value, update: kind !== 'insert', $kind: kind });

/** Takes what the operator emitted since the last call. */
function drain(h: OperatorHarness<Rec, unknown>): unknown[] {
  const out = h.output();
  h.clearOutput();
  return out;
}

test('each window is emitted as +I at the first checkpoint after it changes, then as a -U/+U pair', () => {
  const h = harnessFor();
  h.processElement(r('A', 1), 1);
  h.processElement(r('B', 5), 2);
  h.processElement(r('A', 2), 12);
  assert.deepEqual(h.output(), [], 'nothing is emitted between checkpoints');
  h.prepareCheckpoint();
  assert.deepEqual(h.outputWithTimes(), [
    { value: change('insert', 'A', 0, 10, 1), time: 9 },
    { value: change('insert', 'B', 0, 10, 5), time: 9 },
    { value: change('insert', 'A', 10, 20, 2), time: 19 },
  ]);
  h.clearOutput();
  h.processElement(r('A', 3), 4);
  h.processElement(r('A', 4), 6);
  h.prepareCheckpoint();
  assert.deepEqual(drain(h), [change('update-before', 'A', 0, 10, 1), change('update-after', 'A', 0, 10, 8)]);
});

test('windows untouched since their last emission, or touched without a new result, emit nothing', () => {
  const h = harnessFor({ aggregate: max((x: Rec) => x.v) });
  h.processElement(r('A', 7), 1);
  h.processElement(r('B', 3), 1);
  h.prepareCheckpoint();
  assert.equal(drain(h).length, 2);
  h.prepareCheckpoint();
  assert.deepEqual(drain(h), [], 'an idle epoch emits nothing');
  h.processElement(r('A', 5), 2); // the max stays 7
  h.processElement(r('B', 4), 3);
  h.prepareCheckpoint();
  assert.deepEqual(drain(h), [change('update-before', 'B', 0, 10, 3), change('update-after', 'B', 0, 10, 4)]);
});

test('on the watermark a window fires only if it changed since its early emission, then its state is purged', () => {
  const h = harnessFor();
  h.processElement(r('A', 1), 1);
  h.processElement(r('B', 2), 2);
  h.prepareCheckpoint();
  drain(h);
  h.processElement(r('B', 3), 3);
  h.processWatermark(9);
  assert.deepEqual(drain(h), [change('update-before', 'B', 0, 10, 2), change('update-after', 'B', 0, 10, 5)], 'A is unchanged: no row');
  h.prepareCheckpoint();
  assert.deepEqual(drain(h), [], 'the fired windows are not emitted again');
  assert.deepEqual([...h.state.keys('window-early-fire')], [], 'the fired windows are purged');
  assert.equal(h.timers.pendingCount(), 0);
});

test('a window that never reached a checkpoint fires as a plain +I', () => {
  const h = harnessFor();
  h.processElement(r('A', 1), 1);
  h.processElement(r('A', 2), 3);
  h.processWatermark(9);
  assert.deepEqual(h.outputWithTimes(), [{ value: change('insert', 'A', 0, 10, 3), time: 9 }]);
});

test('late records beyond the watermark are dropped and counted, or go to the side output, and change nothing', () => {
  const h = harnessFor({ lateness: { allowed: 0, sideOutput: 'late' } });
  h.processElement(r('A', 1), 1);
  h.processWatermark(9);
  drain(h);
  h.processElement(r('A', 100), 5);
  h.prepareCheckpoint();
  assert.deepEqual(h.output(), []);
  assert.deepEqual(h.sideOutput('late'), [r('A', 100)]);

  const dropping = harnessFor();
  dropping.processElement(r('A', 1), 1);
  dropping.processWatermark(9);
  dropping.processElement(r('A', 100), 5);
  dropping.prepareCheckpoint();
  assert.deepEqual(dropping.output(), [change('insert', 'A', 0, 10, 1)]);
  assert.equal(dropping.metric('lateRecordsDropped'), 1);
});

test('with allowed lateness a late record updates the fired window at the next checkpoint, and cleanup emits a pending change', () => {
  const h = harnessFor({ lateness: { allowed: 5 } });
  h.processElement(r('A', 1), 1);
  h.processWatermark(9);
  assert.deepEqual(drain(h), [change('insert', 'A', 0, 10, 1)]);
  h.processElement(r('A', 10), 7); // 9 + 5 > 9: still allowed
  assert.deepEqual(h.output(), [], 'held for the checkpoint');
  h.prepareCheckpoint();
  assert.deepEqual(drain(h), [change('update-before', 'A', 0, 10, 1), change('update-after', 'A', 0, 10, 11)]);
  h.processElement(r('A', 100), 8);
  h.processWatermark(14); // cleanup time: the pending change goes out, then the window is gone
  assert.deepEqual(drain(h), [change('update-before', 'A', 0, 10, 11), change('update-after', 'A', 0, 10, 111)]);
  h.processElement(r('A', 1000), 8);
  h.prepareCheckpoint();
  assert.deepEqual(h.output(), []);
  assert.equal(h.metric('lateRecordsDropped'), 1);
});

test('a record counts in every sliding window it falls in, each emitted as its own row', () => {
  const h = harnessFor({ window: { kind: 'sliding', size: 10, slide: 5, offset: 0, time: 'event' } });
  h.processElement(r('A', 2), 7);
  h.prepareCheckpoint();
  assert.deepEqual(drain(h), [change('insert', 'A', 0, 10, 2), change('insert', 'A', 5, 15, 2)]);
  h.processElement(r('A', 3), 12);
  h.prepareCheckpoint();
  assert.deepEqual(drain(h), [
    change('update-before', 'A', 5, 15, 2), change('update-after', 'A', 5, 15, 5),
    change('insert', 'A', 10, 20, 3),
  ]);
});

test('after a restore the -U row carries the result emitted before the checkpoint', () => {
  const h = harnessFor();
  h.processElement(r('A', 1), 1);
  h.prepareCheckpoint();
  assert.deepEqual(drain(h), [change('insert', 'A', 0, 10, 1)]);
  const saved = h.snapshot();
  h.processElement(r('A', 50), 2); // lost with the crash, replayed below

  const restored = OperatorHarness.restore(makeOperator(), saved, { id: 'window-1' });
  restored.prepareCheckpoint();
  assert.deepEqual(restored.output(), [], 'nothing pending after the checkpoint');
  restored.processElement(r('A', 50), 2);
  restored.prepareCheckpoint();
  assert.deepEqual(restored.output(), [change('update-before', 'A', 0, 10, 1), change('update-after', 'A', 0, 10, 51)]);
  restored.clearOutput();
  restored.processWatermark(9);
  assert.deepEqual(restored.output(), [], 'unchanged since the early emission');
});

test('changes not yet emitted when a snapshot is taken are emitted after the restore', () => {
  const h = harnessFor();
  h.processElement(r('A', 1), 1);
  h.processElement(r('B', 2), 11);
  const saved = h.snapshot(); // no prepareCheckpoint: the pending windows are in the snapshot
  const restored = OperatorHarness.restore(makeOperator(), saved, { id: 'window-1' });
  restored.prepareCheckpoint();
  assert.deepEqual(restored.output(), [change('insert', 'A', 0, 10, 1), change('insert', 'B', 10, 20, 2)]);
});

test('processing-time windows fire early at checkpoints and finally on the clock', () => {
  const h = harnessFor({ window: { kind: 'tumbling', size: 10, offset: 0, time: 'processing' } });
  h.setProcessingTime(2);
  h.processElement(r('A', 1));
  h.prepareCheckpoint();
  assert.deepEqual(drain(h), [change('insert', 'A', 0, 10, 1)]);
  h.setProcessingTime(4);
  h.processElement(r('A', 2));
  h.setProcessingTime(9);
  assert.deepEqual(drain(h), [change('update-before', 'A', 0, 10, 1), change('update-after', 'A', 0, 10, 3)]);
  h.prepareCheckpoint();
  assert.deepEqual(h.output(), []);
});

test('a result mapping receives the changelog kind of each row', () => {
  const op = new WindowAggregateOperator<Rec, any, any>({
    window: tumbling10,
    aggregate: sum((x: Rec) => x.v),
    key: (x: Rec) => x.k,
    lateness: { allowed: 0 },
    earlyFire: true,
    result: (res, kind) => `${kind} ${res.key}@${res.start}=${res.value}`,
  });
  const h = new OperatorHarness<Rec, unknown>(op);
  h.open();
  h.processElement(r('A', 1), 1);
  h.prepareCheckpoint();
  h.processElement(r('A', 2), 1);
  h.processWatermark(9);
  assert.deepEqual(h.output(), ['insert A@0=1', 'update-before A@0=1', 'update-after A@0=3']);
});

test('without early fire prepareCheckpoint emits nothing and results stay final-only', () => {
  const h = harnessFor({ earlyFire: false });
  h.processElement(r('A', 1), 1);
  h.prepareCheckpoint();
  assert.deepEqual(h.output(), []);
  h.processWatermark(9);
  assert.deepEqual(h.output(), [{ key: 'A', start: 0, end: 10, value: 1, update: false }]);
});
