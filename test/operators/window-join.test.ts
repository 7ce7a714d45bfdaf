import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WindowJoinOperator } from '../../src/operators/window-join.ts';
import type { LatenessPolicy, WindowSpec } from '../../src/plan/windows.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';

interface Row { k: string; id: string }
const row = (k: string, id: string): Row => ({ k, id });
const LEFT = 0;
const RIGHT = 1;

const tumbling10: WindowSpec = { kind: 'tumbling', size: 10, offset: 0, time: 'event' };

function harnessFor(window: WindowSpec, lateness: LatenessPolicy = { allowed: 0 }) {
  const op = new WindowJoinOperator<Row, Row, string>({
    leftKey: (l) => l.k,
    rightKey: (r) => r.k,
    window,
    lateness,
    join: (l, r, key) => `${key}:${l.id}-${r.id}`,
  });
  const h = new OperatorHarness<Row, string>(op, { id: 'join-1' });
  h.open();
  return h;
}

test('rows with equal keys in the same tumbling window pair up when the window fires', () => {
  const h = harnessFor(tumbling10);
  h.processElement(row('a', 'a1'), 1, LEFT);
  h.processElement(row('a', 'ra1'), 3, RIGHT);
  h.processElement(row('b', 'b1'), 2, LEFT);
  h.processElement(row('a', 'a2'), 4, LEFT);
  h.processElement(row('a', 'a3'), 12, LEFT); // next window: no partner
  h.processElement(row('b', 'rb1'), 15, RIGHT); // next window: b1 is in the previous one
  h.processElement(row('a', 'ra2'), 8, RIGHT);
  h.processWatermark(8);
  assert.deepEqual(h.output(), []);
  h.processWatermark(9);
  assert.deepEqual(h.outputWithTimes(), [
    { value: 'a:a1-ra1', time: 9 },
    { value: 'a:a1-ra2', time: 9 },
    { value: 'a:a2-ra1', time: 9 },
    { value: 'a:a2-ra2', time: 9 },
  ]);
  h.processWatermark(Number.POSITIVE_INFINITY);
  assert.equal(h.output().length, 4);
  assert.equal(h.state.size(), 0);
  assert.equal(h.timers.pendingCount(), 0);
});

test('a join row too late for its window is dropped and counted, or sent to the side output', () => {
  const dropped = harnessFor(tumbling10);
  dropped.processElement(row('a', 'l1'), 1, LEFT);
  dropped.processWatermark(9);
  dropped.processElement(row('a', 'r1'), 5, RIGHT);
  dropped.processWatermark(Number.POSITIVE_INFINITY);
  assert.deepEqual(dropped.output(), []);
  assert.equal(dropped.metric('lateRecordsDropped'), 1);

  const side = harnessFor(tumbling10, { allowed: 0, sideOutput: 'late' });
  side.processElement(row('a', 'l1'), 1, LEFT);
  side.processWatermark(9);
  side.processElement(row('a', 'r1'), 5, RIGHT);
  assert.deepEqual(side.sideOutput('late'), [row('a', 'r1')]);
  assert.equal(side.metric('lateRecordsSideOutput'), 1);
  assert.equal(side.metric('lateRecordsDropped'), 0);
});

test('a row within the allowed lateness joins the buffered rows at once, emitting only new pairs', () => {
  const h = harnessFor(tumbling10, { allowed: 5, sideOutput: 'late' });
  h.processElement(row('a', 'l1'), 1, LEFT);
  h.processElement(row('a', 'r1'), 2, RIGHT);
  h.processWatermark(9);
  assert.deepEqual(h.output(), ['a:l1-r1']);
  h.clearOutput();
  h.processElement(row('a', 'l2'), 5, LEFT);
  assert.deepEqual(h.outputWithTimes(), [{ value: 'a:l2-r1', time: 9 }]);
  h.clearOutput();
  h.processElement(row('a', 'r2'), 6, RIGHT);
  assert.deepEqual(h.output(), ['a:l1-r2', 'a:l2-r2']);
  h.clearOutput();
  h.processWatermark(14);
  h.processElement(row('a', 'r3'), 7, RIGHT);
  assert.deepEqual(h.output(), []);
  assert.deepEqual(h.sideOutput('late'), [row('a', 'r3')]);
});

test('sliding windows pair rows once per window they share', () => {
  const h = harnessFor({ kind: 'sliding', size: 10, slide: 5, offset: 0, time: 'event' });
  h.processElement(row('a', 'l7'), 7, LEFT); // [0,10) [5,15)
  h.processElement(row('a', 'r8'), 8, RIGHT); // [0,10) [5,15)
  h.processElement(row('a', 'l3'), 3, LEFT); // [-5,5) [0,10)
  h.processElement(row('a', 'r12'), 12, RIGHT); // [5,15) [10,20)
  h.processWatermark(Number.POSITIVE_INFINITY);
  assert.deepEqual(h.outputWithTimes(), [
    { value: 'a:l7-r8', time: 9 },
    { value: 'a:l3-r8', time: 9 },
    { value: 'a:l7-r8', time: 14 },
    { value: 'a:l7-r12', time: 14 },
  ]);
});

test('session windows join rows of the same session, across merges', () => {
  const h = harnessFor({ kind: 'session', gap: 10, time: 'event' });
  h.processElement(row('a', 'l0'), 0, LEFT);
  h.processElement(row('a', 'r8'), 8, RIGHT); // session [0,18)
  h.processElement(row('a', 'r30'), 30, RIGHT); // session [30,40)
  h.processElement(row('b', 'lb'), 5, LEFT); // key b: no right rows
  h.processWatermark(17);
  assert.deepEqual(h.outputWithTimes(), [{ value: 'a:l0-r8', time: 17 }]);
  h.clearOutput();
  h.processElement(row('a', 'l25'), 25, LEFT); // [25,35) merges with [30,40)
  h.processWatermark(Number.POSITIVE_INFINITY);
  assert.deepEqual(h.outputWithTimes(), [{ value: 'a:l25-r30', time: 39 }]);
});

test('a late row that merges two fired sessions emits exactly the pairs never emitted', () => {
  const h = harnessFor({ kind: 'session', gap: 10, time: 'event' }, { allowed: 100 });
  h.processElement(row('a', 'L1'), 0, LEFT);
  h.processElement(row('a', 'R1'), 5, RIGHT); // [0,15)
  h.processWatermark(14);
  h.processElement(row('a', 'L2'), 20, LEFT);
  h.processElement(row('a', 'R2'), 22, RIGHT); // [20,32)
  h.processWatermark(31);
  assert.deepEqual(h.output(), ['a:L1-R1', 'a:L2-R2']);
  h.clearOutput();
  h.processElement(row('a', 'R3'), 12, RIGHT); // [12,22) bridges both: one fired session [0,32)
  assert.deepEqual(h.output().sort(), ['a:L1-R2', 'a:L1-R3', 'a:L2-R1', 'a:L2-R3']);
  h.clearOutput();
  h.processElement(row('a', 'L3'), 3, LEFT);
  assert.deepEqual(h.output().sort(), ['a:L3-R1', 'a:L3-R2', 'a:L3-R3']);
});

test('session join sends too-late rows to the side output unwrapped', () => {
  const h = harnessFor({ kind: 'session', gap: 10, time: 'event' }, { allowed: 0, sideOutput: 'late' });
  h.processWatermark(50);
  h.processElement(row('a', 'old'), 3, LEFT);
  assert.deepEqual(h.sideOutput('late'), [row('a', 'old')]);
  assert.equal(h.metric('lateRecordsSideOutput'), 1);
});

test('processing-time join windows pair rows by arrival time', () => {
  const h = harnessFor({ kind: 'tumbling', size: 10, offset: 0, time: 'processing' });
  h.setProcessingTime(1);
  h.processElement(row('a', 'l'), Number.NaN, LEFT);
  h.setProcessingTime(2);
  h.processElement(row('a', 'r'), Number.NaN, RIGHT);
  h.setProcessingTime(11);
  h.processElement(row('a', 'r-next'), Number.NaN, RIGHT);
  assert.deepEqual(h.outputWithTimes(), [{ value: 'a:l-r', time: 9 }]);
  assert.equal(h.operator.nextProcessingTime(), 19);
});

test('join snapshot and restore into a fresh operator gives the same results as an uninterrupted run', () => {
  const window: WindowSpec = tumbling10;
  const steps: ((h: OperatorHarness<Row, string>) => void)[] = [
    (h) => h.processElement(row('a', 'l1'), 1, LEFT),
    (h) => h.processElement(row('b', 'lb'), 2, LEFT),
    (h) => h.processElement(row('a', 'r1'), 3, RIGHT),
    (h) => h.processWatermark(9),
    (h) => h.processElement(row('a', 'r2'), 4, RIGHT), // within lateness 5
    (h) => h.processElement(row('b', 'rb'), 12, RIGHT),
    (h) => h.processElement(row('b', 'lb2'), 15, LEFT),
    (h) => h.processWatermark(Number.POSITIVE_INFINITY),
  ];
  const make = () => new WindowJoinOperator<Row, Row, string>({
    leftKey: (l) => l.k, rightKey: (r) => r.k, window, lateness: { allowed: 5 }, join: (l, r, key) => `${key}:${l.id}-${r.id}`,
  });
  const run = (cut: number | undefined): string[] => {
    let h = new OperatorHarness<Row, string>(make());
    h.open();
    const out: string[] = [];
    steps.forEach((step, i) => {
      if (i === cut) {
        out.push(...h.output());
        h = OperatorHarness.restore<Row, string>(make(), h.snapshot());
      }
      step(h);
    });
    return [...out, ...h.output()];
  };
  const uninterrupted = run(undefined);
  assert.deepEqual(uninterrupted, ['a:l1-r1', 'a:l1-r2', 'b:lb2-rb']);
  for (let cut = 0; cut <= 7; cut++) assert.deepEqual(run(cut), uninterrupted, `restored before step ${cut}`);
});

function outerOperator(outer: 'left' | 'right' | 'full', window: WindowSpec = tumbling10) {
  return new WindowJoinOperator<Row, Row, string>({
    leftKey: (l) => l.k,
    rightKey: (r) => r.k,
    window,
    lateness: { allowed: 0 },
    join: (l, r, key, end) => `${key}@${end}:${l.id}-${r.id}`,
    // Pairs whose ids start with the same letter only: the condition beyond the key.
    condition: (_joined, l, r) => l.id[0] === r.id[0],
    outer: {
      ...(outer !== 'right' ? { left: (l: Row, key: unknown, end: number) => `${key}@${end}:${l.id}-null` } : {}),
      ...(outer !== 'left' ? { right: (r: Row, key: unknown, end: number) => `${key}@${end}:null-${r.id}` } : {}),
    },
  });
}

function outerHarness(outer: 'left' | 'right' | 'full', window: WindowSpec = tumbling10) {
  const h = new OperatorHarness<Row, string>(outerOperator(outer, window), { id: 'join-outer' });
  h.open();
  return h;
}

test('outer window joins: a row with no partner in its window under the condition comes out padded when the window fires', () => {
  for (const [outer, expected] of [
    ['left', ['a@10:x1-x9', 'a@10:y1-null']],
    ['right', ['a@10:x1-x9', 'a@10:null-z9', 'b@10:null-x5']],
    ['full', ['a@10:x1-x9', 'a@10:y1-null', 'a@10:null-z9', 'b@10:null-x5']],
  ] as const) {
    const h = outerHarness(outer);
    h.processElement(row('a', 'x1'), 1, LEFT);
    h.processElement(row('a', 'y1'), 2, LEFT); // same key, fails the condition against both rights
    h.processElement(row('a', 'x9'), 3, RIGHT);
    h.processElement(row('a', 'z9'), 4, RIGHT);
    h.processElement(row('b', 'x5'), 5, RIGHT);
    h.processElement(row('a', 'x2'), 12, LEFT); // next window: not fired below
    h.processWatermark(9);
    assert.deepEqual(h.output().sort(), [...expected].sort(), outer);
    assert.ok(h.outputWithTimes().every((r) => r.time === 9), 'every row carries the window end - 1');
  }
});

test('an outer window join restored from a snapshot pads and pairs the rows held before it', () => {
  const h = outerHarness('full');
  h.processElement(row('a', 'x1'), 1, LEFT);
  h.processElement(row('b', 'x2'), 2, LEFT);
  const restored = OperatorHarness.restore(outerOperator('full'), h.snapshot(), { id: 'join-outer' });
  restored.processElement(row('a', 'x3'), 3, RIGHT);
  restored.processWatermark(9);
  assert.deepEqual(restored.output().sort(), ['a@10:x1-x3', 'b@10:x2-null']);
});

test('an outer or conditional window join over session windows, or an outer one with allowed lateness, is refused', () => {
  const session: WindowSpec = { kind: 'session', gap: 10, time: 'event' };
  assert.throws(() => outerHarness('left', session), /tumbling, hopping or cumulating windows/);
  assert.throws(() => new WindowJoinOperator<Row, Row, string>({
    leftKey: (l) => l.k, rightKey: (r) => r.k, window: tumbling10, lateness: { allowed: 5 },
    join: () => '', outer: { left: () => '' },
  }), /cannot have allowed lateness/);
});
