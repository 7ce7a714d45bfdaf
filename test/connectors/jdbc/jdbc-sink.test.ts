// The jdbc table as a sink, against the real PostgreSQL: an updating query upserted by the PRIMARY KEY
// (with deletes) ends equal to PostgreSQL's own answer on the same input; an append-only query
// appends; a job killed with SIGKILL mid-run and restarted from its checkpoint leaves the table
// exactly right.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach } from 'node:test';
import { TableEnvironment } from 'sluice';
import { clearMemoryTables, registerMemoryTable } from '../../../src/connectors/memory/table-factory.ts';
import { spawnNode, type Child } from '../../fixtures/child-process.ts';
import { jdbcOptions, jdbcTarget, pgQuery, pgTest, uniqueTable } from './pg-env.ts';

afterEach(() => clearMemoryTables());
const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill('SIGKILL');
});

/** Deterministic trades: symbols of very different frequencies, so HAVING keeps some and drops others. */
function trades(count: number): { symbol: string; shares: number }[] {
  const out: { symbol: string; shares: number }[] = [];
  for (let i = 0; i < count; i++) out.push({ symbol: `S${(i * i) % 31}`, shares: ((i * 13) % 100) + 1 });
  return out;
}

async function loadIntoPostgres(table: string, rows: readonly { symbol: string; shares: number }[]): Promise<void> {
  await pgQuery(`CREATE TABLE ${table} (symbol text, shares integer)`);
  await pgQuery(`INSERT INTO ${table} SELECT * FROM unnest($1::text[], $2::int[])`, [rows.map((r) => r.symbol), rows.map((r) => r.shares)]);
}

pgTest('an updating GROUP BY … HAVING upserts by the primary key and deletes: the table equals PostgreSQL\'s answer on the same input', async () => {
  const input = trades(3000);
  const inputTable = uniqueTable('trades_in');
  const totals = uniqueTable('totals');
  await loadIntoPostgres(inputTable, input);
  await pgQuery(`CREATE TABLE ${totals} (symbol text PRIMARY KEY, n bigint, total bigint)`);
  registerMemoryTable('trades', input);
  const tableEnv = TableEnvironment.create();
  tableEnv.executeSql("CREATE TABLE trades (symbol STRING, shares INT) WITH ('connector' = 'sluice-memory', 'name' = 'trades')");
  tableEnv.executeSql(`CREATE TABLE totals (symbol STRING, n BIGINT, total BIGINT, PRIMARY KEY (symbol) NOT ENFORCED)
    WITH (${jdbcOptions(totals, { 'sink.buffer-flush.max-rows': '4' })})`);
  await tableEnv.executeSql(`INSERT INTO totals SELECT symbol, COUNT(*) AS n, SUM(shares) AS total FROM trades
    GROUP BY symbol HAVING COUNT(*) <= 120`).await();

  const oracle = `SELECT symbol, count(*)::int AS n, sum(shares)::int AS total FROM ${inputTable} GROUP BY symbol`;
  const expected = await pgQuery(`${oracle} HAVING count(*) <= 120 ORDER BY symbol`);
  const all = await pgQuery(`${oracle} ORDER BY symbol`);
  assert.ok(expected.length > 0 && expected.length < all.length, `the input must keep some groups and drop others (kept ${expected.length} of ${all.length})`);
  assert.deepEqual(await pgQuery(`SELECT symbol, n::int AS n, total::int AS total FROM ${totals} ORDER BY symbol`), expected);
});

pgTest('an append-only query into a jdbc table without a primary key appends every row', async () => {
  const input = trades(500);
  const target = uniqueTable('log');
  await pgQuery(`CREATE TABLE ${target} (symbol text, shares integer, doubled bigint)`);
  registerMemoryTable('trades', input);
  const tableEnv = TableEnvironment.create();
  tableEnv.executeSql("CREATE TABLE trades (symbol STRING, shares INT) WITH ('connector' = 'sluice-memory', 'name' = 'trades')");
  tableEnv.executeSql(`CREATE TABLE log (symbol STRING, shares INT, doubled BIGINT) WITH (${jdbcOptions(target, { 'sink.buffer-flush.max-rows': '64' })})`);
  await tableEnv.executeSql('INSERT INTO log SELECT symbol, shares, CAST(shares AS BIGINT) * 2 FROM trades WHERE shares > 50').await();
  const expected = input.filter((t) => t.shares > 50).map((t) => ({ symbol: t.symbol, shares: t.shares, doubled: t.shares * 2 }));
  const key = (r: Record<string, unknown>): string => `${String(r.symbol)}|${String(r.shares)}`;
  const actual = await pgQuery(`SELECT symbol, shares, doubled::int AS doubled FROM ${target}`);
  assert.deepEqual(actual.map(key).sort(), expected.map(key).sort());
  assert.ok(actual.every((r) => r.doubled === (r.shares as number) * 2));
});

/** The newest checkpoint id written anywhere under `dir` (0 if none). */
function newestCheckpoint(dir: string): number {
  let newest = 0;
  let names: string[] = [];
  try {
    names = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return 0;
  }
  for (const name of names) {
    const match = /chk-(\d+)\.ckpt$/.exec(name);
    if (match) newest = Math.max(newest, Number(match[1]));
  }
  return newest;
}

async function untilCheckpoint(job: Child, dir: string, id: number): Promise<void> {
  let ended = false;
  void job.exited.then(() => { ended = true; });
  while (newestCheckpoint(dir) < id) {
    if (ended) assert.fail(`the job ended before checkpoint ${id}; it must still run when killed\n${job.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

pgTest('a job killed with SIGKILL mid-run and restarted from its checkpoint leaves the upserted table exactly right', { timeout: 300_000 }, async () => {
  const ROWS = 24_000;
  const BUCKETS = 37;
  const table = uniqueTable('crash_totals');
  await pgQuery(`CREATE TABLE ${table} (bucket bigint PRIMARY KEY, n bigint, total bigint)`);
  const checkpoints = mkdtempSync(join(tmpdir(), 'sluice-jdbc-crash-'));
  const { url, username, password } = jdbcTarget();
  const env = {
    JDBC_JOB_URL: url, JDBC_JOB_USER: username, JDBC_JOB_PASSWORD: password, JDBC_JOB_TABLE: table,
    JDBC_JOB_ROWS: String(ROWS), JDBC_JOB_RATE: '4000', JDBC_JOB_BUCKETS: String(BUCKETS), JDBC_JOB_CHECKPOINTS: checkpoints,
  };
  const fixture = 'test/fixtures/jdbc-upsert-job.ts';
  try {
    const first = spawnNode([fixture], env, running);
    await untilCheckpoint(first, checkpoints, 5);
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    assert.equal(killed.signal, 'SIGKILL', `the job had ended before the kill: ${killed.stderr}`);
    const partial = await pgQuery(`SELECT coalesce(sum(n), 0)::int AS n FROM ${table}`);
    assert.ok((partial[0].n as number) < ROWS, `the kill must land mid-run: ${String(partial[0].n)} of ${ROWS} rows were counted`);

    const second = spawnNode([fixture], env, running);
    const exit = await second.exited;
    assert.equal(exit.code, 0, exit.stderr);
    assert.match(exit.stdout, /"outcome":"finished"/);
    const expected = await pgQuery(`SELECT i % ${BUCKETS} AS bucket, count(*)::int AS n, sum(i)::bigint::text AS total
      FROM generate_series(1, ${ROWS}) AS i GROUP BY 1 ORDER BY 1`);
    const actual = await pgQuery(`SELECT bucket::int AS bucket, n::int AS n, total::text AS total FROM ${table} ORDER BY bucket`);
    assert.deepEqual(actual, expected);
  } finally {
    rmSync(checkpoints, { recursive: true, force: true });
  }
});

pgTest('the sink retries a checkpoint\'s transaction when PostgreSQL drops its connection: nothing lost, nothing twice', { timeout: 300_000 }, async () => {
  const ROWS = 20_000;
  const table = uniqueTable('retried');
  const application = uniqueTable('app');
  await pgQuery(`CREATE TABLE ${table} (bucket bigint PRIMARY KEY, n bigint, total bigint)`);
  const { url, username, password } = jdbcTarget();
  const tableEnv = TableEnvironment.create({ runOptions: { handleSignals: false } });
  tableEnv.executeSql(`CREATE TABLE numbers (id BIGINT) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence',
    'fields.id.start' = '1', 'fields.id.end' = '${ROWS}', 'rows-per-second' = '4000')`);
  tableEnv.executeSql(`CREATE TABLE totals (bucket BIGINT, n BIGINT, total BIGINT, PRIMARY KEY (bucket) NOT ENFORCED) WITH (
    'connector' = 'jdbc', 'url' = '${url}?ApplicationName=${application}', 'table-name' = '${table}',
    'username' = '${username}', 'password' = '${password}', 'sink.max-retries' = '5')`);
  const result = tableEnv.executeSql('INSERT INTO totals SELECT MOD(id, 13) AS bucket, COUNT(*) AS n, SUM(id) AS total FROM numbers GROUP BY MOD(id, 13)');
  let done = false;
  const finished = result.await().finally(() => { done = true; });
  let terminated = 0;
  while (terminated < 2 && !done) {
    const rows = await pgQuery('SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1) AS t', [application]);
    terminated += rows[0].n as number;
    await new Promise((resolve) => setTimeout(resolve, terminated === 0 ? 20 : 400));
  }
  const outcome = await finished;
  assert.equal(outcome?.outcome, 'finished');
  assert.ok(terminated >= 2, `the sink's connection must have been dropped while the job ran (dropped ${terminated} times)`);
  const expected = await pgQuery(`SELECT i % 13 AS bucket, count(*)::int AS n, sum(i)::bigint::text AS total
    FROM generate_series(1, ${ROWS}) AS i GROUP BY 1 ORDER BY 1`);
  assert.deepEqual(await pgQuery(`SELECT bucket::int AS bucket, n::int AS n, total::text AS total FROM ${table} ORDER BY bucket`), expected);
});
