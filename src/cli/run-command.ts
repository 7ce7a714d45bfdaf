import { randomUUID } from 'node:crypto';
import { SluiceError, start, type ApplicationOptions, type StateBackendKind, type UiOptions } from '../index.ts';
import { loadJob } from './load-job.ts';
import { runSqlScript } from './sql-command.ts';
import { describeSources, StatusLine } from './status-line.ts';
import { runTaskThreads } from './task-threads.ts';

/** Options of `sluice run`. */
export interface RunCommandOptions {
  readonly file: string;
  readonly checkpointDir?: string;
  /** Milliseconds between checkpoints of a job module (default: the runner's). */
  readonly checkpointInterval?: number;
  readonly status: boolean;
  /** How a SQL script's SELECT prints its rows: changelog (default), table, json or csv. */
  readonly format?: string;
  /** Tasks to run the job as, one worker thread each (default 1: this thread). */
  readonly parallelism?: number;
  /** Where keyed state lives (`--state-backend`); a SQL script's SET takes precedence. */
  readonly stateBackend?: StateBackendKind;
  /** lmdb's working directory (`--state-dir`). */
  readonly stateDir?: string;
  /** `--allow-non-restored-state`: restore a changed job, dropping state that no longer fits (see JobOptions). */
  readonly allowNonRestoredState?: boolean;
  /** `--application-id` and friends: run as a member of a scaled application (see engine/application.ts). */
  readonly application?: ApplicationOptions;
  /** `--threads`: members of the application in this process, one worker thread each (Kafka Streams' num.stream.threads). */
  readonly threads?: number;
  /** `--ui`: serve the REST API and metrics while the job runs (a job module or a SQL script's jobs). */
  readonly ui?: UiOptions;
}

/**
 * `sluice run job.ts`: loads a module whose default export (or `flow` export) is a Dataflow — or a
 * function returning one — and runs it until its input ends or Ctrl-C, with a refreshing status line.
 * `sluice run job.sql` runs a Flink SQL script (see sql-command.ts). With `parallelism` > 1 the job
 * module runs as that many tasks in worker threads (see task-threads.ts).
 *
 * @example
 * await runCommand({ file: 'examples/stock-pipeline.ts', status: true });
 */
export async function runCommand(options: RunCommandOptions): Promise<void> {
  const parallelism = options.parallelism ?? 1;
  if (!Number.isInteger(parallelism) || parallelism < 1) throw new SluiceError(`--parallelism must be a positive integer, got ${parallelism}`);
  if (parallelism > 1 && options.file.endsWith('.sql')) {
    throw new SluiceError('--parallelism > 1 runs job modules (.ts) only for now; run SQL scripts with parallelism 1');
  }
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new SluiceError(`--threads must be a positive integer, got ${threads}`);
  if (threads > 1) {
    if (options.application === undefined) throw new SluiceError('--threads runs several members of a scaled application in this process: add --application-id (or use --parallelism)');
    if (options.file.endsWith('.sql')) throw new SluiceError('--threads runs job modules (.ts) for now; run more instances of a SQL script instead');
    const { log: _, ...application } = options.application;
    await runTaskThreads({
      file: options.file, checkpointDir: options.checkpointDir, checkpointInterval: options.checkpointInterval, parallelism: threads, status: options.status,
      allowNonRestoredState: options.allowNonRestoredState, application: { ...application, processId: application.processId ?? randomUUID() },
    });
    return;
  }
  if (parallelism > 1 && options.application !== undefined) {
    throw new SluiceError('--parallelism splits partitions statically among threads; a scaled application (--application-id) shares its tasks through its consumer group instead: start more instances');
  }
  if (parallelism > 1 && options.ui !== undefined) {
    throw new SluiceError('--ui serves one task for now: run with --parallelism 1 (one server per task thread is planned)');
  }
  if (parallelism > 1) {
    await runTaskThreads({
      file: options.file, checkpointDir: options.checkpointDir, checkpointInterval: options.checkpointInterval, parallelism, status: options.status,
      allowNonRestoredState: options.allowNonRestoredState,
    });
    return;
  }
  if (options.file.endsWith('.sql')) {
    await runSqlScript({
      file: options.file, format: options.format, checkpointDir: options.checkpointDir, status: options.status,
      allowNonRestoredState: options.allowNonRestoredState, stateBackend: options.stateBackend, stateDir: options.stateDir, ui: options.ui,
      application: options.application,
    });
    return;
  }
  const job = await loadJob(options.file);
  const statusLine = new StatusLine();
  const detach = options.status ? statusLine.attach() : () => {};
  const handle = start(job, {
    checkpointDir: options.checkpointDir,
    checkpointInterval: options.checkpointInterval,
    stateBackend: options.stateBackend,
    stateDir: options.stateDir,
    allowNonRestoredState: options.allowNonRestoredState,
    application: options.application,
    ...(options.ui === undefined ? {} : { ui: options.ui }),
    onStatus: options.status ? (status) => statusLine.update(status) : undefined,
  });
  handle.ui?.then((ui) => process.stderr.write(`sluice: REST API at ${ui.url}/jobs/${ui.jobId} (metrics at ${ui.url}/metrics)\n`), () => undefined);
  try {
    const result = await handle.done;
    statusLine.update(result.status);
    detach();
    // Even without a status line, what was dropped is said at the end.
    process.stderr.write(options.status ? `${result.outcome}: ${statusLine.last()}\n${describeSources(result.status)}` : describeSources(result.status));
  } catch (error) {
    detach();
    throw error;
  }
}
