import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropFirst, emptySideRows, expiredCount, firstAtOrAfter, insertRow } from '../../src/operators/interval-join-rows.ts';

test('rows stay sorted by time, equal times in arrival order; the insert position is returned', () => {
  const side = emptySideRows(true);
  const positions = [
    insertRow(side, 2_000, { id: 'b' }),
    insertRow(side, 1_000, { id: 'a' }, true),
    insertRow(side, 2_000, { id: 'b2' }),
    insertRow(side, 1_500, { id: 'm' }),
    insertRow(side, 1_000, { id: 'a2' }),
    insertRow(side, 3_000, { id: 'c' }),
  ];
  assert.deepEqual(positions, [0, 0, 2, 1, 1, 5], 'index 0: a new earliest row');
  assert.deepEqual(side.times, [1_000, 1_000, 1_500, 2_000, 2_000, 3_000]);
  assert.deepEqual(side.rows.map((r) => r.id), ['a', 'a2', 'm', 'b', 'b2', 'c']);
  assert.deepEqual(side.matched, [true, false, false, false, false, false]);
});

test('an inner side tracks no match flags', () => {
  const side = emptySideRows(false);
  insertRow(side, 1, { id: 'a' }, true);
  assert.equal(side.matched, undefined);
});

test('binary searches: the first time at or after a bound, and the expired prefix', () => {
  const times = [1_000, 1_000, 1_500, 2_000];
  assert.equal(firstAtOrAfter(times, 999), 0);
  assert.equal(firstAtOrAfter(times, 1_000), 0);
  assert.equal(firstAtOrAfter(times, 1_001), 2);
  assert.equal(firstAtOrAfter(times, 2_001), 4);
  assert.equal(expiredCount(times, 500, 1_499), 0);
  assert.equal(expiredCount(times, 500, 1_500), 2);
  assert.equal(expiredCount(times, -500, 1_500), 4);
});

test('dropping the expired prefix keeps the arrays parallel', () => {
  const side = emptySideRows(true);
  for (const t of [1, 2, 3]) insertRow(side, t, { t }, t === 3);
  dropFirst(side, 2);
  assert.deepEqual(side, { times: [3], rows: [{ t: 3 }], matched: [true] });
  dropFirst(side, 0);
  assert.equal(side.times.length, 1);
});
