/**
 * Flink's JDBC URL for PostgreSQL, `jdbc:postgresql://host[:port]/database[?param=value&…]`, read
 * into what the PostgreSQL client needs. Only PostgreSQL is supported: another driver is refused.
 */
import { ConfigError } from '../../core/errors.ts';

/** Where a PostgreSQL database is: host, port (default 5432), database, and the URL's parameters. */
export interface PostgresAddress {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** Query parameters of the URL (`?sslmode=require` → { sslmode: 'require' }). */
  readonly params: Readonly<Record<string, string>>;
}

const PREFIX = 'jdbc:postgresql:';

/**
 * Reads a `jdbc:postgresql://…` URL; anything else is a ConfigError on option 'url' saying what the
 * form is.
 *
 * @example
 * parseJdbcUrl('jdbc:postgresql://db.local:5433/shop?sslmode=disable')
 * // { host: 'db.local', port: 5433, database: 'shop', params: { sslmode: 'disable' } }
 */
export function parseJdbcUrl(url: string): PostgresAddress {
  const form = "the form is 'jdbc:postgresql://host:port/database'";
  const text = url.trim();
  if (!text.toLowerCase().startsWith('jdbc:')) throw new ConfigError('url', `'${url}' is not a JDBC URL; ${form}`);
  if (!text.toLowerCase().startsWith(PREFIX)) {
    const driver = text.slice(5).split(':')[0];
    throw new ConfigError('url', `'${url}': only PostgreSQL is supported (got driver '${driver}'); ${form}`);
  }
  let parsed: URL;
  try {
    parsed = new URL(`postgresql:${text.slice(PREFIX.length)}`);
  } catch {
    throw new ConfigError('url', `'${url}' is not a valid URL; ${form}`);
  }
  if (parsed.hostname === '') throw new ConfigError('url', `'${url}' names no host; ${form}`);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) throw new ConfigError('url', `'${url}' names no database; ${form}`);
  const port = parsed.port === '' ? 5432 : Number(parsed.port);
  const params: Record<string, string> = {};
  for (const [key, value] of parsed.searchParams) params[key] = value;
  // IPv6 hosts come back bracketed from URL; the client wants them bare.
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port, database, params };
}
