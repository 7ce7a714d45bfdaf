import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes, notNull, type RowType } from '../../src/core/data-types.ts';
import { PlanError } from '../../src/core/errors.ts';
import type { Row } from '../../src/core/row.ts';
import { ROW_KIND } from '../../src/formats/row-kind.ts';
import { seededRandom } from '../../src/operators/expr/runtime-numeric.ts';
import { LATE_RECORDS_DROPPED } from '../../src/operators/late-records.ts';
import { OverAggregateOperator, type OverAggregateConfig } from '../../src/operators/over-aggregate.ts';
import { field } from '../../src/plan/expr/index.ts';
import type { AggregateCall } from '../../src/plan/relational-nodes.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';

const BIDS: RowType = DataTypes.ROW([
  { name: 'item', type: DataTypes.STRING() },
  { name: 'price', type: DataTypes.INT() },
  { name: 'ts', type: DataTypes.TIMESTAMP(3) },
]);
const CALLS: AggregateCall[] = [
  { fn: 'SUM', args: [field(BIDS, 'price')], distinct: false, name: 's', type: DataTypes.INT() },
  { fn: 'COUNT', args: [], distinct: false, name: 'n', type: notNull(DataTypes.BIGINT()) },
];
const OUT: RowType = DataTypes.ROW([...BIDS.fields, { name: 's', type: DataTypes.INT() }, { name: 'n', type: notNull(DataTypes.BIGINT()) }]);

const config = (unit: 'rows' | 'range', preceding: number): OverAggregateConfig => ({
  inputType: BIDS, partitionKeys: [field(BIDS, 'item')], order: { time: 'rowtime', column: 'ts' },
  frame: { unit, preceding }, calls: CALLS, outputType: OUT,
});

function opened(c: OverAggregateConfig): OperatorHarness<Row, Row> {
  const h = new OperatorHarness<Row, Row>(new OverAggregateOperator(c, "over-aggregate 'o'"), { id: 'o' });
  h.open();
  return h;
}

const bid = (item: string, price: number, ts: number): Row => ({ item, price, ts });
const shown = (h: OperatorHarness<Row, Row>): string[] => h.outputWithTimes().map(({ value: r, time }) => `${r.item}:${r.price}@${time} s=${r.s} n=${r.n}`);

test('rowtime: rows wait for the watermark, then come out in time order with the aggregates of their frame', () => {
  const h = opened(config('rows', Number.POSITIVE_INFINITY));
  h.processElement(bid('a', 5, 300), 300);
  h.processElement(bid('a', 1, 100), 100);
  h.processElement(bid('a', 2, 200), 200);
  h.processElement(bid('b', 7, 150), 150);
  assert.deepEqual(shown(h), []);
  h.processWatermark(250);
  assert.deepEqual(shown(h), ['a:1@100 s=1 n=1', 'b:7@150 s=7 n=1', 'a:2@200 s=3 n=2']);
  h.clearOutput();
  h.processWatermark(300);
  assert.deepEqual(shown(h), ['a:5@300 s=8 n=3']);
});

test('ROWS n PRECEDING: the current row and the n before it; peers of one time each count in arrival order', () => {
  const h = opened(config('rows', 1));
  for (const [price, ts] of [[1, 100], [2, 200], [4, 200], [8, 300]]) h.processElement(bid('a', price, ts), ts);
  h.processWatermark(1000);
  assert.deepEqual(shown(h).map((s) => s.split(' ').slice(1).join(' ')), ['s=1 n=1', 's=3 n=2', 's=6 n=2', 's=12 n=2']);
});

test('RANGE: a row and its peers share their aggregates; a bounded range reaches rows at most that much older', () => {
  const unbounded = opened(config('range', Number.POSITIVE_INFINITY));
  const bounded = opened(config('range', 100));
  for (const h of [unbounded, bounded]) {
    for (const [price, ts] of [[1, 100], [2, 200], [4, 200], [8, 301]]) h.processElement(bid('a', price, ts), ts);
    h.processWatermark(1000);
  }
  assert.deepEqual(shown(unbounded).map((s) => s.split(' ').slice(1).join(' ')), ['s=1 n=1', 's=7 n=3', 's=7 n=3', 's=15 n=4']);
  // At 200 the frame is [100, 200]: all three; at 301 it is [201, 301]: only 8.
  assert.deepEqual(shown(bounded).map((s) => s.split(' ').slice(1).join(' ')), ['s=1 n=1', 's=7 n=3', 's=7 n=3', 's=8 n=1']);
});

test('a row at or behind the watermark is late: dropped and counted', () => {
  const h = opened(config('rows', Number.POSITIVE_INFINITY));
  h.processWatermark(500);
  h.processElement(bid('a', 1, 500), 500);
  h.processWatermark(1000);
  assert.deepEqual(shown(h), []);
  assert.equal(h.metric(LATE_RECORDS_DROPPED), 1);
});

test('ROWS 2 PRECEDING equals an independent sliding sum over random rows, across a restore', () => {
  const random = seededRandom(11);
  const rows = Array.from({ length: 200 }, (_, i) => bid(random() < 0.5 ? 'a' : 'b', Math.floor(random() * 10), 1000 + i * 10));
  let h = opened(config('rows', 2));
  const outputs: Row[] = [];
  rows.forEach((row, i) => {
    h.processElement(row, row.ts as number);
    if (i % 17 === 0) h.processWatermark(row.ts as number);
    if (i === 100) {
      outputs.push(...h.output());
      h = OperatorHarness.restore(new OverAggregateOperator(config('rows', 2), "over-aggregate 'o'"), h.snapshot(), { id: 'o' });
    }
  });
  h.processWatermark(1_000_000);
  outputs.push(...h.output());
  const expected = rows.map((row) => {
    const same = rows.filter((r) => r.item === row.item && (r.ts as number) <= (row.ts as number)).slice(-3);
    return `${row.item}:${row.ts} ${same.reduce((s, r) => s + (r.price as number), 0)} ${same.length}`;
  });
  assert.deepEqual(outputs.map((r) => `${r.item}:${r.ts} ${r.s} ${r.n}`).sort(), expected.sort());
});

test('proctime: a row comes out when it arrives; an updating input is refused', () => {
  const h = opened({ ...config('rows', Number.POSITIVE_INFINITY), order: { time: 'proctime' } });
  h.setProcessingTime(5);
  h.processElement(bid('a', 3, 1), 1);
  h.processElement(bid('a', 4, 2), 2);
  assert.deepEqual(shown(h).map((s) => s.split(' ').slice(1).join(' ')), ['s=3 n=1', 's=7 n=2']);
  assert.throws(() => h.processElement({ ...bid('a', 1, 1), [ROW_KIND]: 'delete' }, 1), (e: Error) => e instanceof PlanError && /insert-only/.test(e.message));
});

test('with a state TTL, a partition idle for that long starts its running aggregates again', () => {
  const h = opened({ ...config('rows', Number.POSITIVE_INFINITY), order: { time: 'proctime' }, stateTtlMs: 1000 });
  h.setProcessingTime(0);
  h.processElement(bid('a', 3, 1), 1);
  h.setProcessingTime(900);
  h.processElement(bid('a', 4, 2), 2);
  h.setProcessingTime(2000);
  h.processElement(bid('a', 5, 3), 3);
  assert.deepEqual(shown(h).map((s) => s.split(' ').slice(1).join(' ')), ['s=3 n=1', 's=7 n=2', 's=5 n=1']);
});
