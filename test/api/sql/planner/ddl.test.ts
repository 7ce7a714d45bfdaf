import { test } from 'node:test';
import assert from 'node:assert/strict';
import { typeToString } from '../../../../src/core/data-types.ts';
import type { PlannedStatement } from '../../../../src/api/sql/planner/index.ts';
import { plan, plannerWith, rowsOf, sqlError, STOCK_DATA } from './helpers.ts';

test('CREATE TABLE puts a typed descriptor in the catalog: physical, computed and metadata columns, key, watermark, options', () => {
  const planner = plannerWith(`CREATE TABLE orders (
      id BIGINT,
      price DECIMAL(10, 2),
      qty INT,
      cost AS price * qty,
      ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
      name VARCHAR,
      PRIMARY KEY (id) NOT ENFORCED,
      WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE
    ) COMMENT 'all orders' WITH ('connector' = 'sluice-log', 'topic' = 'orders', 'format' = 'json')`);
  const table = planner.catalog.getTable('orders')!;
  assert.deepEqual(table.columns.map((c) => `${c.kind} ${c.name} ${c.type!.kind === 'DECIMAL' ? `DECIMAL(_, ${c.type!.scale})` : typeToString(c.type!)}`), [
    'physical id BIGINT NOT NULL', 'physical price DECIMAL(_, 2)', 'physical qty INT', 'computed cost DECIMAL(_, 2)',
    'metadata ts TIMESTAMP_LTZ(3)', 'physical name STRING',
  ], 'computed columns get the type of their expression; VARCHAR without a length is STRING');
  assert.deepEqual(table.primaryKey, ['id']);
  assert.equal(table.watermark?.column, 'ts');
  assert.equal(table.watermark?.text, "ts - INTERVAL '1' MINUTE");
  assert.deepEqual(table.options, { connector: 'sluice-log', topic: 'orders', format: 'json' });
  assert.equal(table.comment, 'all orders');
});

test('CREATE TABLE IF NOT EXISTS keeps the first table; a second CREATE fails at the statement', () => {
  const planner = plannerWith(STOCK_DATA);
  plan(planner, "CREATE TABLE IF NOT EXISTS stock_data (x INT) WITH ('connector' = 'datagen')");
  assert.equal(planner.catalog.getTable('stock_data')!.columns.length, 4);
  const e = sqlError(() => plan(planner, "CREATE TABLE stock_data (x INT) WITH ('connector' = 'datagen')"));
  assert.match(e.problem, /table 'stock_data' already exists/);
});

test('CREATE TABLE … LIKE merges the base table, overwriting options', () => {
  const planner = plannerWith(STOCK_DATA);
  plan(planner, "CREATE TABLE recent WITH ('name' = 'recent') LIKE stock_data");
  const table = planner.catalog.getTable('recent')!;
  assert.deepEqual(table.columns.map((c) => c.name), ['symbol', 'shares', 'price', 'transaction_date']);
  assert.equal(table.watermark?.column, 'transaction_date');
  assert.deepEqual(table.options, { connector: 'sluice-memory', name: 'recent' });
});

test('CREATE VIEW stores the query; DROP removes tables and views; DROP … IF EXISTS of nothing is fine', () => {
  const planner = plannerWith(STOCK_DATA);
  plan(planner, 'CREATE VIEW big (s, n) AS SELECT symbol, shares FROM stock_data WHERE shares > 1000');
  assert.deepEqual(planner.catalog.getView('big')?.columns, ['s', 'n']);
  assert.equal(planner.catalog.getView('big')?.text, 'SELECT symbol, shares FROM stock_data WHERE shares > 1000');
  plan(planner, 'DROP VIEW big');
  plan(planner, 'DROP TABLE stock_data');
  plan(planner, 'DROP TABLE IF EXISTS stock_data');
  assert.deepEqual(planner.catalog.listTables(), []);
  assert.match(sqlError(() => plan(planner, 'DROP TABLE stock_data')).problem, /table 'stock_data' not found/);
});

test('SET and RESET change the session configuration; SET alone lists it', () => {
  const planner = plannerWith();
  plan(planner, "SET 'table.exec.source.idle-timeout' = '10 s'");
  plan(planner, "SET 'execution.runtime-mode' = 'batch'");
  assert.equal(planner.mode, 'batch');
  const listed = plan(planner, 'SET');
  assert.equal(listed.kind, 'table');
  assert.deepEqual(rowsOf(listed), [
    { key: 'execution.runtime-mode', value: 'batch' }, { key: 'table.exec.source.idle-timeout', value: '10 s' },
  ]);
  plan(planner, "RESET 'execution.runtime-mode'");
  assert.equal(planner.mode, 'streaming');
});

test("the idle timeout setting reaches the source's watermark strategy", () => {
  const planner = plannerWith(STOCK_DATA);
  plan(planner, "SET 'table.exec.source.idle-timeout' = '10 s'");
  const planned = plan(planner, 'SELECT * FROM stock_data');
  const node = (planned as { select: { relation: { node: { kind: string; watermark?: { idleTimeout?: number } } } } }).select.relation.node;
  assert.equal(node.watermark?.idleTimeout, 10_000);
});

test('SHOW TABLES lists tables and views, with LIKE; DESCRIBE shows columns the way the SQL client does', () => {
  const planner = plannerWith(STOCK_DATA, 'CREATE VIEW symbols AS SELECT DISTINCT symbol FROM stock_data');
  const tables = plan(planner, "SHOW TABLES LIKE 'stock%'");
  assert.deepEqual(rowsOf(tables), [{ 'table name': 'stock_data' }]);
  const all = plan(planner, 'SHOW TABLES');
  assert.deepEqual(rowsOf(all), [{ 'table name': 'stock_data' }, { 'table name': 'symbols' }]);
  const described = plan(planner, 'DESCRIBE stock_data');
  const rows = rowsOf(described);
  assert.deepEqual(rows[3], {
    name: 'transaction_date', type: 'TIMESTAMP(3) *ROWTIME*', null: true, key: '', extras: '',
    watermark: "transaction_date - INTERVAL '5' SECOND",
  });
});

test('SHOW CREATE TABLE gives DDL that creates the same table again', () => {
  const planner = plannerWith(STOCK_DATA);
  const shown = plan(planner, 'SHOW CREATE TABLE stock_data');
  const ddl = rowsOf(shown)[0].result as string;
  const again = plannerWith(ddl.replace('CREATE TABLE stock_data', 'CREATE TABLE copy'));
  assert.deepEqual(again.catalog.getTable('copy')!.columns, planner.catalog.getTable('stock_data')!.columns);
});

test('a statement set plans one job with a sink per INSERT', () => {
  const planner = plannerWith(STOCK_DATA,
    "CREATE TABLE a (symbol STRING) WITH ('connector' = 'blackhole')",
    "CREATE TABLE b (symbol STRING, shares INT) WITH ('connector' = 'blackhole')");
  const planned = plan(planner, 'EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT symbol FROM stock_data; INSERT INTO b SELECT symbol, shares FROM stock_data WHERE shares > 10; END');
  assert.equal(planned.kind, 'insert');
  const { plan: job, tables } = planned as Extract<PlannedStatement, { kind: 'insert' }>;
  assert.deepEqual(tables, ['a', 'b']);
  assert.equal(job.sinks.length, 2);
  assert.notEqual(job.sinks[0].id, job.sinks[1].id);
});

test('CREATE FUNCTION with a Java class name is rejected with the JavaScript module form', () => {
  const e = sqlError(() => plan(plannerWith(), "CREATE FUNCTION f AS 'com.example.F'"));
  assert.match(e.problem, /'com\.example\.F' looks like a JVM class name, but Sluice runs JavaScript\/TypeScript functions: AS 'path\/to\/module\.ts:ExportName'/);
});
