import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregates, avg, count, max, min, reduce, sum } from '../../src/plan/aggregate-functions.ts';
import type { AggregateFunction } from '../../src/plan/functions.ts';

/** Folds values through an aggregate the way a window does: create, add each, get the result. */
function run<In, Acc, Out>(fn: AggregateFunction<In, Acc, Out>, values: In[]): Out {
  let acc = fn.createAccumulator();
  for (const v of values) acc = fn.add(acc, v);
  return fn.getResult(acc);
}

/** Aggregates two halves separately and merges them, as session windows do. */
function runMerged<In, Acc, Out>(fn: AggregateFunction<In, Acc, Out>, a: In[], b: In[]): Out {
  let left = fn.createAccumulator();
  for (const v of a) left = fn.add(left, v);
  let right = fn.createAccumulator();
  for (const v of b) right = fn.add(right, v);
  return fn.getResult(fn.merge!(left, right));
}

interface Trade { price?: number | null; shares: number; symbol: string }
const trades: Trade[] = [
  { price: 10, shares: 100, symbol: 'B' },
  { price: null, shares: 50, symbol: 'A' },
  { price: 4, shares: 30, symbol: 'C' },
  { shares: 20, symbol: 'A' },
];

test('count without an argument counts every record; with one, only non-null values', () => {
  assert.equal(run(count(), trades), 4);
  assert.equal(run(count((t: Trade) => t.price), trades), 2);
  assert.equal(runMerged(count(), trades.slice(0, 1), trades.slice(1)), 4);
});

test('sum skips nulls and is null over no values', () => {
  assert.equal(run(sum((t: Trade) => t.price), trades), 14);
  assert.equal(run(sum((t: Trade) => t.shares), trades), 200);
  assert.equal(run(sum((t: Trade) => t.price), [trades[1], trades[3]]), null);
  assert.equal(runMerged(sum((t: Trade) => t.price), [trades[1]], [trades[0], trades[2]]), 14);
  assert.equal(runMerged(sum((t: Trade) => t.price), [trades[0]], [trades[1]]), 10);
});

test('avg divides the sum of non-null values by their count and is null over none', () => {
  assert.equal(run(avg((t: Trade) => t.price), trades), 7);
  assert.equal(run(avg((t: Trade) => t.shares), trades), 50);
  assert.equal(run(avg((t: Trade) => t.price), [trades[1]]), null);
  assert.equal(runMerged(avg((t: Trade) => t.shares), trades.slice(0, 3), trades.slice(3)), 50);
});

test('min and max compare numbers and strings, skip nulls and are null over none', () => {
  assert.equal(run(min((t: Trade) => t.price), trades), 4);
  assert.equal(run(max((t: Trade) => t.price), trades), 10);
  assert.equal(run(min((t: Trade) => t.symbol), trades), 'A');
  assert.equal(run(max((t: Trade) => t.symbol), trades), 'C');
  assert.equal(run(min((t: Trade) => t.price), [trades[3]]), null);
  assert.equal(run(max((t: Trade) => t.price), []), null);
  assert.equal(runMerged(min((t: Trade) => t.shares), trades.slice(0, 2), trades.slice(2)), 20);
  assert.equal(runMerged(max((t: Trade) => t.shares), trades.slice(0, 2), trades.slice(2)), 100);
  assert.equal(runMerged(max((t: Trade) => t.price), [trades[1]], [trades[2]]), 4);
});

test('reduce folds records with the reducer, merges with it, and is null over none', () => {
  const biggest = reduce((a: Trade, b: Trade) => (b.shares > a.shares ? b : a));
  assert.equal(run(biggest, trades), trades[0]);
  assert.equal(run(biggest, []), null);
  assert.equal(runMerged(biggest, trades.slice(2), trades.slice(0, 2)), trades[0]);
  assert.equal(runMerged(biggest, [], trades.slice(1, 2)), trades[1]);
  const concat = reduce((a: string, b: string) => a + b);
  assert.equal(run(concat, ['x', 'y', 'z']), 'xyz');
});

test('aggregates combines several into one object result', () => {
  const stats = aggregates({
    trades: count(),
    shares: sum((t: Trade) => t.shares),
    avgPrice: avg((t: Trade) => t.price),
    low: min((t: Trade) => t.price),
  });
  assert.deepEqual(run(stats, trades), { trades: 4, shares: 200, avgPrice: 7, low: 4 });
  assert.deepEqual(runMerged(stats, trades.slice(0, 1), trades.slice(1)), { trades: 4, shares: 200, avgPrice: 7, low: 4 });
});

test('aggregates has no merge when one of its parts has none', () => {
  const noMerge: AggregateFunction<Trade, number, number> = { createAccumulator: () => 0, add: (a) => a + 1, getResult: (a) => a };
  assert.equal(aggregates({ n: noMerge, s: sum((t: Trade) => t.shares) }).merge, undefined);
  assert.equal(typeof aggregates({ n: count(), s: sum((t: Trade) => t.shares) }).merge, 'function');
});

test('accumulators survive structured cloning mid-aggregation', () => {
  const stats = aggregates({ n: count(), total: sum((t: Trade) => t.shares), mean: avg((t: Trade) => t.shares), top: max((t: Trade) => t.shares) });
  let acc = stats.createAccumulator();
  acc = stats.add(acc, trades[0]);
  acc = stats.add(acc, trades[1]);
  acc = structuredClone(acc);
  acc = stats.add(acc, trades[2]);
  assert.deepEqual(stats.getResult(acc), { n: 3, total: 180, mean: 60, top: 100 });
  const folded = reduce((a: number, b: number) => a + b);
  let r = folded.add(folded.createAccumulator(), 5);
  r = folded.add(structuredClone(r), 7);
  assert.equal(folded.getResult(r), 12);
});
