import { DataTypes, notNull } from '../core/data-types.ts';
import type { Row } from '../core/row.ts';
import type { TabularResult } from '../api/sql/planner/index.ts';
import type { JobResult } from '../runtime/job-runner.ts';
import type { CollectOptions } from './sql-collect.ts';
import { resultPrinter, type ResultColumn } from './sql-print.ts';
import type { PrintOptions, Table } from './sql-table.ts';
import type { JobHandle } from './run.ts';

/**
 * What `executeSql` returns, as Flink's TableResult: 'SUCCESS' for DDL (one row, `OK`) and INSERT
 * (the job runs: `await()` waits for it, `jobHandle` controls it), 'SUCCESS_WITH_CONTENT' for SELECT
 * (runs when collected or printed), SHOW, DESCRIBE and EXPLAIN.
 *
 * @example
 * await tableEnv.executeSql('INSERT INTO out SELECT * FROM trades').await();
 * await tableEnv.executeSql('SELECT * FROM trades').print();
 */
export interface TableResult {
  readonly resultKind: 'SUCCESS' | 'SUCCESS_WITH_CONTENT';
  readonly columns: readonly ResultColumn[];
  /** The job of an INSERT (at once) or of a SELECT (once it runs). */
  readonly jobHandle: JobHandle | undefined;
  /** Waits for the job of an INSERT (or runs a SELECT to its end); resolves at once for the rest. */
  await(): Promise<JobResult | undefined>;
  /** The rows: a SELECT's result, SHOW's names, DESCRIBE's columns, `OK` for DDL. */
  collect(options?: CollectOptions): Promise<Row[]>;
  /** Prints the rows (a SELECT as it runs; see {@link PrintOptions}). */
  print(options?: PrintOptions): Promise<void>;
}

const RESULT = [{ name: 'result', type: notNull(DataTypes.STRING()) }];

/** The result of DDL, SET, RESET and USE: one row `OK`. @example okResult().collect() // [{ result: 'OK' }] */
export function okResult(): TableResult {
  return rowsResult({ columns: RESULT, rows: [{ result: 'OK' }] }, 'SUCCESS');
}

/** SHOW, DESCRIBE, SET (listing): rows printed as a table. @example rowsResult(showTablesResult).print() */
export function rowsResult(result: TabularResult, kind: TableResult['resultKind'] = 'SUCCESS_WITH_CONTENT'): TableResult {
  return {
    resultKind: kind,
    columns: result.columns,
    jobHandle: undefined,
    await: async () => undefined,
    collect: async () => result.rows.map((r) => ({ ...r })),
    async print(options: PrintOptions = {}) {
      const printer = resultPrinter(options.format ?? 'tableau', result.columns, options.out ?? process.stdout, { changelog: false, bounded: true });
      printer.rows(result.rows);
      printer.end();
    },
  };
}

/** EXPLAIN: the plan text (printed as is). @example explainResult(text).print() */
export function explainResult(text: string): TableResult {
  return {
    ...rowsResult({ columns: RESULT, rows: [{ result: text }] }),
    async print(options: PrintOptions = {}) {
      (options.out ?? process.stdout).write(`${text}\n`);
    },
  };
}

/** An INSERT's running job. @example insertResult(job, ['out']).await() */
export function insertResult(job: JobHandle, tables: readonly string[]): TableResult {
  const columns = tables.map((t) => ({ name: t, type: notNull(DataTypes.BIGINT()) }));
  return {
    resultKind: 'SUCCESS',
    columns,
    jobHandle: job,
    await: () => job.done,
    // Flink reports -1 affected rows for streaming inserts.
    collect: async () => [Object.fromEntries(tables.map((t) => [t, -1]))],
    async print(options: PrintOptions = {}) {
      (options.out ?? process.stdout).write(`[INFO] Submitted job '${job.name}'\n`);
    },
  };
}

/** A SELECT: runs when collected or printed. @example queryResult(table).print({ format: 'changelog' }) */
export function queryResult(table: Table): TableResult {
  return {
    resultKind: 'SUCCESS_WITH_CONTENT',
    get columns() { return table.columns; },
    get jobHandle() { return table.jobHandle; },
    async await() {
      await table.collect();
      return undefined;
    },
    collect: (options) => table.collect(options),
    print: (options) => table.print(options),
  };
}
