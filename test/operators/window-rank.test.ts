import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes, notNull, type RowType } from '../../src/core/data-types.ts';
import type { Row } from '../../src/core/row.ts';
import { LATE_RECORDS_DROPPED } from '../../src/operators/late-records.ts';
import { WindowRankOperator, type WindowRankConfig } from '../../src/operators/window-rank.ts';
import { field } from '../../src/plan/expr/index.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';

const BIDS: RowType = DataTypes.ROW([
  { name: 'item', type: DataTypes.STRING() },
  { name: 'price', type: DataTypes.INT() },
  { name: 'ts', type: DataTypes.TIMESTAMP(3) },
]);
const TS = notNull(DataTypes.TIMESTAMP(3));
const OUT: RowType = DataTypes.ROW([
  ...BIDS.fields, { name: 'window_start', type: TS }, { name: 'window_end', type: TS }, { name: 'window_time', type: TS },
  { name: 'rn', type: notNull(DataTypes.BIGINT()) },
]);

/** Top-2 bids by price per item and 1 s tumbling window of a TVF. */
const TOP2: WindowRankConfig = {
  inputType: BIDS, partitionKeys: [field(BIDS, 'item')], limit: 2, rankColumn: 'rn',
  orderBy: [{ expr: field(BIDS, 'price'), descending: true, nullsFirst: false }],
  window: { kind: 'assign', spec: { kind: 'tumbling', size: 1000, offset: 0, time: 'event' }, bounds: { start: 'window_start', end: 'window_end', rowtime: 'window_time' } },
  outputType: OUT,
};

function opened(config: WindowRankConfig): OperatorHarness<Row, Row> {
  const h = new OperatorHarness<Row, Row>(new WindowRankOperator(config, "window-rank 'w'"), { id: 'w' });
  h.open();
  return h;
}

const bid = (item: string, price: number, ts: number): Row => ({ item, price, ts });
const shown = (h: OperatorHarness<Row, Row>): string[] =>
  h.outputWithTimes().map(({ value: r, time }) => `${r.item}:${r.price} [${r.window_start},${r.window_end}) #${r.rn}@${time}`);

test('each window\'s Top-N comes out once, in rank order, when the watermark passes its end', () => {
  const h = opened(TOP2);
  for (const [item, price, ts] of [['a', 1, 100], ['a', 5, 200], ['a', 3, 300], ['b', 2, 400], ['a', 9, 1100]] as const) h.processElement(bid(item, price, ts), ts);
  h.processWatermark(998);
  assert.deepEqual(shown(h), []);
  h.processWatermark(999);
  assert.deepEqual(shown(h), ['a:5 [0,1000) #1@999', 'a:3 [0,1000) #2@999', 'b:2 [0,1000) #1@999']);
  h.clearOutput();
  h.processElement(bid('a', 7, 500), 500); // its window fired: late
  h.processWatermark(2000);
  assert.deepEqual(shown(h), ['a:9 [1000,2000) #1@1999']);
  assert.equal(h.metric(LATE_RECORDS_DROPPED), 1);
});

test('hopping windows: a row is ranked in each window it belongs to', () => {
  const h = opened({ ...TOP2, limit: 1, window: { ...TOP2.window, spec: { kind: 'sliding', size: 1000, slide: 500, offset: 0, time: 'event' } } as WindowRankConfig['window'] });
  h.processElement(bid('a', 4, 700), 700);
  h.processElement(bid('a', 6, 200), 200);
  h.processWatermark(5000);
  assert.deepEqual(shown(h), ['a:6 [-500,500) #1@499', 'a:6 [0,1000) #1@999', 'a:4 [500,1500) #1@1499']);
});

test('window columns of the input (a window aggregate\'s output) place each row; restored state carries on', () => {
  const agg: RowType = DataTypes.ROW([
    { name: 'item', type: DataTypes.STRING() }, { name: 'total', type: DataTypes.INT() },
    { name: 'window_start', type: TS }, { name: 'window_end', type: TS },
  ]);
  const config: WindowRankConfig = {
    inputType: agg, partitionKeys: [], limit: 1,
    orderBy: [{ expr: field(agg, 'total'), descending: true, nullsFirst: false }],
    window: { kind: 'columns', start: 'window_start', end: 'window_end' }, outputType: agg,
  };
  const h = opened(config);
  h.processElement({ item: 'a', total: 3, window_start: 0, window_end: 1000 }, 999);
  const restored = OperatorHarness.restore(new WindowRankOperator(config, "window-rank 'w'"), h.snapshot(), { id: 'w' });
  restored.processElement({ item: 'b', total: 8, window_start: 0, window_end: 1000 }, 999);
  restored.processWatermark(999);
  assert.deepEqual(restored.output().map((r) => `${r.item}:${r.total}`), ['b:8']);
});
