import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes } from '../../../src/core/data-types.ts';
import { PlanError } from '../../../src/core/errors.ts';
import { call } from '../../../src/plan/expr/index.ts';
import { compileGroupKey, compileResultRow, resultSources } from '../../../src/operators/sql-aggregates/index.ts';
import { T, f } from './helpers.ts';

const out = (...names: string[]) => DataTypes.ROW(names.map((name) => ({ name, type: DataTypes.STRING() })));

test('result rows follow the output type column order, whatever order the sources come in', () => {
  const sources = resultSources(['symbol'], { start: 'window_start', end: 'window_end', rowtime: 'window_time' }, ['total', 'avg']);
  const build = compileResultRow(out('window_start', 'symbol', 'avg', 'window_end', 'window_time', 'total'), sources, { compositeKey: false });
  const row = build('AAPL', 0, 3_600_000, [300, 101.5]);
  assert.deepEqual(Object.keys(row), ['window_start', 'symbol', 'avg', 'window_end', 'window_time', 'total']);
  assert.deepEqual(row, { window_start: 0, symbol: 'AAPL', avg: 101.5, window_end: 3_600_000, window_time: 3_599_999, total: 300 });
});

test('several keys come from the composite key array; the kind is a column when asked for', () => {
  const build = compileResultRow(out('a', 'b', 'n'), resultSources(['a', 'b'], {}, ['n']), { compositeKey: true, withKind: true });
  assert.deepEqual(build(['x', 2], 0, 0, [7], 'update-after'), { a: 'x', b: 2, n: 7, $kind: 'update-after' });
});

test('an output column with no source is a plan error; a source the output leaves out is dropped', () => {
  assert.throws(
    () => compileResultRow(out('symbol', 'missing'), resultSources(['symbol'], {}, []), { compositeKey: false, label: "window-aggregate 'w'" }),
    (e: unknown) => e instanceof PlanError && /window-aggregate 'w': output column 'missing'/.test(e.message),
  );
  const build = compileResultRow(out('n'), resultSources(['symbol'], { start: 'ws' }, ['n']), { compositeKey: false });
  assert.deepEqual(build('AAPL', 0, 10, [1]), { n: 1 });
});

test('column names are escaped in the generated code, __proto__ included', () => {
  const names = ['we"ird', '__proto__', 'a b'];
  const build = compileResultRow(out(...names), resultSources([], {}, names), { compositeKey: false });
  const row = build(undefined, 0, 0, [1, 2, 3]);
  assert.deepEqual(Object.keys(row), names);
  assert.equal(Object.getPrototypeOf(row), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(row, '__proto__')?.value, 2, 'an own column, not the prototype');
});

test('group keys: none is one global group, one is the value, several are an array', () => {
  assert.equal(compileGroupKey([], T), undefined);
  assert.equal(compileGroupKey([{ name: 'k', expr: f('k') }], T)!({ k: 'AAPL' }), 'AAPL');
  const two = compileGroupKey([{ name: 'k', expr: f('k') }, { name: 'up', expr: call('UPPER', [f('s')]) }], T)!;
  assert.deepEqual(two({ k: 'a', s: 'x' }), ['a', 'X']);
  assert.deepEqual(two({ k: null }), [null, null], 'NULL is a key value like any other');
  const keys = ['k', 'i', 'b', 'd', 's'].map((name) => ({ name, expr: f(name) }));
  assert.deepEqual(compileGroupKey(keys, T)!({ k: 'a', i: 1, b: 2, d: 3, s: 'z' }), ['a', 1, 2, 3, 'z']);
});
