// `npm run bench -- jdbc`: rows upserted into PostgreSQL by the jdbc sink (SQL INSERT INTO a table with
// a PRIMARY KEY) next to a hand-written loop with the `pg` client sending the same multi-row
// INSERT … ON CONFLICT statements in one transaction, alternated round by round in one process against
// one throw-away server (scripts/postgres/server.ts; or PG_URL). Both must leave the same table.
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { TableEnvironment } from 'sluice';
import { registerMemoryTable } from '../../src/connectors/memory/table-factory.ts';
import { startPostgres, type PostgresServer } from '../../scripts/postgres/server.ts';
import { median, timed } from '../bench-stats.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 1000;
/** The engine's commit interval (ms); unset = the runtime's default (every 200 ms without checkpointing). */
const COMMIT_INTERVAL = process.env.BENCH_COMMIT_INTERVAL_MS === undefined ? undefined : Number(process.env.BENCH_COMMIT_INTERVAL_MS);
const TABLE = 'bench_orders';

type Order = { id: number; customer: string; amount: number };

function orders(count: number): Order[] {
  return Array.from({ length: count }, (_, i) => ({ id: i, customer: `customer-${i % 997}`, amount: (i * 37) % 10_000 }));
}

/** The hand loop: multi-row upserts of BATCH rows, all in one transaction. */
async function runHandLoop(url: string, rows: readonly Order[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (let i = 0; i < rows.length; i += BATCH) {
      const chunk = rows.slice(i, i + BATCH);
      const values: unknown[] = [];
      const tuples = chunk.map((r) => {
        values.push(r.id, r.customer, r.amount);
        return `($${values.length - 2}, $${values.length - 1}, $${values.length})`;
      });
      await client.query(`INSERT INTO ${TABLE} (id, customer, amount) VALUES ${tuples.join(', ')}
        ON CONFLICT (id) DO UPDATE SET customer = EXCLUDED.customer, amount = EXCLUDED.amount`, values);
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/** The engine: a bounded in-process table → INSERT INTO a jdbc table (upsert, BATCH rows a statement). */
async function runEngine(server: PostgresServer, user: string, password: string): Promise<void> {
  const tableEnv = TableEnvironment.create({ runOptions: { handleSignals: false, ...(COMMIT_INTERVAL === undefined ? {} : { checkpointInterval: COMMIT_INTERVAL }) } });
  tableEnv.executeSql("CREATE TABLE src (id INT, customer STRING, amount INT) WITH ('connector' = 'sluice-memory', 'name' = 'bench_orders')");
  tableEnv.executeSql(`CREATE TABLE dst (id INT, customer STRING, amount INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'jdbc',
    'url' = '${server.jdbcUrl}', 'table-name' = '${TABLE}', 'username' = '${user}', 'password' = '${password}',
    'sink.buffer-flush.max-rows' = '${BATCH}')`);
  await tableEnv.executeSql('INSERT INTO dst SELECT * FROM src').await();
}

async function tableSummary(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT count(*)::text AS n, sum(amount)::text AS total, count(DISTINCT customer)::text AS customers FROM ${TABLE}`);
    await client.query(`TRUNCATE ${TABLE}`);
    return JSON.stringify(rows[0]);
  } finally {
    await client.end();
  }
}

/**
 * Runs the jdbc sink benchmark and prints both rates and the ratio; fails when the two leave different tables.
 *
 * @example
 * await benchJdbc(); // BENCH_RECORDS=200000 BENCH_ROUNDS=3
 */
export async function benchJdbc(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  const began = Date.now();
  const server = await startPostgres();
  console.log(`PostgreSQL started in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  const { username, password } = new URL(server.url);
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const version = (await admin.query('SHOW server_version')).rows[0].server_version as string;
    await admin.query(`CREATE TABLE ${TABLE} (id integer PRIMARY KEY, customer text, amount integer)`);
    await admin.end();
    console.log(`PostgreSQL ${version}; input: ${RECORDS} rows upserted into an empty table, ${BATCH} rows a statement; ${ROUNDS} rounds each, alternating; median reported`);
    const rows = orders(RECORDS);
    registerMemoryTable('bench_orders', rows);
    const hand: number[] = [];
    const engine: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      hand.push((await timed(() => runHandLoop(server.url, rows))).ms);
      const handTable = await tableSummary(server.url);
      engine.push((await timed(() => runEngine(server, username, password))).ms);
      const engineTable = await tableSummary(server.url);
      if (handTable !== engineTable) throw new Error(`the engine and the hand loop left different tables: ${engineTable} vs ${handTable}`);
      if (round === 0) console.log(`both left ${handTable}`);
    }
    const handRate = RECORDS / (median(hand) / 1000);
    const engineRate = RECORDS / (median(engine) / 1000);
    console.log(`hand loop (pg):   ${Math.round(handRate).toLocaleString('en')} rows/s`);
    console.log(`engine (jdbc):    ${Math.round(engineRate).toLocaleString('en')} rows/s`);
    console.log(`ratio engine / hand loop: ${(engineRate / handRate).toFixed(2)}`);
  } finally {
    await server.stop();
  }
}
