import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_WATERMARK, type Batch } from '../../src/core/batch.ts';
import { DataTypes } from '../../src/core/data-types.ts';
import { memorySource } from '../../src/connectors/memory/memory-source.ts';
import { call, caseWhen, field, intervalLiteral, isNull } from '../../src/plan/expr/index.ts';
import type { WatermarkStrategy } from '../../src/plan/watermark-strategy.ts';
import { SourceVertex } from '../../src/runtime/source-vertex.ts';
import { Vertex } from '../../src/runtime/vertex.ts';

/** Records the timestamps of what it receives. */
class Times extends Vertex {
  readonly seen: number[] = [];
  receive(batch: Batch<unknown>): void {
    this.seen.push(...batch.times);
  }
}

interface Reading { ts: number | null; late_ok: number | null }
const ROW = DataTypes.ROW([{ name: 'ts', type: DataTypes.TIMESTAMP(3) }, { name: 'late_ok', type: DataTypes.TIMESTAMP(3) }]);

/** WATERMARK FOR ts AS CASE WHEN late_ok IS NULL THEN ts ELSE late_ok END: a row may say how far back it allows. */
const PER_RECORD: WatermarkStrategy<unknown> = {
  timestamp: (r) => (r as Reading).ts as number,
  maxOutOfOrderness: 0,
  recordWatermarkExpr: {
    expr: caseWhen([{ when: isNull(field(ROW, 'late_ok')), then: field(ROW, 'ts') }], field(ROW, 'late_ok')),
    inputType: ROW,
  },
};

function vertex(strategy: WatermarkStrategy<unknown>): SourceVertex {
  const v = new SourceVertex('readings', memorySource<Reading>([]), strategy);
  v.addSplit('p0', 0);
  v.addSplit('p1', 0);
  return v;
}

test('with a per-record watermark, each split\'s watermark is the largest value its rows gave; the source takes the minimum', () => {
  const v = vertex(PER_RECORD);
  v.pushSplitBatch('p0', [{ ts: 10_000, late_ok: 4000 }, { ts: 9000, late_ok: null }], undefined, 0);
  assert.equal(v.watermark, MIN_WATERMARK, 'p1 has produced nothing');
  v.pushSplitBatch('p1', [{ ts: 20_000, late_ok: 12_000 }], undefined, 0);
  assert.equal(v.watermark, 9000, 'p0: max(4000, 9000); p1: 12000');
  v.pushSplitBatch('p0', [{ ts: 30_000, late_ok: 5000 }], undefined, 0);
  assert.equal(v.watermark, 9000, 'a smaller record watermark does not lower the split\'s');
  v.pushSplitBatch('p0', [{ ts: 40_000, late_ok: 15_000 }], undefined, 0);
  assert.equal(v.watermark, 12_000);
});

test('rows whose watermark expression is NULL allow no watermark but still get their timestamp', () => {
  const v = vertex({ ...PER_RECORD, recordWatermarkExpr: { expr: call('-', [field(ROW, 'late_ok'), intervalLiteral('1', { start: 'SECOND' })]), inputType: ROW } });
  const out = new Times('out', 'sink');
  v.mainOutputs.push({ target: out, input: out.addInput() });
  v.endSplit('p1', 0);
  v.pushSplitBatch('p0', [{ ts: 7000, late_ok: null }], undefined, 0);
  assert.equal(v.watermark, MIN_WATERMARK);
  assert.deepEqual(out.seen, [7000]);
  v.pushSplitBatch('p0', [{ ts: 8000, late_ok: 6000 }], undefined, 0);
  assert.equal(v.watermark, 5000);
});

test('without a per-record watermark the split watermark trails the largest timestamp by the delay', () => {
  const v = vertex({ timestamp: (r) => (r as Reading).ts as number, maxOutOfOrderness: 2000 });
  v.endSplit('p1', 0);
  v.pushSplitBatch('p0', [{ ts: 10_000, late_ok: 1 }, { ts: 12_000, late_ok: 1 }], undefined, 0);
  assert.equal(v.watermark, 10_000);
});
