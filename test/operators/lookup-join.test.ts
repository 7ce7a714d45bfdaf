import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes, type RowType } from '../../src/core/data-types.ts';
import { PlanError, SluiceError } from '../../src/core/errors.ts';
import type { Row } from '../../src/core/row.ts';
import { LOOKUP_TABLE_RELOADS, LOOKUP_TABLE_ROWS, LookupJoinOperator, type LookupJoinConfig } from '../../src/operators/lookup-join.ts';
import { call, field, numericLiteral, stringLiteral } from '../../src/plan/expr/index.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';

const ORDERS: RowType = DataTypes.ROW([
  { name: 'order_id', type: DataTypes.INT() },
  { name: 'customer_id', type: DataTypes.INT() },
  { name: 'amount', type: DataTypes.DOUBLE() },
]);
const CUSTOMERS: RowType = DataTypes.ROW([
  { name: 'id', type: DataTypes.INT() },
  { name: 'name', type: DataTypes.STRING() },
  { name: 'tier', type: DataTypes.STRING() },
]);
const OUT: RowType = DataTypes.ROW([
  { name: 'order_id', type: DataTypes.INT() },
  { name: 'amount', type: DataTypes.DOUBLE() },
  { name: 'customer', type: DataTypes.STRING() },
  { name: 'tier', type: DataTypes.STRING() },
]);

const TABLE: Row[] = [
  { id: 1, name: 'Ann', tier: 'gold' },
  { id: 2, name: 'Bo', tier: 'silver' },
  { id: 2, name: 'Bob', tier: 'gold' }, // a second row with key 2: both match
  { id: null, name: 'Nobody', tier: 'none' },
];

/** SELECT o.order_id, o.amount, c.name AS customer, c.tier FROM orders o [LEFT] JOIN customers c ON o.customer_id = c.id */
const CONFIG: LookupJoinConfig = {
  inputType: ORDERS,
  tableType: CUSTOMERS,
  loadTable: async () => TABLE,
  inputKeys: [field(ORDERS, 'customer_id')],
  tableKeys: [field(CUSTOMERS, 'id')],
  joinType: 'inner',
  outputFields: [
    { side: 'input', field: 'order_id', name: 'order_id' },
    { side: 'input', field: 'amount', name: 'amount' },
    { side: 'table', field: 'name', name: 'customer' },
    { side: 'table', field: 'tier', name: 'tier' },
  ],
  outputType: OUT,
};

async function opened(config: Partial<LookupJoinConfig> = {}): Promise<OperatorHarness<Row, Row>> {
  const h = new OperatorHarness<Row, Row>(new LookupJoinOperator({ ...CONFIG, ...config }, "lookup-join 'j'"), { id: 'j' });
  h.open();
  await h.prepare();
  return h;
}

const order = (order_id: number, customer_id: number | null, amount = 10): Row => ({ order_id, customer_id, amount });

test('inner: each stream row emits one row per matching table row, with the stream row timestamp; unmatched rows are dropped', async () => {
  const h = await opened();
  h.processBatch({ values: [order(10, 1), order(11, 2), order(12, 3)], times: [1000, 2000, 3000] });
  assert.deepEqual(h.outputWithTimes(), [
    { value: { order_id: 10, amount: 10, customer: 'Ann', tier: 'gold' }, time: 1000 },
    { value: { order_id: 11, amount: 10, customer: 'Bo', tier: 'silver' }, time: 2000 },
    { value: { order_id: 11, amount: 10, customer: 'Bob', tier: 'gold' }, time: 2000 },
  ]);
  assert.deepEqual(Object.keys(h.output()[0]), ['order_id', 'amount', 'customer', 'tier'], 'output columns in the node order, no $kind');
});

test('left: a stream row nothing matches emits one row with the table columns NULL', async () => {
  const h = await opened({ joinType: 'left' });
  h.processBatch({ values: [order(12, 3), order(10, 1)], times: [5, 6] });
  assert.deepEqual(h.output(), [
    { order_id: 12, amount: 10, customer: null, tier: null },
    { order_id: 10, amount: 10, customer: 'Ann', tier: 'gold' },
  ]);
});

test('a NULL stream key matches nothing, not even a table row whose key is NULL', async () => {
  const inner = await opened();
  inner.processElement(order(13, null), 1);
  assert.deepEqual(inner.output(), []);
  const left = await opened({ joinType: 'left' });
  left.processElement(order(13, null), 1);
  assert.deepEqual(left.output(), [{ order_id: 13, amount: 10, customer: null, tier: null }]);
});

test('the extra condition over the output row filters the pairs; a left row whose pairs all fail is NULL-padded', async () => {
  const gold = call('=', [field(OUT, 'tier'), stringLiteral('gold')]);
  const inner = await opened({ condition: gold });
  inner.processBatch({ values: [order(11, 2), order(14, 2)], times: [1, 2] });
  assert.deepEqual(inner.output().map((r) => [r.order_id, r.customer]), [[11, 'Bob'], [14, 'Bob']]);

  const big = call('>', [field(OUT, 'amount'), numericLiteral('100')]);
  const left = await opened({ joinType: 'left', condition: big });
  left.processBatch({ values: [order(15, 1, 50), order(16, 1, 500)], times: [1, 2] });
  assert.deepEqual(left.output(), [
    { order_id: 15, amount: 50, customer: null, tier: null },
    { order_id: 16, amount: 500, customer: 'Ann', tier: 'gold' },
  ]);
});

test('composite keys join only when every key pair is equal', async () => {
  const T = DataTypes.ROW([{ name: 'sym', type: DataTypes.STRING() }, { name: 'day', type: DataTypes.DATE() }, { name: 'close', type: DataTypes.DOUBLE() }]);
  const S = DataTypes.ROW([{ name: 'symbol', type: DataTypes.STRING() }, { name: 'd', type: DataTypes.DATE() }]);
  const O = DataTypes.ROW([{ name: 'symbol', type: DataTypes.STRING() }, { name: 'close', type: DataTypes.DOUBLE() }]);
  const h = await opened({
    inputType: S,
    tableType: T,
    loadTable: async () => [{ sym: 'AAPL', day: 19723, close: 185 }, { sym: 'AAPL', day: 19724, close: 184 }, { sym: 'MSFT', day: 19723, close: 370 }],
    inputKeys: [field(S, 'symbol'), field(S, 'd')],
    tableKeys: [field(T, 'sym'), field(T, 'day')],
    outputFields: [{ side: 'input', field: 'symbol', name: 'symbol' }, { side: 'table', field: 'close', name: 'close' }],
    outputType: O,
  });
  h.processBatch({ values: [{ symbol: 'AAPL', d: 19724 }, { symbol: 'MSFT', d: 19724 }, { symbol: 'MSFT', d: 19723 }], times: [1, 2, 3] });
  assert.deepEqual(h.output(), [{ symbol: 'AAPL', close: 184 }, { symbol: 'MSFT', close: 370 }]);
});

test('a batch is emitted as one batch, and the loaded table size is reported', async () => {
  const h = await opened();
  let emits = 0;
  const emit = h.context.emit.bind(h.context);
  (h.context as { emit: typeof emit }).emit = (batch) => { emits++; emit(batch); };
  h.processBatch({ values: [order(1, 1), order(2, 2), order(3, 1)], times: [1, 2, 3] });
  assert.equal(emits, 1);
  assert.equal(h.output().length, 4);
  assert.equal(h.metric(LOOKUP_TABLE_ROWS), 4);
});

test('the table is loaded once, in prepare(), not per batch', async () => {
  let loads = 0;
  const h = await opened({ loadTable: async () => { loads++; return TABLE; } });
  h.processElement(order(1, 1), 1);
  h.processElement(order(2, 1), 2);
  assert.equal(loads, 1);
  assert.equal(h.output().length, 2);
});

test('a record before the table is loaded is an error naming the node', () => {
  const h = new OperatorHarness<Row, Row>(new LookupJoinOperator(CONFIG), { id: 'enrich' });
  h.open();
  assert.throws(() => h.processElement(order(1, 1), 1), (e: Error) => e instanceof SluiceError && /lookup-join 'enrich'.*before the static table was loaded/.test(e.message));
});

test('a failing or malformed load rejects prepare() with what went wrong', async () => {
  const failing = new OperatorHarness<Row, Row>(new LookupJoinOperator({ ...CONFIG, loadTable: async () => { throw new Error('connection refused'); } }));
  failing.open();
  await assert.rejects(failing.prepare(), /loading the static table failed: connection refused/);
  const malformed = new OperatorHarness<Row, Row>(new LookupJoinOperator({ ...CONFIG, loadTable: async () => null as unknown as Row[] }));
  malformed.open();
  await assert.rejects(malformed.prepare(), /resolved to null, not an array of rows/);
});

test('a changelog row in the stream is an error: the join is insert-only', async () => {
  const h = await opened();
  assert.throws(() => h.processElement({ ...order(1, 1), $kind: 'update-before' }, 1), PlanError);
});

test('a node whose output fields disagree with its output type, or read a missing column, fails when the operator is built', () => {
  assert.throws(() => new LookupJoinOperator({ ...CONFIG, outputType: DataTypes.ROW(OUT.fields.slice(1)) }, "lookup-join 'j'"), /lookup-join 'j': output fields/);
  assert.throws(
    () => new LookupJoinOperator({ ...CONFIG, outputFields: [...CONFIG.outputFields.slice(0, 3), { side: 'table', field: 'missing', name: 'tier' }] }),
    /reads 'missing', which the table row does not have/,
  );
  assert.throws(() => new LookupJoinOperator({ ...CONFIG, tableKeys: [] }), PlanError);
});

/** A table whose every load returns the next version: customer 1 is named 'Ann v<load number>'. */
function versionedTable(): { loads: () => number; loadTable: () => Promise<Row[]> } {
  let loads = 0;
  return {
    loads: () => loads,
    loadTable: async () => {
      loads++;
      return [{ id: 1, name: `Ann v${loads}`, tier: 'gold' }];
    },
  };
}

/** Lets the background reload (a promise chain) settle. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('a periodic reload runs on the processing clock in the background and replaces the table between batches (fixed delay)', async () => {
  const table = versionedTable();
  const h = await opened({ loadTable: table.loadTable, reloadIntervalMs: 1000 });
  assert.equal(table.loads(), 1);
  h.setProcessingTime(999);
  assert.equal(table.loads(), 1, 'not due before the interval');
  h.setProcessingTime(1000);
  assert.equal(table.loads(), 2, 'the reload starts when due');
  h.processElement(order(1, 1), 5);
  assert.equal(h.output()[0].customer, 'Ann v1', 'until the reload is done, the old table joins');
  h.setProcessingTime(1500); // time passes while it loads
  await settle();
  h.clearOutput();
  h.processElement(order(2, 1), 6);
  assert.equal(h.output()[0].customer, 'Ann v2', 'the reloaded table replaces it before the next batch');
  assert.equal(h.metric(LOOKUP_TABLE_RELOADS), 1);
  assert.equal(h.operator.nextProcessingTime(), 2500, 'fixed delay: the next reload is due an interval after the last one ended');
});

test('fixed rate counts the interval from the start of the last reload', async () => {
  const table = versionedTable();
  const h = await opened({ loadTable: table.loadTable, reloadIntervalMs: 1000, reloadMode: 'FIXED_RATE' });
  h.setProcessingTime(1000);
  h.setProcessingTime(1500);
  await settle();
  assert.equal(h.operator.nextProcessingTime(), 2000);
});

test('a reload that fails fails the job at the next batch, naming the operator and the cause', async () => {
  let loads = 0;
  const h = await opened({
    reloadIntervalMs: 100,
    loadTable: async () => {
      if (++loads > 1) throw new Error('connection refused');
      return TABLE;
    },
  });
  h.setProcessingTime(100);
  await settle();
  assert.throws(() => h.processElement(order(1, 1), 5), (e: unknown) => e instanceof SluiceError && /lookup-join 'j': reloading the table failed: loading the static table failed: connection refused/.test(e.message));
});

test('a reload interval must be positive', () => {
  assert.throws(() => new LookupJoinOperator({ ...CONFIG, reloadIntervalMs: 0 }, "lookup-join 'j'"), /reloadIntervalMs must be a positive number of milliseconds, got 0/);
});
