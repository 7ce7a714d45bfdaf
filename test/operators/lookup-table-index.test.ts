import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlanError } from '../../src/core/errors.ts';
import type { Row } from '../../src/core/row.ts';
import { hashKey, LookupTableIndex } from '../../src/operators/lookup-table-index.ts';

const byId = [(r: Row) => r.id];

test('rows are found by their key; several rows with one key are all found, in table order', () => {
  const rows = [{ id: 1, v: 'a' }, { id: 2, v: 'b' }, { id: 1, v: 'c' }];
  const index = new LookupTableIndex(byId, rows);
  assert.deepEqual(index.lookup([(r) => r.k], { k: 1 }), [{ id: 1, v: 'a' }, { id: 1, v: 'c' }]);
  assert.deepEqual(index.lookup([(r) => r.k], { k: 2 }), [{ id: 2, v: 'b' }]);
  assert.equal(index.lookup([(r) => r.k], { k: 3 }), undefined);
  assert.equal(index.size, 3);
});

test('a NULL key part matches nothing: such table rows are not indexed and such probes find nothing', () => {
  const index = new LookupTableIndex([(r) => r.a, (r) => r.b], [{ a: null, b: 1 }, { a: 'x', b: null }, { a: 'x', b: 1 }]);
  assert.equal(index.size, 1);
  assert.equal(index.lookup([(r) => r.a, (r) => r.b], { a: null, b: 1 }), undefined);
  assert.equal(index.lookup([(r) => r.a, (r) => r.b], { a: 'x', b: undefined }), undefined);
  assert.deepEqual(index.lookup([(r) => r.a, (r) => r.b], { a: 'x', b: 1 }), [{ a: 'x', b: 1 }]);
});

test('composite keys must match on every part, and numbers compare as SQL values (1 = 1.0, -0 = 0)', () => {
  const ts = Date.UTC(2024, 0, 1);
  const index = new LookupTableIndex([(r) => r.sym, (r) => r.day], [{ sym: 'AAPL', day: ts, n: 1 }, { sym: 'AAPL', day: ts + 1, n: 2 }]);
  const probe = [(r: Row) => r.s, (r: Row) => r.d];
  assert.deepEqual(index.lookup(probe, { s: 'AAPL', d: ts + 1.0 })?.map((r) => r.n), [2]);
  assert.equal(index.lookup(probe, { s: 'MSFT', d: ts }), undefined);
  const zero = new LookupTableIndex(byId, [{ id: 0 }]);
  assert.equal(zero.lookup(byId, { id: -0 })?.length, 1);
});

test('BYTES keys match by content, and a string key never matches a number key', () => {
  const index = new LookupTableIndex(byId, [{ id: new Uint8Array([1, 2]), v: 'bytes' }, { id: 7, v: 'number' }]);
  assert.deepEqual(index.lookup(byId, { id: new Uint8Array([1, 2]) })?.map((r) => r.v), ['bytes']);
  assert.equal(index.lookup(byId, { id: '7' }), undefined);
  assert.equal(hashKey(new Uint8Array([1, 2])), hashKey(new Uint8Array([1, 2])));
  assert.notEqual(hashKey(new Uint8Array([1, 2])), hashKey(new Uint8Array([2, 1])));
});

test('an index needs at least one key', () => {
  assert.throws(() => new LookupTableIndex([], []), PlanError);
});
