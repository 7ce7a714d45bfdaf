// The jdbc connector's checks that need no database: the URL, its options (a typo gets a did-you-mean),
// what is planned (per-key lookups, the TIMED reload), column types, an updating query into a table
// without a PRIMARY KEY, the SQL it writes, and an unreachable server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TableEnvironment } from 'sluice';
import { parseJdbcUrl } from '../../../src/connectors/jdbc/jdbc-url.ts';
import { deleteStatement, insertStatement, rowsPerStatement } from '../../../src/connectors/jdbc/jdbc-statements.ts';
import { registerMemoryTable } from '../../../src/connectors/memory/table-factory.ts';
import { freePorts } from '../../../scripts/kafka/ports.ts';

const URL_OPTIONS = "'connector' = 'jdbc', 'url' = 'jdbc:postgresql://127.0.0.1:5432/shop', 'table-name' = 'customers'";

test('a JDBC URL is read into host, port, database and parameters; other drivers and forms are refused by name', () => {
  assert.deepEqual(parseJdbcUrl('jdbc:postgresql://db.local:5433/shop?sslmode=disable'), { host: 'db.local', port: 5433, database: 'shop', params: { sslmode: 'disable' } });
  assert.deepEqual(parseJdbcUrl('jdbc:postgresql://db.local/shop'), { host: 'db.local', port: 5432, database: 'shop', params: {} });
  assert.throws(() => parseJdbcUrl('jdbc:mysql://db/shop'), /option 'url': 'jdbc:mysql:\/\/db\/shop': only PostgreSQL is supported \(got driver 'mysql'\)/);
  assert.throws(() => parseJdbcUrl('postgresql://db/shop'), /option 'url': 'postgresql:\/\/db\/shop' is not a JDBC URL; the form is 'jdbc:postgresql:\/\/host:port\/database'/);
  assert.throws(() => parseJdbcUrl('jdbc:postgresql://db.local:5432/'), /names no database/);
});

test('an unknown jdbc option is an error with a did-you-mean; a wrong value, driver or column type is named', () => {
  const tableEnv = TableEnvironment.create();
  assert.throws(() => tableEnv.executeSql(`CREATE TABLE c (id INT) WITH (${URL_OPTIONS}, 'lookup.cache.tll' = '1 min')`),
    /option 'lookup.cache.tll': is not an option of connector 'jdbc' \(table 'c'\)\. Did you mean 'lookup.cache.ttl'\?/);
  assert.throws(() => tableEnv.executeSql(`CREATE TABLE c (id INT) WITH (${URL_OPTIONS}, 'scan.fetch-size' = 'many')`),
    /option 'scan.fetch-size': must be an integer, got 'many'/);
  assert.throws(() => tableEnv.executeSql(`CREATE TABLE c (id INT) WITH (${URL_OPTIONS}, 'lookup.cache' = 'FULLL')`),
    /'FULLL' is not one of NONE, PARTIAL, FULL; did you mean 'FULL'\?/);
  tableEnv.executeSql(`CREATE TABLE d (id INT) WITH (${URL_OPTIONS}, 'driver' = 'com.mysql.cj.jdbc.Driver')`);
  assert.throws(() => tableEnv.sqlQuery('SELECT * FROM d'), /option 'driver': 'com.mysql.cj.jdbc.Driver' is not supported \(table 'd'\)/);
  tableEnv.executeSql(`CREATE TABLE e (tags ARRAY<STRING>) WITH (${URL_OPTIONS})`);
  assert.throws(() => tableEnv.sqlQuery('SELECT * FROM e'), /option 'tags': column type ARRAY<STRING> is not supported by the jdbc connector \(table 'e'\)/);
});

test('lookup joins need the FULL cache: NONE (the default), PARTIAL and the TIMED reload are refused as planned, at the table', () => {
  const tableEnv = TableEnvironment.create();
  tableEnv.executeSql("CREATE TABLE s (k INT, pt AS PROCTIME()) WITH ('connector' = 'datagen', 'number-of-rows' = '1')");
  const join = (table: string) => () => tableEnv.sqlQuery(`SELECT s.k, d.id FROM s JOIN ${table} FOR SYSTEM_TIME AS OF s.pt AS d ON s.k = d.id`);
  tableEnv.executeSql(`CREATE TABLE none (id INT) WITH (${URL_OPTIONS})`);
  assert.throws(join('none'), /^SqlValidationError: SQL error at 1:30: option 'lookup.cache': is 'NONE' \(the default\) \(table 'none'\), but lookups of one key at a time in PostgreSQL \(caches NONE and PARTIAL\) are planned; set 'lookup.cache' = 'FULL'/);
  tableEnv.executeSql(`CREATE TABLE legacy (id INT) WITH (${URL_OPTIONS}, 'lookup.cache.max-rows' = '100')`);
  assert.throws(join('legacy'), /option 'lookup.cache.max-rows': asks for a PARTIAL cache \(table 'legacy'\), but lookups of one key at a time/);
  tableEnv.executeSql(`CREATE TABLE mixed (id INT) WITH (${URL_OPTIONS}, 'lookup.cache' = 'FULL', 'lookup.partial-cache.max-rows' = '100')`);
  assert.throws(join('mixed'), /option 'lookup.partial-cache.max-rows': is an option of the PARTIAL cache, but 'lookup.cache' is 'FULL'/);
  tableEnv.executeSql(`CREATE TABLE timed (id INT) WITH (${URL_OPTIONS}, 'lookup.cache' = 'FULL', 'lookup.full-cache.reload-strategy' = 'TIMED')`);
  assert.throws(join('timed'), /TIMED \(a reload at a time of day\) is planned/);
  tableEnv.executeSql(`CREATE TABLE full_cache (id INT) WITH (${URL_OPTIONS}, 'lookup.cache' = 'FULL', 'lookup.full-cache.periodic-reload.interval' = '1 min')`);
  const explained = tableEnv.explainSql(`SELECT s.k, d.id FROM s LEFT JOIN full_cache FOR SYSTEM_TIME AS OF s.pt AS d ON s.k = d.id`);
  assert.match(explained, /LookupJoin/);
});

test('an updating query into a jdbc table without a PRIMARY KEY is refused, naming what produces the updates', () => {
  const tableEnv = TableEnvironment.create();
  tableEnv.executeSql("CREATE TABLE trades (symbol STRING, shares INT) WITH ('connector' = 'datagen', 'number-of-rows' = '1')");
  tableEnv.executeSql(`CREATE TABLE totals (symbol STRING, n BIGINT) WITH (${URL_OPTIONS})`);
  assert.throws(() => tableEnv.executeSql('INSERT INTO totals SELECT symbol, COUNT(*) FROM trades GROUP BY symbol'),
    /INSERT INTO totals: the query produces updates \(a non-windowed GROUP BY\); sink 'totals' \(connector 'jdbc'\) has no PRIMARY KEY, so it accepts only inserts; declare PRIMARY KEY \(…\) NOT ENFORCED on 'totals'/);
});

test('the sink writes multi-row upserts and deletes, batched under PostgreSQL\'s parameter limit', () => {
  const table = { sqlName: '"public"."t"', columns: new Map([['id', '"id"'], ['n', '"n"'], ['Name', '"Name"']]) };
  assert.deepEqual(insertStatement(table, ['id', 'n'], [[1, 2], [3, 4]], ['id']), {
    text: 'INSERT INTO "public"."t" ("id", "n") VALUES ($1, $2), ($3, $4) ON CONFLICT ("id") DO UPDATE SET "n" = EXCLUDED."n"', values: [1, 2, 3, 4],
  });
  assert.equal(insertStatement(table, ['id'], [[1]], ['id']).text, 'INSERT INTO "public"."t" ("id") VALUES ($1) ON CONFLICT ("id") DO NOTHING');
  assert.equal(insertStatement(table, ['id', 'Name'], [[1, 'a']]).text, 'INSERT INTO "public"."t" ("id", "Name") VALUES ($1, $2)');
  assert.deepEqual(deleteStatement(table, ['id', 'n'], [[1, 2], [3, 4]]), { text: 'DELETE FROM "public"."t" WHERE ("id", "n") IN (($1, $2), ($3, $4))', values: [1, 2, 3, 4] });
  assert.equal(rowsPerStatement(100, 4), 100);
  assert.equal(rowsPerStatement(100_000, 10), 6553);
});

test('an unreachable database fails the job naming the server, the database and the table', async () => {
  const [port] = await freePorts(1); // nothing listens there
  registerMemoryTable('one-row', [{ id: 1 }]);
  const tableEnv = TableEnvironment.create();
  tableEnv.executeSql("CREATE TABLE src (id INT) WITH ('connector' = 'sluice-memory', 'name' = 'one-row')");
  tableEnv.executeSql(`CREATE TABLE out (id INT) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://127.0.0.1:${port}/shop', 'table-name' = 'out', 'username' = 'app', 'sink.max-retries' = '1')`);
  await assert.rejects(tableEnv.executeSql('INSERT INTO out SELECT * FROM src').await(),
    new RegExp(`jdbc sink 'out': connecting failed after 2 tries: cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port}/shop as 'app' \\(table 'out'\\): .*ECONNREFUSED`));
});
