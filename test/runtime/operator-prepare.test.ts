import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { DataTypes, type RowType } from '../../src/core/data-types.ts';
import { SluiceError } from '../../src/core/errors.ts';
import type { Row } from '../../src/core/row.ts';
import { memorySink, memorySource } from '../../src/connectors/memory/index.ts';
import type { Source } from '../../src/connectors/spi.ts';
import { field } from '../../src/plan/expr/index.ts';
import type { LogicalPlan, LookupJoinNode, PlanNode, SourceNode } from '../../src/plan/nodes.ts';
import { JobRunner } from '../../src/runtime/job-runner.ts';
import { MemoryCheckpointStorage } from '../../src/state/checkpoint-storage.ts';

const ORDERS: RowType = DataTypes.ROW([{ name: 'order_id', type: DataTypes.INT() }, { name: 'customer_id', type: DataTypes.INT() }]);
const CUSTOMERS: RowType = DataTypes.ROW([{ name: 'id', type: DataTypes.INT() }, { name: 'name', type: DataTypes.STRING() }]);
const OUT: RowType = DataTypes.ROW([{ name: 'order_id', type: DataTypes.INT() }, { name: 'customer_id', type: DataTypes.INT() }, { name: 'name', type: DataTypes.STRING() }]);
const TABLE: Row[] = [{ id: 1, name: 'Ann' }, { id: 2, name: 'Bo' }];
const ORDER_ROWS: Row[] = [{ order_id: 10, customer_id: 1 }, { order_id: 11, customer_id: 2 }, { order_id: 12, customer_id: 1 }];

/** A memory source that logs when a reader is created (that is, when the job starts reading). */
function loggedSource(log: string[]): Source<Row> {
  const source = memorySource(ORDER_ROWS, { times: [1000, 2000, 3000] });
  return { ...source, createReader: (...args) => { log.push('reader'); return source.createReader(...args); } };
}

function lookupJoin(id: string, input: PlanNode, loadTable: () => Promise<readonly Row[]>, inputType = ORDERS): LookupJoinNode {
  return {
    id, kind: 'lookup-join', input, inputType, tableType: CUSTOMERS, loadTable,
    inputKeys: [field(inputType, 'customer_id')], tableKeys: [field(CUSTOMERS, 'id')], joinType: 'inner',
    outputFields: [
      { side: 'input', field: 'order_id', name: 'order_id' },
      { side: 'input', field: 'customer_id', name: 'customer_id' },
      { side: 'table', field: 'name', name: 'name' },
    ],
    outputType: OUT,
  };
}

function plan(node: PlanNode, sink: unknown): LogicalPlan {
  return { name: 'enrich', sinks: [{ id: 'out', kind: 'sink', input: node, connector: sink }] };
}

test('a lookup join whose table loads slowly still joins the first stream records: the job reads nothing before the table is loaded', async () => {
  const log: string[] = [];
  const source: SourceNode = { id: 'orders', kind: 'source', connector: loggedSource(log) };
  const sink = memorySink<Row>();
  const loadTable = async (): Promise<Row[]> => {
    await delay(40);
    log.push('table loaded');
    return TABLE;
  };
  const result = await new JobRunner(plan(lookupJoin('customers', source, loadTable), sink)).run();
  assert.equal(result.outcome, 'finished');
  assert.deepEqual(log, ['table loaded', 'reader']);
  assert.deepEqual(sink.values, [
    { order_id: 10, customer_id: 1, name: 'Ann' },
    { order_id: 11, customer_id: 2, name: 'Bo' },
    { order_id: 12, customer_id: 1, name: 'Ann' },
  ]);
  assert.deepEqual(sink.times, [1000, 2000, 3000], 'output rows keep the stream row timestamps');
});

test('a failing table load fails the job with an error naming the node, before any sink or reader opens', async () => {
  const log: string[] = [];
  const source: SourceNode = { id: 'orders', kind: 'source', connector: loggedSource(log) };
  const sink = memorySink<Row>();
  const open = sink.open.bind(sink);
  sink.open = (ctx) => { log.push('sink'); return open(ctx); };
  const loadTable = async (): Promise<Row[]> => { throw new Error('database unreachable'); };
  await assert.rejects(
    new JobRunner(plan(lookupJoin('customers', source, loadTable), sink)).run(),
    (error: Error) => {
      assert.ok(error instanceof SluiceError);
      assert.equal(error.message, "lookup-join 'customers' could not start: loading the static table failed: database unreachable");
      return true;
    },
  );
  assert.deepEqual(log, []);
});

test('operators prepare one at a time, upstream first, even when the upstream one is slower', async () => {
  const log: string[] = [];
  const source: SourceNode = { id: 'orders', kind: 'source', connector: memorySource(ORDER_ROWS) };
  const slow = async (): Promise<Row[]> => { log.push('first start'); await delay(30); log.push('first done'); return TABLE; };
  const fast = async (): Promise<Row[]> => { log.push('second start'); return TABLE; };
  const first = lookupJoin('first', source, slow);
  const second = lookupJoin('second', first, fast, OUT);
  const sink = memorySink<Row>();
  await new JobRunner(plan(second, sink)).run();
  assert.deepEqual(log, ['first start', 'first done', 'second start']);
  assert.equal(sink.values.length, 3);
});

test('the table is not checkpoint state: a restored job loads it again before reading', async () => {
  const checkpoints = new MemoryCheckpointStorage();
  let loads = 0;
  const loadTable = async (): Promise<Row[]> => { loads++; return TABLE; };
  const job = (): LogicalPlan => plan(lookupJoin('customers', { id: 'orders', kind: 'source', connector: memorySource(ORDER_ROWS) }, loadTable), memorySink<Row>());
  await new JobRunner(job(), { checkpoints }).run();
  const restarted = await new JobRunner(job(), { checkpoints }).run();
  assert.equal(restarted.lastCheckpointId > 1, true, 'the second run restored the first run\'s checkpoint');
  assert.equal(loads, 2);
});
