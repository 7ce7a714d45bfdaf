import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes, type RowType } from '../../src/core/data-types.ts';
import { PlanError } from '../../src/core/errors.ts';
import type { Row } from '../../src/core/row.ts';
import { ROW_KIND, type RowKind } from '../../src/formats/row-kind.ts';
import { LATE_RECORDS_DROPPED } from '../../src/operators/late-records.ts';
import { TemporalJoinOperator, type TemporalJoinConfig } from '../../src/operators/temporal-join.ts';
import { field } from '../../src/plan/expr/index.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';

const ORDERS: RowType = DataTypes.ROW([
  { name: 'id', type: DataTypes.INT() },
  { name: 'cur', type: DataTypes.STRING() },
  { name: 'ts', type: DataTypes.TIMESTAMP(3) },
]);
const RATES: RowType = DataTypes.ROW([
  { name: 'cur', type: DataTypes.STRING() },
  { name: 'rate', type: DataTypes.DOUBLE() },
  { name: 'ts', type: DataTypes.TIMESTAMP(3) },
]);
const OUT: RowType = DataTypes.ROW([{ name: 'id', type: DataTypes.INT() }, { name: 'rate', type: DataTypes.DOUBLE() }]);

/** SELECT o.id, r.rate FROM orders o [LEFT] JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.cur = r.cur */
const CONFIG: TemporalJoinConfig = {
  leftType: ORDERS, rightType: RATES,
  leftKeys: [field(ORDERS, 'cur')], rightKeys: [field(RATES, 'cur')],
  leftTime: 'ts', rightTime: 'ts', joinType: 'inner',
  outputFields: [{ side: 'left', field: 'id', name: 'id' }, { side: 'right', field: 'rate', name: 'rate' }],
  outputType: OUT,
};
const LEFT = 0;
const RIGHT = 1;

const operator = (joinType: 'inner' | 'left' = 'inner') => new TemporalJoinOperator({ ...CONFIG, joinType }, "temporal-join 'j'");

function opened(joinType: 'inner' | 'left' = 'inner'): OperatorHarness<Row, Row> {
  const h = new OperatorHarness<Row, Row>(operator(joinType), { id: 'j' });
  h.open();
  return h;
}

const order = (id: number, ts: number, cur: string | null = 'EUR'): Row => ({ id, cur, ts });
const rate = (value: number, ts: number, kind?: RowKind, cur = 'EUR'): Row => ({ cur, rate: value, ts, ...(kind === undefined ? {} : { [ROW_KIND]: kind }) });
const shown = (h: OperatorHarness<Row, Row>): string[] => h.outputWithTimes().map((r) => `${r.value.id}:${r.value.rate}@${r.time}`);

test('a left row waits for the watermark, then joins the version valid at its time, keeping its own time', () => {
  const h = opened();
  h.processElement(rate(1.1, 100), 100, RIGHT);
  h.processElement(order(1, 150), 150, LEFT);
  h.processElement(order(2, 300), 300, LEFT);
  h.processElement(rate(1.2, 200), 200, RIGHT);
  assert.deepEqual(shown(h), [], 'nothing before the watermark reaches the rows');
  h.processElement(rate(1.3, 250), 250, RIGHT); // arrives after row 2 but is older: row 2 sees it
  h.processWatermark(300);
  assert.deepEqual(shown(h), ['1:1.1@150', '2:1.3@300']);
});

test('a deletion ends a version; an update\'s -U is skipped; a left join pads a row with no valid version', () => {
  const h = opened('left');
  h.processElement(rate(1.1, 100), 100, RIGHT);
  h.processElement(rate(1.1, 200, 'update-before'), 200, RIGHT);
  h.processElement(rate(1.2, 200, 'update-after'), 200, RIGHT);
  h.processElement(rate(1.2, 300, 'delete'), 300, RIGHT);
  for (const [id, ts] of [[1, 50], [2, 150], [3, 250], [4, 350]]) h.processElement(order(id, ts), ts, LEFT);
  h.processElement(order(5, 360, null), 360, LEFT); // a NULL key: padded at once
  h.processWatermark(400);
  assert.deepEqual(shown(h), ['5:null@360', '1:null@50', '2:1.1@150', '3:1.2@250', '4:null@350']);
});

test('a left row behind the watermark is late: dropped and counted', () => {
  const h = opened('left');
  h.processWatermark(1000);
  h.processElement(order(1, 900), 900, LEFT);
  h.processWatermark(2000);
  assert.deepEqual(shown(h), []);
  assert.equal(h.metric(LATE_RECORDS_DROPPED), 1);
});

test('versions older than the one valid at the watermark are dropped: a key holds one version once the watermark passes them', () => {
  const h = opened();
  for (let t = 1; t <= 50; t++) h.processElement(rate(t, t * 10), t * 10, RIGHT);
  h.processWatermark(10_000);
  h.processElement(order(1, 10_001), 10_001, LEFT);
  h.processWatermark(10_001);
  assert.deepEqual(shown(h), ['1:50@10001'], 'the latest version still joins');
  h.state.setCurrentKey('EUR');
  assert.equal(h.state.valueState<{ times: number[] }>('temporal-join-versions').value()?.times.length, 1);
});

test('restored from a snapshot, waiting rows and versions carry on', () => {
  const h = opened();
  h.processElement(rate(1.1, 100), 100, RIGHT);
  h.processElement(order(1, 150), 150, LEFT);
  const restored = OperatorHarness.restore(operator(), h.snapshot(), { id: 'j' });
  restored.processElement(rate(1.2, 120), 120, RIGHT);
  restored.processWatermark(200);
  assert.deepEqual(shown(restored), ['1:1.2@150']);
});

test('a configuration that cannot run is refused, naming the node', () => {
  assert.throws(() => new TemporalJoinOperator({ ...CONFIG, leftKeys: [], rightKeys: [] }, "temporal-join 'j'"), (e: Error) => e instanceof PlanError && /temporal-join 'j'/.test(e.message));
  assert.throws(() => new TemporalJoinOperator({ ...CONFIG, joinType: 'full' as 'inner' }, "temporal-join 'j'"), /'inner' or 'left'/);
});
