/**
 * What every test against the real PostgreSQL shares: where the server is (PG_URL, set by
 * scripts/run-tests.ts, which starts one), a test wrapper that refuses to pass silently without one
 * in CI, a client of its own (the `pg` package directly, not Sluice's connector) and unique names.
 */
import { test, type TestContext } from 'node:test';
import pg from 'pg';

const NOT_SET = 'PG_URL is not set; CI must run the PostgreSQL tests';

/**
 * The server's URL (postgresql://user:password@host:port/db), or undefined when none is configured.
 *
 * @example
 * const url = pgUrl() ?? 'postgresql://localhost/test';
 */
export function pgUrl(): string | undefined {
  const value = process.env.PG_URL;
  return value === undefined || value === '' ? undefined : value;
}

/** The server as a JDBC table sees it: Flink's 'url', 'username' and 'password' options. */
export interface JdbcTarget {
  readonly url: string;
  readonly username: string;
  readonly password: string;
}

/**
 * The server's address in Flink's JDBC form, for code inside a pgTest.
 *
 * @example
 * const { url, username, password } = jdbcTarget(); // url 'jdbc:postgresql://127.0.0.1:5432/sluice_test'
 */
export function jdbcTarget(): JdbcTarget {
  const value = pgUrl();
  if (value === undefined) throw new Error(NOT_SET);
  const parsed = new URL(value);
  return {
    url: `jdbc:postgresql://${parsed.host}${parsed.pathname}`,
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}

/**
 * The WITH options of a JDBC table on the test server.
 *
 * @example
 * const options = jdbcOptions('orders', { 'sink.buffer-flush.max-rows': '10' });
 */
export function jdbcOptions(table: string, extra: Readonly<Record<string, string>> = {}): string {
  const { url, username, password } = jdbcTarget();
  const all = { connector: 'jdbc', url, 'table-name': table, username, password, ...extra };
  return Object.entries(all).map(([k, v]) => `'${k}' = '${v}'`).join(', ');
}

/**
 * Runs SQL on the test server with a client of its own and returns the rows (pg's own typing).
 *
 * @example
 * const rows = await pgQuery('SELECT count(*)::int AS n FROM orders'); // [{ n: 3 }]
 */
export async function pgQuery(sql: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
  const value = pgUrl();
  if (value === undefined) throw new Error(NOT_SET);
  const client = new pg.Client({ connectionString: value });
  await client.connect();
  try {
    const result = await client.query(sql, params as unknown[]);
    return result.rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

type PgTestFn = (t: TestContext) => void | Promise<void>;
type PgTestOptions = { timeout?: number; concurrency?: number | boolean };

let warned = false;

/**
 * A node:test `test` that needs PostgreSQL. Without PG_URL it is skipped with a loud reason on a
 * developer's machine, and FAILS when CI=true, so CI cannot go green without running it.
 *
 * @example
 * pgTest('a written row reads back', async () => { await pgQuery('SELECT 1'); });
 */
export function pgTest(name: string, fn: PgTestFn): Promise<void>;
export function pgTest(name: string, options: PgTestOptions, fn: PgTestFn): Promise<void>;
export function pgTest(name: string, second: PgTestFn | PgTestOptions, third?: PgTestFn): Promise<void> {
  const fn = typeof second === 'function' ? second : third;
  const options = typeof second === 'function' ? {} : second;
  if (fn === undefined) throw new Error('pgTest needs a test function');
  if (pgUrl() !== undefined) return test(name, options, fn);
  if (process.env.CI === 'true') {
    return test(name, options, () => {
      throw new Error(NOT_SET);
    });
  }
  if (!warned) {
    warned = true;
    console.warn('POSTGRESQL TESTS SKIPPED: PG_URL is not set (npm test starts a server when PostgreSQL is installed or installable; or run `npx node scripts/postgres/server.ts start`)');
  }
  return test(name, { ...options, skip: 'PG_URL is not set: no PostgreSQL to test against' }, fn);
}

let tableCounter = 0;

/**
 * A table name no other test (or earlier run against the same server) uses.
 *
 * @example
 * const table = uniqueTable('orders'); // 'orders_4242_lx3k9a_1'
 */
export function uniqueTable(prefix: string): string {
  tableCounter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${tableCounter}`;
}
