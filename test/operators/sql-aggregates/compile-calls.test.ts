import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes } from '../../../src/core/data-types.ts';
import { PlanError } from '../../../src/core/errors.ts';
import { call, numericLiteral, stringLiteral } from '../../../src/plan/expr/index.ts';
import { compileAggregateCalls } from '../../../src/operators/sql-aggregates/index.ts';
import { T, agg, aggregate, f, one } from './helpers.ts';

const ROWS = [
  { k: 'a', i: 1, d: 1.5, s: 'x', flag: true },
  { k: 'a', i: null, d: 2.5, s: null, flag: false },
  { k: 'a', i: 2, d: null, s: 'y', flag: null },
  { k: 'a', i: 2, d: 4, s: 'x', flag: true },
];

test('COUNT(*) counts every row, COUNT(x) the non-null values, COUNT(DISTINCT x) the distinct non-null values', () => {
  const result = aggregate([
    agg('COUNT', [], { name: 'all' }),
    agg('COUNT', [f('i')], { name: 'non_null' }),
    agg('COUNT', [f('i')], { name: 'distinct', distinct: true }),
    agg('COUNT', [f('i'), f('s')], { name: 'both' }),
  ], ROWS);
  assert.deepEqual(result, { all: 4, non_null: 3, distinct: 2, both: 3 });
});

test('COUNT(DISTINCT x) tells values of different types apart and counts equal strings once', () => {
  assert.equal(one(agg('COUNT', [f('s')], { distinct: true }), [{ s: '1' }, { s: '1' }, { s: 'x' }, { s: null }]), 2);
  assert.equal(one(agg('COUNT', [f('k'), f('s')], { distinct: true }), [
    { k: 'a', s: 'x' }, { k: 'a', s: 'x' }, { k: 'a', s: 'y' }, { k: 'b', s: 'x' }, { k: 'b', s: null },
  ]), 3);
});

test('aggregates over no rows: COUNT is 0, SUM0 is 0, everything else is NULL', () => {
  const result = aggregate([
    agg('COUNT', [], { name: 'count' }),
    agg('SUM', [f('i')], { name: 'sum' }),
    agg('SUM0', [f('i')], { name: 'sum0' }),
    agg('AVG', [f('d')], { name: 'avg' }),
    agg('MIN', [f('i')], { name: 'min' }),
    agg('MAX', [f('s')], { name: 'max' }),
    agg('FIRST_VALUE', [f('s')], { name: 'first' }),
    agg('LAST_VALUE', [f('s')], { name: 'last' }),
    agg('LISTAGG', [f('s')], { name: 'list' }),
    agg('VAR_POP', [f('d')], { name: 'var' }),
    agg('STDDEV_SAMP', [f('d')], { name: 'stddev' }),
  ], []);
  assert.deepEqual(result, {
    count: 0, sum: null, sum0: 0, avg: null, min: null, max: null, first: null, last: null, list: null, var: null, stddev: null,
  });
});

test('SUM skips NULLs and is NULL when every value is NULL; SUM0 is 0 then', () => {
  assert.equal(one(agg('SUM', [f('i')]), ROWS), 5);
  assert.equal(one(agg('SUM', [f('i')]), [{ i: null }, { i: null }]), null);
  assert.equal(one(agg('SUM0', [f('i')]), [{ i: null }, { i: null }]), 0);
  assert.equal(one(agg('SUM0', [f('i')]), ROWS), 5);
});

test('SUM of DECIMAL rounds to the result scale, so binary noise does not show', () => {
  const rows = [{ dec: 0.1 }, { dec: 0.2 }];
  assert.equal(one(agg('SUM', [f('dec')], { type: DataTypes.DECIMAL(38, 2) }), rows), 0.3);
});

test('SUM(INT) is INT and wraps on overflow as in Flink; SUM(BIGINT) does not', () => {
  const rows = [{ i: 2_147_483_647 }, { i: 1 }];
  assert.equal(one(agg('SUM', [f('i')], { type: DataTypes.INT() }), rows), -2_147_483_648);
  assert.equal(one(agg('SUM', [f('i')], { type: DataTypes.BIGINT() }), rows), 2_147_483_648);
});

test('AVG follows the result type: integral truncates, DECIMAL rounds to its scale, DOUBLE is exact', () => {
  const ints = [{ i: 1 }, { i: 2 }, { i: 2 }, { i: null }];
  assert.equal(one(agg('AVG', [f('i')], { type: DataTypes.INT() }), ints), 1, '5 / 3 truncated');
  assert.equal(one(agg('AVG', [f('i')], { type: DataTypes.INT() }), [{ i: -1 }, { i: -2 }]), -1, 'toward zero');
  assert.ok(Object.is(one(agg('AVG', [f('b')], { type: DataTypes.BIGINT() }), [{ b: -1 }, { b: 0 }]), 0), 'never -0');
  assert.equal(one(agg('AVG', [f('i')], { type: DataTypes.DOUBLE() }), ints), 5 / 3);
  assert.equal(one(agg('AVG', [f('dec')], { type: DataTypes.DECIMAL(38, 6) }), [{ dec: 1 }, { dec: 1 }, { dec: 2 }]), 1.333333);
  assert.equal(one(agg('AVG', [f('d')], { type: DataTypes.DOUBLE() }), ROWS), 8 / 3);
});

test('MIN and MAX compare numbers, strings and timestamps and skip NULLs', () => {
  const rows = [
    { i: 5, s: 'pear', ts: Date.UTC(2024, 0, 2) },
    { i: -3, s: 'apple', ts: Date.UTC(2024, 0, 1) },
    { i: null, s: null, ts: null },
    { i: 10, s: 'zebra', ts: Date.UTC(2023, 11, 31) },
  ];
  const result = aggregate([
    agg('MIN', [f('i')], { name: 'min_i' }), agg('MAX', [f('i')], { name: 'max_i' }),
    agg('MIN', [f('s')], { name: 'min_s' }), agg('MAX', [f('s')], { name: 'max_s' }),
    agg('MIN', [f('ts')], { name: 'min_ts' }), agg('MAX', [f('ts')], { name: 'max_ts' }),
  ], rows);
  assert.deepEqual(result, {
    min_i: -3, max_i: 10, min_s: 'apple', max_s: 'zebra', min_ts: Date.UTC(2023, 11, 31), max_ts: Date.UTC(2024, 0, 2),
  });
});

test('FIRST_VALUE and LAST_VALUE take the first and last non-null value by arrival', () => {
  const rows = [{ s: null }, { s: 'b' }, { s: 'a' }, { s: 'c' }, { s: null }];
  assert.equal(one(agg('FIRST_VALUE', [f('s')]), rows), 'b');
  assert.equal(one(agg('LAST_VALUE', [f('s')]), rows), 'c');
});

test("LISTAGG joins non-null values in arrival order with ',' or the given separator", () => {
  const rows = [{ s: 'a' }, { s: null }, { s: 'b' }, { s: 'a' }];
  assert.equal(one(agg('LISTAGG', [f('s')]), rows), 'a,b,a');
  assert.equal(one(agg('LISTAGG', [f('s'), stringLiteral('; ')]), rows), 'a; b; a');
  assert.equal(one(agg('LISTAGG', [f('s')], { distinct: true }), rows), 'a,b');
});

test('a LISTAGG separator read from the row is a plan error', () => {
  assert.throws(() => compileAggregateCalls([agg('LISTAGG', [f('s'), f('k')])], T, "group-aggregate 'g'"), (e: unknown) =>
    e instanceof PlanError && /group-aggregate 'g': LISTAGG\(…\) AS r: the LISTAGG separator must be a constant/.test(e.message));
});

test('VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP; the sample forms of one value are NULL', () => {
  const rows = [2, 4, 4, 4, 5, 5, 7, 9].map((d) => ({ d }));
  const double = { type: DataTypes.DOUBLE() };
  const result = aggregate([
    agg('VAR_POP', [f('d')], { ...double, name: 'var_pop' }),
    agg('VAR_SAMP', [f('d')], { ...double, name: 'var_samp' }),
    agg('STDDEV_POP', [f('d')], { ...double, name: 'stddev_pop' }),
    agg('STDDEV_SAMP', [f('d')], { ...double, name: 'stddev_samp' }),
  ], [...rows, { d: null }]);
  assert.equal(result.var_pop, 4);
  assert.equal(result.stddev_pop, 2);
  assert.ok(Math.abs((result.var_samp as number) - 32 / 7) < 1e-12);
  assert.ok(Math.abs((result.stddev_samp as number) - Math.sqrt(32 / 7)) < 1e-12);

  const single = aggregate([
    agg('VAR_SAMP', [f('d')], { ...double, name: 'var_samp' }),
    agg('STDDEV_SAMP', [f('d')], { ...double, name: 'stddev_samp' }),
    agg('VAR_POP', [f('d')], { ...double, name: 'var_pop' }),
  ], [{ d: 3 }]);
  assert.deepEqual(single, { var_samp: null, stddev_samp: null, var_pop: 0 });
});

test('integral STDDEV truncates to the result type', () => {
  assert.equal(one(agg('STDDEV_POP', [f('i')], { type: DataTypes.INT() }), [{ i: 1 }, { i: 4 }]), 1, 'stddev 1.5 → 1');
});

test('FILTER (WHERE …) lets only rows where the condition is TRUE reach the call (NULL rejects)', () => {
  const result = aggregate([
    agg('COUNT', [], { name: 'flagged', filter: f('flag') }),
    agg('SUM', [f('i')], { name: 'sum_flagged', filter: f('flag') }),
    agg('SUM', [f('i')], { name: 'sum_big', filter: call('>', [f('d'), numericLiteral('2')]) }),
    agg('COUNT', [], { name: 'none', filter: call('>', [f('i'), numericLiteral('100')]) }),
  ], ROWS);
  assert.deepEqual(result, { flagged: 2, sum_flagged: 3, sum_big: 2, none: 0 });
});

test('DISTINCT applies to SUM and AVG: each distinct value counts once', () => {
  const rows = [{ i: 1 }, { i: 2 }, { i: 2 }, { i: 3 }, { i: 3 }, { i: null }];
  const result = aggregate([
    agg('SUM', [f('i')], { name: 'sum', distinct: true }),
    agg('AVG', [f('i')], { name: 'avg', distinct: true, type: DataTypes.DOUBLE() }),
    agg('SUM', [f('i')], { name: 'plain' }),
  ], rows);
  assert.deepEqual(result, { sum: 6, avg: 2, plain: 11 });
});

test('DISTINCT with FILTER: only filtered rows add to the set of seen values', () => {
  const rows = [{ i: 1, flag: false }, { i: 1, flag: true }, { i: 2, flag: true }, { i: 2, flag: null }];
  assert.equal(one(agg('COUNT', [f('i')], { distinct: true, filter: f('flag') }), rows), 2);
  assert.equal(one(agg('COUNT', [f('i')], { distinct: true, filter: f('flag') }), rows.slice(0, 1)), 0);
});

test('values lists results in call order; getResult names them', () => {
  const fn = compileAggregateCalls([agg('COUNT', [], { name: 'n' }), agg('MAX', [f('s')], { name: 'top' })], T);
  const acc = fn.add(fn.add(fn.createAccumulator(), { s: 'b' }), { s: 'c' });
  assert.deepEqual(fn.names, ['n', 'top']);
  assert.deepEqual(fn.values(acc), [2, 'c']);
  assert.deepEqual(fn.getResult(acc), { n: 2, top: 'c' });
});

test('a call with the wrong number of arguments is a plan error naming the call', () => {
  assert.throws(() => compileAggregateCalls([agg('SUM', [f('i'), f('d')], { name: 'total' })], T, 'q'),
    (e: unknown) => e instanceof PlanError && e.message === 'q: SUM(…) AS total: takes one argument, got 2');
  assert.throws(() => compileAggregateCalls([agg('COUNT', [], { distinct: true })], T), PlanError);
});
