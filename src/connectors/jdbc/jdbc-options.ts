/**
 * The options of a `'connector' = 'jdbc'` table, with Flink's names, and what they mean for each use:
 * connecting (url, username, password), scanning, writing and lookups. Checked by the registry like
 * every connector's (an unknown key is an error with a did-you-mean); the combinations are checked
 * here, when a source, sink or lookup is made.
 */
import { ConfigError } from '../../core/errors.ts';
import type { OptionSpec, TableOptions } from '../table-options.ts';
import { millisOf, numberOf } from '../table-options.ts';
import type { PostgresTarget } from './postgres-client.ts';
import { parseJdbcUrl } from './jdbc-url.ts';

const POSTGRES_DRIVER = 'org.postgresql.Driver';

/**
 * The option specs (Flink's JDBC connector names).
 *
 * @example
 * JDBC_OPTIONS.map((o) => o.key) // ['url', 'table-name', 'driver', 'username', …]
 */
export const JDBC_OPTIONS: readonly OptionSpec[] = [
  { key: 'url', type: 'string', required: true, description: "the database: 'jdbc:postgresql://host:port/database'" },
  { key: 'table-name', type: 'string', required: true, description: 'the PostgreSQL table (read as PostgreSQL reads a name: `orders`, `shop.orders`)' },
  { key: 'driver', type: 'string', description: `the JDBC driver class; only '${POSTGRES_DRIVER}' (the default, from the URL)` },
  { key: 'username', type: 'string', description: 'the user to connect as' },
  { key: 'password', type: 'string', description: 'the password of the user' },
  { key: 'connection.max-retry-timeout', type: 'duration', default: '60 s', description: 'how long connecting may take' },
  { key: 'scan.fetch-size', type: 'int', min: 0, default: '0', description: 'rows fetched from the cursor at a time when scanning; 0 = 1000' },
  { key: 'sink.buffer-flush.max-rows', type: 'int', min: 1, default: '100', description: 'rows per INSERT/DELETE statement when a checkpoint writes its rows' },
  { key: 'sink.buffer-flush.interval', type: 'duration', default: '1 s', description: "accepted for Flink's sake: rows are written when a checkpoint commits (execution.checkpointing.interval), not on a timer" },
  { key: 'sink.max-retries', type: 'int', min: 0, default: '3', description: "times a checkpoint's transaction is tried again after a lost connection or a serialization failure" },
  // No default written here, so an error can say that NONE came from leaving it out.
  { key: 'lookup.cache', type: 'enum', values: ['NONE', 'PARTIAL', 'FULL'], description: "lookup joins: FULL loads the table whole (and reloads it); NONE (the default) and PARTIAL, a lookup per key, are planned" },
  { key: 'lookup.cache.max-rows', type: 'int', min: 1, description: "the legacy PARTIAL cache's size (planned)" },
  { key: 'lookup.cache.ttl', type: 'duration', description: "the legacy PARTIAL cache's expiry (planned)" },
  { key: 'lookup.cache.caching-missing-key', type: 'boolean', description: "the legacy PARTIAL cache keeps misses (planned)" },
  { key: 'lookup.partial-cache.max-rows', type: 'int', min: 1, description: 'PARTIAL cache: rows kept (planned)' },
  { key: 'lookup.partial-cache.expire-after-write', type: 'duration', description: 'PARTIAL cache: expiry after a load (planned)' },
  { key: 'lookup.partial-cache.expire-after-access', type: 'duration', description: 'PARTIAL cache: expiry after a read (planned)' },
  { key: 'lookup.partial-cache.cache-missing-key', type: 'boolean', description: 'PARTIAL cache: keep misses (planned)' },
  { key: 'lookup.full-cache.reload-strategy', type: 'enum', values: ['PERIODIC', 'TIMED'], default: 'PERIODIC', description: 'FULL cache: reload every interval (PERIODIC); TIMED (a time of day) is planned' },
  { key: 'lookup.full-cache.periodic-reload.interval', type: 'duration', description: 'FULL cache: reload the table this often (processing time); absent = load it once' },
  { key: 'lookup.full-cache.periodic-reload.schedule-mode', type: 'enum', values: ['FIXED_DELAY', 'FIXED_RATE'], default: 'FIXED_DELAY', description: 'FULL cache: the interval counts from the end of the last reload (FIXED_DELAY) or from its start (FIXED_RATE)' },
  { key: 'lookup.full-cache.timed-reload.iso-time', type: 'string', description: 'FULL cache, TIMED strategy (planned)' },
  { key: 'lookup.full-cache.timed-reload.interval-in-days', type: 'int', min: 1, description: 'FULL cache, TIMED strategy (planned)' },
  { key: 'lookup.max-retries', type: 'int', min: 0, default: '3', description: 'times a failed load of the lookup table is tried again' },
  { key: 'lookup.async', type: 'boolean', default: 'false', description: 'asynchronous per-key lookups (planned; no effect with the FULL cache)' },
];

/**
 * The connection of a table: URL read, driver checked, credentials and connect timeout.
 *
 * @example
 * const target = jdbcTarget({ 'url': 'jdbc:postgresql://localhost/shop', 'table-name': 'orders', 'username': 'app' }, 'orders');
 */
export function jdbcTarget(options: TableOptions, table: string): PostgresTarget {
  const driver = options['driver'];
  if (driver !== undefined && driver !== POSTGRES_DRIVER) {
    throw new ConfigError('driver', `'${driver}' is not supported (table '${table}'); the jdbc connector speaks to PostgreSQL ('${POSTGRES_DRIVER}')`);
  }
  return {
    ...parseJdbcUrl(options['url']),
    user: options['username'],
    password: options['password'],
    connectTimeoutMs: millisOf(options, 'connection.max-retry-timeout') ?? 60_000,
    where: `table '${table}'`,
  };
}

/** How a FULL-cache lookup table reloads: every `intervalMs`, from the end or the start of the last load. */
export interface LookupReload {
  readonly intervalMs: number;
  readonly mode: 'FIXED_DELAY' | 'FIXED_RATE';
}

/** What a lookup join on the table does: the reload schedule (absent = loaded once) and load retries. */
export interface JdbcLookupOptions {
  readonly reload?: LookupReload;
  readonly maxRetries: number;
}

const PARTIAL_KEYS = [
  'lookup.cache.max-rows', 'lookup.cache.ttl', 'lookup.cache.caching-missing-key', 'lookup.partial-cache.max-rows',
  'lookup.partial-cache.expire-after-write', 'lookup.partial-cache.expire-after-access', 'lookup.partial-cache.cache-missing-key',
];

/**
 * The lookup options, refusing what is not built: per-key lookups (cache NONE or PARTIAL, also implied
 * by the legacy `lookup.cache.max-rows` / `lookup.cache.ttl`) and the TIMED reload.
 *
 * @example
 * jdbcLookupOptions({ 'lookup.cache': 'FULL', 'lookup.full-cache.periodic-reload.interval': '1 min' }, 'customers')
 * // { reload: { intervalMs: 60000, mode: 'FIXED_DELAY' }, maxRetries: 3 }
 */
export function jdbcLookupOptions(options: TableOptions, table: string): JdbcLookupOptions {
  const where = `table '${table}'`;
  const cache = options['lookup.cache'] ?? 'NONE';
  const partial = PARTIAL_KEYS.find((k) => options[k] !== undefined);
  if (cache !== 'FULL') {
    const legacy = partial !== undefined && options['lookup.cache'] === undefined;
    const [key, why] = legacy ? [partial, 'asks for a PARTIAL cache'] : ['lookup.cache', `is '${cache}'${options['lookup.cache'] === undefined ? ' (the default)' : ''}`];
    throw new ConfigError(key, `${why} (${where}), but lookups of one key at a time in PostgreSQL (caches NONE and PARTIAL) are planned; ` +
      "set 'lookup.cache' = 'FULL' to load the table whole, reloaded every 'lookup.full-cache.periodic-reload.interval'");
  }
  if (partial !== undefined) throw new ConfigError(partial, `is an option of the PARTIAL cache, but 'lookup.cache' is 'FULL' (${where})`);
  if (options['lookup.full-cache.reload-strategy'] === 'TIMED') {
    throw new ConfigError('lookup.full-cache.reload-strategy', `TIMED (a reload at a time of day) is planned (${where}); use PERIODIC with 'lookup.full-cache.periodic-reload.interval'`);
  }
  for (const key of ['lookup.full-cache.timed-reload.iso-time', 'lookup.full-cache.timed-reload.interval-in-days']) {
    if (options[key] !== undefined) throw new ConfigError(key, `is an option of the TIMED reload strategy, which is planned (${where})`);
  }
  const intervalMs = millisOf(options, 'lookup.full-cache.periodic-reload.interval');
  if (intervalMs !== undefined && intervalMs <= 0) throw new ConfigError('lookup.full-cache.periodic-reload.interval', `must be positive (${where})`);
  const mode = options['lookup.full-cache.periodic-reload.schedule-mode'] === 'FIXED_RATE' ? 'FIXED_RATE' : 'FIXED_DELAY';
  return {
    ...(intervalMs === undefined ? {} : { reload: { intervalMs, mode } }),
    maxRetries: numberOf(options, 'lookup.max-retries') ?? 3,
  };
}
