import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WindowAggregateOperator, type WindowAggregateConfig } from '../../src/operators/window-aggregate.ts';
import { count, sum } from '../../src/plan/aggregate-functions.ts';
import type { LatenessPolicy, WindowResult, WindowSpec } from '../../src/plan/windows.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';

interface Rec { k: string; v: number }
const r = (k: string, v: number): Rec => ({ k, v });

const tumbling10: WindowSpec = { kind: 'tumbling', size: 10, offset: 0, time: 'event' };

function harnessFor(config: Partial<WindowAggregateConfig<Rec, any, any, any>> & { window: WindowSpec }, lateness: LatenessPolicy = { allowed: 0 }) {
  const op = new WindowAggregateOperator<Rec, any, any>({
    aggregate: sum((x: Rec) => x.v),
    key: (x: Rec) => x.k,
    lateness,
    ...config,
  });
  const harness = new OperatorHarness(op, { id: 'window-1' });
  harness.open();
  return harness;
}

const result = (key: unknown, start: number, end: number, value: unknown, update = false): WindowResult<unknown, unknown> =>
  ({ key, start, end, value, update });

test('tumbling windows sum out-of-order records per key and fire when the watermark reaches end - 1', () => {
  const h = harnessFor({ window: tumbling10 });
  h.processElement(r('A', 1), 1);
  h.processElement(r('A', 2), 5);
  h.processElement(r('B', 10), 3);
  h.processElement(r('A', 4), 12);
  h.processElement(r('A', 3), 8); // out of order, but its window has not fired
  h.processWatermark(8);
  assert.deepEqual(h.output(), []);
  h.processWatermark(9);
  assert.deepEqual(h.outputWithTimes(), [
    { value: result('A', 0, 10, 6), time: 9 },
    { value: result('B', 0, 10, 10), time: 9 },
  ]);
  h.clearOutput();
  h.processWatermark(19);
  assert.deepEqual(h.outputWithTimes(), [{ value: result('A', 10, 20, 4), time: 19 }]);
});

test('a record too late for its window is dropped and counted', () => {
  const h = harnessFor({ window: tumbling10 });
  h.processElement(r('A', 1), 1);
  h.processWatermark(9);
  h.processElement(r('A', 100), 7);
  h.processElement(r('A', 5), 15);
  h.processWatermark(Number.POSITIVE_INFINITY);
  assert.deepEqual(h.output(), [result('A', 0, 10, 1), result('A', 10, 20, 5)]);
  assert.equal(h.metric('lateRecordsDropped'), 1);
  assert.equal(h.metric('lateRecordsSideOutput'), 0);
});

test('late record beyond allowed lateness goes to the side output', () => {
  const h = harnessFor({ window: tumbling10 }, { allowed: 0, sideOutput: 'late' });
  h.processElement(r('A', 1), 1);
  h.processWatermark(9);
  h.processBatch({ values: [r('A', 100), r('A', 2)], times: [7, 11] });
  assert.deepEqual(h.sideOutput('late'), [r('A', 100)]);
  assert.equal(h.metric('lateRecordsSideOutput'), 1);
  assert.equal(h.metric('lateRecordsDropped'), 0);
  h.processWatermark(19);
  assert.deepEqual(h.output(), [result('A', 0, 10, 1), result('A', 10, 20, 2)]);
});

test('a record within the allowed lateness updates the fired window and emits update:true at once', () => {
  const h = harnessFor({ window: tumbling10 }, { allowed: 5 });
  h.processElement(r('A', 1), 1);
  h.processElement(r('A', 2), 4);
  h.processWatermark(9);
  assert.deepEqual(h.output(), [result('A', 0, 10, 3)]);
  h.clearOutput();
  h.processElement(r('A', 100), 7); // 9 + 5 > 9: still allowed
  assert.deepEqual(h.outputWithTimes(), [{ value: result('A', 0, 10, 103, true), time: 9 }]);
  h.clearOutput();
  h.processWatermark(13);
  h.processElement(r('A', 1000), 2); // 9 + 5 > 13: still allowed
  assert.deepEqual(h.output(), [result('A', 0, 10, 1103, true)]);
  h.clearOutput();
  h.processWatermark(14); // the window's state is dropped now
  h.processElement(r('A', 5000), 3); // 9 + 5 <= 14: too late
  assert.deepEqual(h.output(), []);
  assert.equal(h.metric('lateRecordsDropped'), 1);
});

test('the first record of a window that is past its end but within lateness emits a plain result', () => {
  const h = harnessFor({ window: tumbling10 }, { allowed: 5 });
  h.processWatermark(11);
  h.processElement(r('A', 7), 3);
  assert.deepEqual(h.outputWithTimes(), [{ value: result('A', 0, 10, 7, false), time: 9 }]);
  h.processWatermark(Number.POSITIVE_INFINITY);
  assert.equal(h.output().length, 1, 'the window must not fire a second time');
});

test('sliding windows: a record late for some of its windows still counts in the others', () => {
  const h = harnessFor({ window: { kind: 'sliding', size: 10, slide: 5, offset: 0, time: 'event' }, aggregate: count(), key: undefined });
  h.processElement(r('A', 0), 1); // [-5,5) [0,10)
  h.processElement(r('B', 0), 6); // [0,10) [5,15)
  h.processElement(r('A', 0), 12); // [5,15) [10,20)
  h.processWatermark(9);
  assert.deepEqual(h.outputWithTimes(), [
    { value: result(undefined, -5, 5, 1), time: 4 },
    { value: result(undefined, 0, 10, 2), time: 9 },
  ]);
  h.clearOutput();
  h.processElement(r('A', 0), 7); // [0,10) too late, [5,15) open
  h.processElement(r('A', 0), 3); // [-5,5) and [0,10) both too late: dropped, counted once
  assert.equal(h.metric('lateRecordsDropped'), 1);
  h.processWatermark(Number.POSITIVE_INFINITY);
  assert.deepEqual(h.output(), [result(undefined, 5, 15, 3), result(undefined, 10, 20, 1)]);
});

test('cumulate windows grow by step from a shared start and accept records late only for the smaller ones', () => {
  const h = harnessFor({ window: { kind: 'cumulate', step: 10, maxSize: 30, offset: 0, time: 'event' }, aggregate: count() });
  for (const t of [5, 15, 25, 12]) h.processElement(r('A', 0), t);
  h.processWatermark(19);
  assert.deepEqual(h.output(), [result('A', 0, 10, 1), result('A', 0, 20, 3)]);
  h.clearOutput();
  h.processElement(r('A', 0), 8); // too late for [0,10) and [0,20), on time for [0,30)
  assert.equal(h.metric('lateRecordsDropped'), 0);
  h.processWatermark(29);
  assert.deepEqual(h.output(), [result('A', 0, 30, 5)]);
});

test('interleaved keys within one batch each get their own accumulators', () => {
  const h = harnessFor({ window: tumbling10 });
  h.processBatch({ values: [r('A', 1), r('B', 2), r('A', 4), r('A', 8), r('B', 16)], times: [0, 1, 2, 3, 4] });
  h.processWatermark(9);
  assert.deepEqual(h.output(), [result('A', 0, 10, 13), result('B', 0, 10, 18)]);
});

test('the result mapping shapes what is emitted', () => {
  const h = harnessFor({ window: tumbling10, result: (w: WindowResult<string, number>) => `${w.key}@${w.start}=${w.value}` });
  h.processElement(r('A', 4), 2);
  h.processElement(r('A', 5), 3);
  h.processWatermark(9);
  assert.deepEqual(h.output(), ['A@0=9']);
});

test('an infinite watermark fires every window and leaves no state or timers behind', () => {
  const h = harnessFor({ window: tumbling10 }, { allowed: 1_000 });
  h.processElement(r('A', 1), 5);
  h.processElement(r('B', 2), 25);
  h.processWatermark(Number.POSITIVE_INFINITY);
  assert.deepEqual(h.output(), [result('A', 0, 10, 1), result('B', 20, 30, 2)]);
  assert.equal(h.timers.pendingCount(), 0);
  assert.equal(h.state.size(), 0);
});

test('an event-time window on a stream without timestamps fails with advice', () => {
  const h = harnessFor({ window: tumbling10 });
  assert.throws(() => h.processElement(r('A', 1)), /window-1.*no timestamps.*watermark strategy/s);
});

test('processing-time windows assign by the clock and fire as it advances', () => {
  const op = new WindowAggregateOperator<Rec, any, any>({
    window: { kind: 'tumbling', size: 10, offset: 0, time: 'processing' },
    aggregate: count(),
    lateness: { allowed: 0 },
  });
  const h = new OperatorHarness(op);
  h.open();
  h.setProcessingTime(3);
  h.processElement(r('A', 0));
  h.setProcessingTime(7);
  h.processElement(r('A', 0), 1_000_000); // the record's own timestamp does not matter
  h.processWatermark(1_000_000); // nor does the watermark
  assert.equal(op.nextProcessingTime(), 9);
  assert.deepEqual(h.output(), []);
  h.setProcessingTime(9);
  assert.deepEqual(h.outputWithTimes(), [{ value: result(undefined, 0, 10, 2), time: 9 }]);
  h.processElement(r('A', 0)); // arrives at 9 after [0,10) fired: counts for the next window
  assert.equal(op.nextProcessingTime(), 19);
  h.setProcessingTime(12);
  h.processElement(r('A', 0));
  h.finish(); // the input ended: the open window fires instead of being lost
  assert.deepEqual(h.output().slice(1), [result(undefined, 10, 20, 2)]);
});

/** One scripted run, split at `cut` into before/after a snapshot and restore when asked. */
function scriptedRun(cut: number | undefined): unknown[] {
  const make = () => new WindowAggregateOperator<Rec, any, any>({
    window: { kind: 'sliding', size: 10, slide: 5, offset: 0, time: 'event' },
    aggregate: sum((x: Rec) => x.v),
    key: (x: Rec) => x.k,
    lateness: { allowed: 5 },
  });
  const steps: ((h: OperatorHarness<Rec, unknown>) => void)[] = [
    (h) => h.processElement(r('A', 1), 1),
    (h) => h.processElement(r('B', 2), 6),
    (h) => h.processWatermark(4),
    (h) => h.processElement(r('A', 4), 8),
    (h) => h.processWatermark(9),
    (h) => h.processElement(r('A', 8), 2),
    (h) => h.processElement(r('B', 16), 13),
    (h) => h.processWatermark(Number.POSITIVE_INFINITY),
  ];
  let h = new OperatorHarness<Rec, unknown>(make());
  h.open();
  const out: unknown[] = [];
  steps.forEach((step, i) => {
    if (i === cut) {
      out.push(...h.output());
      h = OperatorHarness.restore<Rec, unknown>(make(), h.snapshot());
    }
    step(h);
  });
  return [...out, ...h.output()];
}

test('snapshot and restore into a fresh operator gives the same results as an uninterrupted run', () => {
  const uninterrupted = scriptedRun(undefined);
  assert.deepEqual(uninterrupted, [
    result('A', -5, 5, 1),
    result('A', 0, 10, 5),
    result('B', 0, 10, 2),
    // ts 2 at watermark 9: [-5,5) is past its lateness (4 + 5 <= 9), [0,10) is not (9 + 5 > 9)
    result('A', 0, 10, 13, true),
    result('A', 5, 15, 4),
    result('B', 5, 15, 18),
    result('B', 10, 20, 16),
  ]);
  for (let cut = 0; cut <= 7; cut++) assert.deepEqual(scriptedRun(cut), uninterrupted, `restored before step ${cut}`);
});
