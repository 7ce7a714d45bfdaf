import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes } from '../../src/core/data-types.ts';
import type { Row } from '../../src/core/row.ts';
import { CalcOperator, type CalcConfig } from '../../src/operators/calc.ts';
import { and, call, field, isNull, numericLiteral, or, stringLiteral } from '../../src/plan/expr/index.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';

const TRADES = DataTypes.ROW([
  { name: 'symbol', type: DataTypes.STRING() },
  { name: 'shares', type: DataTypes.INT() },
  { name: 'price', type: DataTypes.DOUBLE() },
]);
const f = (name: string) => field(TRADES, name);

function harness(config: Omit<CalcConfig, 'inputType'>): OperatorHarness<Row, Row> {
  const h = new OperatorHarness<Row, Row>(new CalcOperator({ inputType: TRADES, ...config }), { id: 'calc' });
  h.open();
  return h;
}

test('a condition keeps the rows where it is TRUE, with their timestamps; NULL and FALSE drop the row', () => {
  const h = harness({ condition: call('>', [f('price'), numericLiteral('100')]) });
  h.processBatch({
    values: [{ symbol: 'A', price: 150 }, { symbol: 'B', price: 50 }, { symbol: 'C', price: null }, { symbol: 'D' }, { symbol: 'E', price: 101 }],
    times: [1, 2, 3, 4, 5],
  });
  assert.deepEqual(h.outputWithTimes(), [
    { value: { symbol: 'A', price: 150 }, time: 1 },
    { value: { symbol: 'E', price: 101 }, time: 5 },
  ]);
});

test('three-valued logic in the condition: NULL OR TRUE passes, NULL AND TRUE does not', () => {
  const bigOrApple = or(call('>', [f('price'), numericLiteral('100')]), call('=', [f('symbol'), stringLiteral('AAPL')]));
  const bigAndApple = and(call('>', [f('price'), numericLiteral('100')]), call('=', [f('symbol'), stringLiteral('AAPL')]));
  const row = { symbol: 'AAPL', price: null };
  const orH = harness({ condition: bigOrApple });
  orH.processElement(row, 1);
  assert.deepEqual(orH.output(), [row]);
  const andH = harness({ condition: bigAndApple });
  andH.processElement(row, 1);
  assert.deepEqual(andH.output(), []);
});

test('projections compute new rows with NULL propagation; IS NULL sees the NULL', () => {
  const h = harness({
    projections: [
      { name: 'symbol', expr: f('symbol') },
      { name: 'value', expr: call('*', [f('price'), f('shares')]) },
      { name: 'no_price', expr: isNull(f('price')) },
    ],
  });
  h.processBatch({ values: [{ symbol: 'A', shares: 10, price: 2.5 }, { symbol: 'B', shares: 10, price: null }], times: [7, 8] });
  assert.deepEqual(h.outputWithTimes(), [
    { value: { symbol: 'A', value: 25, no_price: false }, time: 7 },
    { value: { symbol: 'B', value: null, no_price: true }, time: 8 },
  ]);
});

test('filter and projection in one pass: only passing rows are projected', () => {
  const h = harness({
    condition: call('>=', [f('shares'), numericLiteral('100')]),
    projections: [{ name: 'sym', expr: call('LOWER', [f('symbol')]) }],
  });
  h.processBatch({ values: [{ symbol: 'AAPL', shares: 100 }, { symbol: 'MSFT', shares: 99 }, { symbol: 'GOOG', shares: 300 }], times: [1, 2, 3] });
  assert.deepEqual(h.outputWithTimes(), [{ value: { sym: 'aapl' }, time: 1 }, { value: { sym: 'goog' }, time: 3 }]);
});

test('a batch where no row passes emits nothing, one where some pass emits one batch; a calc with neither part passes the batch through', () => {
  const none = harness({ condition: call('>', [f('price'), numericLiteral('1000')]) });
  let emits = 0;
  const emit = none.context.emit.bind(none.context);
  (none.context as { emit: typeof emit }).emit = (batch) => { emits++; emit(batch); };
  none.processBatch({ values: [{ price: 1 }, { price: 2 }], times: [1, 2] });
  assert.equal(emits, 0);
  none.processBatch({ values: [{ price: 2000 }, { price: 1 }, { price: 3000 }], times: [1, 2, 3] });
  assert.equal(emits, 1, 'the passing rows of a batch leave as one batch');
  assert.equal(none.output().length, 2);

  const identity = harness({});
  const row = { symbol: 'A', shares: 1, price: 1 };
  identity.processElement(row, 4);
  assert.equal(identity.output()[0], row, 'the very same row object');
});

test('a changelog row keeps its kind through the projection', () => {
  const h = harness({ projections: [{ name: 'symbol', expr: f('symbol') }] });
  h.processBatch({ values: [{ symbol: 'A', $kind: 'update-before' }, { symbol: 'A' }], times: [1, 1] });
  assert.deepEqual(h.output(), [{ symbol: 'A', $kind: 'update-before' }, { symbol: 'A' }]);
});
