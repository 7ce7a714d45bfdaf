import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes, type RowType } from '../../src/core/data-types.ts';
import { PlanError } from '../../src/core/errors.ts';
import type { Row } from '../../src/core/row.ts';
import { memorySink, memorySource } from '../../src/connectors/memory/index.ts';
import { call, field, stringLiteral } from '../../src/plan/expr/index.ts';
import type { DeduplicateNode, LogicalPlan, LookupJoinNode, PlanNode, SourceNode } from '../../src/plan/nodes.ts';
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
