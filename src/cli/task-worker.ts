// One task of `sluice run --parallelism N`, in a worker thread: imports the job module itself (fresh
// sources and sinks, as Flink ships the job to each slot), runs it as task `taskIndex`, and talks to
// the main thread by messages (see task-threads.ts): status and its end out, 'stop' in.
import { parentPort, workerData } from 'node:worker_threads';
import { checkTaskThreads, start, type JobHandle } from '../index.ts';
import { errorText, loadJob } from './load-job.ts';
import type { TaskData, TaskMessage } from './task-threads.ts';

const port = parentPort;
if (port === null) throw new Error('task-worker.ts runs as a worker thread of `sluice run --parallelism`');
const data = workerData as TaskData;
let handle: JobHandle | undefined;
let stopRequested = false;

function send(message: TaskMessage): void {
  port!.postMessage(message);
}

port.on('message', (message: { type?: string }) => {
  if (message.type !== 'stop') return;
  stopRequested = true;
  // Errors surface through `handle.done` below.
  handle?.stop().catch(() => {});
});

try {
  const job = await loadJob(data.file);
  // A member of a scaled application gets its tasks from the group; otherwise the thread is task i of n.
  const application = data.application === undefined
    ? undefined
    : { ...data.application, log: (line: string) => process.stderr.write(`[INFO] thread ${data.taskIndex}: ${line}\n`) };
  if (application === undefined) checkTaskThreads(job, data.parallelism);
  handle = start(job, {
    checkpointDir: data.checkpointDir,
    checkpointInterval: data.checkpointInterval,
    allowNonRestoredState: data.allowNonRestoredState,
    ...(application === undefined ? { taskIndex: data.taskIndex, parallelism: data.parallelism } : { application }),
    handleSignals: false, // signals reach the main thread only; it forwards them as 'stop'
    onStatus: data.status ? (status) => send({ type: 'status', status }) : undefined,
  });
  if (stopRequested) void handle.stop().catch(() => {});
  const result = await handle.done;
  send({ type: 'done', outcome: result.outcome, status: result.status });
} catch (error) {
  send({ type: 'failed', message: errorText(error) });
} finally {
  port.unref(); // nothing more to hear: let the thread end once its connections are closed
}
