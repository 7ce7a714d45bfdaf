/**
 * The bounded scan of a JDBC table: one split, read through a server-side cursor in a read-only
 * transaction (`DECLARE … CURSOR`, `FETCH n`), so a large table never sits in memory whole. Rows are
 * typed by the DDL schema. The position is the number of rows read; a restored reader skips that many
 * (`MOVE`). With a PRIMARY KEY the scan is ordered by it, so a restart resumes at the same row;
 * without one PostgreSQL's order may differ between scans (as Flink's JDBC source, which does not
 * restore a scan).
 */
import type { RowType } from '../../core/data-types.ts';
import type { Row } from '../../core/row.ts';
import { END, type End, type Source, type SourceBatch, type SourceReader } from '../spi.ts';
import { connectPostgres, type PostgresTarget, type SqlSession } from './postgres-client.ts';
import { quoteIdentifier, resolvePostgresTable } from './postgres-table.ts';
import { postgresRowReader } from './postgres-values.ts';

/** What a scan reads: where, which table and columns, ordered by which key, how many rows per fetch. */
export interface JdbcScanOptions {
  readonly target: PostgresTarget;
  readonly tableName: string;
  readonly schema: RowType;
  readonly primaryKey?: readonly string[];
  readonly fetchSize: number;
  /** The Sluice table's name (source name and error messages). */
  readonly table: string;
}

/**
 * A bounded source of the table's rows.
 *
 * @example
 * const source = jdbcScanSource({ target, tableName: 'orders', schema, primaryKey: ['id'], fetchSize: 1000, table: 'orders' });
 */
export function jdbcScanSource(options: JdbcScanOptions): Source<Row> {
  return {
    name: `jdbc:${options.table}`,
    bounded: true,
    splits: () => [{ id: `jdbc:${options.tableName}` }],
    createReader: (_split, position) => new JdbcScanReader(options, typeof position === 'number' ? position : 0),
  };
}

const CURSOR = 'sluice_scan';

class JdbcScanReader implements SourceReader<Row> {
  readonly #options: JdbcScanOptions;
  readonly #read: (row: Row, origin: { source: string; offset: number }) => Row;
  #session: SqlSession | undefined;
  #opening: Promise<SqlSession> | undefined;
  #position: number;
  #done = false;

  constructor(options: JdbcScanOptions, position: number) {
    this.#options = options;
    this.#read = postgresRowReader(options.schema);
    this.#position = position;
  }

  async poll(maxRecords: number): Promise<SourceBatch<Row> | End> {
    if (this.#done) return END;
    const session = await (this.#opening ??= this.#open());
    const count = Math.max(1, Math.min(maxRecords, this.#options.fetchSize));
    const { rows } = await session.query(`FETCH FORWARD ${count} FROM ${CURSOR}`);
    if (rows.length === 0) {
      this.#done = true;
      await session.query('COMMIT');
      await this.close();
      return END;
    }
    const source = this.#options.table;
    const values = new Array<Row>(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = this.#read(rows[i], { source: `jdbc table '${source}'`, offset: this.#position + i });
    this.#position += rows.length;
    return { values };
  }

  async #open(): Promise<SqlSession> {
    const { target, tableName, schema, primaryKey } = this.#options;
    const session = await connectPostgres(target);
    try {
      const columns = schema.fields.map((f) => f.name);
      const table = await resolvePostgresTable(session, tableName, columns, target.where);
      const select = columns.map((c) => `${table.columns.get(c)} AS ${quoteIdentifier(c)}`).join(', ');
      const order = primaryKey === undefined || primaryKey.length === 0 ? '' : ` ORDER BY ${primaryKey.map((k) => table.columns.get(k)).join(', ')}`;
      await session.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await session.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR SELECT ${select} FROM ${table.sqlName}${order}`);
      if (this.#position > 0) await session.query(`MOVE FORWARD ${this.#position} FROM ${CURSOR}`);
    } catch (error) {
      await session.close();
      throw error;
    }
    this.#session = session;
    return session;
  }

  position(): number {
    return this.#position;
  }

  async close(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    await session?.close();
  }
}
