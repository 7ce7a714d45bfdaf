import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainPlan } from '../../../../src/api/sql/planner/explain.ts';
import { memorySink } from '../../../../src/connectors/memory/index.ts';
import type { Row } from '../../../../src/core/row.ts';
import { ROW_KIND } from '../../../../src/formats/row-kind.ts';
import { topologicalOrder, type LogicalPlan } from '../../../../src/plan/nodes.ts';
import { TestDriver } from '../../../../src/testing/index.ts';
import { plan, plannerWith, select, sqlError } from './helpers.ts';

const TABLES = `
CREATE TABLE orders (id INT, customer_id INT, amount DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
  WITH ('connector' = 'sluice-memory', 'name' = 'orders');
CREATE TABLE shipments (order_id INT, carrier STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
  WITH ('connector' = 'sluice-memory', 'name' = 'shipments');
CREATE TABLE customers (id INT, name STRING) WITH ('connector' = 'sluice-memory', 'name' = 'customers');
CREATE TABLE appended (id INT, name STRING) WITH ('connector' = 'filesystem', 'path' = '/tmp/never-written', 'format' = 'json');
`;

const explained = (sql: string, ...ddl: string[]): string => explainPlan([select(plannerWith(TABLES, ...ddl), sql).relation.node]);

test('an equi-join plans as a regular join: keys from ON\'s equalities, the rest a condition on the joined row', () => {
  const text = explained('SELECT o.id, c.name FROM orders o LEFT JOIN customers c ON o.customer_id = c.id AND o.amount > c.id');
  assert.match(text, /Join\(joinType=\[LeftOuterJoin\], keys=\[customer_id=id\], where=\[amount > .*id0.*\]/);
});

test('bounds on two rowtime columns plan an interval join; with one bound only it stays a regular join with the bound as its condition', () => {
  const interval = explained("SELECT o.id FROM orders o JOIN shipments s ON o.id = s.order_id AND s.ts BETWEEN o.ts - INTERVAL '1' MINUTE AND o.ts + INTERVAL '1' HOUR");
  assert.match(interval, /IntervalJoin\(joinType=\[InnerJoin\], keys=\[id=order_id\], window=\[right\.ts BETWEEN left\.ts - 1 min AND left\.ts \+ 1 h\]/);
  const flipped = explained("SELECT o.id FROM orders o JOIN shipments s ON o.id = s.order_id AND o.ts + INTERVAL '10' SECOND < s.ts AND o.ts >= s.ts - INTERVAL '2' MINUTE");
  assert.match(flipped, /window=\[right\.ts BETWEEN left\.ts \+ 10001 ms AND left\.ts \+ 2 min\]/);
  const upserts = `CREATE TABLE shipment_updates (order_id INT, carrier STRING, ts TIMESTAMP(3), PRIMARY KEY (order_id) NOT ENFORCED,
    WATERMARK FOR ts AS ts) WITH ('connector' = 'upsert-kafka', 'topic' = 'shipments', 'properties.bootstrap.servers' = '127.0.0.1:9',
    'key.format' = 'json', 'value.format' = 'json')`;
  const updating = explained(`SELECT o.id FROM orders o JOIN shipment_updates s ON o.id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR`, upserts);
  assert.match(updating, /Join\(joinType=\[InnerJoin\], keys=\[id=order_id\], where=\[.*ts0.*ts.*\]/, 'an updating input: a regular join, the bounds in its condition');
  assert.match(updating, /rightUpsertKey=\[order_id\]/, 'the upsert-kafka input is normalised by its primary key');
  const open = explained('SELECT o.id FROM orders o JOIN shipments s ON o.id = s.order_id AND s.ts >= o.ts');
  assert.match(open, /^Calc.*\n\+- Join\(joinType=\[InnerJoin\], keys=\[id=order_id\], where=\[ts0 >= ts\]/);
});

test('an interval join keeps the left rowtime: a window aggregate can follow it', () => {
  const text = explained(
    'SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE shipped, DESCRIPTOR(ts), INTERVAL \'1\' HOUR)) GROUP BY window_start, window_end',
    "CREATE VIEW shipped AS SELECT o.id, o.ts FROM orders o JOIN shipments s ON o.id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR",
  );
  assert.match(text, /WindowAggregate/);
  assert.match(text, /IntervalJoin/);
});

test('comma joins take the WHERE conjuncts that relate their tables; a chain of three joins left to right', () => {
  const text = explained(`SELECT o.id, c.name, s.carrier FROM orders o, customers c, shipments s
    WHERE o.customer_id = c.id AND s.order_id = o.id AND c.name <> 'x'`);
  const joins = text.split('\n').filter((line) => line.includes('Join('));
  assert.equal(joins.length, 2);
  assert.match(joins[0], /keys=\[id=order_id\]/);
  assert.match(joins[1], /keys=\[customer_id=id\]/);
  assert.match(text, /^Calc\(select=.*where=\[name <> 'x'\]/);
});

test('a regular outer join is an updating query: an append-only sink refuses it, naming the join', () => {
  const planner = plannerWith(TABLES);
  const e = sqlError(() => plan(planner, "INSERT INTO appended SELECT o.id, c.name FROM orders o LEFT JOIN customers c ON o.customer_id = c.id"));
  assert.match(e.message, /produces updates \(a regular LEFT JOIN\)/);
});

test('what is not supported yet is a clear error with line:column', () => {
  const planner = plannerWith(TABLES);
  const full = sqlError(() => plan(planner, "SELECT o.id FROM orders o\nFULL JOIN shipments s ON o.id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR"));
  assert.match(full.message, /^SQL error at 1:18: FULL OUTER interval joins are not supported yet/);
  const natural = sqlError(() => plan(planner, 'SELECT * FROM orders NATURAL JOIN customers'));
  assert.match(natural.message, /^SQL error at 1:15: NATURAL joins are not supported yet; write the condition with ON/);
  const types = sqlError(() => plan(planner, 'SELECT * FROM orders o JOIN customers c ON o.id = c.name'));
  assert.match(types.message, /^SQL error at 1:44: the join keys cannot be compared: INT = STRING/);
});

/** The plan's source ids by table name (the TestDriver's input names). */
function inputs(job: LogicalPlan): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const node of topologicalOrder(job)) if (node.kind === 'source') ids[node.id.replace(/^source-\d+-/, '')] = node.id;
  return ids;
}

const T0 = Date.UTC(2024, 0, 1, 10);

test('a SQL left join over a changelog survives a checkpoint, crash and restore: the result equals the uninterrupted run', () => {
  const sql = `SELECT c.name, t.total FROM (SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id) t
    LEFT JOIN customers c ON t.customer_id = c.id`;
  const job = select(plannerWith(TABLES), sql).toPlan(memorySink());
  const ids = inputs(job);
  const order = (id: number, customer_id: number, amount: number): Row => ({ id, customer_id, amount, ts: T0 + id * 1000 });
  const before = (d: TestDriver): void => {
    d.input<Row>(ids.orders).pipeAll([order(1, 7, 10), order(2, 8, 5)]);
    d.input<Row>(ids.customers).pipe({ id: 7, name: 'ann' });
  };
  const after = (d: TestDriver): void => {
    d.input<Row>(ids.orders).pipe(order(3, 7, 2.5));
    d.input<Row>(ids.customers).pipeAll([{ id: 8, name: 'bo' }, { id: 7, name: 'al' }]);
  };
  const final = (rows: readonly Row[]): string[] => {
    const table: string[] = [];
    for (const r of rows) {
      const text = `${r.name}:${r.total}`;
      if (r[ROW_KIND] === 'update-before' || r[ROW_KIND] === 'delete') table.splice(table.indexOf(text), 1);
      else table.push(text);
    }
    return table.sort();
  };
  const whole = new TestDriver(job);
  before(whole);
  after(whole);
  const expected = final(whole.output<Row>(job.sinks[0].id).read());
  assert.deepEqual(expected, ['al:12.5', 'ann:12.5', 'bo:5']);

  const first = new TestDriver(job);
  before(first);
  const beforeCrash = first.output<Row>(job.sinks[0].id).read();
  const saved = first.checkpoint();
  first.input<Row>(ids.orders).pipe(order(99, 7, 1000)); // lost in the crash
  const second = TestDriver.restore(job, saved);
  after(second);
  assert.deepEqual(final([...beforeCrash, ...second.output<Row>(job.sinks[0].id).read()]), expected);
});

test('a SQL interval join drops late rows, pads unmatched rows when the watermark passes, and survives a restore', () => {
  const sql = `SELECT o.id, s.carrier, o.ts FROM orders o LEFT JOIN shipments s
    ON o.id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '10' SECOND`;
  const job = select(plannerWith(TABLES), sql).toPlan(memorySink());
  const ids = inputs(job);
  const driver = new TestDriver(job);
  driver.input<Row>(ids.orders).pipeAll([{ id: 1, customer_id: 1, amount: 1, ts: T0 }, { id: 2, customer_id: 1, amount: 1, ts: T0 + 2000 }]);
  driver.input<Row>(ids.shipments).pipe({ order_id: 1, carrier: 'dhl', ts: T0 + 5000 });
  const restored = TestDriver.restore(job, driver.checkpoint());
  const out = (d: TestDriver): string[] => d.output<Row>(job.sinks[0].id).read().map((r) => `${r.id}:${r.carrier}:${(r.ts as number) - T0}`);
  assert.deepEqual(out(driver), ['1:dhl:0']);
  restored.input<Row>(ids.shipments).pipe({ order_id: 2, carrier: 'ups', ts: T0 + 11_000 }); // within 2's range [2 s, 12 s]
  restored.input<Row>(ids.orders).pipe({ id: 3, customer_id: 1, amount: 1, ts: T0 + 30_000 }); // watermarks: orders 29 s, shipments 10 s
  restored.input<Row>(ids.shipments).pipe({ order_id: 9, carrier: 'x', ts: T0 + 40_000 }); // shipments' watermark 39 s
  restored.input<Row>(ids.orders).pipe({ id: 4, customer_id: 1, amount: 1, ts: T0 + 1000 }); // behind the watermark (29 s): late
  assert.deepEqual(out(restored), ['2:ups:2000']);
  assert.equal(restored.metric('lateRecordsDropped'), 1);
  restored.endOfInput();
  assert.deepEqual(out(restored), ['3:null:30000'], 'the unmatched order, padded once event time passes its range');
});

const VERSIONED = `CREATE TABLE rates (currency STRING, rate DOUBLE, ts TIMESTAMP(3), PRIMARY KEY (currency) NOT ENFORCED,
  WATERMARK FOR ts AS ts) WITH ('connector' = 'sluice-memory', 'name' = 'rates');
CREATE TABLE pay (id INT, currency STRING, ts TIMESTAMP(3), pt AS PROCTIME(), WATERMARK FOR ts AS ts)
  WITH ('connector' = 'sluice-memory', 'name' = 'pay');`;

test('FOR SYSTEM_TIME AS OF a left rowtime plans a temporal join keyed by the versioned table\'s primary key', () => {
  const text = explained('SELECT p.id, r.rate FROM pay p JOIN rates FOR SYSTEM_TIME AS OF p.ts AS r ON p.currency = r.currency AND p.id > 1', VERSIONED);
  assert.match(text, /TemporalJoin\(joinType=\[InnerJoin\], keys=\[currency=currency\], asOf=\[left\.ts\], version=\[right\.ts\], where=\[id > 1\]/);
});

test('temporal joins that cannot run are refused at their position: a lookup join on a table without lookups, a column that is no time attribute, the key missing', () => {
  const planner = plannerWith(TABLES, VERSIONED);
  const proctime = sqlError(() => plan(planner, 'SELECT p.id FROM pay p JOIN rates FOR SYSTEM_TIME AS OF p.pt AS r ON p.currency = r.currency'));
  assert.match(proctime.message, /^SQL error at 1:29: a lookup join \(FOR SYSTEM_TIME AS OF a processing-time attribute\) needs a table whose connector offers lookups \(jdbc\); 'rates' has connector 'sluice-memory'/);
  const notTime = sqlError(() => plan(planner, `SELECT t.currency FROM (SELECT currency, MAX(ts) AS ts FROM pay GROUP BY currency) t
    JOIN rates FOR SYSTEM_TIME AS OF t.ts AS r ON t.currency = r.currency`));
  assert.match(notTime.message, /^SQL error at 2:38: FOR SYSTEM_TIME AS OF needs a time attribute of the left input; 'ts' is not one/);
  const key = sqlError(() => plan(planner, 'SELECT p.id FROM pay p JOIN rates FOR SYSTEM_TIME AS OF p.ts AS r ON p.id = r.rate'));
  assert.match(key.message, /must equate the versioned table's primary key with the left input; missing: currency/);
});

test('a SQL window join and a temporal join survive a checkpoint, crash and restore, and drop late rows', () => {
  const windowed = select(plannerWith(TABLES), `SELECT o.id, s.carrier, o.window_start
    FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' SECOND)) o
    FULL JOIN TABLE(TUMBLE(TABLE shipments, DESCRIPTOR(ts), INTERVAL '10' SECOND)) s
    ON o.window_start = s.window_start AND o.window_end = s.window_end AND o.id = s.order_id`).toPlan(memorySink());
  const w = inputs(windowed);
  const first = new TestDriver(windowed);
  first.input<Row>(w.orders).pipeAll([{ id: 1, customer_id: 1, amount: 1, ts: T0 + 1000 }, { id: 2, customer_id: 1, amount: 1, ts: T0 + 2000 }]);
  first.input<Row>(w.shipments).pipe({ order_id: 1, carrier: 'dhl', ts: T0 + 9000 });
  const second = TestDriver.restore(windowed, first.checkpoint());
  second.input<Row>(w.shipments).pipe({ order_id: 2, carrier: 'ups', ts: T0 + 12_000 }); // the next window: 2 stays alone
  second.input<Row>(w.orders).pipe({ id: 3, customer_id: 1, amount: 1, ts: T0 + 15_000 }); // watermarks 14 s and 11 s: the first window fires
  second.input<Row>(w.orders).pipe({ id: 4, customer_id: 1, amount: 1, ts: T0 + 500 }); // its window fired: late
  const rows = (d: TestDriver, sink: string): string[] => d.output<Row>(sink).read().map((r) => `${r.id}:${r.carrier}:${r.window_start === null ? null : (r.window_start as number) - T0}`);
  assert.deepEqual(rows(second, windowed.sinks[0].id).sort(), ['1:dhl:0', '2:null:0']);
  assert.equal(second.metric('lateRecordsDropped'), 1);
  second.endOfInput();
  assert.deepEqual(rows(second, windowed.sinks[0].id).sort(), ['3:null:10000', 'null:ups:null'], 'a padded right row has no left window_start');

  const temporal = select(plannerWith(TABLES, VERSIONED), 'SELECT p.id, r.rate FROM pay p LEFT JOIN rates FOR SYSTEM_TIME AS OF p.ts AS r ON p.currency = r.currency').toPlan(memorySink());
  const t = inputs(temporal);
  const before = new TestDriver(temporal);
  before.input<Row>(t.rates).pipe({ currency: 'EUR', rate: 1.1, ts: T0 });
  before.input<Row>(t.pay).pipeAll([{ id: 1, currency: 'EUR', ts: T0 + 5000 }, { id: 2, currency: 'USD', ts: T0 + 6000 }]);
  const after = TestDriver.restore(temporal, before.checkpoint());
  after.input<Row>(t.rates).pipe({ currency: 'EUR', rate: 1.2, ts: T0 + 4000 }); // older than payment 1: it applies
  after.input<Row>(t.rates).pipe({ currency: 'EUR', rate: 1.3, ts: T0 + 8000 }); // the rates' watermark passes both payments
  // A restored join learns an input's watermark from that input's next record (the runtime does not
  // checkpoint an operator's per-input watermarks), so the payments move on too.
  after.input<Row>(t.pay).pipe({ id: 3, currency: 'EUR', ts: T0 + 7000 });
  assert.deepEqual(after.output<Row>(temporal.sinks[0].id).read().map((r) => `${r.id}:${r.rate}`).sort(), ['1:1.2', '2:null', '3:1.2']);
});
