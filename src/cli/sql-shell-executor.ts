import {
  parseStatement, SqlParseError, SqlValidationError, TableEnvironment, type JobHandle, type Statement, type TableResult, type TextOutput,
} from '../index.ts';
import { describeStatus } from './status-line.ts';

/** What `HELP;` prints. @example out.write(SHELL_HELP) */
export const SHELL_HELP = `The following commands are available:

CLEAR           Clears the terminal.
EXIT / QUIT     Quits the SQL shell (Ctrl-C twice at an empty prompt does too).
HELP            Prints this text.

SQL statements end with ';' and may span lines:
  CREATE TABLE / VIEW / FUNCTION, DROP, ALTER    define tables, views and functions
  SET 'key' = 'value'; RESET;                    session properties ('execution.runtime-mode', 'table.dml-sync' ...)
  SHOW TABLES; DESCRIBE t; SHOW CREATE TABLE t;  look at the catalog
  SELECT ...;                                    prints the rows; an unbounded query runs until Ctrl-C
  INSERT INTO ...; EXECUTE STATEMENT SET ...;    starts a job in the background
  EXPLAIN SELECT ...;                            prints the plan
`;

/**
 * Runs the SQL shell's statements in one TableEnvironment and prints what the Flink SQL client
 * prints: `[INFO] …` for DDL and SET, tables for SHOW / DESCRIBE and bounded SELECTs, the changelog
 * (`+I[…]`) of an unbounded SELECT as it arrives, `[ERROR] line:col: problem` with a caret for
 * mistakes (never a stack trace). `cancel()` stops a running SELECT (Ctrl-C).
 *
 * @example
 * const shell = new ShellExecutor(process.stdout);
 * await shell.execute("CREATE TABLE t (a INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');");
 * await shell.execute('SELECT a FROM t;');
 */
export class ShellExecutor {
  // The shell owns Ctrl-C: a job must not stop itself (or the process) on SIGINT.
  readonly env = TableEnvironment.create({ runOptions: { handleSignals: false } });
  readonly #out: TextOutput;
  readonly #jobs = new Set<JobHandle>();
  #query: TableResult | undefined;

  constructor(out: TextOutput) {
    this.#out = out;
  }

  /** INSERT jobs still running in the background. */
  get runningJobs(): readonly JobHandle[] {
    return [...this.#jobs];
  }

  /** Runs one statement (with or without its `;`); errors are printed, never thrown. */
  async execute(text: string): Promise<void> {
    try {
      await this.#run(parseStatement(text), text);
    } catch (error) {
      this.#out.write(`[ERROR] ${describeError(error, text)}\n`);
    }
  }

  /** Stops the running SELECT, if any; true when there was one. */
  cancel(): boolean {
    const job = this.#query?.jobHandle;
    if (job === undefined) return false;
    void job.stop().catch(() => {});
    return true;
  }

  /** Stops the background INSERT jobs and waits for them. */
  async stopJobs(): Promise<void> {
    await Promise.allSettled(this.runningJobs.map((job) => job.stop()));
  }

  /** Waits for the background INSERT jobs (piped input: the shell ends when they do). */
  async awaitJobs(): Promise<void> {
    await Promise.allSettled(this.runningJobs.map((job) => job.done));
  }

  async #run(statement: Statement, text: string): Promise<void> {
    const result = this.env.executeStatement(statement, text);
    const out = this.#out;
    switch (statement.kind) {
      case 'Query': return this.#print(statement, result, text);
      case 'Insert': case 'StatementSet': return this.#submitted(result.jobHandle!);
      case 'Set':
        if (statement.property === undefined) return result.print({ out });
        out.write('[INFO] Session property has been set.\n');
        return;
      case 'Reset':
        out.write(statement.key === undefined ? '[INFO] All session properties have been set to their default values.\n' : '[INFO] Session property has been reset.\n');
        return;
      default:
        if (result.resultKind === 'SUCCESS_WITH_CONTENT') return result.print({ format: 'tableau', out });
        out.write('[INFO] Execute statement succeeded.\n');
    }
  }

  async #print(query: Extract<Statement, { kind: 'Query' }>, result: TableResult, text: string): Promise<void> {
    // A bounded query prints one table at its end; an unbounded one its changelog as rows arrive.
    const bounded = this.env.planner.planSelect(query, text).relation.bounded;
    const printing = result.print({ format: bounded ? 'tableau' : 'changelog', out: this.#out });
    this.#query = result;
    try {
      await printing;
    } finally {
      this.#query = undefined;
    }
  }

  async #submitted(job: JobHandle): Promise<void> {
    const out = this.#out;
    out.write(`[INFO] Submitted job '${job.name}'.\n`);
    if (this.env.config.get('table.dml-sync')?.toLowerCase() === 'true') {
      const result = await job.done;
      out.write(`[INFO] Job '${job.name}' ${result.outcome}: ${describeStatus(result.status)}\n`);
      return;
    }
    this.#jobs.add(job);
    // A background job reports its end (or failure) when it happens; a failure must not go unhandled.
    job.done.then(
      (result) => out.write(`[INFO] Job '${job.name}' ${result.outcome}: ${describeStatus(result.status)}\n`),
      (error: unknown) => out.write(`[ERROR] Job '${job.name}' failed: ${describeError(error, '')}\n`),
    ).finally(() => this.#jobs.delete(job));
  }
}

function describeError(error: unknown, text: string): string {
  if (error instanceof SqlParseError || error instanceof SqlValidationError) return error.format(text);
  return error instanceof Error ? error.message : String(error);
}
