import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes, type DataType } from '../../src/core/data-types.ts';
import { PlanError } from '../../src/core/errors.ts';
import type { Row } from '../../src/core/row.ts';
import { shortRowKind, type RowKind } from '../../src/formats/row-kind.ts';
import { createGroupAggregateOperator } from '../../src/operators/group-aggregate.ts';
import { field } from '../../src/plan/expr/index.ts';
import type { AggregateCall, GroupAggregateNodeFields } from '../../src/plan/relational-nodes.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';

const IN = DataTypes.ROW([
  { name: 'symbol', type: DataTypes.STRING() },
  { name: 'shares', type: DataTypes.INT() },
  { name: 'price', type: DataTypes.DOUBLE() },
]);
const f = (name: string) => field(IN, name);

const call = (fn: AggregateCall['fn'], args: AggregateCall['args'], name: string, type: DataType = DataTypes.BIGINT()): AggregateCall =>
  ({ fn, args, distinct: false, name, type });

/** SELECT symbol, COUNT(*) AS n, MAX(price) AS top FROM trades GROUP BY symbol */
const NODE: Omit<GroupAggregateNodeFields, 'kind'> = {
  inputType: IN,
  keys: [{ name: 'symbol', expr: f('symbol') }],
  calls: [call('COUNT', [], 'n'), call('MAX', [f('price')], 'top', DataTypes.DOUBLE())],
  outputType: DataTypes.ROW([
    { name: 'symbol', type: DataTypes.STRING() },
    { name: 'n', type: DataTypes.BIGINT() },
    { name: 'top', type: DataTypes.DOUBLE() },
  ]),
};

/** Flink's print form of a changelog row: +I[AAPL, 1, 10]. */
const show = (row: Row): string =>
  `${shortRowKind(row.$kind as RowKind)}[${Object.keys(row).filter((k) => k !== '$kind').map((k) => String(row[k])).join(', ')}]`;

function open(node = NODE): OperatorHarness<Row, Row> {
  const h = new OperatorHarness<Row, Row>(createGroupAggregateOperator(node, "group-aggregate 'g'"), { id: 'g' });
  h.open();
  return h;
}

const trade = (symbol: string, price: number): Row => ({ symbol, shares: 1, price });

test('the first row of a key is +I; each change emits -U with the old row then +U with the new one', () => {
  const h = open();
  h.processElement(trade('AAPL', 10), 1);
  h.processElement(trade('MSFT', 50), 2);
  h.processElement(trade('AAPL', 12), 3);
  assert.deepEqual(h.output().map(show), [
    '+I[AAPL, 1, 10]',
    '+I[MSFT, 1, 50]',
    '-U[AAPL, 1, 10]',
    '+U[AAPL, 2, 12]',
  ]);
  assert.deepEqual(h.outputWithTimes().map((r) => r.time), [1, 2, 3, 3], 'each change carries the time of the row that caused it');
  assert.deepEqual(Object.keys(h.output()[0]), ['symbol', 'n', 'top', '$kind']);
});

test('a row that leaves the result unchanged emits nothing', () => {
  const h = open({ ...NODE, calls: [call('MAX', [f('price')], 'top', DataTypes.DOUBLE())], outputType: DataTypes.ROW([
    { name: 'symbol', type: DataTypes.STRING() }, { name: 'top', type: DataTypes.DOUBLE() },
  ]) });
  h.processBatch({ values: [trade('AAPL', 10), trade('AAPL', 5), trade('AAPL', 10), trade('AAPL', 11)], times: [1, 2, 3, 4] });
  assert.deepEqual(h.output().map(show), ['+I[AAPL, 10]', '-U[AAPL, 10]', '+U[AAPL, 11]']);
});

test('a batch is emitted as one batch, in record order, with per-record changes (not folded)', () => {
  const h = open();
  let emits = 0;
  const emit = h.context.emit.bind(h.context);
  (h.context as { emit: typeof emit }).emit = (batch) => { emits++; emit(batch); };
  h.processBatch({ values: [trade('A', 1), trade('A', 2), trade('B', 3), trade('A', 0)], times: [1, 2, 3, 4] });
  assert.equal(emits, 1);
  assert.deepEqual(h.output().map(show), [
    '+I[A, 1, 1]', '-U[A, 1, 1]', '+U[A, 2, 2]', '+I[B, 1, 3]', '-U[A, 2, 2]', '+U[A, 3, 2]',
  ]);
});

test('several keys group by all of them; no keys is one global group', () => {
  const byBoth = open({
    ...NODE,
    keys: [{ name: 'symbol', expr: f('symbol') }, { name: 'shares', expr: f('shares') }],
    calls: [call('COUNT', [], 'n')],
    outputType: DataTypes.ROW([
      { name: 'symbol', type: DataTypes.STRING() }, { name: 'shares', type: DataTypes.INT() }, { name: 'n', type: DataTypes.BIGINT() },
    ]),
  });
  byBoth.processBatch({ values: [{ symbol: 'A', shares: 1 }, { symbol: 'A', shares: 2 }, { symbol: 'A', shares: 1 }], times: [1, 2, 3] });
  assert.deepEqual(byBoth.output().map(show), ['+I[A, 1, 1]', '+I[A, 2, 1]', '-U[A, 1, 1]', '+U[A, 1, 2]']);

  const global = open({ ...NODE, keys: [], calls: [call('SUM', [f('shares')], 'total')], outputType: DataTypes.ROW([{ name: 'total', type: DataTypes.BIGINT() }]) });
  global.processBatch({ values: [{ shares: 5 }, { shares: 7 }], times: [1, 2] });
  assert.deepEqual(global.output().map(show), ['+I[5]', '-U[5]', '+U[12]']);
});

test('a retraction in the input of a node not planned as retracting is a plan error', () => {
  const h = open();
  h.processElement(trade('AAPL', 10), 1);
  h.processElement({ ...trade('AAPL', 11), $kind: 'update-after' }, 2);
  assert.throws(() => h.processElement({ ...trade('AAPL', 10), $kind: 'update-before' }, 3),
    (e: unknown) => e instanceof PlanError && e.message === "group-aggregate 'g': retraction input not supported here (got a row of kind update-before)");
  assert.throws(() => h.processElement({ ...trade('AAPL', 10), $kind: 'delete' }, 4), PlanError);
});

test('a retracting GROUP BY takes -U and -D rows back out, and deletes a group whose last row is retracted', () => {
  // SELECT symbol, COUNT(*) AS n, SUM(price) AS total FROM changelog GROUP BY symbol
  const node = {
    ...NODE, retracting: true,
    calls: [call('COUNT', [], 'n'), call('SUM', [f('price')], 'total', DataTypes.DOUBLE())],
    outputType: DataTypes.ROW([{ name: 'symbol', type: DataTypes.STRING() }, { name: 'n', type: DataTypes.BIGINT() }, { name: 'total', type: DataTypes.DOUBLE() }]),
  };
  const h = open(node);
  h.processElement(trade('AAPL', 10), 1);
  h.processElement(trade('AAPL', 5), 2);
  h.processElement({ ...trade('AAPL', 5), $kind: 'update-before' }, 3);
  h.processElement({ ...trade('AAPL', 7), $kind: 'update-after' }, 3);
  h.processElement({ ...trade('AAPL', 10), $kind: 'delete' }, 4);
  h.processElement({ ...trade('AAPL', 7), $kind: 'delete' }, 5);
  h.processElement({ ...trade('MSFT', 1), $kind: 'delete' }, 6); // a group never seen: nothing
  assert.deepEqual(h.output().map(show), [
    '+I[AAPL, 1, 10]', '-U[AAPL, 1, 10]', '+U[AAPL, 2, 15]', '-U[AAPL, 2, 15]', '+U[AAPL, 1, 10]',
    '-U[AAPL, 1, 10]', '+U[AAPL, 2, 17]', '-U[AAPL, 2, 17]', '+U[AAPL, 1, 7]', '-D[AAPL, 1, 7]',
  ]);
  assert.throws(() => createGroupAggregateOperator({ ...NODE, retracting: true }, "group-aggregate 'g'"), /every aggregate must be able to take rows back/);
});

test('restored from a snapshot, a key carries on from its accumulator and last emitted row', () => {
  const h = open();
  h.processBatch({ values: [trade('AAPL', 10), trade('AAPL', 20), trade('MSFT', 1)], times: [1, 2, 3] });
  const saved = h.snapshot();
  h.processElement(trade('AAPL', 99), 4); // after the checkpoint: lost in the crash, replayed below

  const restored = OperatorHarness.restore(createGroupAggregateOperator(NODE, 'g'), saved, { id: 'g' });
  restored.processElement(trade('AAPL', 15), 4);
  restored.processElement(trade('NVDA', 5), 5);
  assert.deepEqual(restored.output().map(show), ['-U[AAPL, 2, 20]', '+U[AAPL, 3, 20]', '+I[NVDA, 1, 5]']);
});
