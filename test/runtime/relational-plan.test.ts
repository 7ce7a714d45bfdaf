import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes, type RowType } from '../../src/core/data-types.ts';
import type { Row } from '../../src/core/row.ts';
import { memorySink, memorySource } from '../../src/connectors/memory/index.ts';
import { run } from '../../src/engine/run.ts';
import { shortRowKind, type RowKind } from '../../src/formats/row-kind.ts';
import { call, field, numericLiteral } from '../../src/plan/expr/index.ts';
import type { CalcNode, GroupAggregateNode, LogicalPlan, PlanNode, SinkNode, SourceNode, WindowAggregateNode } from '../../src/plan/nodes.ts';
import type { AggregateCall } from '../../src/plan/relational-nodes.ts';
import type { LatenessPolicy, WindowSpec } from '../../src/plan/windows.ts';
import { TestDriver } from '../../src/testing/index.ts';

// The seed query, planned by hand as the SQL binder would plan it:
//   SELECT symbol, TUMBLE_START(transaction_date, INTERVAL '1' HOUR) AS window_start,
//          SUM(shares) AS total_shares, AVG(price) AS avg_price
//   FROM stock_data  -- WATERMARK FOR transaction_date AS transaction_date - INTERVAL '5' SECOND
//   GROUP BY symbol, TUMBLE(transaction_date, INTERVAL '1' HOUR)

const STOCK: RowType = DataTypes.ROW([
  { name: 'symbol', type: DataTypes.STRING() },
  { name: 'shares', type: DataTypes.INT() },
  { name: 'price', type: DataTypes.DOUBLE() },
  { name: 'transaction_date', type: DataTypes.TIMESTAMP(3) },
]);
const col = (name: string) => field(STOCK, name);

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** 2024-01-01 10:00:00 UTC. */
const T0 = Date.UTC(2024, 0, 1, 10);

interface Trade extends Row {
  symbol: string;
  shares: number;
  price: number;
  transaction_date: number;
}
const trade = (symbol: string, shares: number, price: number, at: number): Trade => ({ symbol, shares, price, transaction_date: T0 + at });

function source(rows: readonly Row[], id = 'stock_data'): SourceNode {
  return { id, kind: 'source', connector: memorySource(rows), watermark: { timestamp: (r: Trade) => r.transaction_date, maxOutOfOrderness: 5_000 } };
}

const sum = (name: string): AggregateCall => ({ fn: 'SUM', args: [col('shares')], distinct: false, name, type: DataTypes.INT() });
const avg = (name: string): AggregateCall => ({ fn: 'AVG', args: [col('price')], distinct: false, name, type: DataTypes.DOUBLE() });

const SEED_OUTPUT = DataTypes.ROW([
  { name: 'symbol', type: DataTypes.STRING() },
  { name: 'window_start', type: DataTypes.TIMESTAMP(3) },
  { name: 'total_shares', type: DataTypes.INT() },
  { name: 'avg_price', type: DataTypes.DOUBLE() },
]);

function seedAggregate(input: PlanNode, lateness: LatenessPolicy = { allowed: 0 }): WindowAggregateNode {
  return {
    id: 'hourly',
    kind: 'window-aggregate',
    input,
    inputType: STOCK,
    keys: [{ name: 'symbol', expr: col('symbol') }],
    window: { kind: 'tumbling', size: HOUR, offset: 0, time: 'event' },
    calls: [sum('total_shares'), avg('avg_price')],
    windowColumns: { start: 'window_start' },
    lateness,
    outputType: SEED_OUTPUT,
  };
}

function planOf(node: PlanNode, connector: unknown = memorySink()): LogicalPlan {
  const sink: SinkNode = { id: 'print', kind: 'sink', input: node, connector };
  return { name: 'seed', sinks: [sink] };
}

const seedPlan = (rows: readonly Row[] = [], lateness?: LatenessPolicy): LogicalPlan => planOf(seedAggregate(source(rows), lateness));

/** In-order, out-of-order (within the 5 s bound) and late trades, and what the seed query makes of them. */
const TRADES: Trade[] = [
  trade('AAPL', 100, 100, 0),
  trade('MSFT', 50, 300, 10 * MINUTE),
  trade('AAPL', 200, 102, 30 * MINUTE),
  trade('AAPL', 10, 110, HOUR + 3_000), // watermark 10:59:58: the 10:00 window stays open
  trade('AAPL', 300, 104, HOUR - 1_000), // out of order, but its window has not fired: it counts
  trade('MSFT', 20, 310, HOUR + 6_000), // watermark 11:00:01: the 10:00 windows fire
  trade('AAPL', 999, 1, 45 * MINUTE), // late: its window fired, so it is dropped and counted
];

/** By hand: AAPL 100 + 200 + 300 shares at an average of (100 + 102 + 104) / 3; the late trade is not in it. */
const FIRST_HOUR = [
  { symbol: 'AAPL', window_start: T0, total_shares: 600, avg_price: 102 },
  { symbol: 'MSFT', window_start: T0, total_shares: 50, avg_price: 300 },
];
const SECOND_HOUR = [
  { symbol: 'AAPL', window_start: T0 + HOUR, total_shares: 10, avg_price: 110 },
  { symbol: 'MSFT', window_start: T0 + HOUR, total_shares: 20, avg_price: 310 },
];

const bySymbol = (a: Row, b: Row): number => String(a.symbol).localeCompare(String(b.symbol));

test('the seed query runs through the TestDriver: windows fire on the watermark, out-of-order trades count, late ones are dropped', () => {
  const driver = new TestDriver(seedPlan());
  const input = driver.input<Trade>('stock_data');
  const out = driver.output<Row>('print');

  input.pipeAll(TRADES.slice(0, 5));
  assert.deepEqual(out.read(), [], 'watermark 10:59:58 has not reached the end of the 10:00 window');
  input.pipe(TRADES[5]);
  const fired = out.readWithTimestamps();
  assert.deepEqual(fired.map((r) => r.value).sort(bySymbol), FIRST_HOUR);
  assert.deepEqual(fired.map((r) => r.timestamp), [T0 + HOUR - 1, T0 + HOUR - 1], 'results carry window end - 1');

  input.pipe(TRADES[6]);
  assert.equal(driver.metric('lateRecordsDropped'), 1);
  driver.endOfInput();
  assert.deepEqual(out.read().sort(bySymbol), SECOND_HOUR);
});

test("the seed query's output rows have its shape: symbol, window_start, total_shares, avg_price in that order", () => {
  const driver = new TestDriver(seedPlan());
  driver.input<Trade>('stock_data').pipe(trade('AAPL', 100, 101.5, 0));
  driver.endOfInput();
  const [row] = driver.output<Row>('print').read();
  assert.deepEqual(Object.keys(row), ['symbol', 'window_start', 'total_shares', 'avg_price']);
  assert.deepEqual(row, { symbol: 'AAPL', window_start: T0, total_shares: 100, avg_price: 101.5 });
});

test('the seed query runs through run(): a bounded memory source to a memory sink, late trade dropped', async () => {
  const sink = memorySink<Row>();
  // One trade per poll, so the watermark moves between trades as it does in the TestDriver above.
  const result = await run(planOf(seedAggregate(source(TRADES)), sink), { handleSignals: false, maxBatchSize: 1 });
  assert.equal(result.outcome, 'finished');
  assert.equal(result.status.lateRecordsDropped, 1);
  assert.deepEqual(sink.values.slice(0, 2).sort(bySymbol), FIRST_HOUR);
  assert.deepEqual(sink.values.slice(2).sort(bySymbol), SECOND_HOUR);
});

test('allowed lateness: a late trade within it re-emits its window as an update-after row', () => {
  const driver = new TestDriver(seedPlan([], { allowed: 10 * MINUTE }));
  const input = driver.input<Trade>('stock_data');
  const out = driver.output<Row>('print');
  input.pipeAll([trade('AAPL', 100, 100, 0), trade('AAPL', 1, 1, HOUR + 10_000)]);
  assert.deepEqual(out.read(), [{ symbol: 'AAPL', window_start: T0, total_shares: 100, avg_price: 100 }]);
  input.pipe(trade('AAPL', 50, 106, 20 * MINUTE));
  assert.deepEqual(out.read(), [{ symbol: 'AAPL', window_start: T0, total_shares: 150, avg_price: 103, $kind: 'update-after' }]);
  input.pipe(trade('AAPL', 1, 1, HOUR + 11 * MINUTE)); // watermark past 10:00 window end + 10 min
  input.pipe(trade('AAPL', 7, 7, 40 * MINUTE));
  assert.equal(driver.metric('lateRecordsDropped'), 1);
});

test('session windows merge their accumulators: COUNT(DISTINCT) over a bridged session is the union', () => {
  const users = DataTypes.ROW([{ name: 'user', type: DataTypes.STRING() }, { name: 'page', type: DataTypes.STRING() }]);
  const session: WindowSpec = { kind: 'session', gap: 10 * MINUTE, time: 'event' };
  const node: WindowAggregateNode = {
    id: 'sessions',
    kind: 'window-aggregate',
    input: { id: 'clicks', kind: 'source', connector: memorySource([]), watermark: { maxOutOfOrderness: HOUR } },
    inputType: users,
    keys: [{ name: 'user', expr: field(users, 'user') }],
    window: session,
    calls: [
      { fn: 'COUNT', args: [field(users, 'page')], distinct: true, name: 'pages', type: DataTypes.BIGINT() },
      { fn: 'COUNT', args: [], distinct: false, name: 'clicks', type: DataTypes.BIGINT() },
    ],
    windowColumns: { start: 'session_start', end: 'session_end' },
    lateness: { allowed: 0 },
    outputType: DataTypes.ROW([
      { name: 'user', type: DataTypes.STRING() },
      { name: 'session_start', type: DataTypes.TIMESTAMP(3) },
      { name: 'session_end', type: DataTypes.TIMESTAMP(3) },
      { name: 'pages', type: DataTypes.BIGINT() },
      { name: 'clicks', type: DataTypes.BIGINT() },
    ]),
  };
  const driver = new TestDriver(planOf(node));
  const clicks = driver.input<Row>('clicks');
  // Sessions [0, 10) with page a and [15, 26) with page b, then a click on b at 8 minutes bridges them
  // into [0, 26): its pages are the union {a, b}, and the bridging b is not a third page.
  clicks.pipeAll([{ user: 'u', page: 'a' }, { user: 'u', page: 'b' }, { user: 'u', page: 'b' }, { user: 'u', page: 'b' }],
    [T0, T0 + 15 * MINUTE, T0 + 16 * MINUTE, T0 + 8 * MINUTE]);
  driver.endOfInput();
  assert.deepEqual(driver.output<Row>('print').read(), [
    { user: 'u', session_start: T0, session_end: T0 + 26 * MINUTE, pages: 2, clicks: 4 },
  ]);
});

test('composite keys survive a checkpoint: windows restored mid-hour fire with every key column and window column', () => {
  const node: WindowAggregateNode = {
    ...seedAggregate(source([])),
    keys: [{ name: 'symbol', expr: col('symbol') }, { name: 'big', expr: call('>=', [col('shares'), numericLiteral('100')]) }],
    calls: [sum('total_shares')],
    windowColumns: { start: 'window_start', end: 'window_end', rowtime: 'window_time' },
    outputType: DataTypes.ROW([
      { name: 'window_start', type: DataTypes.TIMESTAMP(3) },
      { name: 'window_end', type: DataTypes.TIMESTAMP(3) },
      { name: 'window_time', type: DataTypes.TIMESTAMP(3) },
      { name: 'symbol', type: DataTypes.STRING() },
      { name: 'big', type: DataTypes.BOOLEAN() },
      { name: 'total_shares', type: DataTypes.INT() },
    ]),
  };
  const plan = planOf(node);
  const driver = new TestDriver(plan);
  driver.input<Trade>('stock_data').pipeAll([trade('AAPL', 100, 1, 0), trade('AAPL', 5, 1, MINUTE), trade('AAPL', 200, 1, 2 * MINUTE)]);
  const restored = TestDriver.restore(plan, driver.checkpoint());
  restored.input<Trade>('stock_data').pipe(trade('AAPL', 7, 1, 3 * MINUTE));
  restored.endOfInput();
  const bounds = { window_start: T0, window_end: T0 + HOUR, window_time: T0 + HOUR - 1 };
  assert.deepEqual(restored.output<Row>('print').read().sort((a, b) => Number(a.big) - Number(b.big)), [
    { ...bounds, symbol: 'AAPL', big: false, total_shares: 12 },
    { ...bounds, symbol: 'AAPL', big: true, total_shares: 300 },
  ]);
});

/** SELECT symbol, COUNT(*) AS trades, SUM(shares) AS total FROM stock_data WHERE shares > 0 GROUP BY symbol */
function changelogPlan(): LogicalPlan {
  const positive: CalcNode = {
    id: 'where',
    kind: 'calc',
    input: { id: 'stock_data', kind: 'source', connector: memorySource([]) },
    inputType: STOCK,
    condition: call('>', [col('shares'), numericLiteral('0')]),
    outputType: STOCK,
  };
  const grouped: GroupAggregateNode = {
    id: 'totals',
    kind: 'group-aggregate',
    input: positive,
    inputType: STOCK,
    keys: [{ name: 'symbol', expr: col('symbol') }],
    calls: [
      { fn: 'COUNT', args: [], distinct: false, name: 'trades', type: DataTypes.BIGINT() },
      { fn: 'SUM', args: [col('shares')], distinct: false, name: 'total', type: DataTypes.INT() },
    ],
    outputType: DataTypes.ROW([
      { name: 'symbol', type: DataTypes.STRING() },
      { name: 'trades', type: DataTypes.BIGINT() },
      { name: 'total', type: DataTypes.INT() },
    ]),
  };
  return { name: 'changelog', sinks: [{ id: 'out', kind: 'sink', input: grouped, connector: memorySink() }] };
}

const show = (row: Row): string => `${shortRowKind(row.$kind as RowKind)}[${row.symbol}, ${row.trades}, ${row.total}]`;

test('a non-windowed GROUP BY emits the exact changelog +I, -U, +U, and carries on from a checkpoint after a crash', () => {
  const plan = changelogPlan();
  const driver = new TestDriver(plan);
  const input = driver.input<Trade>('stock_data');
  input.pipeAll([trade('AAPL', 100, 1, 0), trade('MSFT', 10, 1, 1), trade('AAPL', 0, 1, 2), trade('AAPL', 50, 1, 3)]);
  assert.deepEqual(driver.output<Row>('out').read().map(show), [
    '+I[AAPL, 1, 100]',
    '+I[MSFT, 1, 10]',
    '-U[AAPL, 1, 100]',
    '+U[AAPL, 2, 150]',
  ], 'the trade of 0 shares is filtered out before the aggregate');

  const saved = driver.checkpoint();
  input.pipe(trade('MSFT', 5, 1, 4)); // lost in the crash below, replayed after the restore

  const restored = TestDriver.restore(plan, saved);
  restored.input<Trade>('stock_data').pipeAll([trade('MSFT', 5, 1, 4), trade('AAPL', 1, 1, 5)]);
  assert.deepEqual(restored.output<Row>('out').read().map(show), [
    '-U[MSFT, 1, 10]',
    '+U[MSFT, 2, 15]',
    '-U[AAPL, 2, 150]',
    '+U[AAPL, 3, 151]',
  ]);
});
