/**
 * The one place Sluice talks to PostgreSQL: a small session interface over the `pg` client, so the
 * rest of the connector never sees the library. Values come back in a form the engine's typed row
 * reader takes: pg's own parsing for booleans, small integers, floats and bytea; the text as it is for
 * BIGINT, NUMERIC, DATE, TIME and TIMESTAMP (no Date in the local time zone, no lost digits); epoch
 * milliseconds for TIMESTAMPTZ.
 */
import type { types as PgTypes } from 'pg';
import { SluiceError } from '../../core/errors.ts';
import type { PostgresAddress } from './jdbc-url.ts';

/** Everything a connection needs: the address, the credentials, and a name for errors. */
export interface PostgresTarget extends PostgresAddress {
  readonly user?: string;
  readonly password?: string;
  /** Give up connecting after this long. */
  readonly connectTimeoutMs: number;
  /** Names the table in errors ("table 'orders'"). */
  readonly where: string;
}

/** Rows of a statement and how many rows it touched. */
export interface SqlResult {
  readonly rows: Record<string, unknown>[];
  readonly rowCount: number;
}

/**
 * One open connection. Statements run one after another (the client queues them).
 *
 * @example
 * const session = await connectPostgres(target);
 * const { rows } = await session.query('SELECT id, name FROM customers WHERE id = $1', [7]);
 * await session.close();
 */
export interface SqlSession {
  query(text: string, params?: readonly unknown[]): Promise<SqlResult>;
  /** Ends the connection; never throws. */
  close(): Promise<void>;
}

/** Type OIDs whose text the engine reads itself (see the file comment). */
const AS_TEXT = new Set([20 /* int8 */, 1700 /* numeric */, 1082 /* date */, 1083 /* time */, 1114 /* timestamp */]);
const TIMESTAMPTZ = 1184;

function typeParsers(defaults: typeof PgTypes) {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
      if (AS_TEXT.has(oid)) return (value: string) => value;
      if (oid === TIMESTAMPTZ) return (value: string) => Date.parse(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
      return defaults.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
    },
  };
}

/**
 * Opens a connection (session time zone UTC). A failure is a SluiceError naming the server, the
 * database, the user and the table, with PostgreSQL's or the network's reason.
 *
 * @example
 * const session = await connectPostgres({ ...parseJdbcUrl(url), user: 'app', password: 's3cret', connectTimeoutMs: 30_000, where: "table 'orders'" });
 */
export async function connectPostgres(target: PostgresTarget): Promise<SqlSession> {
  // Loaded on first use, so programs that never touch PostgreSQL do not pay for the client.
  const { default: pg } = await import('pg');
  const sslmode = target.params['sslmode'];
  const client = new pg.Client({
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    password: target.password,
    connectionTimeoutMillis: target.connectTimeoutMs,
    types: typeParsers(pg.types),
    options: '-c TimeZone=UTC',
    // PgJDBC's URL parameter names the connection in pg_stat_activity.
    application_name: target.params['ApplicationName'] ?? 'sluice',
    ...(sslmode === 'require' || sslmode === 'prefer' ? { ssl: { rejectUnauthorized: false } } : sslmode?.startsWith('verify') ? { ssl: true } : {}),
  });
  // A connection lost between statements is reported by the next statement; without a listener
  // the client's 'error' event would crash the process.
  let lost: Error | undefined;
  client.on('error', (error) => {
    lost = error;
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new SluiceError(`cannot connect to PostgreSQL at ${describe(target)}: ${reasonOf(error)}`, { cause: error });
  }
  let closed = false;
  return {
    async query(text, params = []) {
      if (lost !== undefined) throw new SluiceError(`the connection to PostgreSQL at ${describe(target)} was lost: ${lost.message}`, { cause: lost });
      const result = await client.query({ text, values: params as unknown[] });
      return { rows: result.rows as Record<string, unknown>[], rowCount: result.rowCount ?? 0 };
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.end().catch(() => undefined);
    },
  };
}

/** `host:port/database as 'user' (table 't')`. */
function describe(target: PostgresTarget): string {
  return `${target.host}:${target.port}/${target.database}${target.user === undefined ? '' : ` as '${target.user}'`} (${target.where})`;
}

/** The reason of a connection failure, with PostgreSQL's SQLSTATE or the system's error code. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const errors = (error as { errors?: unknown }).errors;
  // A refused connection to 'localhost' is an AggregateError of one error per address tried.
  const message = error.message !== '' ? error.message : Array.isArray(errors) ? errors.map((e) => (e as Error).message).join('; ') : 'unknown error';
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * True when an error may go away if the statement or transaction is tried again: a lost or refused
 * connection, a serialization failure or deadlock, the server shutting down or starting.
 *
 * @example
 * const retry = isTransientPostgresError(error) && attempt < maxRetries;
 */
export function isTransientPostgresError(error: unknown): boolean {
  let e: unknown = error;
  while (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (/^(08|57P0[1-3]|40001|40P01|53300)/.test(code)) return true;
      if (/^E[A-Z]+$/.test(code)) return true; // ECONNREFUSED, ECONNRESET, ETIMEDOUT …
    }
    if (/Connection terminated|connection was lost|timeout expired/i.test(e.message)) return true;
    e = e.cause;
  }
  return false;
}
