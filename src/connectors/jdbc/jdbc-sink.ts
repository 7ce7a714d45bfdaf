/**
 * The JDBC sink: rows held until a checkpoint, then written in one PostgreSQL transaction when the
 * checkpoint commits (two-phase: `prepareCommit` hands the held rows to the checkpoint, `commit` writes
 * them). With a PRIMARY KEY it upserts (INSERT … ON CONFLICT DO UPDATE for +I and +U; -U and -D
 * delete the key, as Flink's JDBC upsert writer does — a filter may drop the +U after a -U) and the
 * changes of one checkpoint are reduced to the last per key, so writing a checkpoint again after a crash leaves the same table: exactly-once
 * in effect. Without one it appends (INSERT), at least once: a commit re-run after a crash inserts
 * its rows again.
 */
import type { RowType } from '../../core/data-types.ts';
import { SluiceError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { ROW_KIND } from '../../formats/row-kind.ts';
import type { Sink } from '../spi.ts';
import { connectPostgres, isTransientPostgresError, type PostgresTarget, type SqlSession } from './postgres-client.ts';
import { resolvePostgresTable, type PostgresTable } from './postgres-table.ts';
import { postgresParams } from './postgres-values.ts';
import { deleteStatement, insertStatement, rowsPerStatement, type Statement } from './jdbc-statements.ts';

/** How a sink writes: where, the columns, the key (upsert) or none (append), batch size and retries. */
export interface JdbcSinkOptions {
  readonly target: PostgresTarget;
  readonly tableName: string;
  readonly schema: RowType;
  readonly primaryKey?: readonly string[];
  /** Rows per statement. */
  readonly maxRows: number;
  /** Times a failed transaction is tried again when the failure may pass (a lost connection…). */
  readonly maxRetries: number;
  /** The Sluice table's name (sink name and errors). */
  readonly table: string;
  /** Waits before retry `attempt` (1, 2, …); default 1 s × attempt. Tests shorten it. */
  readonly retryDelayMs?: (attempt: number) => number;
}

/** What a checkpoint stores for the sink: the statements' parameters, already reduced by key. */
interface JdbcPrepared {
  /** Append mode: every row, in order. Upsert mode: the last row of each key written. */
  readonly rows: unknown[][];
  /** Upsert mode: the key values of each key whose last change was a delete. */
  readonly deletes: unknown[][];
}

/**
 * A two-phase-commit sink into a PostgreSQL table.
 *
 * @example
 * const sink = jdbcSink({ target, tableName: 'totals', schema, primaryKey: ['symbol'], maxRows: 100, maxRetries: 3, table: 'totals' });
 */
export function jdbcSink(options: JdbcSinkOptions): Sink<Row> {
  return new JdbcSink(options);
}

class JdbcSink implements Sink<Row> {
  readonly name: string;
  readonly #options: JdbcSinkOptions;
  readonly #columns: readonly string[];
  readonly #key: readonly string[] | undefined;
  readonly #params: (row: Row) => unknown[];
  readonly #keyParams: ((row: Row) => unknown[]) | undefined;
  /** Upsert mode: key text → the row's parameters, or undefined for a delete. */
  #changes = new Map<string, { key: unknown[]; row: unknown[] | undefined }>();
  /** Append mode: rows in order. */
  #appends: unknown[][] = [];
  #session: SqlSession | undefined;
  #table: PostgresTable | undefined;

  constructor(options: JdbcSinkOptions) {
    this.#options = options;
    this.name = `jdbc:${options.table}`;
    this.#columns = options.schema.fields.map((f) => f.name);
    this.#key = options.primaryKey !== undefined && options.primaryKey.length > 0 ? options.primaryKey : undefined;
    this.#params = postgresParams(options.schema, this.#columns);
    this.#keyParams = this.#key === undefined ? undefined : postgresParams(options.schema, this.#key);
  }

  async open(): Promise<void> {
    await this.#retrying('connecting', () => this.#connect());
  }

  async #connect(): Promise<{ session: SqlSession; table: PostgresTable }> {
    if (this.#session !== undefined && this.#table !== undefined) return { session: this.#session, table: this.#table };
    const { target, tableName } = this.#options;
    const session = await connectPostgres(target);
    try {
      this.#table = await resolvePostgresTable(session, tableName, this.#columns, target.where, this.#key);
    } catch (error) {
      await session.close();
      throw error;
    }
    this.#session = session;
    return { session, table: this.#table };
  }

  write(values: Row[]): void {
    const keyParams = this.#keyParams;
    if (keyParams === undefined) {
      for (const row of values) {
        const kind = row[ROW_KIND];
        if (kind !== undefined && kind !== 'insert') {
          throw new SluiceError(`jdbc sink '${this.#options.table}': got a row of kind ${String(kind)}, but the table has no PRIMARY KEY to apply updates by; declare one`);
        }
        this.#appends.push(this.#params(row));
      }
      return;
    }
    for (const row of values) {
      const kind = row[ROW_KIND];
      const key = keyParams(row);
      const retract = kind === 'delete' || kind === 'update-before';
      // Last change per key wins: a -U followed by its +U is one upsert.
      this.#changes.set(keyText(key), { key, row: retract ? undefined : this.#params(row) });
    }
  }

  prepareCommit(): JdbcPrepared | null {
    if (this.#key === undefined) {
      if (this.#appends.length === 0) return null;
      const prepared = { rows: this.#appends, deletes: [] };
      this.#appends = [];
      return prepared;
    }
    if (this.#changes.size === 0) return null;
    const rows: unknown[][] = [];
    const deletes: unknown[][] = [];
    for (const change of this.#changes.values()) {
      if (change.row === undefined) deletes.push(change.key);
      else rows.push(change.row);
    }
    this.#changes = new Map();
    return { rows, deletes };
  }

  async commit(checkpointId: number, prepared: unknown): Promise<void> {
    const p = prepared as JdbcPrepared | null | undefined;
    if (p === null || p === undefined || (p.rows.length === 0 && p.deletes.length === 0)) return;
    const what = `writing checkpoint ${checkpointId} (${p.rows.length} rows${p.deletes.length > 0 ? `, ${p.deletes.length} deletes` : ''})`;
    await this.#retrying(what, () => this.#writeTransaction(p));
  }

  /**
   * Runs `work`, again on a new connection after an error that may pass (a lost connection, a
   * serialization failure), up to 'sink.max-retries' times; then fails naming what was being done.
   */
  async #retrying<T>(what: string, work: () => Promise<T>): Promise<T> {
    const { maxRetries, retryDelayMs = (attempt: number) => 1000 * attempt } = this.#options;
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        await this.#dropSession();
        if (attempt < maxRetries && isTransientPostgresError(error)) {
          await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt + 1)));
          continue;
        }
        const tries = attempt + 1;
        throw new SluiceError(`jdbc sink '${this.#options.table}': ${what} failed${tries > 1 ? ` after ${tries} tries` : ''}: ${(error as Error).message}`, { cause: error });
      }
    }
  }

  async #writeTransaction(p: JdbcPrepared): Promise<void> {
    const { session, table } = await this.#connect();
    const statements: Statement[] = [];
    const key = this.#key;
    const perRow = rowsPerStatement(this.#options.maxRows, this.#columns.length);
    for (let i = 0; i < p.rows.length; i += perRow) statements.push(insertStatement(table, this.#columns, p.rows.slice(i, i + perRow).map(buffers), key));
    if (key !== undefined) {
      const perKey = rowsPerStatement(this.#options.maxRows, key.length);
      for (let i = 0; i < p.deletes.length; i += perKey) statements.push(deleteStatement(table, key, p.deletes.slice(i, i + perKey).map(buffers)));
    }
    await session.query('BEGIN');
    try {
      for (const statement of statements) await session.query(statement.text, statement.values);
      await session.query('COMMIT');
    } catch (error) {
      await session.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async #dropSession(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    this.#table = undefined;
    await session?.close();
  }

  abort(): void {
    this.#changes = new Map();
    this.#appends = [];
  }

  async close(): Promise<void> {
    await this.#dropSession();
  }
}

/** A map key for a row's key values (bytes compare by content). */
function keyText(key: readonly unknown[]): string {
  return JSON.stringify(key, (_k, v: unknown) => (v instanceof Uint8Array ? `bytes:${Buffer.from(v).toString('hex')}` : v));
}

/** Bytes restored from a checkpoint may come back as a Uint8Array; the client sends Buffers as bytea. */
function buffers(row: unknown[]): unknown[] {
  return row.map((v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v));
}
