/**
 * A JDBC table as a lookup join's dimension, with Flink's FULL cache: `SELECT` every column of the
 * table, typed by the DDL schema, tried again up to 'lookup.max-retries' times; the join reloads it
 * every 'lookup.full-cache.periodic-reload.interval'.
 */
import type { RowType } from '../../core/data-types.ts';
import { SluiceError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import type { LookupTable } from '../lookup-table.ts';
import type { LookupReload } from './jdbc-options.ts';
import { connectPostgres, isTransientPostgresError, type PostgresTarget } from './postgres-client.ts';
import { quoteIdentifier, resolvePostgresTable } from './postgres-table.ts';
import { postgresRowReader } from './postgres-values.ts';

/** Where the dimension is and how it is loaded. */
export interface JdbcLookupOptions {
  readonly target: PostgresTarget;
  readonly tableName: string;
  readonly schema: RowType;
  readonly reload?: LookupReload;
  readonly maxRetries: number;
  /** The Sluice table's name. */
  readonly table: string;
  /** Waits before retry `attempt` (1, 2, …); default 1 s × attempt. */
  readonly retryDelayMs?: (attempt: number) => number;
}

/**
 * The table as a {@link LookupTable}.
 *
 * @example
 * const dim = jdbcLookupTable({ target, tableName: 'customers', schema, maxRetries: 3, table: 'customers' });
 * const rows = await dim.loadAll();
 */
export function jdbcLookupTable(options: JdbcLookupOptions): LookupTable {
  const read = postgresRowReader(options.schema);
  const columns = options.schema.fields.map((f) => f.name);
  const origin = { source: `jdbc lookup table '${options.table}'` };
  const loadOnce = async (): Promise<Row[]> => {
    const session = await connectPostgres(options.target);
    try {
      const table = await resolvePostgresTable(session, options.tableName, columns, options.target.where);
      const select = columns.map((c) => `${table.columns.get(c)} AS ${quoteIdentifier(c)}`).join(', ');
      const { rows } = await session.query(`SELECT ${select} FROM ${table.sqlName}`);
      return rows.map((row) => read(row, origin));
    } finally {
      await session.close();
    }
  };
  const { maxRetries, retryDelayMs = (attempt: number) => 1000 * attempt } = options;
  return {
    name: `jdbc:${options.table}`,
    ...(options.reload === undefined ? {} : { reloadIntervalMs: options.reload.intervalMs, reloadMode: options.reload.mode }),
    async loadAll() {
      for (let attempt = 0; ; attempt++) {
        try {
          return await loadOnce();
        } catch (error) {
          if (attempt < maxRetries && isTransientPostgresError(error)) {
            await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt + 1)));
            continue;
          }
          const tries = attempt + 1;
          throw new SluiceError(`loading lookup table '${options.table}' from PostgreSQL failed${tries > 1 ? ` after ${tries} tries` : ''}: ${(error as Error).message}`, { cause: error });
        }
      }
    },
  };
}
