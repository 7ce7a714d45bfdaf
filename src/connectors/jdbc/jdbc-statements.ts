/**
 * The statements a JDBC sink runs, as PostgreSQL text with numbered parameters: a multi-row INSERT
 * (append), INSERT … ON CONFLICT (key) DO UPDATE (upsert on the primary key) and DELETE … WHERE key
 * IN (…). Each takes many rows at once; callers cut batches so a statement stays under PostgreSQL's
 * 65 535 parameters.
 */
import type { PostgresTable } from './postgres-table.ts';

/** A statement and its parameters. */
export interface Statement {
  readonly text: string;
  readonly values: unknown[];
}

/** PostgreSQL's limit on the parameters of one statement. */
const MAX_PARAMETERS = 65_535;

/**
 * Rows per statement: the configured batch, lowered so `width` parameters a row fit one statement.
 *
 * @example
 * rowsPerStatement(100, 4) // 100
 */
export function rowsPerStatement(maxRows: number, width: number): number {
  return Math.max(1, Math.min(maxRows, Math.floor(MAX_PARAMETERS / Math.max(1, width))));
}

function placeholders(rows: readonly unknown[][], values: unknown[]): string {
  return rows.map((row) => `(${row.map((v) => {
    values.push(v);
    return `$${values.length}`;
  }).join(', ')})`).join(', ');
}

/**
 * `INSERT INTO t (cols) VALUES (…), (…)`, plus `ON CONFLICT (key) DO UPDATE SET` the other columns
 * when `key` is given (DO NOTHING when every column is in the key).
 *
 * @example
 * insertStatement(table, ['id', 'n'], [[1, 2]], ['id']).text
 * // 'INSERT INTO "public"."t" ("id", "n") VALUES ($1, $2) ON CONFLICT ("id") DO UPDATE SET "n" = EXCLUDED."n"'
 */
export function insertStatement(table: PostgresTable, columns: readonly string[], rows: readonly unknown[][], key?: readonly string[]): Statement {
  const values: unknown[] = [];
  const names = columns.map((c) => table.columns.get(c)!);
  let text = `INSERT INTO ${table.sqlName} (${names.join(', ')}) VALUES ${placeholders(rows, values)}`;
  if (key !== undefined) {
    const keyNames = key.map((k) => table.columns.get(k)!);
    const others = names.filter((n) => !keyNames.includes(n));
    text += ` ON CONFLICT (${keyNames.join(', ')}) ${others.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${others.map((n) => `${n} = EXCLUDED.${n}`).join(', ')}`}`;
  }
  return { text, values };
}

/**
 * `DELETE FROM t WHERE (k1, k2) IN ((…), (…))` for rows of key values.
 *
 * @example
 * deleteStatement(table, ['id'], [[1], [2]]).text // 'DELETE FROM "public"."t" WHERE ("id") IN (($1), ($2))'
 */
export function deleteStatement(table: PostgresTable, key: readonly string[], keys: readonly unknown[][]): Statement {
  const values: unknown[] = [];
  const names = key.map((k) => table.columns.get(k)!);
  return { text: `DELETE FROM ${table.sqlName} WHERE (${names.join(', ')}) IN (${placeholders(keys, values)})`, values };
}
