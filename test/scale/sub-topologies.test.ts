// Cutting plans into sub-topologies (runtime/sub-topologies.ts): which inputs are cut, which topics
// are read and written, and that each sub-topology is a plan the JobRunner runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataflow } from '../../src/api/dataflow/index.ts';
import { tumbling } from '../../src/api/dataflow/windows.ts';
import { parseStatement } from '../../src/api/sql/index.ts';
import { memorySink, memorySource } from '../../src/connectors/memory/index.ts';
import { TableEnvironment } from '../../src/engine/table-environment.ts';
import { inputsOf, topologicalOrder, type LogicalPlan, type PlanNode } from '../../src/plan/nodes.ts';
import { operatorUids } from '../../src/plan/operator-uids.ts';
import { cutPlan, describeSubTopologies, isRepartitionEnd, type SubTopology } from '../../src/runtime/sub-topologies.ts';

/** The node kinds of a sub-topology's plan, with repartition ends shown by role. */
function kinds(sub: SubTopology): string[] {
  return topologicalOrder(sub.plan).map((node) => {
    const connector = (node as { connector?: unknown }).connector;
    return isRepartitionEnd(connector) ? `repartition-${connector.role}` : node.kind;
  });
}

function nodeOfKind(plan: LogicalPlan, kind: PlanNode['kind']): PlanNode {
  return topologicalOrder(plan).find((n) => n.kind === kind)!;
}

test('a Dataflow keyBy → window is cut at the key-by\'s input: the key-by goes downstream with the window', () => {
  const flow = new Dataflow('counts');
  flow.input('trades', memorySource([{ k: 'a' }]))
    .map((t) => t)
    .keyBy((t) => t.k)
    .window(tumbling(1000))
    .count()
    .output('out', memorySink());
  const plan = flow.plan();
  const subs = cutPlan(plan, 'app');
  const windowUid = operatorUids(plan).get(nodeOfKind(plan, 'window').id)!;
  const topic = `app-${windowUid}-repartition`;
  assert.deepEqual(subs.map((s) => s.index), [0, 1]);
  assert.deepEqual(kinds(subs[0]), ['source', 'map', 'repartition-sink']);
  assert.deepEqual(kinds(subs[1]), ['repartition-source', 'key-by', 'window', 'sink']);
  assert.deepEqual(subs[0].outputs.map((e) => [e.topic, e.from, e.to]), [[topic, 0, 1]]);
  assert.deepEqual(subs[1].inputs.map((e) => e.topic), [topic]);
  assert.deepEqual(subs[0].sources.map((s) => s.name), ['trades']);
  assert.deepEqual(subs[1].sources, []);
  // The exchange key is the key-by's function.
  assert.equal(subs[0].outputs[0].keyOf!({ k: 'z' }), 'z');
  // Steps keep the uids of the whole plan, so state and topic names do not depend on the cut.
  assert.equal(subs[1].plan.uids![nodeOfKind(subs[1].plan, 'window').id], windowUid);
});

test('a window without keyBy is one global key: cut with no key function', () => {
  const flow = new Dataflow('global');
  flow.input('in', memorySource([1])).window(tumbling(1000)).count().output('out', memorySink());
  const subs = cutPlan(flow.plan(), 'app');
  assert.equal(subs.length, 2);
  assert.equal(subs[0].outputs[0].keyOf, undefined);
  assert.deepEqual(kinds(subs[1]), ['repartition-source', 'window', 'sink']);
});

test('a plan without keyed steps is one sub-topology, unchanged', () => {
  const flow = new Dataflow('local');
  flow.input('in', memorySource([1])).map((n) => n + 1).filter((n) => n > 0).output('out', memorySink());
  const plan = flow.plan();
  const subs = cutPlan(plan, 'app');
  assert.equal(subs.length, 1);
  assert.deepEqual(subs[0].inputs, []);
  assert.deepEqual(subs[0].outputs, []);
  assert.equal(subs[0].plan.sinks[0], plan.sinks[0]);
});

test('two keyed steps in a row make three sub-topologies, numbered upstream first', () => {
  const flow = new Dataflow('two');
  flow.input('in', memorySource([{ k: 'a', n: 1 }]))
    .keyBy((r) => r.k).window(tumbling(1000)).count()
    .keyBy((r) => r.value).window(tumbling(2000)).count()
    .output('out', memorySink());
  const subs = cutPlan(flow.plan(), 'app');
  assert.deepEqual(subs.map((s) => kinds(s)), [
    ['source', 'repartition-sink'],
    ['repartition-source', 'key-by', 'window', 'repartition-sink'],
    ['repartition-source', 'key-by', 'window', 'sink'],
  ]);
  assert.deepEqual(subs.map((s) => [s.inputs.map((e) => e.from), s.outputs.map((e) => e.to)]), [[[], [1]], [[0], [2]], [[1], []]]);
});

test('a Dataflow window join repartitions both sides into topics of their own, read by one sub-topology; unconnected sources are sub-topologies of their own', () => {
  const flow = new Dataflow('joined');
  const bids = flow.input('bids', memorySource([{ auction: 1 }]));
  const auctions = flow.input('auctions', memorySource([{ id: 1 }]));
  bids.keyBy((b) => b.auction).join(auctions.keyBy((a) => a.id), tumbling(1000), (b, a) => ({ ...b, ...a })).output('out', memorySink());
  const subs = cutPlan(flow.plan(), 'app');
  assert.equal(subs.length, 3);
  assert.deepEqual(subs.map((s) => s.sources.map((n) => n.name)), [['bids'], ['auctions'], []]);
  assert.deepEqual(subs[2].inputs.map((e) => e.from), [0, 1]);
  const topics = subs[2].inputs.map((e) => e.topic);
  assert.equal(topics.length, 2);
  assert.ok(topics[0].endsWith('-left-repartition') && topics[1].endsWith('-right-repartition'), topics.join(', '));
  assert.equal(new Set(subs[2].inputs.map((e) => e.coPartitionGroup)).size, 1);
});

test('SQL: a windowed GROUP BY is cut before the window aggregate, keyed by the group keys; the calc stays upstream', () => {
  const env = TableEnvironment.create();
  env.executeSql(`CREATE TABLE trades (symbol STRING, shares INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
    WITH ('connector' = 'datagen')`);
  env.executeSql(`CREATE TABLE out_t (symbol STRING, total INT) WITH ('connector' = 'blackhole')`);
  const sql = `INSERT INTO out_t SELECT symbol, SUM(shares) FROM trades WHERE shares > 0 GROUP BY symbol, TUMBLE(ts, INTERVAL '1' HOUR)`;
  const planned = env.planner.plan(parseStatement(sql), sql);
  assert.equal(planned.kind, 'insert');
  const plan = (planned as { plan: LogicalPlan }).plan;
  const subs = cutPlan(plan, 'app');
  assert.equal(subs.length, 2);
  assert.ok(kinds(subs[0]).includes('calc'));
  assert.equal(kinds(subs[0]).at(-1), 'repartition-sink');
  assert.equal(kinds(subs[1])[0], 'repartition-source');
  assert.ok(kinds(subs[1]).includes('window-aggregate'));
  const keyOf = subs[0].outputs[0].keyOf!;
  // The key is the group key's value: rows of one symbol share it, other symbols differ.
  assert.deepEqual(keyOf({ symbol: 'AAPL', shares: 1, ts: 1 }), keyOf({ symbol: 'AAPL', shares: 9, ts: 2 }));
  assert.notDeepEqual(keyOf({ symbol: 'AAPL', shares: 1, ts: 1 }), keyOf({ symbol: 'MSFT', shares: 1, ts: 1 }));
});

test('every node of a sub-topology\'s plan reaches one of its sinks, and its uids are unique', () => {
  const flow = new Dataflow('reach');
  flow.input('in', memorySource([{ k: 'a' }])).keyBy((r) => r.k).window(tumbling(1000)).count().output('out', memorySink());
  for (const sub of cutPlan(flow.plan(), 'app')) {
    const reached = new Set<PlanNode>();
    const stack: PlanNode[] = [...sub.plan.sinks];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (reached.has(node)) continue;
      reached.add(node);
      stack.push(...inputsOf(node));
    }
    assert.equal(reached.size, topologicalOrder(sub.plan).length);
    const uids = Object.values(sub.plan.uids ?? {});
    assert.equal(new Set(uids).size, uids.length);
  }
});

test('the cut as text: each sub-topology with what it reads and writes', () => {
  const flow = new Dataflow('described');
  flow.input('trades', memorySource([{ k: 'a' }])).keyBy((r) => r.k).window(tumbling(1000)).count().output('out', memorySink());
  const subs = cutPlan(flow.plan(), 'app');
  const topic = subs[0].outputs[0].topic;
  assert.deepEqual(describeSubTopologies(subs).split('\n'), [
    `sub-topology 0 (${subs[0].name}): reads trades; writes ${topic}`,
    `sub-topology 1 (${subs[1].name}): reads ${topic}; writes out`,
  ]);
  // Names are stable: the same program cut again gives the same names.
  assert.deepEqual(cutPlan(flow.plan(), 'app').map((s) => s.name), subs.map((s) => s.name));
  assert.notEqual(subs[0].name, subs[1].name);
});

test('SQL: a regular join repartitions both inputs by their join keys, so equal keys of the two sides meet in one task', () => {
  const env = TableEnvironment.create();
  env.executeSql(`CREATE TABLE orders (id INT, customer INT, amount INT) WITH ('connector' = 'datagen')`);
  env.executeSql(`CREATE TABLE customers (cid BIGINT, name STRING) WITH ('connector' = 'datagen')`);
  env.executeSql(`CREATE TABLE out_t (id INT, name STRING) WITH ('connector' = 'blackhole')`);
  const sql = `INSERT INTO out_t SELECT o.id, c.name FROM orders o JOIN customers c ON o.customer = c.cid`;
  const plan = (env.planner.plan(parseStatement(sql), sql) as { plan: LogicalPlan }).plan;
  const subs = cutPlan(plan, 'app');
  assert.deepEqual(subs.map((s) => s.sources.map((n) => n.name)), [['orders@out_t'], ['customers@out_t'], []]);
  const join = subs[2];
  assert.ok(kinds(join).includes('regular-join'));
  const [left, right] = join.inputs;
  assert.ok(left.topic.endsWith('-left-repartition') && right.topic.endsWith('-right-repartition'));
  assert.equal(left.coPartitionGroup, right.coPartitionGroup);
  // INT on the left, BIGINT on the right: the planner casts both to one type, so equal keys give equal key values.
  assert.deepEqual(left.keyOf!({ id: 1, customer: 42, amount: 3 }), right.keyOf!({ cid: 42, name: 'x' }));
  assert.notDeepEqual(left.keyOf!({ id: 1, customer: 42, amount: 3 }), right.keyOf!({ cid: 43, name: 'x' }));
});
