import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes, type RowType } from '../../src/core/data-types.ts';
import { PlanError, SluiceError } from '../../src/core/errors.ts';
import type { Row } from '../../src/core/row.ts';
import { INTERVAL_JOIN_ROWS_HELD, IntervalJoinOperator, type IntervalJoinConfig } from '../../src/operators/interval-join.ts';
import { LATE_RECORDS_DROPPED } from '../../src/operators/late-records.ts';
import { call, field, stringLiteral } from '../../src/plan/expr/index.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';

const CLICKS: RowType = DataTypes.ROW([
  { name: 'user', type: DataTypes.STRING() },
  { name: 'id', type: DataTypes.STRING() },
  { name: 'ts', type: DataTypes.TIMESTAMP(3) },
]);
const ORDERS: RowType = DataTypes.ROW([
  { name: 'user', type: DataTypes.STRING() },
  { name: 'id', type: DataTypes.STRING() },
  { name: 'ts', type: DataTypes.TIMESTAMP(3) },
]);
const OUT: RowType = DataTypes.ROW([
  { name: 'click', type: DataTypes.STRING() },
  { name: 'order', type: DataTypes.STRING() },
]);

/** SELECT c.id AS click, o.id AS order FROM clicks c JOIN orders o ON c.user = o.user AND o.ts BETWEEN c.ts - 1 s AND c.ts + 2 s */
const CONFIG: IntervalJoinConfig = {
  leftType: CLICKS,
  rightType: ORDERS,
  leftKeys: [field(CLICKS, 'user')],
  rightKeys: [field(ORDERS, 'user')],
  leftTime: 'ts',
  rightTime: 'ts',
  lowerMs: -1_000,
  upperMs: 2_000,
  joinType: 'inner',
  outputFields: [{ side: 'left', field: 'id', name: 'click' }, { side: 'right', field: 'id', name: 'order' }],
  outputType: OUT,
};
const LEFT = 0;
const RIGHT = 1;

const row = (id: string, ts: number | null, user: string | null = 'u'): Row => ({ user, id, ts });

function opened(config: Partial<IntervalJoinConfig> = {}): OperatorHarness<Row, Row> {
  const h = new OperatorHarness<Row, Row>(new IntervalJoinOperator({ ...CONFIG, ...config }, "interval-join 'j'"), { id: 'j' });
  h.open();
  return h;
}

const pairs = (h: OperatorHarness<Row, Row>): [unknown, unknown, number][] => h.outputWithTimes().map((r) => [r.value.click, r.value.order, r.time]);

/** Feeds one row at its own time on the given side. */
function feed(h: OperatorHarness<Row, Row>, side: number, r: Row): void {
  h.processElement(r, r.ts as number, side);
}

test('inner: a row pairs with the other side\'s held rows of its key on arrival, at the left row\'s time', () => {
  const h = opened();
  feed(h, LEFT, row('c1', 10_000));
  feed(h, LEFT, row('c2', 10_500));
  feed(h, LEFT, row('x', 10_000, 'other-user'));
  assert.deepEqual(h.output(), []);
  feed(h, RIGHT, row('o1', 11_000));
  assert.deepEqual(pairs(h), [['c1', 'o1', 10_000], ['c2', 'o1', 10_500]]);
  h.clearOutput();
  feed(h, LEFT, row('c3', 12_500)); // rights in [11500, 14500]: o1 is before them
  feed(h, LEFT, row('c4', 11_800)); // rights in [10800, 13800]: o1, output at the left time
  assert.deepEqual(pairs(h), [['c4', 'o1', 11_800]]);
});

test('the time range is inclusive at both ends, seen from either side', () => {
  const h = opened();
  feed(h, LEFT, row('c', 10_000));
  for (const ts of [8_999, 9_000, 12_000, 12_001]) feed(h, RIGHT, row(`o${ts}`, ts));
  assert.deepEqual(pairs(h), [['c', 'o9000', 10_000], ['c', 'o12000', 10_000]]);

  const reverse = opened();
  for (const ts of [8_999, 9_000, 12_000, 12_001]) feed(reverse, RIGHT, row(`o${ts}`, ts));
  feed(reverse, LEFT, row('c', 10_000));
  assert.deepEqual(pairs(reverse), [['c', 'o9000', 10_000], ['c', 'o12000', 10_000]]);
});

test('rows arriving out of time order are still matched by their times', () => {
  const h = opened({ lowerMs: 0, upperMs: 0 });
  h.processBatch({ values: [row('o3', 3_000), row('o1', 1_000), row('o2', 2_000), row('o1b', 1_000)], times: [3_000, 1_000, 2_000, 1_000] }, RIGHT);
  h.processBatch({ values: [row('c2', 2_000), row('c1', 1_000), row('c3', 3_000)], times: [2_000, 1_000, 3_000] }, LEFT);
  assert.deepEqual(pairs(h), [['c2', 'o2', 2_000], ['c1', 'o1', 1_000], ['c1', 'o1b', 1_000], ['c3', 'o3', 3_000]]);
});

test('a NULL key part matches nothing, not even another NULL; an outer join emits such a row padded at once', () => {
  const inner = opened();
  feed(inner, LEFT, row('c', 1_000, null));
  feed(inner, RIGHT, row('o', 1_000, null));
  assert.deepEqual(inner.output(), []);
  assert.equal(inner.metric(INTERVAL_JOIN_ROWS_HELD), 0, 'rows that can never match are not held');

  const composite = opened({
    joinType: 'left',
    leftKeys: [field(CLICKS, 'user'), field(CLICKS, 'id')],
    rightKeys: [field(ORDERS, 'user'), field(ORDERS, 'id')],
  });
  feed(composite, RIGHT, row('k', 1_000, null));
  feed(composite, LEFT, { user: null, id: 'k', ts: 1_000 });
  feed(composite, LEFT, row('k', 1_000, 'u'));
  assert.deepEqual(pairs(composite), [['k', null, 1_000]], 'the NULL-keyed left row, padded, before any watermark');
});

test('left join: an unmatched left row is emitted padded when the watermark reaches its time + upper bound, not before', () => {
  const h = opened({ joinType: 'left' });
  feed(h, LEFT, row('matched', 10_000));
  feed(h, RIGHT, row('o', 11_000));
  feed(h, LEFT, row('alone', 10_000, 'v'));
  h.clearOutput();
  h.processWatermark(11_999);
  assert.deepEqual(h.output(), []);
  h.processWatermark(12_000);
  assert.deepEqual(pairs(h), [['alone', null, 10_000]]);
  h.processWatermark(Number.POSITIVE_INFINITY);
  assert.equal(h.output().length, 1, 'matched rows are never padded');
});

test('right join: an unmatched right row is emitted padded when the watermark reaches its time - lower bound', () => {
  const h = opened({ joinType: 'right' });
  feed(h, RIGHT, row('o1', 10_000));
  feed(h, RIGHT, row('o2', 10_000));
  feed(h, LEFT, row('c', 11_000)); // matches rights in [10000, 13000]: both
  feed(h, RIGHT, row('o3', 5_000, 'v'));
  h.clearOutput();
  h.processWatermark(5_999);
  assert.deepEqual(h.output(), []);
  h.processWatermark(6_000);
  assert.deepEqual(pairs(h), [[null, 'o3', 5_000]]);
  h.processWatermark(Number.POSITIVE_INFINITY);
  assert.equal(h.output().length, 1);
});

test('the extra condition is tested on each pair; in an outer join a row whose pairs all fail it is padded', () => {
  const h = opened({ joinType: 'left', condition: call('<>', [field(OUT, 'order'), stringLiteral('hidden')]) });
  feed(h, RIGHT, row('hidden', 1_000));
  feed(h, RIGHT, row('shown', 1_000));
  feed(h, LEFT, row('c1', 1_000));
  feed(h, LEFT, row('c2', 1_000, 'v'));
  feed(h, RIGHT, row('hidden', 1_000, 'v'));
  assert.deepEqual(pairs(h), [['c1', 'shown', 1_000]]);
  h.processWatermark(Number.POSITIVE_INFINITY);
  assert.deepEqual(pairs(h).slice(1), [['c2', null, 1_000]]);
});

test('state is dropped as the watermark passes each row\'s expiry: left at time + upper, right at time - lower', () => {
  const h = opened();
  feed(h, LEFT, row('c', 10_000)); // expires at 12000
  feed(h, RIGHT, row('o', 10_000)); // expires at 11000
  feed(h, LEFT, row('d', 10_000, 'v')); // another key, expires at 12000
  assert.equal(h.metric(INTERVAL_JOIN_ROWS_HELD), 3);
  assert.equal(h.state.size(), 3, 'u: left and right rows; v: left rows');
  h.processWatermark(10_999);
  assert.equal(h.metric(INTERVAL_JOIN_ROWS_HELD), 3);
  h.processWatermark(11_000);
  assert.equal(h.metric(INTERVAL_JOIN_ROWS_HELD), 2);
  assert.deepEqual([...h.state.keys('interval-join-right')], []);
  h.processWatermark(12_000);
  assert.equal(h.metric(INTERVAL_JOIN_ROWS_HELD), 0);
  assert.equal(h.state.size(), 0);
  assert.equal(h.timers.pendingCount(), 0);
});

test('a key\'s rows expire one after another as the watermark moves, also a row that arrived earlier than the rest', () => {
  const h = opened({ joinType: 'left' });
  for (const ts of [1_000, 2_000, 3_000]) feed(h, LEFT, row(`c${ts}`, ts));
  feed(h, LEFT, row('c500', 500)); // out of order: now the earliest, expiring at 2500
  const expired = (watermark: number) => {
    h.clearOutput();
    h.processWatermark(watermark);
    return [h.output().map((r) => r.click), h.metric(INTERVAL_JOIN_ROWS_HELD)];
  };
  assert.deepEqual(expired(2_499), [[], 4]);
  assert.deepEqual(expired(2_500), [['c500'], 3]);
  assert.deepEqual(expired(3_000), [['c1000'], 2]);
  assert.deepEqual(expired(4_999), [['c2000'], 1]);
  assert.deepEqual(expired(5_000), [['c3000'], 0]);
  assert.equal(h.timers.pendingCount(), 0);
});

test('a row whose every possible partner is behind the watermark is late: dropped and counted', () => {
  const h = opened();
  feed(h, LEFT, row('held', 18_500)); // expires at 20500
  feed(h, RIGHT, row('rheld', 19_500)); // expires at 20500
  h.clearOutput();
  h.processWatermark(20_000);
  // Held rights are > 19000 (20000 + lower) and later ones > 20000: a left row needs time + 2000 > 19000.
  feed(h, LEFT, row('late', 17_000));
  // Held lefts are > 18000 (20000 - upper): a right row needs time + 1000 > 18000.
  feed(h, RIGHT, row('late', 17_000));
  assert.deepEqual(h.output(), []);
  assert.equal(h.metric(LATE_RECORDS_DROPPED), 2);
  assert.equal(h.metric(INTERVAL_JOIN_ROWS_HELD), 2);
});

test('a row behind the watermark that can still match held rows joins them, is not held, and in an outer join is padded at once', () => {
  const h = opened({ joinType: 'left' });
  feed(h, LEFT, row('held', 18_500));
  feed(h, RIGHT, row('rheld', 19_500));
  h.clearOutput();
  h.processWatermark(20_000);
  feed(h, LEFT, row('probe', 17_600)); // rights in [16600, 19600]: rheld
  feed(h, RIGHT, row('probe', 18_000)); // lefts in [16000, 19000]: held
  feed(h, LEFT, row('alone', 17_600, 'v')); // nothing of key v: padded now, no later right can match
  feed(h, LEFT, row('edge', 18_000, 'w')); // expires exactly at the watermark: padded now too
  assert.deepEqual(pairs(h), [['probe', 'rheld', 17_600], ['held', 'probe', 18_500], ['alone', null, 17_600], ['edge', null, 18_000]]);
  assert.equal(h.metric(LATE_RECORDS_DROPPED), 0);
  assert.equal(h.metric(INTERVAL_JOIN_ROWS_HELD), 2, 'rows already expired on arrival are not held');
  h.processWatermark(Number.POSITIVE_INFINITY);
  assert.equal(h.output().length, 4, 'held matched rows expire without padding');
});

test('checkpoint and restore mid-run: held rows, match flags, timers and the watermark carry on in a fresh operator', () => {
  const config: Partial<IntervalJoinConfig> = { joinType: 'left' };
  const h = opened(config);
  feed(h, LEFT, row('c1', 10_000)); // will match o1 after the restore
  feed(h, LEFT, row('c2', 10_000, 'v')); // never matched: padded at 12000
  feed(h, LEFT, row('c3', 10_500, 'w'));
  feed(h, RIGHT, row('o0', 10_600, 'w')); // c3 matched before the checkpoint: never padded
  h.processWatermark(9_000);
  h.clearOutput();
  const restored = OperatorHarness.restore(new IntervalJoinOperator({ ...CONFIG, ...config }, "interval-join 'j'"), h.snapshot(), { id: 'j' });
  assert.equal(restored.metric(INTERVAL_JOIN_ROWS_HELD), 4);
  feed(restored, RIGHT, row('o1', 11_000));
  assert.deepEqual(pairs(restored), [['c1', 'o1', 10_000]]);
  feed(restored, LEFT, row('late', 6_000)); // late by the restored watermark: 6000 + 2000 <= 9000 - 1000
  assert.equal(restored.metric(LATE_RECORDS_DROPPED), 1);
  restored.clearOutput();
  restored.processWatermark(12_000);
  assert.deepEqual(pairs(restored), [['c2', null, 10_000]]);
  restored.processWatermark(Number.POSITIVE_INFINITY);
  assert.deepEqual(pairs(restored), [['c2', null, 10_000]]);
  assert.equal(restored.state.size(), 0);
  assert.equal(restored.timers.pendingCount(), 0);
});

test('insert-only: an update or delete row is a plan error naming the operator', () => {
  const h = opened();
  assert.throws(() => h.processElement({ ...row('c', 1), $kind: 'update-after' }, 1, LEFT), (e: Error) => e instanceof PlanError && /interval-join 'j'.*insert-only/.test(e.message));
});

test('a NULL time matches nothing (an outer join pads the row at once); a non-number time is an error', () => {
  const h = opened({ joinType: 'right' });
  feed(h, LEFT, row('c', 1_000));
  h.processElement(row('o', null), 1_000, RIGHT);
  assert.deepEqual(pairs(h), [[null, 'o', 1_000]]);
  assert.throws(() => h.processElement({ user: 'u', id: 'x', ts: '1000' }, 1_000, LEFT), (e: Error) => e instanceof SluiceError && /time column 'ts'/.test(e.message));
});

test('a misbuilt node is rejected when the operator is made, naming it', () => {
  const make = (config: Partial<IntervalJoinConfig>) => () => new IntervalJoinOperator({ ...CONFIG, ...config }, "interval-join 'j'");
  const planError = (pattern: RegExp) => (e: Error) => e instanceof PlanError && /interval-join 'j'/.test(e.message) && pattern.test(e.message);
  assert.throws(make({ lowerMs: 5, upperMs: 4 }), planError(/lower <= upper/));
  assert.throws(make({ leftTime: 'id' }), planError(/left time column 'id' must be a TIMESTAMP/));
  assert.throws(make({ rightTime: 'nope' }), planError(/right time column 'nope' is not a column/));
  assert.throws(make({ rightKeys: [] }), planError(/1 left keys and 0 right keys/));
  assert.throws(make({ joinType: 'full' as 'inner' }), planError(/join type/));
  assert.throws(make({ outputFields: [{ side: 'left', field: 'id', name: 'click' }, { side: 'right', field: 'missing', name: 'order' }] }), planError(/reads 'missing'/));
});

test('without keys every row shares one key: a time-bounded cross join', () => {
  const h = opened({ leftKeys: [], rightKeys: [], lowerMs: 0, upperMs: 0 });
  feed(h, LEFT, row('c', 1_000, 'a'));
  feed(h, RIGHT, row('o', 1_000, 'b'));
  assert.deepEqual(pairs(h), [['c', 'o', 1_000]]);
});
