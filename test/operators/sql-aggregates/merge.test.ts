import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes } from '../../../src/core/data-types.ts';
import type { Row } from '../../../src/core/row.ts';
import type { AggregateCall } from '../../../src/plan/relational-nodes.ts';
import { compileAggregateCalls } from '../../../src/operators/sql-aggregates/index.ts';
import { T, agg, aggregate, f } from './helpers.ts';

/** Every kind of call once, several with DISTINCT or FILTER. */
const CALLS: AggregateCall[] = [
  agg('COUNT', [], { name: 'count_all' }),
  agg('COUNT', [f('i')], { name: 'count_i' }),
  agg('COUNT', [f('s')], { name: 'count_distinct_s', distinct: true }),
  agg('SUM', [f('i')], { name: 'sum_i', type: DataTypes.INT() }),
  agg('SUM', [f('i')], { name: 'sum_distinct_i', distinct: true, type: DataTypes.INT() }),
  agg('SUM0', [f('i')], { name: 'sum0_i', filter: f('flag'), type: DataTypes.INT() }),
  agg('AVG', [f('d')], { name: 'avg_d', type: DataTypes.DOUBLE() }),
  agg('AVG', [f('i')], { name: 'avg_distinct_i', distinct: true, type: DataTypes.DOUBLE() }),
  agg('MIN', [f('s')], { name: 'min_s' }),
  agg('MAX', [f('i')], { name: 'max_i', distinct: true }),
  agg('FIRST_VALUE', [f('s')], { name: 'first_s' }),
  agg('LAST_VALUE', [f('s')], { name: 'last_s' }),
  agg('LISTAGG', [f('s')], { name: 'list_s' }),
  agg('VAR_POP', [f('d')], { name: 'var_pop', type: DataTypes.DOUBLE() }),
  agg('STDDEV_SAMP', [f('d')], { name: 'stddev_samp', type: DataTypes.DOUBLE() }),
];

const ROWS: Row[] = [
  { i: 1, d: 1, s: 'a', flag: true },
  { i: 2, d: 2, s: 'b', flag: false },
  { i: null, d: 4, s: 'a', flag: true },
  { i: 2, d: null, s: null, flag: true },
  { i: 3, d: 8, s: 'c', flag: null },
  { i: 1, d: 16, s: 'b', flag: true },
];

/** Accumulates `rows` into a fresh accumulator. */
function accumulate(rows: readonly Row[]): unknown[] {
  const fn = compileAggregateCalls(CALLS, T);
  let acc = fn.createAccumulator();
  for (const row of rows) acc = fn.add(acc, row);
  return acc;
}

/** Numbers equal to 12 significant digits (Welford and Chan's merge round differently). */
function assertClose(actual: Record<string, unknown>, expected: Record<string, unknown>): void {
  for (const name of Object.keys(expected)) {
    const a = actual[name];
    const e = expected[name];
    if (typeof a === 'number' && typeof e === 'number' && !Number.isInteger(e)) assert.ok(Math.abs(a - e) < 1e-9, `${name}: ${a} ≈ ${e}`);
    else assert.deepEqual(a, e, name);
  }
}

test('merging the accumulators of two halves gives the result of one pass over all rows, for every function', () => {
  const fn = compileAggregateCalls(CALLS, T);
  const whole = aggregate(CALLS, ROWS);
  for (let cut = 0; cut <= ROWS.length; cut++) {
    const merged = fn.merge(accumulate(ROWS.slice(0, cut)), accumulate(ROWS.slice(cut)));
    assertClose(fn.getResult(merged), whole);
  }
  assert.deepEqual(
    { count_distinct_s: whole.count_distinct_s, sum_distinct_i: whole.sum_distinct_i, list_s: whole.list_s, first_s: whole.first_s },
    { count_distinct_s: 3, sum_distinct_i: 6, list_s: 'a,b,a,c,b', first_s: 'a' },
  );
});

test('DISTINCT merge is the union: a value both halves saw counts once', () => {
  const calls = [agg('COUNT', [f('s')], { name: 'n', distinct: true }), agg('SUM', [f('i')], { name: 'sum', distinct: true })];
  const fn = compileAggregateCalls(calls, T);
  const left = fn.add(fn.add(fn.createAccumulator(), { s: 'a', i: 1 }), { s: 'b', i: 2 });
  const right = fn.add(fn.add(fn.createAccumulator(), { s: 'b', i: 2 }), { s: 'c', i: 5 });
  assert.deepEqual(fn.getResult(fn.merge(left, right)), { n: 3, sum: 8 });
});

test('accumulators are plain data: a structured clone (a checkpoint) carries on exactly', () => {
  const fn = compileAggregateCalls(CALLS, T);
  const restored = structuredClone(accumulate(ROWS.slice(0, 3)));
  let acc = restored;
  for (const row of ROWS.slice(3)) acc = fn.add(acc, row);
  assertClose(fn.getResult(acc), aggregate(CALLS, ROWS));
  assert.deepEqual(JSON.parse(JSON.stringify(restored)), restored, 'JSON-safe too: no Maps, Sets or class instances');
});
