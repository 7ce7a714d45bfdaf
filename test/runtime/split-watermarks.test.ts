import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes } from '../../src/core/data-types.ts';
import { MIN_WATERMARK } from '../../src/core/batch.ts';
import { call, caseWhen, field, intervalLiteral, numericLiteral } from '../../src/plan/expr/index.ts';
import { maxRecordWatermark, recordWatermarkOf, SplitWatermarks } from '../../src/runtime/split-watermarks.ts';

const ROW = DataTypes.ROW([{ name: 'ts', type: DataTypes.TIMESTAMP(3) }, { name: 'urgent', type: DataTypes.INT() }]);

/** `CASE WHEN urgent = 1 THEN ts - INTERVAL '1' SECOND ELSE ts - INTERVAL '10' SECOND END` */
const URGENCY = caseWhen(
  [{ when: call('=', [field(ROW, 'urgent'), numericLiteral('1')]), then: call('-', [field(ROW, 'ts'), intervalLiteral('1', { start: 'SECOND' })]) }],
  call('-', [field(ROW, 'ts'), intervalLiteral('10', { start: 'SECOND' })]),
);

test('the combined watermark is the minimum over live splits minus the delay, and never goes back', () => {
  const marks = new SplitWatermarks({ maxOutOfOrderness: 1000 });
  marks.addSplit('a', 0);
  marks.addSplit('b', 0);
  marks.observe('a', 10_000, 0);
  assert.equal(marks.combined(0), MIN_WATERMARK, 'split b has seen nothing yet');
  marks.observe('b', 7000, 0);
  assert.equal(marks.combined(0), 6000);
  marks.end('b');
  assert.equal(marks.combined(0), 9000);
});

test('a negative delay makes the watermark lead the timestamps', () => {
  const marks = new SplitWatermarks({ maxOutOfOrderness: -500 });
  marks.addSplit('a', 0);
  assert.equal(marks.combined(0), MIN_WATERMARK, 'nothing seen: no watermark, whatever the delay');
  marks.observe('a', 1000, 0);
  assert.equal(marks.combined(0), 1500);
});

test('a strategy with a per-record watermark expression compiles it; a plain one has none', () => {
  assert.equal(recordWatermarkOf({ maxOutOfOrderness: 5000 }), undefined);
  assert.equal(recordWatermarkOf(undefined), undefined);
  const fn = recordWatermarkOf({ maxOutOfOrderness: 0, recordWatermarkExpr: { expr: URGENCY, inputType: ROW } })!;
  assert.equal(fn({ ts: 60_000, urgent: 1 }, 60_000), 59_000);
  assert.equal(fn({ ts: 60_000, urgent: 0 }, 60_000), 50_000);
  assert.equal(fn({ ts: null, urgent: 1 }, Number.NaN), null);
  const given = (row: unknown) => (row as { ts: number }).ts;
  assert.equal(recordWatermarkOf({ maxOutOfOrderness: 0, recordWatermark: given, recordWatermarkExpr: { expr: URGENCY, inputType: ROW } }), given);
});

test('the largest record watermark of a batch skips records that allow none', () => {
  const fn = recordWatermarkOf({ maxOutOfOrderness: 0, recordWatermarkExpr: { expr: URGENCY, inputType: ROW } })!;
  const rows = [{ ts: 100_000, urgent: 0 }, { ts: 95_000, urgent: 1 }, { ts: null, urgent: 1 }];
  assert.equal(maxRecordWatermark(rows, [100_000, 95_000, Number.NaN], fn), 94_000);
  assert.equal(maxRecordWatermark([{ ts: null, urgent: 0 }], [Number.NaN], fn), MIN_WATERMARK);
  assert.equal(maxRecordWatermark([1, 2], [0, 0], () => Number.NaN), MIN_WATERMARK);
});
