import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowKindOf, shortRowKind, withKind } from '../../src/formats/row-kind.ts';

test('a row without a kind is an insert', () => {
  assert.equal(rowKindOf({ a: 1 }), 'insert');
});

test('a kind attached to a copy maps to Flink short forms', () => {
  const row = { a: 1 };
  const marked = withKind(row, 'update-before');
  assert.equal(rowKindOf(marked), 'update-before');
  assert.equal(rowKindOf(row), 'insert');
  assert.deepEqual(['insert', 'update-before', 'update-after', 'delete'].map((k) => shortRowKind(k as never)), ['+I', '-U', '+U', '-D']);
});

test('the kind survives structured cloning', () => {
  assert.equal(rowKindOf(structuredClone(withKind({ a: 1 }, 'delete'))), 'delete');
});
