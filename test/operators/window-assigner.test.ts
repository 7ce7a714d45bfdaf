import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WindowAssigner, windowStart } from '../../src/operators/window-assigner.ts';
import type { WindowSpec } from '../../src/plan/windows.ts';

/** The [start, end) pairs the assigner reports for a timestamp. */
function windowsOf(spec: WindowSpec, timestamp: number): [number, number][] {
  const assigner = new WindowAssigner(spec);
  const n = assigner.assign(timestamp);
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) out.push([assigner.startOf(assigner.ends[i]), assigner.ends[i]]);
  return out;
}

test('window starts round down for positive and negative timestamps, with an offset', () => {
  assert.equal(windowStart(7_500, 0, 5_000), 5_000);
  assert.equal(windowStart(5_000, 0, 5_000), 5_000);
  assert.equal(windowStart(4_999, 0, 5_000), 0);
  assert.equal(windowStart(-1, 0, 5_000), -5_000);
  assert.equal(windowStart(-5_000, 0, 5_000), -5_000);
  assert.equal(windowStart(-5_001, 0, 5_000), -10_000);
  assert.equal(windowStart(7_500, 1_000, 5_000), 6_000);
  assert.equal(windowStart(500, 1_000, 5_000), -4_000);
});

test('a tumbling window holds each timestamp in exactly one window', () => {
  const hourly: WindowSpec = { kind: 'tumbling', size: 3_600_000, offset: 0, time: 'event' };
  assert.deepEqual(windowsOf(hourly, 1_704_103_200_000 + 1_234), [[1_704_103_200_000, 1_704_106_800_000]]);
  const tens: WindowSpec = { kind: 'tumbling', size: 10, offset: 3, time: 'event' };
  assert.deepEqual(windowsOf(tens, 12), [[3, 13]]);
  assert.deepEqual(windowsOf(tens, 13), [[13, 23]]);
  assert.deepEqual(windowsOf(tens, -8), [[-17, -7]]);
});

test('a sliding window holds a timestamp in size/slide windows, earliest first', () => {
  const spec: WindowSpec = { kind: 'sliding', size: 10, slide: 5, offset: 0, time: 'event' };
  assert.deepEqual(windowsOf(spec, 12), [[5, 15], [10, 20]]);
  assert.deepEqual(windowsOf(spec, 10), [[5, 15], [10, 20]]);
  assert.deepEqual(windowsOf(spec, -1), [[-10, 0], [-5, 5]]);
  // size not a multiple of slide: windows starting at 4, 8, 12 contain 12 (0 + 10 does not reach it)
  const uneven: WindowSpec = { kind: 'sliding', size: 10, slide: 4, offset: 0, time: 'event' };
  assert.deepEqual(windowsOf(uneven, 12), [[4, 14], [8, 18], [12, 22]]);
  assert.deepEqual(windowsOf(uneven, 11), [[4, 14], [8, 18]]);
});

test('a cumulate window holds a timestamp in every step window of its period that reaches it', () => {
  const spec: WindowSpec = { kind: 'cumulate', step: 10, maxSize: 30, offset: 0, time: 'event' };
  assert.deepEqual(windowsOf(spec, 0), [[0, 10], [0, 20], [0, 30]]);
  assert.deepEqual(windowsOf(spec, 15), [[0, 20], [0, 30]]);
  assert.deepEqual(windowsOf(spec, 29), [[0, 30]]);
  assert.deepEqual(windowsOf(spec, 30), [[30, 40], [30, 50], [30, 60]]);
  assert.deepEqual(windowsOf(spec, -5), [[-30, 0]]);
  const shifted: WindowSpec = { kind: 'cumulate', step: 10, maxSize: 30, offset: 5, time: 'event' };
  assert.deepEqual(windowsOf(shifted, 16), [[5, 25], [5, 35]]);
});

test('bad window sizes are rejected with the offending value', () => {
  assert.throws(() => new WindowAssigner({ kind: 'tumbling', size: 0, offset: 0, time: 'event' }), /size must be a positive/);
  assert.throws(() => new WindowAssigner({ kind: 'sliding', size: 10, slide: -1, offset: 0, time: 'event' }), /slide must be a positive/);
  assert.throws(() => new WindowAssigner({ kind: 'cumulate', step: 7, maxSize: 30, offset: 0, time: 'event' }), /multiple of its step/);
  assert.throws(() => new WindowAssigner({ kind: 'session', gap: 10, time: 'event' }), /session/);
});
