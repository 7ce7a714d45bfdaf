import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataflow, tumbling } from '../../src/api/dataflow/index.ts';
import type { Insert } from '../../src/api/sql/ast/statements.ts';
import { parseStatement } from '../../src/api/sql/parser/index.ts';
import { memorySink, memorySource } from '../../src/connectors/memory/index.ts';
import { TableEnvironment } from '../../src/engine/table-environment.ts';
import type { LogicalPlan } from '../../src/plan/nodes.ts';
import { operatorUids } from '../../src/plan/operator-uids.ts';

interface Ev {
  k: string;
  t: number;
}

/** One stateful step (a per-key count over 10 s windows) behind `extra` unrelated or stateless steps. */
function countsFlow(options: { pipelineBefore?: boolean; filterBefore?: boolean } = {}): LogicalPlan {
  const flow = new Dataflow('counts');
  if (options.pipelineBefore === true) {
    // Another pipeline, built first: it takes the early auto-generated ids (`window-1` …).
    flow.input('other', memorySource<Ev>([])).keyBy((e) => e.k).statefulMap(() => 0, (n) => [n + 1, n + 1]).output('other-out', memorySink());
  }
  let events = flow.input('events', memorySource<Ev>([]), { watermark: { timestamp: (e) => e.t, maxOutOfOrderness: 0 } });
  if (options.filterBefore === true) events = events.filter((e) => e.k !== '').map((e) => e);
  events.keyBy((e) => e.k).window(tumbling(10_000)).count().output('out', memorySink());
  return flow.plan();
}

/** The uid of the only node of `kind` in the plan that reaches sink `sink`. */
function uidOfKind(plan: LogicalPlan, kind: string, sink = 'out'): string {
  const uids = operatorUids(plan);
  const sinkNode = plan.sinks.find((s) => s.id === sink)!;
  let node: any = sinkNode;
  while (node.kind !== kind) node = node.input;
  return uids.get(node.id)!;
}

test('an auto-generated step id shifts when a pipeline is added before it, its uid does not', () => {
  const plain = countsFlow();
  const shifted = countsFlow({ pipelineBefore: true });
  const idOf = (plan: LogicalPlan): string => (plan.sinks.find((s) => s.id === 'out')!.input as { id: string }).id;
  assert.notEqual(idOf(plain), idOf(shifted), 'the ids really moved (else this test proves nothing)');
  assert.equal(uidOfKind(plain, 'window'), uidOfKind(shifted, 'window'));
});

test('stateless steps added upstream (a filter, a map) leave a stateful step uid as it was', () => {
  assert.equal(uidOfKind(countsFlow(), 'window'), uidOfKind(countsFlow({ filterBefore: true }), 'window'));
});

test('sources and sinks are known by their names', () => {
  const uids = operatorUids(countsFlow());
  assert.equal(uids.get('events'), 'events');
  assert.equal(uids.get('out'), 'out');
});

test('two look-alike stateful steps over one input are told apart by the sinks they feed, in either build order', () => {
  const build = (order: readonly string[]): Map<string, string> => {
    const flow = new Dataflow('twins');
    const keyed = flow.input('events', memorySource<Ev>([])).keyBy((e) => e.k);
    const byKey = new Map<string, string>();
    for (const name of order) {
      const stream = keyed.statefulMap(() => 0, (n) => [n + 1, n + 1]);
      byKey.set(name, stream.node.id);
      stream.output(name, memorySink());
    }
    const uids = operatorUids(flow.plan());
    return new Map(order.map((name) => [name, uids.get(byKey.get(name)!)!]));
  };
  const ab = build(['a', 'b']);
  const ba = build(['b', 'a']);
  assert.notEqual(ab.get('a'), ab.get('b'));
  assert.equal(ab.get('a'), ba.get('a'));
  assert.equal(ab.get('b'), ba.get('b'));
});

test('a uid set with .uid() is the uid; the same uid on two steps is refused', () => {
  const flow = new Dataflow('explicit');
  const keyed = flow.input('events', memorySource<Ev>([])).keyBy((e) => e.k);
  const counted = keyed.statefulMap(() => 0, (n) => [n + 1, n + 1]).uid('event-count');
  counted.output('out', memorySink());
  assert.equal(operatorUids(flow.plan()).get(counted.node.id), 'event-count');
  const other = keyed.statefulMap(() => 0, (n) => [n + 1, n + 1]);
  assert.throws(() => other.uid('event-count'), /uid 'event-count' is already used by step/);
  assert.throws(() => other.uid(' '), /a uid must be a non-empty string/);
  const { falses } = flow.input('more', memorySource<Ev>([])).branch((e) => e.k === 'a');
  assert.throws(() => falses.uid('rejects'), /is a side-output, which keeps no state of its own/);
});

test('SQL: adding an INSERT before another leaves the GROUP BY uid of the other as it was', () => {
  const env = TableEnvironment.create();
  env.executeSql("CREATE TABLE trades (symbol STRING, shares INT) WITH ('connector' = 'datagen')");
  env.executeSql("CREATE TABLE totals (symbol STRING, total INT) WITH ('connector' = 'blackhole')");
  env.executeSql("CREATE TABLE big (symbol STRING, shares INT) WITH ('connector' = 'blackhole')");
  const totals = 'INSERT INTO totals SELECT symbol, SUM(shares) FROM trades GROUP BY symbol';
  const bigOnes = 'INSERT INTO big SELECT symbol, shares FROM trades WHERE shares > 100';
  const plan = (sqls: string[]): LogicalPlan =>
    env.planner.planInsertSet(sqls.map((sql) => ({ insert: parseStatement(sql) as Insert, source: sql }))).plan;
  const alone = plan([totals]);
  const withOther = plan([bigOnes, totals]);
  assert.equal(uidOfKind(alone, 'group-aggregate', alone.sinks[0].id), uidOfKind(withOther, 'group-aggregate', withOther.sinks[1].id));
  assert.notEqual(alone.sinks[0].id, withOther.sinks[1].id, 'the node ids did move');
  // Each INSERT reads its own source, known by the table and the INSERT's target.
  const sourceUids = (p: LogicalPlan): string[] => [...operatorUids(p)].filter(([id]) => id.startsWith('source-')).map(([, uid]) => uid).sort();
  assert.deepEqual(sourceUids(alone), ['trades@totals']);
  assert.deepEqual(sourceUids(withOther), ['trades@big', 'trades@totals']);
});

test('SQL: a Top-N and an OVER aggregate are stateful steps whose uids stay when an INSERT is added before them', () => {
  const env = TableEnvironment.create();
  env.executeSql("CREATE TABLE bids (auction INT, price INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen')");
  env.executeSql("CREATE TABLE top (auction INT, price INT, ts TIMESTAMP(3), rn BIGINT) WITH ('connector' = 'blackhole')");
  env.executeSql("CREATE TABLE running (auction INT, total INT) WITH ('connector' = 'blackhole')");
  const top = 'INSERT INTO top SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rn FROM bids) WHERE rn <= 3';
  const running = 'INSERT INTO running SELECT auction, SUM(price) OVER (PARTITION BY auction ORDER BY ts) FROM bids';
  const plan = (sqls: string[]): LogicalPlan =>
    env.planner.planInsertSet(sqls.map((sql) => ({ insert: parseStatement(sql) as Insert, source: sql }))).plan;
  const alone = plan([top]);
  const both = plan([running, top]);
  assert.match(uidOfKind(alone, 'rank', alone.sinks[0].id), /^rank-[0-9a-f]{12}$/);
  assert.equal(uidOfKind(alone, 'rank', alone.sinks[0].id), uidOfKind(both, 'rank', both.sinks[1].id));
  assert.match(uidOfKind(both, 'over-aggregate', both.sinks[0].id), /^over-aggregate-[0-9a-f]{12}$/);
});
