import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScript, parseStatement } from '../../../src/api/sql/index.ts';
import type { CreateTable } from '../../../src/api/sql/index.ts';
import { shape, strip } from './helpers.ts';

test('CREATE TABLE reads physical, computed and metadata columns, watermark, key, partitions and options', () => {
  const sql = `
    CREATE TABLE IF NOT EXISTS db.trades (
      id BIGINT NOT NULL COMMENT 'trade id',
      price DOUBLE,
      cost AS price * 2,
      ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
      part INT METADATA,
      WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,
      PRIMARY KEY (id) NOT ENFORCED
    ) COMMENT 'trades' PARTITIONED BY (part) WITH ('connector' = 'kafka', 'topic' = 't')`;
  const t = parseStatement(sql) as CreateTable;
  assert.equal(t.kind, 'CreateTable');
  assert.deepEqual(t.name, ['db', 'trades']);
  assert.equal(t.ifNotExists, true);
  assert.deepEqual(t.columns.map((c) => `${c.kind}:${c.name}`), [
    'PhysicalColumn:id', 'PhysicalColumn:price', 'ComputedColumn:cost', 'MetadataColumn:ts', 'MetadataColumn:part',
  ]);
  assert.deepEqual(strip(t.columns[0]), {
    kind: 'PhysicalColumn', name: 'id', type: { kind: 'AtomicType', name: 'BIGINT', notNull: true }, comment: 'trade id',
  });
  assert.deepEqual(strip(t.columns[3]), {
    kind: 'MetadataColumn', name: 'ts', type: { kind: 'AtomicType', name: 'TIMESTAMP_LTZ', precision: 3, notNull: false },
    key: 'timestamp', virtual: true,
  });
  assert.equal(t.columns[2].kind === 'ComputedColumn' && shape(t.columns[2].expr), '(* price 2)');
  assert.deepEqual(t.watermark?.column, ['ts']);
  assert.deepEqual(strip(t.primaryKey), { columns: ['id'], enforced: false });
  assert.equal(t.comment, 'trades');
  assert.deepEqual(t.partitionedBy, ['part']);
  assert.deepEqual(strip(t.options), [{ key: 'connector', value: 'kafka' }, { key: 'topic', value: 't' }]);
  // an option knows where its key is, so the binder can point at a bad one
  assert.equal(t.options[1].pos.line, 10);
  assert.ok(sql.slice(t.options[1].pos.offset).startsWith("'topic'"));
});

test('the seed table: four columns, the watermark five seconds behind, kafka options in order', () => {
  const t = parseStatement(`CREATE TABLE stock_data (
    symbol STRING, shares INT, price DOUBLE, transaction_date TIMESTAMP(3),
    WATERMARK FOR transaction_date AS transaction_date - INTERVAL '5' SECOND
  ) WITH ('connector' = 'kafka', 'topic' = 'stock_topic', 'format' = 'json')`) as CreateTable;
  assert.deepEqual(t.columns.map((c) => (c.kind === 'PhysicalColumn' ? `${c.name} ${c.type.kind === 'AtomicType' ? c.type.name : ''}` : '')), [
    'symbol STRING', 'shares INT', 'price DOUBLE', 'transaction_date TIMESTAMP',
  ]);
  assert.deepEqual(strip(t.watermark?.expr), {
    kind: 'Binary', op: '-', left: { kind: 'Identifier', parts: ['transaction_date'] },
    right: { kind: 'IntervalLiteral', negative: false, value: '5', qualifier: { start: 'SECOND' } },
  });
  assert.deepEqual(t.options.map((o) => o.key), ['connector', 'topic', 'format']);
});

test('a column-level primary key and the LIKE clause', () => {
  const t = parseStatement("CREATE TABLE t (id INT CONSTRAINT pk PRIMARY KEY NOT ENFORCED) WITH ('a' = 'b') LIKE base (EXCLUDING ALL INCLUDING WATERMARKS)") as CreateTable;
  assert.deepEqual(t.columns[0].kind === 'PhysicalColumn' && t.columns[0].primaryKey, { name: 'pk', enforced: false });
  assert.deepEqual(t.like, { table: ['base'], options: [{ mode: 'EXCLUDING', feature: 'ALL' }, { mode: 'INCLUDING', feature: 'WATERMARKS' }] });
});

test('views, functions and drops', () => {
  assert.deepEqual(strip(parseStatement('CREATE TEMPORARY VIEW IF NOT EXISTS v (x) AS SELECT a FROM t')), strip({
    kind: 'CreateView', name: ['v'], temporary: true, ifNotExists: true, columns: ['x'],
    query: parseStatement('SELECT a FROM t'),
  }));
  assert.deepEqual(strip(parseStatement("CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS f AS 'a.B' LANGUAGE PYTHON")), {
    kind: 'CreateFunction', name: ['f'], temporary: true, system: true, ifNotExists: true, className: 'a.B', language: 'PYTHON', jars: [],
  });
  assert.deepEqual(strip(parseStatement("CREATE FUNCTION f AS 'udfs/text.ts:Upper' LANGUAGE TYPESCRIPT")), {
    kind: 'CreateFunction', name: ['f'], temporary: false, system: false, ifNotExists: false, className: 'udfs/text.ts:Upper', language: 'TYPESCRIPT', jars: [],
  });
  assert.deepEqual(strip(parseStatement('DROP TEMPORARY VIEW IF EXISTS db.v')), {
    kind: 'Drop', object: 'VIEW', name: ['db', 'v'], temporary: true, system: false, ifExists: true,
  });
});

test('INSERT INTO and OVERWRITE with columns, partition and hints', () => {
  const i = parseStatement("INSERT OVERWRITE t /*+ OPTIONS('a' = 'b') */ PARTITION (dt = '2024') (x, y) SELECT 1, 2");
  assert.ok(i.kind === 'Insert');
  assert.equal(i.overwrite, true);
  assert.deepEqual(i.columns, ['x', 'y']);
  assert.deepEqual(strip(i.partition), [{ key: 'dt', value: '2024' }]);
  assert.equal(i.hints[0].name, 'OPTIONS');
  assert.equal(i.query.body.kind, 'Select');
});

test('both statement-set spellings collect their INSERTs', () => {
  const exec = parseStatement('EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END');
  assert.ok(exec.kind === 'StatementSet' && exec.execute);
  assert.deepEqual(exec.inserts.map((i) => i.table[0]), ['a', 'b']);
  const script = parseScript('BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;\nSELECT 3;');
  assert.deepEqual(script.map((s) => s.kind), ['StatementSet', 'Query']);
  assert.ok(script[0].kind === 'StatementSet' && !script[0].execute && script[0].inserts.length === 2);
});

test('a script splits on top-level semicolons only', () => {
  const script = parseScript(`
    SET 'pipeline.name' = 'a;b';  -- a comment; with a semicolon
    /* block; comment */ CREATE TABLE t (a INT) WITH ('connector' = 'datagen');;
    EXECUTE STATEMENT SET BEGIN INSERT INTO s SELECT ';' FROM t; END;
    SELECT a FROM t`);
  assert.deepEqual(script.map((s) => s.kind), ['Set', 'CreateTable', 'StatementSet', 'Query']);
  assert.ok(script[0].kind === 'Set' && script[0].property?.value === 'a;b');
  assert.deepEqual(parseScript(' ;; -- nothing\n'), []);
});

test('utility statements: SET, RESET, SHOW, DESCRIBE, EXPLAIN, USE', () => {
  assert.deepEqual(strip(parseStatement("SET 'k' = 'v'")), { kind: 'Set', property: { key: 'k', value: 'v' } });
  assert.deepEqual(strip(parseStatement('SET;')), { kind: 'Set' });
  assert.deepEqual(strip(parseStatement("RESET 'k'")), { kind: 'Reset', key: 'k' });
  assert.deepEqual(strip(parseStatement('RESET')), { kind: 'Reset' });
  for (const what of ['TABLES', 'VIEWS', 'FUNCTIONS', 'CATALOGS', 'DATABASES']) {
    assert.deepEqual(strip(parseStatement(`show ${what.toLowerCase()}`)), { kind: 'Show', object: what });
  }
  assert.deepEqual(strip(parseStatement("SHOW TABLES IN db LIKE 'a%'")), { kind: 'Show', object: 'TABLES', from: ['db'], like: { pattern: 'a%', negated: false } });
  assert.deepEqual(strip(parseStatement('DESC t')), { kind: 'Describe', name: ['t'], extended: false });
  assert.deepEqual(strip(parseStatement('DESCRIBE cat.db.t')), { kind: 'Describe', name: ['cat', 'db', 't'], extended: false });
  const explain = parseStatement('EXPLAIN PLAN FOR INSERT INTO s SELECT * FROM t');
  assert.ok(explain.kind === 'Explain' && explain.planFor && explain.statement.kind === 'Insert');
  const details = parseStatement('EXPLAIN CHANGELOG_MODE, JSON_EXECUTION_PLAN SELECT 1');
  assert.ok(details.kind === 'Explain' && details.details.join() === 'CHANGELOG_MODE,JSON_EXECUTION_PLAN');
  assert.deepEqual(strip(parseStatement('USE CATALOG c')), { kind: 'Use', catalog: true, name: ['c'] });
  assert.deepEqual(strip(parseStatement('use db')), { kind: 'Use', catalog: false, name: ['db'] });
});

test('keywords are case-insensitive and names keep their case', () => {
  const q = parseStatement('select Symbol from Stock_Data where PRICE > 1');
  assert.ok(q.kind === 'Query' && q.body.kind === 'Select');
  assert.deepEqual(strip(q.body.items[0]), { kind: 'SelectExpr', expr: { kind: 'Identifier', parts: ['Symbol'] } });
  assert.ok(q.body.from?.kind === 'TableName' && q.body.from.name[0] === 'Stock_Data');
});

test('statements record where they start', () => {
  const [a, b] = parseScript('SET;\n\n  SELECT 1');
  assert.deepEqual(a.pos, { line: 1, column: 1, offset: 0 });
  assert.deepEqual(b.pos, { line: 3, column: 3, offset: 8 });
});
