// Lookup joins against the real PostgreSQL (`JOIN dim FOR SYSTEM_TIME AS OF s.proc_time`, the FULL
// cache): a bounded stream enriched equals PostgreSQL's own join of the same rows; an unbounded
// stream sees an updated dimension row after the periodic reload.
import assert from 'node:assert/strict';
import { afterEach } from 'node:test';
import { TableEnvironment } from 'sluice';
import { clearMemoryTables, memoryTableRows, registerMemoryTable } from '../../../src/connectors/memory/table-factory.ts';
import { jdbcOptions, pgQuery, pgTest, uniqueTable } from './pg-env.ts';

afterEach(() => clearMemoryTables());

pgTest('a LEFT lookup join enriches every order with its customer as PostgreSQL joins them (NULL keys and misses padded)', async () => {
  const customers = uniqueTable('customers');
  const ordersInPg = uniqueTable('orders');
  await pgQuery(`CREATE TABLE ${customers} (id integer PRIMARY KEY, name text, active boolean)`);
  await pgQuery(`INSERT INTO ${customers} SELECT i, 'customer-' || i, i % 4 <> 0 FROM generate_series(1, 40) AS i`);
  const orders = Array.from({ length: 300 }, (_, i) => ({ id: i, customer_id: i % 17 === 0 ? null : (i * 7) % 53, amount: (i * 31) % 1000 }));
  await pgQuery(`CREATE TABLE ${ordersInPg} (id integer, customer_id integer, amount integer)`);
  await pgQuery(`INSERT INTO ${ordersInPg} SELECT * FROM unnest($1::int[], $2::int[], $3::int[])`,
    [orders.map((o) => o.id), orders.map((o) => o.customer_id), orders.map((o) => o.amount)]);
  registerMemoryTable('orders', orders);

  const tableEnv = TableEnvironment.create();
  tableEnv.executeSql(`CREATE TABLE orders (id INT, customer_id INT, amount INT, pt AS PROCTIME())
    WITH ('connector' = 'sluice-memory', 'name' = 'orders')`);
  tableEnv.executeSql(`CREATE TABLE customers (id INT, name STRING, active BOOLEAN, PRIMARY KEY (id) NOT ENFORCED)
    WITH (${jdbcOptions(customers, { 'lookup.cache': 'FULL' })})`);
  const rows = await tableEnv.sqlQuery(`SELECT o.id, o.amount, c.name FROM orders AS o
    LEFT JOIN customers FOR SYSTEM_TIME AS OF o.pt AS c ON o.customer_id = c.id AND c.active`).collect();

  const expected = await pgQuery(`SELECT o.id, o.amount, c.name FROM ${ordersInPg} o
    LEFT JOIN ${customers} c ON o.customer_id = c.id AND c.active ORDER BY o.id`);
  assert.ok(expected.some((r) => r.name === null) && expected.some((r) => r.name !== null));
  assert.deepEqual([...rows].sort((a, b) => (a.id as number) - (b.id as number)).map((r) => ({ ...r })), expected);
});

/** Waits (on the sink's committed rows, up to two minutes on a loaded machine) until `seen` holds. */
async function until(seen: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!seen()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

pgTest('a FULL-cache lookup table reloads periodically: an updated row reaches the stream after the reload, never the old value after it', { timeout: 300_000 }, async () => {
  const dim = uniqueTable('dim');
  await pgQuery(`CREATE TABLE ${dim} (id integer PRIMARY KEY, name text)`);
  await pgQuery(`INSERT INTO ${dim} VALUES (1, 'one'), (2, 'two-v1'), (3, 'three')`);
  const tableEnv = TableEnvironment.create({ runOptions: { handleSignals: false } });
  tableEnv.executeSql(`CREATE TABLE clicks (k INT, pt AS PROCTIME()) WITH ('connector' = 'datagen', 'rows-per-second' = '200',
    'fields.k.min' = '1', 'fields.k.max' = '3')`);
  tableEnv.executeSql(`CREATE TABLE dim (id INT, name STRING) WITH (${jdbcOptions(dim, {
    'lookup.cache': 'FULL', 'lookup.full-cache.periodic-reload.interval': '200 ms' })})`);
  tableEnv.executeSql("CREATE TABLE enriched (k INT, name STRING) WITH ('connector' = 'sluice-memory', 'name' = 'enriched')");
  const job = tableEnv.executeSql('INSERT INTO enriched SELECT c.k, d.name FROM clicks AS c JOIN dim FOR SYSTEM_TIME AS OF c.pt AS d ON c.k = d.id').jobHandle!;
  try {
    const names = (): string[] => memoryTableRows('enriched').map((r) => `${String(r.k)}:${String(r.name)}`);
    await until(() => names().includes('2:two-v1'), "a row joined with 'two-v1'");
    await pgQuery(`UPDATE ${dim} SET name = 'two-v2' WHERE id = 2`);
    await until(() => names().includes('2:two-v2'), "a row joined with 'two-v2' after the reload");
    const seen = names();
    const firstNew = seen.indexOf('2:two-v2');
    await until(() => memoryTableRows('enriched').length > seen.length + 50, 'more rows after the change');
    const after = names().slice(firstNew);
    assert.ok(!after.includes('2:two-v1'), 'once the reloaded table is in place, the old value never comes back');
    for (const entry of names()) assert.match(entry, /^(1:one|2:two-v1|2:two-v2|3:three)$/);
  } finally {
    await job.stop();
  }
});

pgTest('errors name what is wrong: a wrong password, a missing table or column, a primary key PostgreSQL cannot upsert on', async () => {
  const table = uniqueTable('errs');
  await pgQuery(`CREATE TABLE ${table} (id integer, name text)`);
  registerMemoryTable('rows', [{ id: 1, name: 'a' }]);
  const run = async (ddl: string, options: string): Promise<Error> => {
    const tableEnv = TableEnvironment.create();
    tableEnv.executeSql("CREATE TABLE rows_in (id INT, name STRING) WITH ('connector' = 'sluice-memory', 'name' = 'rows')");
    tableEnv.executeSql(`CREATE TABLE target (${ddl}) WITH (${options})`);
    try {
      await tableEnv.executeSql('INSERT INTO target SELECT * FROM rows_in').await();
    } catch (error) {
      return error as Error;
    }
    return assert.fail('the job should have failed');
  };
  const password = await run('id INT, name STRING', jdbcOptions(table, { password: 'wrong' }));
  assert.match(password.message, /cannot connect to PostgreSQL at 127\.0\.0\.1:\d+\/sluice_test as 'sluice' \(table 'target'\): password authentication failed/);
  const missing = await run('id INT, name STRING', jdbcOptions(`${table}x`));
  assert.match(missing.message, new RegExp(`table 'target': PostgreSQL has no table '${table}x'; did you mean '${table}'\\?`));
  const column = await run('id INT, nmae STRING', jdbcOptions(table));
  assert.match(column.message, /PostgreSQL table "public"\."\w+" has no column 'nmae'; did you mean 'name'\? \(columns: id, name\)/);
  const key = await run('id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED', jdbcOptions(table));
  assert.match(key.message, /the PRIMARY KEY \(id\) of the table needs a primary key or unique index on the same columns in PostgreSQL table "public"\."\w+"/);
});
