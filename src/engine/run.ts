import { join } from 'node:path';
import { Dataflow } from '../api/dataflow/dataflow.ts';
import type { LogicalPlan } from '../plan/nodes.ts';
import { JobRunner, type JobOptions, type JobResult } from '../runtime/job-runner.ts';
import type { CheckpointStats } from '../runtime/job-status.ts';
import type { JobStatus } from '../runtime/job-status.ts';
import { CheckpointStorage } from '../state/checkpoint-storage.ts';
import { parseStateBackendKind, type StateBackendChoice } from '../state/create-backend.ts';
import type { StateBackendKind } from '../state/state-backend.ts';
import { parseRetained } from './state-config.ts';
import { ConfigError, SluiceError } from '../core/errors.ts';
import { log, withLogContext } from '../core/log.ts';
import type { JobMonitor } from '../server/job-monitor.ts';
import type { UiServer } from '../server/rest-server.ts';
import { checkUiOptions, type UiOptions } from '../server/ui-options.ts';
import { describeRunOptions } from './run-options-view.ts';
import { startApplicationMember, type ApplicationMember, type ApplicationOptions } from './application.ts';
import { mergeTaskStatuses } from './application-status.ts';

/**
 * How to run a job.
 *
 * @example
 * await run(flow, { checkpointDir: '.sluice/checkpoints/big-trades', checkpointInterval: 5_000 });
 * await run(flow, { stateBackend: 'lmdb', stateDir: '/var/lib/sluice/state', checkpointDir: '.sluice/ckpt' });
 */
export interface RunOptions extends Omit<JobOptions, 'stateBackend'> {
  /**
   * Where keyed state lives: 'heap' (default: fast, bounded by memory) or 'lmdb' (on disk through
   * memory-mapped files, for state larger than memory). A {@link StateBackendChoice} sets more.
   */
  readonly stateBackend?: StateBackendKind | StateBackendChoice;
  /** lmdb: the directory for its working files (default: a temporary directory). */
  readonly stateDir?: string;
  /** Checkpoints kept in `checkpointDir` (Flink's state.checkpoints.num-retained). Default 3. */
  readonly checkpointsRetained?: number;
  /**
   * Directory for checkpoints (written atomically); a restart resumes from the newest complete one.
   * With parallelism > 1 each task uses `<checkpointDir>/task-<i>-of-<n>` (a run with another
   * parallelism starts afresh: from the sources' startup mode, e.g. the group's committed offsets).
   */
  readonly checkpointDir?: string;
  /** Stop cleanly on SIGINT / SIGTERM (final checkpoint, sinks flushed). Default true. */
  readonly handleSignals?: boolean;
  /** Called every `statusInterval` ms with the job's status (records in, rate, watermark, late records). */
  readonly onStatus?: (status: JobStatus) => void;
  readonly statusInterval?: number;
  /**
   * Run as one member of a scaled application (Kafka Streams' application.id): the job's instances,
   * in any processes on any machines, join one consumer group and share its tasks (see
   * engine/application.ts). Task `<s>_<p>` checkpoints locally into
   * `<checkpointDir>/<applicationId>/<s>_<p>`.
   */
  readonly application?: ApplicationOptions;
  /**
   * Serve the job's REST API and Prometheus metrics while it runs (`sluice run … --ui`): `true` for
   * http://127.0.0.1:8081, or where ({@link UiOptions}; another address than loopback needs a token).
   * The server closes when the job ends. See the handle's `ui` for its address and the job id.
   */
  readonly ui?: UiOptions | true;
}

/** Where a job's REST API listens, and the job's id in it. */
export interface UiEndpoint {
  /** e.g. `http://127.0.0.1:8081`. */
  readonly url: string;
  /** The job's id in the API (`/jobs/<jobId>`): 32 hex digits, new for every start. */
  readonly jobId: string;
  /** Closes the server now (needed with `keepOpen`; otherwise it closes when the job ends). */
  close(): Promise<void>;
}

/** A running job. */
export interface JobHandle {
  readonly name: string;
  /** Settles when the job finishes (bounded input drained), is stopped, or fails. */
  readonly done: Promise<JobResult>;
  /** Stops after the current batch: final checkpoint, sinks flushed. */
  stop(): Promise<JobResult>;
  /** Takes a checkpoint now; resolves with its id. */
  checkpoint(): Promise<number>;
  /** The job's status now: records in and out, rate, watermark, late records, checkpoints. */
  status(): JobStatus;
  /** With `RunOptions.ui`: resolves once the REST API listens (rejects, and the job stops, if it cannot). */
  readonly ui?: Promise<UiEndpoint>;
}

/**
 * Starts a job (a Dataflow or any logical plan) and returns a handle at once.
 *
 * @example
 * const job = start(flow);
 * setTimeout(() => job.stop(), 10_000);
 * const result = await job.done;
 */
export function start(job: Dataflow | LogicalPlan, options: RunOptions = {}): JobHandle {
  const plan = job instanceof Dataflow ? job.plan() : job;
  if (options.application !== undefined) return startMember(plan, options, options.application);
  const checkpointDir = options.checkpointDir === undefined ? undefined : taskCheckpointDir(options.checkpointDir, options.taskIndex ?? 0, options.parallelism ?? 1);
  const retain = options.checkpointsRetained === undefined ? undefined : parseRetained(options.checkpointsRetained, 'checkpointsRetained');
  const checkpoints = options.checkpoints ?? (checkpointDir ? new CheckpointStorage(checkpointDir, { retain }) : undefined);
  const ui = options.ui === undefined ? undefined : checkUiOptions(options.ui);
  let monitor: JobMonitor | undefined;
  // Checkpoint reports that come before the monitor is loaded (the server's modules load on demand).
  const early: { completed?: CheckpointStats; failed?: { id: number; error: unknown } }[] = [];
  const runner = new JobRunner(plan, {
    ...options, checkpoints, stateBackend: stateBackendChoice(options),
    onCheckpoint: (stats) => {
      log.debug(`checkpoint ${stats.id} completed in ${stats.durationMs} ms (paused ${stats.pauseMs.toFixed(1)} ms, ${stats.stateBytes} bytes of state)`, { checkpoint: stats.id });
      if (monitor !== undefined) monitor.checkpointCompleted(stats);
      else if (ui !== undefined) early.push({ completed: stats });
      options.onCheckpoint?.(stats);
    },
    onCheckpointFailed: (id, error) => {
      if (monitor !== undefined) monitor.checkpointFailed(id, error);
      else if (ui !== undefined) early.push({ failed: { id, error } });
      options.onCheckpointFailed?.(id, error);
    },
  });
  const detach = attachToProcess(options, () => runner.stop(), () => runner.currentStatus());
  let running: Promise<JobResult> | undefined;
  let server: Promise<{ server: UiServer; jobId: string }> | undefined;
  if (ui !== undefined) {
    // Fastify and prom-client load only for a job that serves its API (not on every import of 'sluice').
    server = Promise.all([import('../server/job-monitor.ts'), import('../server/rest-server.ts')]).then(async ([{ JobMonitor }, { startRestServer }]) => {
      const created = new JobMonitor(runner, { config: describeRunOptions(options), taskIndex: options.taskIndex ?? 0, parallelism: options.parallelism ?? 1, stop: () => runner.stop() });
      monitor = created;
      for (const report of early.splice(0)) {
        if (report.completed !== undefined) created.checkpointCompleted(report.completed);
        if (report.failed !== undefined) created.checkpointFailed(report.failed.id, report.failed.error);
      }
      if (running !== undefined) created.watch(running);
      return { server: await startRestServer(created, ui), jobId: created.id };
    }).catch((error: unknown) => {
      runner.stop();
      const reason = error instanceof Error ? error.message : String(error);
      throw new SluiceError(`the REST API could not listen on ${ui.host}:${ui.port}: ${reason}`, { cause: error });
    });
  }
  const closeServer = async (): Promise<void> => {
    monitor?.close();
    await server?.then((s) => s.server.close(), () => undefined);
  };
  const endpoint = server?.then((s): UiEndpoint => ({ url: s.server.url, jobId: s.jobId, close: closeServer }));
  // Handled here too, so a caller who never looks at `ui` gets the failure from `done` alone.
  endpoint?.catch(() => undefined);
  const logContext = { job: runner.name, task: options.taskIndex ?? 0 };
  running = withLogContext(logContext, () => {
    log.info(`job '${runner.name}' starting`, { config: describeRunOptions(options) });
    return runner.run().then((result) => {
      log.info(`job '${runner.name}' ${result.outcome}: ${result.status.recordsIn} records in, ${result.status.recordsOut} out, last checkpoint ${result.lastCheckpointId}`);
      return result;
    }, (error: unknown) => {
      log.error(`job '${runner.name}' failed: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    });
  });
  const result = running;
  // A server that cannot listen stops the job and is its error.
  const both = server === undefined ? result : server.then(() => result, async (error: unknown) => {
    await result.catch(() => undefined);
    throw error;
  });
  const done = both.finally(async () => {
    detach();
    if (ui?.keepOpen !== true) await closeServer();
  });
  return {
    name: runner.name,
    done,
    stop: () => {
      runner.stop();
      return done;
    },
    checkpoint: () => runner.checkpoint(),
    status: () => runner.currentStatus(),
    ...(endpoint === undefined ? {} : { ui: endpoint }),
  };
}

/**
 * Runs a job to its end: a bounded job until its input is drained (firing all remaining windows),
 * an unbounded one until stopped (Ctrl-C).
 *
 * @example
 * const result = await run(flow);
 * console.log(result.status.recordsIn);
 */
export function run(job: Dataflow | LogicalPlan, options: RunOptions = {}): Promise<JobResult> {
  return start(job, options).done;
}

/**
 * Where task `taskIndex` of `parallelism` keeps its checkpoints: the directory itself for a job of
 * one task, `<dir>/task-<i>-of-<n>` otherwise (each task restores only its own splits' positions).
 *
 * @example
 * taskCheckpointDir('.sluice/ckpt', 1, 4); // '.sluice/ckpt/task-1-of-4'
 */
export function taskCheckpointDir(dir: string, taskIndex: number, parallelism: number): string {
  return parallelism <= 1 ? dir : join(dir, `task-${taskIndex}-of-${parallelism}`);
}

/** The backend RunOptions ask for: a kind (checked) plus `stateDir`, or a full choice. */
function stateBackendChoice(options: RunOptions): StateBackendChoice | undefined {
  const given = options.stateBackend;
  if (given === undefined) {
    if (options.stateDir !== undefined) throw new ConfigError('stateDir', "is where the lmdb backend keeps its files: add stateBackend: 'lmdb' (the heap backend has none)");
    return undefined;
  }
  if (typeof given === 'object') return { ...given, kind: parseStateBackendKind(given.kind, 'stateBackend'), dir: given.dir ?? options.stateDir };
  return { kind: parseStateBackendKind(given, 'stateBackend'), dir: options.stateDir };
}

/**
 * What a running job does in its process: stops on SIGINT / SIGTERM (unless `handleSignals` is false)
 * and reports `status()` (once there is one) to `onStatus` every `statusInterval` ms. Returns what
 * undoes both, for when the job is done.
 */
function attachToProcess(options: RunOptions, stop: () => void, status: () => JobStatus | undefined): () => void {
  const stopOnSignal = (): void => stop();
  if (options.handleSignals !== false) {
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
  }
  const { onStatus } = options;
  const timer = onStatus === undefined ? undefined : setInterval(() => {
    const now = status();
    if (now !== undefined) onStatus(now);
  }, options.statusInterval ?? 500);
  return () => {
    if (timer) clearInterval(timer);
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
  };
}

/** `start` for a member of a scaled application: the same handle over the member's tasks. */
function startMember(plan: LogicalPlan, options: RunOptions, application: ApplicationOptions): JobHandle {
  if (options.ui !== undefined) throw new ConfigError('ui', 'is not served by a member of a scaled application yet (planned); run without it, or without an application id');
  const { application: _, checkpointDir, stateBackend, onStatus, statusInterval, handleSignals, checkpoints, ui: __, ...taskOptions } = options;
  let member: ApplicationMember | undefined;
  const joined = startApplicationMember({
    ...application, plan, stateDir: checkpointDir, resolver: options.resolver,
    taskOptions: { ...taskOptions, stateBackend: stateBackendChoice(options) },
  }).then((m) => (member = m));
  const stop = (): Promise<JobResult> => joined.then((m) => m.stop());
  const detach = attachToProcess(options, () => void stop().catch(() => {}), () => member?.status());
  const done = joined.then((m) => m.done).finally(detach);
  return {
    name: application.applicationId,
    done,
    stop,
    checkpoint: () => Promise.reject(new ConfigError('checkpoint', 'a member of a scaled application checkpoints each task on its own interval; there is no job-wide checkpoint to request')),
    status: () => member?.status() ?? mergeTaskStatuses([]),
  };
}
