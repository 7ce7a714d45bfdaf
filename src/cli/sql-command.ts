import { existsSync, readFileSync } from 'node:fs';
import {
  parseScript, SluiceError, type ApplicationOptions, SqlParseError, SqlValidationError, TableEnvironment, type JobHandle, type ResultFormat, type StateBackendKind, type Statement, type TextOutput, type UiOptions,
} from '../index.ts';
import { describeSources, describeStatus } from './status-line.ts';

/** `--format` of `sluice run job.sql`: how a bare SELECT prints its rows. */
export type SqlOutputFormat = 'changelog' | 'table' | 'json' | 'csv';

const FORMATS: Record<SqlOutputFormat, ResultFormat> = { changelog: 'changelog', table: 'tableau', json: 'json', csv: 'csv' };

/** Options of a SQL script run. */
export interface SqlScriptOptions {
  readonly file: string;
  /** Default 'changelog' (Flink's print format: `+I[AAPL, 2024-01-01 10:00:00.000, 300]`). */
  readonly format?: string;
  readonly checkpointDir?: string;
  /** `--state-backend` and `--state-dir`; the script's SET 'state.backend.type' takes precedence. */
  readonly stateBackend?: StateBackendKind;
  readonly stateDir?: string;
  /** `--allow-non-restored-state` for every job of the script (as SET 'execution.savepoint.ignore-unclaimed-state'). */
  readonly allowNonRestoredState?: boolean;
  /** Progress of INSERT jobs on stderr. */
  readonly status: boolean;
  /** `--ui`: each job of the script serves the REST API (several jobs at once need port 0: each gets a free one). */
  readonly ui?: UiOptions;
  /** Where SELECT results go; default stdout. */
  readonly out?: TextOutput;
  /** Run the script's INSERT as a member of this scaled application (`--application-id`). */
  readonly application?: ApplicationOptions;
}

/**
 * `sluice run job.sql`: runs a Flink SQL script statement by statement, as the SQL client does —
 * DDL and SET apply at once; each INSERT (or statement set) starts a job (with
 * `SET 'table.dml-sync' = 'true'` the script waits for it); a SELECT prints its rows and the script
 * continues when it ends. The command returns when every job has ended (Ctrl-C stops them). An error
 * in the script is reported as `file:line:column: problem` with the line and a caret.
 *
 * @example
 * await runSqlScript({ file: 'examples/seed-flink-sql.sql', format: 'table', status: false });
 */
export async function runSqlScript(options: SqlScriptOptions): Promise<void> {
  const { file } = options;
  if (!existsSync(file)) throw new SluiceError(`${file}: no such file`);
  const format = FORMATS[(options.format ?? 'changelog') as SqlOutputFormat];
  if (format === undefined) throw new SluiceError(`--format must be one of ${Object.keys(FORMATS).join(', ')}, got '${options.format}'`);
  const text = readFileSync(file, 'utf8');
  const statements = located(file, text, () => parseScript(text));
  const env = TableEnvironment.create({
    runOptions: {
      checkpointDir: options.checkpointDir, allowNonRestoredState: options.allowNonRestoredState, stateBackend: options.stateBackend, stateDir: options.stateDir,
      application: options.application, ...(options.ui === undefined ? {} : { ui: options.ui }),
    },
  });
  const out = options.out ?? process.stdout;
  const jobs: JobHandle[] = [];
  let inserts = 0;
  for (const statement of statements) {
    const result = located(file, text, () => env.executeStatement(statement, text));
    if (statement.kind === 'Query') {
      await located(file, text, () => result.print({ format, out }));
    } else if (isInsert(statement)) {
      if (options.application !== undefined && ++inserts > 1) {
        throw new SluiceError(`${file}: a scaled application runs one job; put the script's INSERTs into one EXECUTE STATEMENT SET`);
      }
      const job = result.jobHandle!;
      if (options.status) process.stderr.write(`[INFO] Submitted job '${job.name}'\n`);
      job.ui?.then((ui) => process.stderr.write(`[INFO] Job '${job.name}': REST API at ${ui.url}/jobs/${ui.jobId}\n`), () => undefined);
      if (env.config.get('table.dml-sync')?.toLowerCase() === 'true') await finished(job, options.status);
      else jobs.push(job);
    } else if (result.resultKind === 'SUCCESS_WITH_CONTENT') {
      await result.print({ format: 'tableau', out });
    }
  }
  for (const job of jobs) await finished(job, options.status);
}

function isInsert(statement: Statement): boolean {
  return statement.kind === 'Insert' || statement.kind === 'StatementSet';
}

async function finished(job: JobHandle, status: boolean): Promise<void> {
  const result = await job.done;
  if (status) process.stderr.write(`[INFO] Job '${job.name}' ${result.outcome}: ${describeStatus(result.status)}\n`);
  for (const line of describeSources(result.status).split('\n')) if (line !== '') process.stderr.write(`[INFO] ${line}\n`);
}

/**
 * Runs `fn`; a SQL error comes back as one SluiceError reading `file:line:col: problem` plus the
 * source line and a caret (the CLI prints it without a stack trace).
 */
function located<T>(file: string, text: string, fn: () => T): T {
  try {
    const value = fn();
    if (value instanceof Promise) return value.catch((e: unknown) => { throw relocated(file, text, e); }) as T;
    return value;
  } catch (e) {
    throw relocated(file, text, e);
  }
}

function relocated(file: string, text: string, e: unknown): unknown {
  if (e instanceof SqlParseError || e instanceof SqlValidationError) return new SluiceError(`${file}:${e.format(text)}`, { cause: e });
  return e;
}
