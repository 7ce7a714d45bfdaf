import { Worker } from 'node:worker_threads';
import { SluiceError, type ApplicationOptions, type JobStatus, type SourceStatus } from '../index.ts';
import { describeSources, StatusLine } from './status-line.ts';

/** What a task's worker thread is told at start. */
export interface TaskData {
  readonly file: string;
  readonly checkpointDir: string | undefined;
  readonly checkpointInterval: number | undefined;
  readonly allowNonRestoredState: boolean | undefined;
  readonly taskIndex: number;
  readonly parallelism: number;
  /** Whether to send status messages. */
  readonly status: boolean;
  /**
   * With `--threads`: the thread is a member of this scaled application (its tasks come from the
   * group, not from `taskIndex`); every thread of the process has the same `processId`.
   */
  readonly application?: Omit<ApplicationOptions, 'log'>;
}

/** What a task's worker thread tells the main thread. */
export type TaskMessage =
  | { readonly type: 'status'; readonly status: JobStatus }
  | { readonly type: 'done'; readonly outcome: 'finished' | 'stopped'; readonly status: JobStatus }
  | { readonly type: 'failed'; readonly message: string };

/** Options of {@link runTaskThreads}. */
export interface TaskThreadsOptions {
  readonly file: string;
  readonly checkpointDir?: string;
  readonly checkpointInterval?: number;
  readonly allowNonRestoredState?: boolean;
  readonly parallelism: number;
  readonly status: boolean;
  /** Run each thread as a member of this scaled application (`--threads` with `--application-id`). */
  readonly application?: Omit<ApplicationOptions, 'log'>;
}

interface Task {
  readonly index: number;
  readonly worker: Worker;
  status: JobStatus | undefined;
  outcome: 'finished' | 'stopped' | undefined;
  failure: string | undefined;
}

/**
 * The worker thread's module beside this one: task-worker.ts in the checkout, task-worker.js in the
 * installed package's dist/ (the build rewrites import specifiers, not URLs).
 */
const TASK_WORKER = new URL(`./task-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** How long a task's thread may take to end after it reported its end (closing connections). */
const EXIT_GRACE_MS = 10_000;

/**
 * Runs a job module as `parallelism` tasks, one worker thread each (task-worker.ts): each imports the
 * module and runs it as task i of n, reading its share of the partitions and checkpointing into
 * `<checkpointDir>/task-<i>-of-<n>`. SIGINT / SIGTERM are forwarded to every task as a stop (final
 * checkpoint); when a task fails the others are stopped, and the run fails naming each failed task.
 *
 * @example
 * await runTaskThreads({ file: 'jobs/filter.ts', parallelism: 4, status: true });
 */
export async function runTaskThreads(options: TaskThreadsOptions): Promise<void> {
  const n = options.parallelism;
  const statusLine = new StatusLine();
  const detach = options.status ? statusLine.attach() : () => {};
  const tasks: Task[] = [];
  const stopAll = (): void => {
    for (const task of tasks) if (task.outcome === undefined && task.failure === undefined) task.worker.postMessage({ type: 'stop' });
  };
  const showStatus = (): void => {
    const statuses = tasks.flatMap((t) => (t.status === undefined ? [] : [t.status]));
    if (options.status && statuses.length > 0) statusLine.update(combineStatus(statuses));
  };
  process.on('SIGINT', stopAll);
  process.on('SIGTERM', stopAll);
  try {
    const ended: Promise<void>[] = [];
    for (let index = 0; index < n; index++) {
      const data: TaskData = {
        file: options.file, checkpointDir: options.checkpointDir, checkpointInterval: options.checkpointInterval, allowNonRestoredState: options.allowNonRestoredState,
        taskIndex: index, parallelism: n, status: options.status, application: options.application,
      };
      const worker = new Worker(TASK_WORKER, { workerData: data });
      const task: Task = { index, worker, status: undefined, outcome: undefined, failure: undefined };
      tasks.push(task);
      ended.push(new Promise<void>((resolve) => {
        let grace: NodeJS.Timeout | undefined;
        const settle = (): void => {
          // A thread that reported its end but keeps a handle open is ended rather than waited for.
          grace = setTimeout(() => void worker.terminate(), EXIT_GRACE_MS);
          grace.unref();
        };
        worker.on('message', (message: TaskMessage) => {
          if (message.type === 'status') {
            task.status = message.status;
            showStatus();
          } else if (message.type === 'done') {
            task.status = message.status;
            task.outcome = message.outcome;
            settle();
          } else {
            task.failure = message.message;
            stopAll();
            settle();
          }
        });
        worker.on('error', (error) => {
          task.failure ??= error instanceof Error ? (error.stack ?? error.message) : String(error);
          stopAll();
        });
        worker.on('exit', (code) => {
          clearTimeout(grace);
          if (task.outcome === undefined && task.failure === undefined) {
            task.failure = `its thread exited with code ${code} before the job ended`;
            stopAll();
          }
          resolve();
        });
      }));
    }
    await Promise.all(ended);
  } finally {
    process.off('SIGINT', stopAll);
    process.off('SIGTERM', stopAll);
    showStatus();
    detach();
  }
  const failed = tasks.filter((t) => t.failure !== undefined);
  if (failed.length > 0) throw new SluiceError(describeFailures(failed, n));
  const outcome = tasks.every((t) => t.outcome === 'finished') ? 'finished' : 'stopped';
  if (options.status) process.stderr.write(`${outcome}: ${statusLine.last()} | tasks ${n}\n`);
  const statuses = tasks.map((t) => t.status).filter((s) => s !== undefined);
  process.stderr.write(describeSources(combineStatus(statuses)));
}

/** One line per failed task; one line when every task failed the same way (a plan every task refuses). */
function describeFailures(failed: readonly Task[], n: number): string {
  const first = failed[0].failure!;
  if (failed.length === n && failed.every((t) => t.failure === first)) return `all ${n} tasks failed: ${first}`;
  return failed.map((t) => `task ${t.index} of ${n} failed: ${t.failure}`).join('\n');
}

/**
 * The job's status from its tasks': counts and rates add up, the watermark is the lowest (event
 * time has progressed that far in every task), the state operators of every task are listed.
 *
 * @example
 * statusLine.update(combineStatus([task0, task1]));
 */
export function combineStatus(statuses: readonly JobStatus[]): JobStatus {
  let recordsIn = 0, recordsOut = 0, recordsPerSecond = 0, lateRecordsDropped = 0, lateRecordsSideOutput = 0, splits = 0;
  let watermark = Number.POSITIVE_INFINITY;
  let checkpoints = Number.POSITIVE_INFINITY;
  for (const s of statuses) {
    recordsIn += s.recordsIn;
    recordsOut += s.recordsOut;
    recordsPerSecond += s.recordsPerSecond;
    lateRecordsDropped += s.lateRecordsDropped;
    lateRecordsSideOutput += s.lateRecordsSideOutput;
    splits += s.splits;
    watermark = Math.min(watermark, s.watermark);
    checkpoints = Math.min(checkpoints, s.checkpoints);
  }
  // A source of several tasks counts once, with every task's counts added up.
  const sources = new Map<string, SourceStatus>();
  for (const s of statuses.flatMap((status) => status.sources)) {
    const seen = sources.get(s.id);
    sources.set(s.id, seen === undefined ? s : {
      ...seen, recordsIn: seen.recordsIn + s.recordsIn, skipped: seen.skipped + s.skipped, deadLettered: seen.deadLettered + s.deadLettered,
      lateDropped: seen.lateDropped + s.lateDropped,
    });
  }
  const bySource = [...sources.values()];
  return {
    recordsIn, recordsOut, recordsPerSecond, watermark, lateRecordsDropped, lateRecordsSideOutput, splits,
    recordsSkipped: bySource.reduce((n, s) => n + s.skipped, 0),
    recordsDeadLettered: bySource.reduce((n, s) => n + s.deadLettered, 0),
    sources: bySource,
    checkpoints: Number.isFinite(checkpoints) ? checkpoints : 0,
    stateOperators: statuses.flatMap((s) => s.stateOperators),
  };
}
