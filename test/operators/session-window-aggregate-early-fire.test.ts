import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowKind } from '../../src/formats/row-kind.ts';
import { SessionWindowAggregateOperator } from '../../src/operators/session-window-aggregate.ts';
import { sum } from '../../src/plan/aggregate-functions.ts';
import type { LatenessPolicy } from '../../src/plan/windows.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';

// Early fire of session windows: a session row is keyed by key, start and end, so a session that
// grows or merges retracts the rows of its old extents (-D) and inserts the new one (+I).

interface Rec { k: string; v: number }
const r = (k: string, v: number): Rec => ({ k, v });

const change = (kind: RowKind, key: string, start: number, end: number, value: unknown) =>
  ({ key, start, end, value, update: kind !== 'insert', $kind: kind });

function makeOperator(lateness: LatenessPolicy = { allowed: 0 }) {
  return new SessionWindowAggregateOperator<Rec, any, any>({
    window: { kind: 'session', gap: 10, time: 'event' },
    aggregate: sum((x: Rec) => x.v),
    key: (x: Rec) => x.k,
    lateness,
    earlyFire: true,
  });
}

function harnessFor(lateness?: LatenessPolicy) {
  const h = new OperatorHarness<Rec, unknown>(makeOperator(lateness), { id: 'sessions' });
  h.open();
  return h;
}

function drain(h: OperatorHarness<Rec, unknown>): unknown[] {
  const out = h.output();
  h.clearOutput();
  return out;
}

test('a session is inserted at the first checkpoint and updated in place while its extent stays', () => {
  const h = harnessFor();
  h.processElement(r('A', 1), 0);
  h.processElement(r('B', 7), 2);
  h.prepareCheckpoint();
  assert.deepEqual(h.outputWithTimes(), [
    { value: change('insert', 'A', 0, 10, 1), time: 9 },
    { value: change('insert', 'B', 2, 12, 7), time: 11 },
  ]);
  h.clearOutput();
  h.prepareCheckpoint();
  assert.deepEqual(drain(h), [], 'unchanged sessions emit nothing');
  h.processElement(r('B', 1), 2); // same extent [2, 12)
  h.prepareCheckpoint();
  assert.deepEqual(drain(h), [change('update-before', 'B', 2, 12, 7), change('update-after', 'B', 2, 12, 8)]);
});

test('a session that grows retracts its old row and inserts the new extent', () => {
  const h = harnessFor();
  h.processElement(r('A', 1), 0);
  h.prepareCheckpoint();
  drain(h);
  h.processElement(r('A', 2), 5); // [0, 15)
  h.prepareCheckpoint();
  assert.deepEqual(drain(h), [change('delete', 'A', 0, 10, 1), change('insert', 'A', 0, 15, 3)]);
});

test('a bridging record merges two emitted sessions: both old rows are deleted, the merged one inserted', () => {
  const h = harnessFor();
  h.processElement(r('A', 1), 0); // [0, 10)
  h.processElement(r('A', 4), 30); // [30, 40)
  h.prepareCheckpoint();
  assert.equal(drain(h).length, 2);
  h.processElement(r('A', 8), 15); // [15, 25) touches neither: a third session
  h.processElement(r('A', 16), 9); // [9, 19) bridges [0,10) and [15,25) → [0, 25)
  h.prepareCheckpoint();
  assert.deepEqual(drain(h), [change('delete', 'A', 0, 10, 1), change('insert', 'A', 0, 25, 25)]);
  h.processWatermark(Number.POSITIVE_INFINITY);
  assert.deepEqual(drain(h), [], 'every session was emitted as it is');
});

test('on the watermark a session fires only if it changed since the last checkpoint, then is purged', () => {
  const h = harnessFor();
  h.processElement(r('A', 1), 0);
  h.processElement(r('B', 2), 0);
  h.prepareCheckpoint();
  drain(h);
  h.processElement(r('B', 3), 1); // [0, 11)
  h.processWatermark(20);
  assert.deepEqual(drain(h), [change('delete', 'B', 0, 10, 2), change('insert', 'B', 0, 11, 5)]);
  assert.deepEqual([...h.state.keys('session-windows')], []);
  h.processElement(r('A', 9), 3); // late: dropped
  h.prepareCheckpoint();
  assert.deepEqual(h.output(), []);
  assert.equal(h.metric('lateRecordsDropped'), 1);
});

test('with allowed lateness a late record updates a fired session at the next checkpoint', () => {
  const h = harnessFor({ allowed: 20 });
  h.processElement(r('A', 1), 0);
  h.processWatermark(9);
  assert.deepEqual(drain(h), [change('insert', 'A', 0, 10, 1)]);
  h.processElement(r('A', 2), 0); // same extent, within the lateness
  assert.deepEqual(h.output(), []);
  h.prepareCheckpoint();
  assert.deepEqual(drain(h), [change('update-before', 'A', 0, 10, 1), change('update-after', 'A', 0, 10, 3)]);
  h.processElement(r('A', 4), 0);
  h.processWatermark(29); // cleanup: the pending change goes out with it
  assert.deepEqual(drain(h), [change('update-before', 'A', 0, 10, 3), change('update-after', 'A', 0, 10, 7)]);
  assert.deepEqual([...h.state.keys('session-windows')], []);
});

test('the rows emitted before a checkpoint are retracted correctly after a restore', () => {
  const h = harnessFor();
  h.processElement(r('A', 1), 0);
  h.prepareCheckpoint();
  drain(h);
  const restored = OperatorHarness.restore(makeOperator(), h.snapshot(), { id: 'sessions' });
  restored.processElement(r('A', 2), 5);
  restored.prepareCheckpoint();
  assert.deepEqual(restored.output(), [change('delete', 'A', 0, 10, 1), change('insert', 'A', 0, 15, 3)]);
});
