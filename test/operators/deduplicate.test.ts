import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes, type RowType } from '../../src/core/data-types.ts';
import { PlanError } from '../../src/core/errors.ts';
import type { Row } from '../../src/core/row.ts';
import { DUPLICATES_DROPPED, DeduplicateOperator, type DeduplicateConfig } from '../../src/operators/deduplicate.ts';
import { LATE_RECORDS_DROPPED } from '../../src/operators/late-records.ts';
import { field } from '../../src/plan/expr/index.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';

const EVENTS: RowType = DataTypes.ROW([
  { name: 'id', type: DataTypes.STRING() },
  { name: 'user', type: DataTypes.STRING() },
  { name: 'ts', type: DataTypes.TIMESTAMP(3) },
]);
const f = (name: string) => field(EVENTS, name);

/** dropDuplicates('id') with no event-time key: kept forever. */
const BY_ID: DeduplicateConfig = { inputType: EVENTS, keys: [f('id')], outputType: EVENTS };
/** dropDuplicatesWithinWatermark('id') on a stream with a 5 s watermark delay. */
const WITHIN_5S: DeduplicateConfig = { ...BY_ID, expiry: { column: 'ts', afterMs: 5_000 } };
/** dropDuplicates('id', 'ts') where ts is the event-time column. */
const WITH_EVENT_TIME: DeduplicateConfig = { ...BY_ID, keys: [f('id'), f('ts')], expiry: { column: 'ts', afterMs: 0 } };

const ev = (id: string, ts: number | null, user = 'u'): Row => ({ id, user, ts });

function opened(config: DeduplicateConfig): OperatorHarness<Row, Row> {
  const h = new OperatorHarness<Row, Row>(new DeduplicateOperator(config, "deduplicate 'd'"), { id: 'd' });
  h.open();
  return h;
}

const ids = (h: OperatorHarness<Row, Row>): unknown[] => h.output().map((r) => r.id);

test('the first row of each key passes with its timestamp; later rows of the key are dropped and counted', () => {
  const h = opened(BY_ID);
  h.processBatch({ values: [ev('a', 1, 'first'), ev('b', 2), ev('a', 3, 'second')], times: [10, 20, 30] });
  h.processElement(ev('b', 4), 40);
  h.processElement(ev('c', 5), 50);
  assert.deepEqual(h.outputWithTimes().map((r) => [r.value.id, r.value.user, r.time]), [['a', 'first', 10], ['b', 'u', 20], ['c', 'u', 50]]);
  assert.equal(h.metric(DUPLICATES_DROPPED), 2);
});

test('composite keys: rows are duplicates only when every key is equal, NULLs counting as equal', () => {
  const h = opened({ ...BY_ID, keys: [f('id'), f('user')] });
  h.processBatch({ values: [ev('a', 1, 'x'), ev('a', 2, 'y'), ev('a', 3, 'x'), { id: null, user: null, ts: 4 }, { id: null, user: null, ts: 5 }], times: [1, 2, 3, 4, 5] });
  assert.deepEqual(h.output().map((r) => [r.id, r.user]), [['a', 'x'], ['a', 'y'], [null, null]]);
  assert.equal(h.metric(DUPLICATES_DROPPED), 2);
});

test('a batch without duplicates is passed on whole, as one batch', () => {
  const h = opened(BY_ID);
  const batches: unknown[] = [];
  const emit = h.context.emit.bind(h.context);
  (h.context as { emit: typeof emit }).emit = (batch) => { batches.push(batch); emit(batch); };
  const batch = { values: [ev('a', 1), ev('b', 2)], times: [1, 2] };
  h.processBatch(batch);
  h.processBatch({ values: [ev('a', 3), ev('c', 4), ev('b', 5)], times: [3, 4, 5] });
  assert.equal(batches.length, 2);
  assert.equal(batches[0], batch);
  assert.deepEqual(ids(h), ['a', 'b', 'c']);
});

test('without expiry, keys are kept whatever the watermark', () => {
  const h = opened(BY_ID);
  h.processElement(ev('a', 1), 1);
  h.processWatermark(1_000_000);
  h.processElement(ev('a', 2_000_000), 2_000_000);
  assert.deepEqual(ids(h), ['a']);
  assert.equal(h.timers.pendingCount(), 0, 'no timers without expiry');
});

test('within the watermark: a key is cleared once the watermark reaches its first row time + delay, then a row of it is new again', () => {
  const h = opened(WITHIN_5S);
  h.processElement(ev('a', 1_000), 1_000);
  h.processElement(ev('a', 4_000), 4_000); // state expires at 6000, measured from the first row
  h.processWatermark(5_999);
  h.processElement(ev('a', 9_000), 9_000);
  assert.deepEqual(ids(h), ['a']);
  assert.equal(h.metric(DUPLICATES_DROPPED), 2);
  h.processWatermark(6_000);
  assert.deepEqual([...h.state.keys('deduplicate')], [], 'the expiry timer cleared the key');
  h.processElement(ev('a', 7_000), 7_000);
  assert.deepEqual(h.output().map((r) => r.ts), [1_000, 7_000]);
});

test('a row whose expiry is already at or behind the watermark is late: dropped and counted as late, not as a duplicate', () => {
  const h = opened(WITHIN_5S);
  h.processWatermark(10_000);
  h.processBatch({ values: [ev('a', 5_000), ev('b', 4_000), ev('c', 5_001)], times: [5_000, 4_000, 5_001] });
  assert.deepEqual(ids(h), ['c']);
  assert.equal(h.metric(LATE_RECORDS_DROPPED), 2);
  assert.equal(h.metric(DUPLICATES_DROPPED), 0);
});

test('dropDuplicates with the event-time column as a key: the key is cleared when the watermark passes it, later copies are late', () => {
  const h = opened(WITH_EVENT_TIME);
  h.processBatch({ values: [ev('a', 1_000), ev('a', 1_000), ev('a', 2_000)], times: [1_000, 1_000, 2_000] });
  assert.deepEqual(h.output().map((r) => [r.id, r.ts]), [['a', 1_000], ['a', 2_000]]);
  h.processWatermark(1_000);
  assert.equal([...h.state.keys('deduplicate')].length, 1, 'only (a, 2000) is still held');
  h.processElement(ev('a', 1_000), 1_000);
  h.processElement(ev('a', 2_000), 2_000);
  assert.equal(h.output().length, 2);
  assert.equal(h.metric(LATE_RECORDS_DROPPED), 1);
  assert.equal(h.metric(DUPLICATES_DROPPED), 2);
});

test('a row whose expiry column is NULL is never late and its key never expires', () => {
  const h = opened(WITHIN_5S);
  h.processWatermark(100_000);
  h.processElement(ev('a', null), 1);
  h.processWatermark(Number.POSITIVE_INFINITY);
  h.processElement(ev('a', null), 2);
  assert.deepEqual(ids(h), ['a']);
  assert.equal(h.metric(DUPLICATES_DROPPED), 1);
  assert.equal(h.metric(LATE_RECORDS_DROPPED), 0);
});

test('checkpoint and restore: seen keys, their expiry timers and the watermark survive into a fresh operator', () => {
  const h = opened(WITHIN_5S);
  h.processBatch({ values: [ev('a', 1_000), ev('b', 8_000)], times: [1_000, 8_000] }); // expire at 6000 and 13000
  h.processWatermark(2_000);
  const saved = h.snapshot();

  const restored = OperatorHarness.restore(new DeduplicateOperator(WITHIN_5S), saved, { id: 'd' });
  restored.processBatch({ values: [ev('a', 3_000), ev('b', 9_000), ev('c', 1_000), ev('d', -4_000)], times: [3_000, 9_000, 1_000, -4_000] });
  assert.deepEqual(ids(restored), ['c'], 'a and b were seen before the checkpoint; c is new');
  assert.equal(restored.metric(DUPLICATES_DROPPED), 2);
  assert.equal(restored.metric(LATE_RECORDS_DROPPED), 1, "d expires at 1000, behind the restored watermark 2000");

  restored.processWatermark(6_000); // a's restored timer fires; b's does not yet
  restored.processBatch({ values: [ev('a', 7_000), ev('b', 10_000)], times: [7_000, 10_000] });
  assert.deepEqual(restored.output().map((r) => [r.id, r.ts]), [['c', 1_000], ['a', 7_000]]);
});

test('a changelog row is an error: deduplication is over insert-only input', () => {
  const h = opened(BY_ID);
  assert.throws(() => h.processElement({ ...ev('a', 1), $kind: 'delete' }, 1), PlanError);
});

test('a node without keys, or with an expiry column that is missing or not a time, fails when the operator is built', () => {
  assert.throws(() => new DeduplicateOperator({ ...BY_ID, keys: [] }, "deduplicate 'd'"), /deduplicate 'd': needs at least one key/);
  assert.throws(() => new DeduplicateOperator({ ...BY_ID, expiry: { column: 'nope', afterMs: 0 } }), /expiry column 'nope' is not a column/);
  assert.throws(() => new DeduplicateOperator({ ...BY_ID, expiry: { column: 'user', afterMs: 0 } }), /must be a TIMESTAMP/);
  assert.throws(() => new DeduplicateOperator({ ...BY_ID, expiry: { column: 'ts', afterMs: -1 } }), /non-negative/);
});
