import type { Row } from '../core/row.ts';
import { PlanError } from '../core/errors.ts';
import type { TextOutput } from '../connectors/console/console-sink.ts';
import type { Query } from '../api/sql/ast/queries.ts';
import { parseStatement } from '../api/sql/parser/index.ts';
import type { ExecutionMode, SelectPlan, SqlPlanner } from '../api/sql/planner/index.ts';
import type { LogicalPlan } from '../plan/nodes.ts';
import { materialize, runSelect, sortRows, withoutKind, type CollectOptions } from './sql-collect.ts';
import { resultPrinter, type ResultColumn, type ResultFormat } from './sql-print.ts';
import type { JobHandle } from './run.ts';

/** What a Table needs of its TableEnvironment. */
export interface SqlSession {
  readonly planner: SqlPlanner;
  readonly mode: ExecutionMode;
  /** Starts a job with the environment's connectors and run options. */
  start(plan: LogicalPlan): JobHandle;
  /** Registers a view for a table used in SQL text (Flink's `FROM ${table}`). */
  registerAnonymous(table: Table): string;
}

/** How to print a query's result. */
export interface PrintOptions extends CollectOptions {
  /** Default 'tableau'. */
  readonly format?: ResultFormat;
  /** Default process.stdout. */
  readonly out?: TextOutput;
}

/**
 * The result of a query (`tableEnv.sqlQuery(…)`): planned again each time it runs, so it can run
 * several times. In streaming mode `collect()` gives the rows as the query emits them — for an
 * updating query a changelog whose rows carry their kind in `$kind` (-U, +U, -D; inserts carry
 * none); `toArray()` gives the final rows (the changelog applied), as PyFlink's to_pandas shows them.
 *
 * @example
 * const result = tableEnv.sqlQuery('SELECT symbol, SUM(shares) AS total FROM trades GROUP BY symbol');
 * console.table(await result.toArray());
 */
export class Table {
  readonly #session: SqlSession;
  readonly #query: Query;
  readonly #source: string;
  #columns: readonly ResultColumn[] | undefined;
  #lastJob: JobHandle | undefined;

  constructor(session: SqlSession, query: Query, source: string) {
    this.#session = session;
    this.#query = query;
    this.#source = source;
  }

  /** The query's AST and text (for views built from tables). */
  get query(): { readonly query: Query; readonly source: string } {
    return { query: this.#query, source: this.#source };
  }

  /** The result columns: names and types. */
  get columns(): readonly ResultColumn[] {
    this.#columns ??= this.#plan().relation.columns.map((c) => ({ name: c.name, type: c.type }));
    return this.#columns;
  }

  /** The job of the latest collect / print, while or after it ran. */
  get jobHandle(): JobHandle | undefined {
    return this.#lastJob;
  }

  /**
   * Runs the query and returns its rows: to the end for bounded inputs; for unbounded ones until
   * `limit` rows or `timeoutMs` (one of them is required). ORDER BY needs bounded inputs.
   */
  async collect(options: CollectOptions = {}): Promise<Row[]> {
    const select = this.#plan();
    const batch = this.#session.mode === 'batch';
    checkRunnable(select, options, batch);
    const rows: Row[] = [];
    await runSelect(select, (plan) => this.#session.start(plan), (out) => { for (const r of out) rows.push(r); }, {
      ...options, onStart: (job) => { this.#lastJob = job; },
    });
    return finish(select, rows, batch, false);
  }

  /** The final rows of the query (an updating query's changelog applied), without row kinds. */
  async toArray(options: CollectOptions = {}): Promise<Row[]> {
    const select = this.#plan();
    checkRunnable(select, options, this.#session.mode === 'batch');
    const rows: Row[] = [];
    await runSelect(select, (plan) => this.#session.start(plan), (out) => { for (const r of out) rows.push(r); }, {
      ...options, onStart: (job) => { this.#lastJob = job; },
    });
    return finish(select, rows, true, true);
  }

  /**
   * Prints the rows as they come: the SQL client's tableau (default), Flink's changelog print format,
   * JSON lines or CSV. An unbounded query prints until `limit`, `timeoutMs` or Ctrl-C.
   */
  async print(options: PrintOptions = {}): Promise<void> {
    const select = this.#plan();
    const batch = this.#session.mode === 'batch';
    if (batch && !select.relation.bounded) throw unboundedInBatch();
    const columns = select.relation.columns.map((c) => ({ name: c.name, type: c.type }));
    const out = options.out ?? process.stdout;
    const sorted = select.orderBy.length > 0;
    if (sorted && !select.relation.bounded) throw new PlanError('ORDER BY needs bounded inputs: an unbounded query never has all its rows');
    const printer = resultPrinter(options.format ?? 'tableau', columns, out, { changelog: !batch, bounded: select.relation.bounded });
    // Batch mode and ORDER BY print the final rows at the end; streaming prints the changelog as it comes.
    const buffered = batch || sorted;
    const rows: Row[] = [];
    await runSelect(select, (plan) => this.#session.start(plan), (batchRows) => {
      if (buffered) for (const r of batchRows) rows.push(r);
      else printer.rows(batchRows);
    }, { ...options, onStart: (job) => { this.#lastJob = job; } });
    if (buffered) printer.rows(finish(select, rows, batch, batch));
    printer.end();
  }

  /** EXPLAIN of the query. */
  explain(): string {
    return this.#session.planner.explain(this.#query, this.#source);
  }

  /** Inserts the query's rows into a table (a job starts at once). */
  executeInsert(table: string): JobHandle {
    const sql = `INSERT INTO ${table.split('.').map((p) => `\`${p.replaceAll('`', '``')}\``).join('.')} SELECT * FROM ${this.toString()}`;
    const planned = this.#session.planner.plan(parseStatement(sql), sql);
    if (planned.kind !== 'insert') throw new PlanError('executeInsert: not an INSERT');
    return this.#session.start(planned.plan);
  }

  /** A name for this table in SQL text: `tableEnv.sqlQuery(\`SELECT * FROM ${table}\`)`, as in PyFlink. */
  toString(): string {
    return this.#session.registerAnonymous(this);
  }

  #plan(): SelectPlan {
    return this.#session.planner.planSelect(this.#query, this.#source);
  }
}

function checkRunnable(select: SelectPlan, options: CollectOptions, batch: boolean): void {
  const bounded = select.relation.bounded;
  if (batch && !bounded) throw unboundedInBatch();
  if (!bounded && select.orderBy.length > 0) throw new PlanError('ORDER BY needs bounded inputs: an unbounded query never has all its rows');
  if (!bounded && options.limit === undefined && options.timeoutMs === undefined && select.limit === undefined) {
    throw new PlanError('the query reads unbounded input and would never finish collecting: pass { limit } or { timeoutMs }, add LIMIT, or make the source bounded (e.g. \'scan.bounded.mode\' = \'latest-offset\')');
  }
}

function unboundedInBatch(): PlanError {
  return new PlanError("batch mode needs bounded inputs; a table of the query is unbounded (e.g. set 'scan.bounded.mode' = 'latest-offset', or run in streaming mode)");
}

/** Applies the changelog when final rows are wanted, then ORDER BY, OFFSET and LIMIT of a sorted query. */
function finish(select: SelectPlan, rows: Row[], finalRows: boolean, dropKinds: boolean): Row[] {
  const columns = select.relation.columns.map((c) => c.name);
  let out = (finalRows || select.orderBy.length > 0) && select.relation.updating ? materialize(rows, columns, select.relation.upsertKey) : dropKinds ? rows.map(withoutKind) : rows;
  if (select.orderBy.length > 0) {
    out = sortRows(out, select.orderBy);
    const start = select.offset ?? 0;
    out = out.slice(start, select.limit === undefined ? undefined : start + select.limit);
  }
  return out;
}
