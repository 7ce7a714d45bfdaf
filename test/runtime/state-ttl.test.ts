import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataflow } from '../../src/api/dataflow/index.ts';
import type { Insert } from '../../src/api/sql/ast/statements.ts';
import { parseStatement } from '../../src/api/sql/parser/index.ts';
import { memorySink, memorySource } from '../../src/connectors/memory/index.ts';
import { DataTypes, type RowType } from '../../src/core/data-types.ts';
import type { Row } from '../../src/core/row.ts';
import { TableEnvironment } from '../../src/engine/table-environment.ts';
import { field } from '../../src/plan/expr/index.ts';
import type { DeduplicateNode, LogicalPlan, PlanNode, RegularJoinNode, SinkNode, SourceNode } from '../../src/plan/nodes.ts';
import { TestDriver } from '../../src/testing/index.ts';

// Every expiry here is driven by the TestDriver's processing-time clock, never by the wall clock.

const SECOND = 1_000;

interface Click {
  user: string;
}

function clicksPerUser(ttl?: string): Dataflow {
  const flow = new Dataflow('clicks');
  flow
    .input('clicks', memorySource<Click>([]))
    .keyBy((c) => c.user)
    .statefulMap(() => 0, (n, c) => [n + 1, `${c.user}=${n + 1}`], { name: 'count', ttl })
    .output('out', memorySink());
  return flow;
}

test('Dataflow state with a ttl: refreshed by every write, gone once the ttl passes without one', () => {
  const driver = new TestDriver(clicksPerUser('1 minute'));
  const clicks = driver.input<Click>('clicks');
  const out = driver.output<string>('out');
  clicks.pipe({ user: 'a' }); // t = 0: written, expires at 60 s
  driver.advanceProcessingTime(30 * SECOND);
  clicks.pipe({ user: 'a' }); // t = 30 s: written again, now expires at 90 s
  driver.advanceProcessingTime(59 * SECOND);
  clicks.pipe({ user: 'a' }); // t = 89 s: still there (it would have expired at 60 s without the refresh)
  assert.deepEqual(out.read(), ['a=1', 'a=2', 'a=3']);

  driver.advanceProcessingTime(60 * SECOND); // t = 149 s: 60 s after the last write
  const state = driver.state('count');
  state.setCurrentKey('a');
  assert.equal(state.valueState<number>('state', { ttl: 60 * SECOND }).value(), undefined, 'an expired value is never returned');
  clicks.pipe({ user: 'a' });
  assert.deepEqual(out.read(), ['a=1'], 'the key starts from initial() again');
});

test('the same job without a ttl keeps counting however much time passes (the control)', () => {
  const driver = new TestDriver(clicksPerUser());
  driver.input<Click>('clicks').pipe({ user: 'a' });
  driver.advanceProcessingTime(365 * 24 * 3_600 * SECOND);
  driver.input<Click>('clicks').pipe({ user: 'a' });
  assert.deepEqual(driver.output<string>('out').read(), ['a=1', 'a=2']);
});

test('a ttl survives a checkpoint: the restored state expires when the original would have', () => {
  const driver = new TestDriver(clicksPerUser('1 minute'));
  driver.input<Click>('clicks').pipeAll([{ user: 'a' }, { user: 'b' }]); // t = 0
  driver.advanceProcessingTime(40 * SECOND);
  driver.input<Click>('clicks').pipe({ user: 'b' }); // b refreshed at 40 s
  const restored = TestDriver.restore(clicksPerUser('1 minute'), driver.checkpoint()); // clock at 40 s
  restored.advanceProcessingTime(30 * SECOND); // t = 70 s: a expired at 60 s, b lives until 100 s
  restored.input<Click>('clicks').pipeAll([{ user: 'a' }, { user: 'b' }]);
  assert.deepEqual(restored.output<string>('out').read(), ['a=1', 'b=3']);
});

test('a ttl that is not a positive duration is refused by name', () => {
  assert.throws(() => clicksPerUser('0 s'), /ttl of statefulMap.*must be a positive duration/);
  assert.throws(() => clicksPerUser('soon'), /ttl of statefulMap.*'soon' is not a duration/);
});

/** `INSERT INTO totals SELECT symbol, COUNT(*) FROM trades GROUP BY symbol` after the given SETs. */
function groupByJob(sets: string[]): LogicalPlan {
  const env = TableEnvironment.create();
  for (const set of sets) env.executeSql(set);
  env.executeSql("CREATE TABLE trades (symbol STRING, shares INT) WITH ('connector' = 'datagen')");
  env.executeSql("CREATE TABLE totals (symbol STRING, n BIGINT) WITH ('connector' = 'blackhole')");
  const sql = 'INSERT INTO totals SELECT symbol, COUNT(*) FROM trades GROUP BY symbol';
  return env.planner.planInsertSet([{ insert: parseStatement(sql) as Insert, source: sql }]).plan;
}

/** Pipes A at t = 0, 30 s and 91 s of processing time; returns the changelog as `kind n`. */
function changelogOf(plan: LogicalPlan): string[] {
  const driver = new TestDriver(plan);
  let node: any = plan.sinks[0];
  while (node.kind !== 'source') node = node.input;
  const trades = driver.input<Row>(node.id);
  trades.pipe({ symbol: 'A', shares: 1 });
  driver.advanceProcessingTime(30 * SECOND);
  trades.pipe({ symbol: 'A', shares: 1 });
  driver.advanceProcessingTime(61 * SECOND);
  trades.pipe({ symbol: 'A', shares: 1 });
  return driver.output<Row>(plan.sinks[0].id).read().map((r) => `${String(r.$kind)} ${String(r.n)}`);
}

test("SQL 'table.exec.state.ttl': a GROUP BY key idle past the ttl starts again with +I", () => {
  assert.deepEqual(changelogOf(groupByJob(["SET 'table.exec.state.ttl' = '1 min'"])), [
    'insert 1', 'update-before 1', 'update-after 2', // the second row, 30 s later: the state is alive
    'insert 1', // 61 s after the last write the state had expired
  ]);
  assert.deepEqual(changelogOf(groupByJob([])), ['insert 1', 'update-before 1', 'update-after 2', 'update-before 2', 'update-after 3']);
  assert.deepEqual(changelogOf(groupByJob(["SET 'table.exec.state.ttl' = '0'"])).at(-1), 'update-after 3', "'0' means no ttl, as in Flink");
});

const EVENTS: RowType = DataTypes.ROW([{ name: 'id', type: DataTypes.STRING() }]);

function dedupPlan(stateTtlMs?: number): LogicalPlan {
  const source: SourceNode = { id: 'events', kind: 'source', connector: memorySource([]) };
  const dedup: DeduplicateNode = {
    id: 'dedup', kind: 'deduplicate', input: source, inputType: EVENTS, keys: [field(EVENTS, 'id')], outputType: EVENTS,
    ...(stateTtlMs === undefined ? {} : { stateTtlMs }),
  };
  const sink: SinkNode = { id: 'out', kind: 'sink', input: dedup, connector: memorySink() };
  return { name: 'dedup', sinks: [sink] };
}

test('deduplication with a state ttl: a key is forgotten the ttl after its first row, then passes again', () => {
  for (const [ttl, expected] of [[60 * SECOND, ['x', 'x']], [undefined, ['x']]] as const) {
    const driver = new TestDriver(dedupPlan(ttl));
    const events = driver.input<Row>('events');
    events.pipe({ id: 'x' });
    driver.advanceProcessingTime(59 * SECOND);
    events.pipe({ id: 'x' }); // a duplicate: dropped (and it does not refresh the first row's state)
    driver.advanceProcessingTime(1 * SECOND);
    events.pipe({ id: 'x' }); // 60 s after the first row
    assert.deepEqual(driver.output<Row>('out').read().map((r) => r.id), expected, `ttl ${ttl}`);
  }
});

test("EXPLAIN shows the state ttl a GROUP BY runs with", () => {
  const env = TableEnvironment.create();
  env.executeSql("CREATE TABLE trades (symbol STRING, shares INT) WITH ('connector' = 'datagen')");
  const plain = env.explainSql('SELECT symbol, COUNT(*) FROM trades GROUP BY symbol');
  assert.doesNotMatch(plain, /stateTtl/);
  env.executeSql("SET 'table.exec.state.ttl' = '36 h'");
  assert.match(env.explainSql('SELECT symbol, COUNT(*) FROM trades GROUP BY symbol'), /GroupAggregate\(groupBy=\[symbol\], select=\[[^\]]*\], stateTtl=\[36 h\]\)/);
});

/** `INSERT INTO pairs SELECT o.id, p.amount FROM orders o JOIN payments p ON o.id = p.id` after the SETs. */
function joinJob(sets: string[]): LogicalPlan {
  const env = TableEnvironment.create();
  for (const set of sets) env.executeSql(set);
  env.executeSql("CREATE TABLE orders (id STRING) WITH ('connector' = 'datagen')");
  env.executeSql("CREATE TABLE payments (id STRING, amount INT) WITH ('connector' = 'datagen')");
  env.executeSql("CREATE TABLE pairs (id STRING, amount INT) WITH ('connector' = 'blackhole')");
  const sql = 'INSERT INTO pairs SELECT o.id, p.amount FROM orders o JOIN payments p ON o.id = p.id';
  return env.planner.planInsertSet([{ insert: parseStatement(sql) as Insert, source: sql }]).plan;
}

/** An order at t = 0, a payment 30 s later, another 61 s after that: the joined amounts. */
function joinedAmounts(plan: LogicalPlan): unknown[] {
  const driver = new TestDriver(plan);
  let join: PlanNode = plan.sinks[0];
  while (join.kind !== 'regular-join') join = (join as { input: PlanNode }).input; // through the projection
  const { left, right } = join as RegularJoinNode;
  const [orders, payments] = [left, right].map((side) => driver.input<Row>(side.id));
  orders.pipe({ id: 'o1' });
  driver.advanceProcessingTime(30 * SECOND);
  payments.pipe({ id: 'o1', amount: 10 });
  driver.advanceProcessingTime(61 * SECOND);
  payments.pipe({ id: 'o1', amount: 20 });
  return driver.output<Row>(plan.sinks[0].id).read().map((r) => r.amount);
}

test("SQL 'table.exec.state.ttl' on a regular join: an order not written for longer than the ttl no longer joins", () => {
  assert.deepEqual(joinedAmounts(joinJob(["SET 'table.exec.state.ttl' = '1 min'"])), [10], 'the order expired 60 s after it was held');
  assert.deepEqual(joinedAmounts(joinJob([])), [10, 20], 'without a ttl the order is held for ever');
});
