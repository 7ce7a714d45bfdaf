/**
 * Finds a JDBC table's PostgreSQL table and columns when a source, sink or lookup opens, so a wrong
 * name fails at once with what exists instead of on the first statement. 'table-name' is read as
 * PostgreSQL reads a name in SQL (Flink puts it into its statements as written: `orders` and `Orders`
 * are the table `orders`, `shop.orders` is in schema `shop`). A column of the DDL matches the
 * PostgreSQL column of the same name, else the one that differs only in case.
 */
import { closest } from '../../core/suggest.ts';
import { SluiceError } from '../../core/errors.ts';
import type { SqlSession } from './postgres-client.ts';

/** A table as statements name it: quoted, schema-qualified, with each DDL column's quoted name. */
export interface PostgresTable {
  /** `"shop"."orders"`. */
  readonly sqlName: string;
  /** DDL column name → quoted PostgreSQL column name. */
  readonly columns: ReadonlyMap<string, string>;
}

/**
 * A PostgreSQL identifier in double quotes (case kept, quotes doubled).
 *
 * @example
 * quoteIdentifier('Order "A"') // '"Order ""A"""'
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Looks the table and the DDL's columns up in the database; with `uniqueKey`, also checks that a
 * unique index or primary key covers exactly those columns (what INSERT … ON CONFLICT needs). Each
 * problem is a SluiceError that names the table and lists what the database has.
 *
 * @example
 * const table = await resolvePostgresTable(connection, 'orders', ['id', 'amount'], "table 'orders'", ['id']);
 * table.sqlName // '"public"."orders"'
 */
export async function resolvePostgresTable(
  session: SqlSession, tableName: string, columns: readonly string[], where: string, uniqueKey?: readonly string[],
): Promise<PostgresTable> {
  let found: Record<string, unknown> | undefined;
  try {
    found = (await session.query(
      'SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)',
      [tableName],
    )).rows[0];
  } catch (error) {
    throw new SluiceError(`${where}: 'table-name' '${tableName}' is not a valid table name: ${(error as Error).message}`, { cause: error });
  }
  if (found === undefined) {
    const tables = (await session.query(
      "SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2",
    )).rows.map((r) => (r.schema === 'public' ? String(r.name) : `${String(r.schema)}.${String(r.name)}`));
    const hint = closest(tableName, tables);
    throw new SluiceError(`${where}: PostgreSQL has no table '${tableName}'${hint === undefined ? '' : `; did you mean '${hint}'?`} (tables: ${tables.length === 0 ? '(none)' : tables.join(', ')})`);
  }
  const sqlName = `${quoteIdentifier(String(found.schema))}.${quoteIdentifier(String(found.name))}`;
  const actual = (await session.query(
    'SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum', [sqlName],
  )).rows.map((r) => String(r.name));
  const mapped = new Map<string, string>();
  for (const column of columns) {
    const match = actual.includes(column) ? column : actual.filter((a) => a.toLowerCase() === column.toLowerCase());
    const name = typeof match === 'string' ? match : match.length === 1 ? match[0] : undefined;
    if (name === undefined) {
      const hint = closest(column, actual);
      throw new SluiceError(`${where}: PostgreSQL table ${sqlName} has no column '${column}'${hint === undefined ? '' : `; did you mean '${hint}'?`} (columns: ${actual.join(', ')})`);
    }
    mapped.set(column, quoteIdentifier(name));
  }
  if (uniqueKey !== undefined) await checkUniqueKey(session, sqlName, uniqueKey.map((k) => mapped.get(k)!), uniqueKey, where);
  return { sqlName, columns: mapped };
}

/** Upserts need a unique index on exactly the primary key's columns (ON CONFLICT names them). */
async function checkUniqueKey(session: SqlSession, sqlName: string, quoted: readonly string[], key: readonly string[], where: string): Promise<void> {
  const indexes = (await session.query(
    `SELECT array_agg(a.attname::text ORDER BY a.attname) AS columns
       FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisunique AND i.indpred IS NULL
      GROUP BY i.indexrelid`, [sqlName],
  )).rows.map((r) => (r.columns as string[]).join(','));
  const wanted = quoted.map((q) => q.slice(1, -1).replaceAll('""', '"')).sort().join(',');
  if (!indexes.includes(wanted)) {
    throw new SluiceError(
      `${where}: the PRIMARY KEY (${key.join(', ')}) of the table needs a primary key or unique index on the same columns in PostgreSQL table ${sqlName} ` +
      `(upserts use INSERT … ON CONFLICT); unique column sets there: ${indexes.length === 0 ? '(none)' : indexes.map((i) => `(${i})`).join(', ')}`,
    );
  }
}
