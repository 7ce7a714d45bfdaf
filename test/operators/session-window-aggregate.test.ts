import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionWindowAggregateOperator } from '../../src/operators/session-window-aggregate.ts';
import { count, sum } from '../../src/plan/aggregate-functions.ts';
import type { AggregateFunction } from '../../src/plan/functions.ts';
import type { LatenessPolicy, WindowResult } from '../../src/plan/windows.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';

interface Rec { k: string; v: number }
const r = (k: string, v: number): Rec => ({ k, v });
const result = (key: unknown, start: number, end: number, value: unknown, update = false): WindowResult<unknown, unknown> =>
  ({ key, start, end, value, update });

function makeOperator(lateness: LatenessPolicy = { allowed: 0 }, time: 'event' | 'processing' = 'event') {
  return new SessionWindowAggregateOperator<Rec, any, any>({
    window: { kind: 'session', gap: 10, time },
    aggregate: sum((x: Rec) => x.v),
    key: (x: Rec) => x.k,
    lateness,
  });
}

function harnessFor(lateness?: LatenessPolicy) {
  const h = new OperatorHarness<Rec, unknown>(makeOperator(lateness), { id: 'sessions' });
  h.open();
  return h;
}

test('records closer than the gap share a session; a bridging record merges two sessions', () => {
  const h = harnessFor();
  h.processElement(r('A', 1), 0);
  h.processElement(r('A', 2), 5); // [0,15)
  h.processElement(r('A', 4), 30); // [30,40)
  h.processElement(r('A', 8), 17); // [17,27): touches neither
  h.processElement(r('B', 100), 3); // another key: its own session [3,13)
  h.processWatermark(14);
  assert.deepEqual(h.outputWithTimes(), [
    { value: result('B', 3, 13, 100), time: 12 },
    { value: result('A', 0, 15, 3), time: 14 },
  ]);
  h.clearOutput();
  h.processElement(r('A', 16), 22); // [22,32) overlaps [17,27) and [30,40): one session [17,40)
  h.processWatermark(38);
  assert.deepEqual(h.output(), []);
  h.processWatermark(39);
  assert.deepEqual(h.outputWithTimes(), [{ value: result('A', 17, 40, 28), time: 39 }]);
  assert.equal(h.timers.pendingCount(), 0, 'the timers of merged sessions are not left behind');
  assert.equal(h.state.size(), 0);
});

test('records exactly one gap apart join the same session', () => {
  const h = harnessFor();
  h.processElement(r('A', 1), 0);
  h.processElement(r('A', 1), 10);
  h.processElement(r('A', 1), 21);
  h.processWatermark(Number.POSITIVE_INFINITY);
  assert.deepEqual(h.output(), [result('A', 0, 20, 2), result('A', 21, 31, 1)]);
});

test('a growing session keeps a single pending timer', () => {
  const h = harnessFor();
  for (let t = 0; t < 50; t += 5) h.processElement(r('A', 1), t);
  assert.equal(h.timers.pendingCount(), 1);
  h.processWatermark(Number.POSITIVE_INFINITY);
  assert.deepEqual(h.output(), [result('A', 0, 55, 10)]);
});

test('late records within the allowed lateness update or extend a fired session with update:true', () => {
  const h = harnessFor({ allowed: 5 });
  h.processElement(r('A', 1), 0); // [0,10)
  h.processWatermark(9);
  assert.deepEqual(h.output(), [result('A', 0, 10, 1)]);
  h.clearOutput();
  h.processElement(r('A', 2), 3); // extends to [0,13): not due yet
  assert.deepEqual(h.output(), []);
  h.processWatermark(12);
  assert.deepEqual(h.outputWithTimes(), [{ value: result('A', 0, 13, 3, true), time: 12 }]);
  h.clearOutput();
  h.processElement(r('A', 4), 1); // inside [0,13), which has fired: emitted at once
  assert.deepEqual(h.output(), [result('A', 0, 13, 7, true)]);
  h.clearOutput();
  h.processWatermark(17); // 12 + 5: the session is gone
  h.processElement(r('A', 8), 2); // [2,12): 11 + 5 <= 17, too late
  assert.equal(h.metric('lateRecordsDropped'), 1);
  h.processElement(r('A', 16), 8); // [8,18): 17 + 5 > 17, a new session already past its end
  assert.deepEqual(h.output(), [result('A', 8, 18, 16, false)]);
  h.processWatermark(Number.POSITIVE_INFINITY);
  assert.equal(h.output().length, 1);
  assert.equal(h.timers.pendingCount(), 0);
  assert.equal(h.state.size(), 0);
});

test('session record too late goes to the side output instead of being dropped', () => {
  const h = harnessFor({ allowed: 0, sideOutput: 'late' });
  h.processElement(r('A', 1), 0);
  h.processWatermark(20);
  h.processElement(r('A', 2), 5); // [5,15): 14 <= 20
  assert.deepEqual(h.sideOutput('late'), [r('A', 2)]);
  assert.equal(h.metric('lateRecordsSideOutput'), 1);
  assert.equal(h.metric('lateRecordsDropped'), 0);
  assert.deepEqual(h.output(), [result('A', 0, 10, 1)]);
});

test('processing-time sessions close when the clock passes the gap', () => {
  const op = makeOperator({ allowed: 0 }, 'processing');
  const h = new OperatorHarness<Rec, unknown>(op);
  h.open();
  h.processElement(r('A', 1));
  h.setProcessingTime(5);
  h.processElement(r('A', 2)); // [0,15)
  assert.equal(op.nextProcessingTime(), 14);
  h.setProcessingTime(13);
  assert.deepEqual(h.output(), []);
  h.setProcessingTime(14);
  assert.deepEqual(h.output(), [result('A', 0, 15, 3)]);
  h.setProcessingTime(20);
  h.processElement(r('A', 4));
  h.finish();
  assert.deepEqual(h.output().slice(1), [result('A', 20, 30, 4)]);
});

test('an aggregate without merge is rejected for session windows', () => {
  const noMerge: AggregateFunction<Rec, number, number> = { createAccumulator: () => 0, add: (a) => a + 1, getResult: (a) => a };
  assert.throws(
    () => new SessionWindowAggregateOperator({ window: { kind: 'session', gap: 10, time: 'event' }, aggregate: noMerge, lateness: { allowed: 0 } }),
    /merge/,
  );
});

test('a non-keyed session window counts all records together', () => {
  const op = new SessionWindowAggregateOperator<Rec, number, number>({
    window: { kind: 'session', gap: 10, time: 'event' }, aggregate: count(), lateness: { allowed: 0 },
  });
  const h = new OperatorHarness<Rec, unknown>(op);
  h.open();
  h.processBatch({ values: [r('A', 0), r('B', 0), r('C', 0)], times: [1, 4, 40] });
  h.processWatermark(Number.POSITIVE_INFINITY);
  assert.deepEqual(h.output(), [result(undefined, 1, 14, 2), result(undefined, 40, 50, 1)]);
});

test('session snapshot and restore into a fresh operator gives the same results as an uninterrupted run', () => {
  const steps: ((h: OperatorHarness<Rec, unknown>) => void)[] = [
    (h) => h.processElement(r('A', 1), 0),
    (h) => h.processElement(r('A', 2), 25), // [25,35)
    (h) => h.processElement(r('B', 4), 2),
    (h) => h.processWatermark(11),
    (h) => h.processElement(r('A', 8), 6), // extends fired [0,10) to [0,16) within lateness
    (h) => h.processElement(r('A', 16), 16), // [16,26) bridges [0,16) and [25,35)
    (h) => h.processElement(r('B', 32), 1), // B's [1,11) + [2,12) → [1,12): fired already, emitted now
    (h) => h.processWatermark(Number.POSITIVE_INFINITY),
  ];
  const run = (cut: number | undefined): unknown[] => {
    let h = new OperatorHarness<Rec, unknown>(makeOperator({ allowed: 20 }));
    h.open();
    const out: unknown[] = [];
    steps.forEach((step, i) => {
      if (i === cut) {
        out.push(...h.output());
        h = OperatorHarness.restore<Rec, unknown>(makeOperator({ allowed: 20 }), h.snapshot());
      }
      step(h);
    });
    return [...out, ...h.output()];
  };
  const uninterrupted = run(undefined);
  assert.deepEqual(uninterrupted, [
    result('A', 0, 10, 1), // wm 11
    result('B', 2, 12, 4), // wm 11
    result('B', 1, 12, 36, true),
    result('A', 0, 35, 27, true), // wm ∞
  ]);
  for (let cut = 0; cut <= 7; cut++) assert.deepEqual(run(cut), uninterrupted, `restored before step ${cut}`);
});
