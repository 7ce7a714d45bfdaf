import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_WATERMARK } from '../../src/core/batch.ts';
import { DataTypes } from '../../src/core/data-types.ts';
import { call, field, intervalLiteral } from '../../src/plan/expr/index.ts';
import { WatermarkVertex } from '../../src/runtime/watermark-vertex.ts';

const ROW = DataTypes.ROW([{ name: 'ts', type: DataTypes.TIMESTAMP(3) }]);

test('a mid-stream per-record watermark is the largest value of the expression, never decreasing', () => {
  // WATERMARK FOR ts AS ts - INTERVAL '1' MONTH: not a fixed delay, so evaluated per row.
  const monthBack = call('-', [field(ROW, 'ts'), intervalLiteral('1', { start: 'MONTH' })]);
  const v = new WatermarkVertex('wm', { timestamp: (r) => (r as { ts: number }).ts, maxOutOfOrderness: 0, recordWatermarkExpr: { expr: monthBack, inputType: ROW } }, () => 0);
  const march = Date.UTC(2024, 2, 31);
  v.receive({ values: [{ ts: march }], times: [0] });
  assert.equal(v.watermark, Date.UTC(2024, 1, 29), 'a month before 31 March is 29 February (leap year)');
  v.receive({ values: [{ ts: Date.UTC(2024, 2, 1) }], times: [0] });
  assert.equal(v.watermark, Date.UTC(2024, 1, 29), 'an earlier row does not lower it');
  assert.deepEqual(v.watermarkState(), { stream: { maxTimestamp: Date.UTC(2024, 1, 29), ended: false } });
});

test('a mid-stream bounded delay trails the largest timestamp', () => {
  const v = new WatermarkVertex('wm', { timestamp: (r) => (r as { ts: number }).ts, maxOutOfOrderness: 1000 }, () => 0);
  assert.equal(v.watermark, MIN_WATERMARK);
  v.receive({ values: [{ ts: 5000 }, { ts: 3000 }], times: [0, 0] });
  assert.equal(v.watermark, 4000);
});
