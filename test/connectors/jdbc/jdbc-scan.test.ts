// The jdbc table as a bounded source, against the real PostgreSQL: every row read, each column typed
// by the DDL as Flink maps PostgreSQL's types; the expected values come from PostgreSQL itself.
import assert from 'node:assert/strict';
import { afterEach } from 'node:test';
import { END, TableEnvironment } from 'sluice';
import { physical, tableDescriptor } from '../../../src/catalog/descriptors.ts';
import { DataTypes } from '../../../src/core/data-types.ts';
import { defaultConnectorRegistry } from '../../../src/engine/connector-registry.ts';
import { clearMemoryTables, memoryTableRows } from '../../../src/connectors/memory/table-factory.ts';
import { jdbcOptions, jdbcTarget, pgQuery, pgTest, uniqueTable } from './pg-env.ts';

afterEach(() => clearMemoryTables());

pgTest('a jdbc table scans every row through a cursor, each PostgreSQL type read as the DDL types it', async () => {
  const table = uniqueTable('scan');
  await pgQuery(`CREATE TABLE ${table} (id integer PRIMARY KEY, big bigint, price numeric(10, 2), name text, ok boolean,
    placed timestamp(3), day date, at_time time(3), ratio double precision, small smallint, raw bytea, stamp timestamptz)`);
  // 2 345 rows, some NULLs: more than a few fetches of 100.
  await pgQuery(`INSERT INTO ${table}
    SELECT i, i::bigint * 1000000007, (i % 1000) / 7.0, 'name-' || i, i % 3 = 0,
           timestamp '2024-01-01 00:00:00' + i * interval '1 minute 1.5 second', date '2024-01-01' + i, time '00:00:00' + i * interval '13.25 second',
           CASE WHEN i % 10 = 0 THEN NULL ELSE i / 8.0 END, (i % 30000)::smallint, int4send(i), timestamptz '2024-06-01 12:00:00+02' + i * interval '1 second'
    FROM generate_series(1, 2345) AS i`);
  const tableEnv = TableEnvironment.create();
  tableEnv.executeSql(`CREATE TABLE src (id INT, big BIGINT, price DECIMAL(10, 2), name STRING, ok BOOLEAN, placed TIMESTAMP(3),
    day DATE, at_time TIME(3), ratio DOUBLE, small SMALLINT, raw BYTES, stamp TIMESTAMP_LTZ(3), PRIMARY KEY (id) NOT ENFORCED)
    WITH (${jdbcOptions(table, { 'scan.fetch-size': '100' })})`);
  tableEnv.executeSql(`CREATE TABLE out (id INT, big BIGINT, price DECIMAL(10, 2), name STRING, ok BOOLEAN, placed TIMESTAMP(3),
    day DATE, at_time TIME(3), ratio DOUBLE, small SMALLINT, raw BYTES, stamp TIMESTAMP_LTZ(3)) WITH ('connector' = 'sluice-memory', 'name' = 'out')`);
  await tableEnv.executeSql('INSERT INTO out SELECT * FROM src').await();

  // PostgreSQL computes the engine's representation: epoch ms, days since 1970, ms of the day, hex bytes.
  const expected = await pgQuery(`SELECT id, big::text AS big, price::float8 AS price, name, ok,
      (extract(epoch FROM placed) * 1000)::float8 AS placed, (day - date '1970-01-01') AS day,
      (extract(epoch FROM at_time) * 1000)::float8 AS at_time, ratio, small, encode(raw, 'hex') AS raw,
      (extract(epoch FROM stamp) * 1000)::float8 AS stamp
    FROM ${table} ORDER BY id`);
  const actual = memoryTableRows('out').sort((a, b) => (a.id as number) - (b.id as number)).map((row) => ({
    ...row, big: String(row.big), raw: Buffer.from(row.raw as Uint8Array).toString('hex'),
  }));
  assert.equal(actual.length, 2345);
  assert.deepEqual(actual, expected);
});

pgTest('a scan of an empty table ends at once with no rows', async () => {
  const table = uniqueTable('empty');
  await pgQuery(`CREATE TABLE ${table} (id integer, name text)`);
  const tableEnv = TableEnvironment.create();
  tableEnv.executeSql(`CREATE TABLE src (id INT, name STRING) WITH (${jdbcOptions(table)})`);
  const rows = await tableEnv.sqlQuery('SELECT * FROM src').collect();
  assert.deepEqual(rows, []);
});

pgTest('a scan reader restored from a position resumes after the rows already read (ordered by the primary key)', async () => {
  const table = uniqueTable('resume');
  await pgQuery(`CREATE TABLE ${table} (id integer PRIMARY KEY, name text)`);
  // Inserted in reverse, so only ORDER BY the key gives ascending ids.
  await pgQuery(`INSERT INTO ${table} SELECT i, 'n' || i FROM generate_series(95, 1, -1) AS i`);
  const { url, username, password } = jdbcTarget();
  const source = defaultConnectorRegistry().createSource(tableDescriptor({
    name: 'src', columns: [physical('id', DataTypes.INT()), physical('name', DataTypes.STRING())], primaryKey: ['id'],
    options: { 'connector': 'jdbc', url, 'table-name': table, username, password, 'scan.fetch-size': '10' },
  }));
  const ctx = { taskIndex: 0, parallelism: 1, now: () => 0 };
  const [split] = await source.splits(ctx);
  const ids = async (position: unknown, batches: number): Promise<{ ids: number[]; position: unknown }> => {
    const reader = source.createReader(split, position, ctx);
    const out: number[] = [];
    for (let i = 0; i < batches; i++) {
      const batch = await reader.poll(1000);
      if (batch === END) break;
      out.push(...batch.values.map((r) => r.id as number));
    }
    const at = reader.position();
    await reader.close();
    return { ids: out, position: at };
  };
  const first = await ids(undefined, 3);
  assert.deepEqual(first.ids, Array.from({ length: 30 }, (_, i) => i + 1));
  const rest = await ids(first.position, 100);
  assert.deepEqual(rest.ids, Array.from({ length: 65 }, (_, i) => i + 31));
});
