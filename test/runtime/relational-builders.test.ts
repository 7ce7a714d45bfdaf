import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes, type RowType } from '../../src/core/data-types.ts';
import { PlanError } from '../../src/core/errors.ts';
import type { Row } from '../../src/core/row.ts';
import { memorySink, memorySource } from '../../src/connectors/memory/index.ts';
import { call, field, stringLiteral } from '../../src/plan/expr/index.ts';
import type { DeduplicateNode, IntervalJoinNode, LogicalPlan, LookupJoinNode, PlanNode, SourceNode } from '../../src/plan/nodes.ts';
import { ManualClock } from '../../src/runtime/clock.ts';
import { JobGraph } from '../../src/runtime/job-graph.ts';
import { TestDriver } from '../../src/testing/index.ts';

const EVENTS: RowType = DataTypes.ROW([{ name: 'id', type: DataTypes.STRING() }, { name: 'ts', type: DataTypes.TIMESTAMP(3) }]);
const TABLE_TYPE: RowType = DataTypes.ROW([{ name: 'key', type: DataTypes.STRING() }, { name: 'label', type: DataTypes.STRING() }]);

const OUT: RowType = DataTypes.ROW([{ name: 'id', type: DataTypes.STRING() }, { name: 'label', type: DataTypes.STRING() }]);

interface Event extends Row { id: string; ts: number }

const source = (): SourceNode =>
  ({ id: 'events', kind: 'source', connector: memorySource<Event>([]), watermark: { timestamp: (e: Event) => e.ts, maxOutOfOrderness: 1_000 } });

/** events.dropDuplicatesWithinWatermark('id') with a 1 s watermark delay. */
const dedup = (input: PlanNode): DeduplicateNode =>
  ({ id: 'dedup', kind: 'deduplicate', input, inputType: EVENTS, keys: [field(EVENTS, 'id')], expiry: { column: 'ts', afterMs: 1_000 }, outputType: EVENTS });

const lookup = (input: PlanNode, outputName = 'label'): LookupJoinNode => ({
  id: 'labels', kind: 'lookup-join', input, inputType: EVENTS, tableType: TABLE_TYPE, loadTable: async () => [],
  inputKeys: [field(EVENTS, 'id')], tableKeys: [field(TABLE_TYPE, 'key')], joinType: 'left',
  outputFields: [{ side: 'input', field: 'id', name: 'id' }, { side: 'table', field: 'label', name: outputName }],
  condition: call('<>', [field(OUT, 'label'), stringLiteral('hidden')]),
  outputType: OUT,
});

const planOf = (node: PlanNode): LogicalPlan => ({ name: 'job', sinks: [{ id: 'out', kind: 'sink', input: node, connector: memorySink() }] });

test('a deduplicate node runs in the job graph: duplicates dropped, keys expire with the watermark, state survives a checkpoint', () => {
  const job = planOf(dedup(source()));
  const driver = new TestDriver(job);
  const input = driver.input<Event>('events');
  input.pipeAll([{ id: 'a', ts: 1_000 }, { id: 'a', ts: 1_500 }, { id: 'b', ts: 2_000 }]);
  assert.deepEqual(driver.output<Row>('out').read(), [{ id: 'a', ts: 1_000 }, { id: 'b', ts: 2_000 }]);
  assert.equal(driver.metric('duplicatesDropped'), 1);

  const restored = TestDriver.restore(job, driver.checkpoint());
  const again = restored.input<Event>('events');
  again.pipe({ id: 'b', ts: 2_500 }); // still held: a duplicate
  again.pipe({ id: 'c', ts: 3_500 }); // watermark 2500: a (expires 2000) is cleared, b (3000) is not
  again.pipe({ id: 'a', ts: 3_600 });
  assert.deepEqual(restored.output<Row>('out').read().map((r) => r.id), ['c', 'a']);
  again.pipe({ id: 'x', ts: 100 }); // expires at 1100, behind the watermark 2600: late
  assert.equal(restored.metric('lateRecordsDropped'), 1);
});

test('building a lookup-join node checks it, naming the node', () => {
  assert.throws(() => new JobGraph(planOf(lookup(source(), 'renamed')), new ManualClock(0)), (e: Error) => e instanceof PlanError && /lookup-join 'labels'/.test(e.message));
});

const CLICKS: RowType = DataTypes.ROW([{ name: 'user', type: DataTypes.STRING() }, { name: 'id', type: DataTypes.STRING() }, { name: 'ts', type: DataTypes.TIMESTAMP(3) }]);
const JOINED: RowType = DataTypes.ROW([{ name: 'click', type: DataTypes.STRING() }, { name: 'order', type: DataTypes.STRING() }]);

interface Click extends Row { user: string; id: string; ts: number }

const timed = (id: string): SourceNode =>
  ({ id, kind: 'source', connector: memorySource<Click>([]), watermark: { timestamp: (c: Click) => c.ts, maxOutOfOrderness: 0 } });

/** clicks LEFT JOIN orders ON user AND orders.ts BETWEEN clicks.ts AND clicks.ts + 1 s */
const intervalJoin = (lowerMs = 0): IntervalJoinNode => ({
  id: 'click-orders', kind: 'interval-join', left: timed('clicks'), right: timed('orders'), leftType: CLICKS, rightType: CLICKS,
  leftKeys: [field(CLICKS, 'user')], rightKeys: [field(CLICKS, 'user')], leftTime: 'ts', rightTime: 'ts', lowerMs, upperMs: 1_000,
  joinType: 'left', outputFields: [{ side: 'left', field: 'id', name: 'click' }, { side: 'right', field: 'id', name: 'order' }], outputType: JOINED,
});

test('an interval-join node runs in the job graph: left is input 0, the watermark is the slower input, state survives a checkpoint', () => {
  const job = planOf(intervalJoin());
  const driver = new TestDriver(job);
  const clicks = driver.input<Click>('clicks');
  const orders = driver.input<Click>('orders');
  clicks.pipeAll([{ user: 'a', id: 'c1', ts: 1_000 }, { user: 'b', id: 'c2', ts: 1_200 }]);
  orders.pipe({ user: 'a', id: 'o1', ts: 1_500 });
  assert.deepEqual(driver.output<Row>('out').read(), [{ click: 'c1', order: 'o1' }]);

  const restored = TestDriver.restore(job, driver.checkpoint());
  const moreClicks = restored.input<Click>('clicks');
  const moreOrders = restored.input<Click>('orders');
  moreClicks.pipe({ user: 'c', id: 'c3', ts: 5_000 }); // the orders' watermark (1500) holds the join back
  assert.deepEqual(restored.output<Row>('out').read(), []);
  moreOrders.pipe({ user: 'b', id: 'o2', ts: 2_199 }); // c2 (held since before the checkpoint) matches
  moreOrders.pipe({ user: 'x', id: 'o3', ts: 2_200 }); // watermark 2200: c1 and c2 expire, both matched
  assert.deepEqual(restored.output<Row>('out').read(), [{ click: 'c2', order: 'o2' }]);
  moreClicks.pipe({ user: 'd', id: 'late', ts: 1_100 }); // can only match orders up to 2100 <= 2200
  assert.equal(restored.metric('lateRecordsDropped'), 1);
  restored.endOfInput();
  assert.deepEqual(restored.output<Row>('out').read(), [{ click: 'c3', order: null }], 'the unmatched click, padded when event time ends');
});

test('building an interval-join node checks it, naming the node', () => {
  assert.throws(() => new JobGraph(planOf(intervalJoin(2_000)), new ManualClock(0)), (e: Error) => e instanceof PlanError && /interval-join 'click-orders'.*lower <= upper/.test(e.message));
});
