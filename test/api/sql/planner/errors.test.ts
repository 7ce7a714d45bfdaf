import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plan, plannerWith, sqlError, STOCK_DATA } from './helpers.ts';

const NO_WATERMARK = "CREATE TABLE plain (symbol STRING, ts TIMESTAMP(3)) WITH ('connector' = 'sluice-memory', 'name' = 'plain')";

test('an unknown column is reported at its position with a near miss', () => {
  const e = sqlError(() => plan(plannerWith(STOCK_DATA), 'SELECT symbol, prize FROM stock_data'));
  assert.equal(e.line, 1);
  assert.equal(e.column, 16);
  assert.match(e.problem, /^unknown column 'prize'; did you mean 'price'\?; available: symbol, shares, price, transaction_date$/);
});

test('a column differing only in case gets a case-sensitivity hint', () => {
  const e = sqlError(() => plan(plannerWith(STOCK_DATA), 'SELECT Symbol FROM stock_data'));
  assert.match(e.problem, /names are case-sensitive: did you mean 'symbol'/);
});

test('an unknown table is reported at the FROM reference, listing the known tables', () => {
  const e = sqlError(() => plan(plannerWith(STOCK_DATA), 'SELECT *\nFROM stock'));
  assert.deepEqual([e.line, e.column], [2, 6]);
  assert.match(e.problem, /table 'stock' not found; known tables: stock_data/);
});

test('an unknown function is reported with a suggestion', () => {
  const e = sqlError(() => plan(plannerWith(STOCK_DATA), 'SELECT UPPPER(symbol) FROM stock_data'));
  assert.deepEqual([e.line, e.column], [1, 8]);
  assert.match(e.problem, /unknown function 'UPPPER'; did you mean 'UPPER'\?/);
});

test("a type error from the expression layer carries the SQL position and a caret: SQL error at 2:8: cannot apply '+' to STRING and INT", () => {
  const sql = 'SELECT symbol,\n       symbol + 1 AS x\nFROM stock_data';
  const e = sqlError(() => plan(plannerWith(STOCK_DATA), sql));
  assert.equal(e.message.split('\n')[0], "SQL error at 2:8: cannot apply '+' to STRING and INT (expects numeric + numeric)");
  assert.equal(e.message, "SQL error at 2:8: cannot apply '+' to STRING and INT (expects numeric + numeric)\n         symbol + 1 AS x\n         ^");
  assert.equal(e.format(sql), "2:8: cannot apply '+' to STRING and INT (expects numeric + numeric)\n         symbol + 1 AS x\n         ^");
});

test('a window over a column that is not a time attribute names the column', () => {
  const e = sqlError(() => plan(plannerWith(NO_WATERMARK), "SELECT symbol, COUNT(*) FROM plain GROUP BY symbol, TUMBLE(ts, INTERVAL '1' HOUR)"));
  assert.deepEqual([e.line, e.column], [1, 60]);
  assert.match(e.problem, /^TUMBLE\(ts, …\): column 'ts' is not a time attribute; declare WATERMARK FOR ts AS ts - INTERVAL/);
  const tvf = sqlError(() => plan(plannerWith(NO_WATERMARK), "SELECT COUNT(*) FROM TABLE(TUMBLE(TABLE plain, DESCRIPTOR(ts), INTERVAL '1' HOUR)) GROUP BY window_start, window_end"));
  assert.match(tvf.problem, /column 'ts' is not a time attribute/);
});

test('a window property must repeat the GROUP BY window', () => {
  const e = sqlError(() => plan(plannerWith(STOCK_DATA),
    "SELECT TUMBLE_START(transaction_date, INTERVAL '2' HOUR) FROM stock_data GROUP BY TUMBLE(transaction_date, INTERVAL '1' HOUR)"));
  assert.match(e.problem, /must repeat the group window of GROUP BY: TUMBLE\(transaction_date, INTERVAL '1' HOUR\)/);
});

test('a column neither grouped nor aggregated is an error at its position', () => {
  const e = sqlError(() => plan(plannerWith(STOCK_DATA), 'SELECT symbol, price FROM stock_data GROUP BY symbol'));
  assert.deepEqual([e.line, e.column], [1, 16]);
  assert.match(e.problem, /column 'price' is neither grouped nor aggregated/);
});

test('aggregates are rejected in WHERE; a window TVF must be aggregated', () => {
  const where = sqlError(() => plan(plannerWith(STOCK_DATA), 'SELECT symbol FROM stock_data WHERE SUM(shares) > 1'));
  assert.match(where.problem, /aggregate function SUM\(…\) is not allowed in WHERE/);
  const tvf = sqlError(() => plan(plannerWith(STOCK_DATA), "SELECT * FROM TABLE(TUMBLE(TABLE stock_data, DESCRIPTOR(transaction_date), INTERVAL '1' MINUTE))"));
  assert.match(tvf.problem, /must be aggregated: GROUP BY window_start, window_end/);
});

test('an updating query into an insert-only sink is rejected with the remedy', () => {
  const planner = plannerWith(STOCK_DATA, "CREATE TABLE counts (symbol STRING, n BIGINT) WITH ('connector' = 'kafka', 'topic' = 'counts', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json')");
  const e = sqlError(() => plan(planner, 'INSERT INTO counts\nSELECT symbol, COUNT(*) FROM stock_data GROUP BY symbol'));
  assert.deepEqual([e.line, e.column], [2, 1]);
  assert.equal(e.problem, "INSERT INTO counts: the query produces updates (a non-windowed GROUP BY); sink 'counts' (connector 'kafka') accepts only inserts; use 'upsert-kafka' with a PRIMARY KEY, or a windowed aggregation");
});

test('INSERT checks the column count and types against the sink', () => {
  const planner = plannerWith(STOCK_DATA, "CREATE TABLE out (symbol STRING, n INT) WITH ('connector' = 'blackhole')");
  assert.match(sqlError(() => plan(planner, 'INSERT INTO out SELECT symbol FROM stock_data')).problem, /the query has 1 columns \(symbol\), the sink takes 2/);
  assert.match(sqlError(() => plan(planner, 'INSERT INTO out SELECT symbol, price FROM stock_data')).problem,
    /column 2 \('price'\) is DOUBLE, but sink column 'n' is INT; CAST it/);
});

test('a bad WITH option is reported at the option, with the connector\'s message', () => {
  const sql = `CREATE TABLE t (a INT) WITH (
    'connector' = 'sluice-log',
    'topic' = 't',
    'scan.startup.mode' = 'earliest'
  )`;
  const e = sqlError(() => plan(plannerWith(), sql));
  assert.deepEqual([e.line, e.column], [4, 5]);
  assert.match(e.problem, /option 'scan.startup.mode': 'earliest' is not one of earliest-offset, latest-offset, group-offsets/);
  const typo = sqlError(() => plan(plannerWith(), "CREATE TABLE t (a INT) WITH ('connector' = 'sluice-log', 'topik' = 't')"));
  assert.equal(typo.column, 58);
  assert.match(typo.problem, /option 'topik': is not an option of connector 'sluice-log'.*Did you mean 'topic'\?/);
  const connector = sqlError(() => plan(plannerWith(), "CREATE TABLE t (a INT) WITH ('connector' = 'kafak')"));
  assert.match(connector.problem, /unknown connector 'kafak'.*did you mean 'kafka'\?/);
});

test('WATERMARK must be on a TIMESTAMP(3) column with a timestamp expression; PRIMARY KEY must be NOT ENFORCED', () => {
  const wrongType = sqlError(() => plan(plannerWith(), "CREATE TABLE t (a INT, WATERMARK FOR a AS a) WITH ('connector' = 'datagen')"));
  assert.match(wrongType.problem, /the rowtime column must be TIMESTAMP\(3\) or TIMESTAMP_LTZ\(3\), got INT/);
  const expression = sqlError(() => plan(plannerWith(), "CREATE TABLE t (ts TIMESTAMP(3), n INT, WATERMARK FOR ts AS n + 1) WITH ('connector' = 'datagen')"));
  assert.deepEqual([expression.line, expression.column], [1, 61]);
  assert.match(expression.problem, /the watermark expression must be TIMESTAMP\(3\) or TIMESTAMP_LTZ\(3\) .*, got INT/);
  const key = sqlError(() => plan(plannerWith(), "CREATE TABLE t (id INT PRIMARY KEY, v INT) WITH ('connector' = 'datagen')"));
  assert.match(key.problem, /PRIMARY KEY must be NOT ENFORCED/);
});

test('a view that does not plan is rejected when created', () => {
  const e = sqlError(() => plan(plannerWith(STOCK_DATA), 'CREATE VIEW v AS SELECT nope FROM stock_data'));
  assert.match(e.problem, /unknown column 'nope'/);
});

test('joins not built yet are reported as not supported yet, and OVER calls outside the select list as not allowed there, at their position', () => {
  const join = sqlError(() => plan(plannerWith(STOCK_DATA), 'SELECT * FROM stock_data a JOIN stock_data b USING (symbol)'));
  assert.match(join.problem, /USING joins are not supported yet/);
  const over = sqlError(() => plan(plannerWith(STOCK_DATA), 'SELECT symbol FROM stock_data WHERE SUM(shares) OVER (PARTITION BY symbol ORDER BY transaction_date) > 1'));
  assert.deepEqual([over.line, over.column], [1, 37]);
  assert.match(over.problem, /SUM\(…\) OVER … is not allowed in WHERE/);
  const grouped = sqlError(() => plan(plannerWith(STOCK_DATA), 'SELECT symbol, SUM(shares) OVER (ORDER BY transaction_date) FROM stock_data GROUP BY symbol'));
  assert.match(grouped.problem, /OVER calls in a SELECT with GROUP BY or aggregates are not supported yet/);
});
