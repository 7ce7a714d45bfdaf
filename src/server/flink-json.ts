import type { SplitReport } from '../runtime/job-runner.ts';
import type { CheckpointRecord, JobMonitor, VertexObservation } from './job-monitor.ts';

/**
 * The REST API's bodies, shaped like Flink's REST API (field names included) where Flink has the
 * endpoint, with Sluice's extras (kind, uid, per-split watermarks, rates) beside them. One job runs
 * one task (parallelism 1 per vertex) in this process.
 */

/**
 * `GET /jobs`: Flink's job list.
 *
 * @example
 * jobsList(monitor); // { jobs: [{ id: '5f0c…', status: 'RUNNING' }] }
 */
export function jobsList(monitor: JobMonitor): unknown {
  return { jobs: [{ id: monitor.id, status: monitor.state }] };
}

/**
 * `GET /jobs/overview`: Flink's overview of each job.
 *
 * @example
 * jobsOverview(monitor); // { jobs: [{ jid, name, state, 'start-time', 'end-time', duration, ... }] }
 */
export function jobsOverview(monitor: JobMonitor): unknown {
  const vertices = monitor.vertices();
  return {
    jobs: [{
      jid: monitor.id, name: monitor.name, state: monitor.state, ...times(monitor), 'last-modification': monitor.ended ?? monitor.startTime,
      tasks: { total: vertices.length, running: monitor.state === 'RUNNING' ? vertices.length : 0 },
    }],
  };
}

/**
 * `GET /jobs/:id`: the job with its vertices (counts, rates, watermarks, backpressure) and its plan.
 *
 * @example
 * jobDetails(monitor).vertices[0].metrics['read-records']; // 1200
 */
export function jobDetails(monitor: JobMonitor): { readonly vertices: readonly { readonly id: string; readonly metrics: Record<string, unknown> }[] } & Record<string, unknown> {
  const vertices = monitor.vertices();
  const status = monitor.status();
  return {
    jid: monitor.id,
    name: monitor.name,
    state: monitor.state,
    ...times(monitor),
    now: Date.now(),
    'records-per-second': status.recordsPerSecond,
    watermark: Number.isFinite(status.watermark) ? status.watermark : null,
    vertices: vertices.map((v) => vertexJson(monitor, v)),
    plan: {
      jid: monitor.id,
      name: monitor.name,
      nodes: vertices.map((v) => ({
        id: v.id, parallelism: 1, operator: v.kind, description: v.name,
        inputs: v.inputs.map((input, num) => ({ num, id: input, ship_strategy: 'FORWARD', exchange: 'pipelined' })),
      })),
    },
  };
}

function vertexJson(monitor: JobMonitor, v: VertexObservation): { readonly id: string; readonly metrics: Record<string, unknown> } & Record<string, unknown> {
  return {
    id: v.id,
    uid: v.uid,
    name: v.name,
    kind: v.kind,
    parallelism: 1,
    status: monitor.state,
    inputs: v.inputs,
    metrics: {
      'read-records': v.recordsIn,
      'write-records': v.recordsOut,
      'read-records-per-second': v.recordsInPerSecond,
      'write-records-per-second': v.recordsOutPerSecond,
      'current-watermark': v.watermark,
      'late-records-dropped': v.lateRecordsDropped,
    },
    backpressure: { ratio: v.backPressureRatio, backpressureLevel: backpressureLevel(v.backPressureRatio) },
    ...(v.splitWatermarks === undefined ? {} : { 'split-watermarks': v.splitWatermarks }),
    ...(v.state === undefined ? {} : { state: v.state }),
  };
}

/**
 * `GET /jobs/:id/vertices/:vid/watermarks`: Flink's list of `{ id, value }` metrics, plus one per split of a source.
 *
 * @example
 * vertexWatermarks(vertex); // [{ id: '0.currentInputWatermark', value: '1704106805000' }, { id: '0.split.trades-0.currentWatermark', value: '…' }]
 */
export function vertexWatermarks(v: VertexObservation): unknown {
  const text = (mark: number | null): string => (mark === null ? String(Number.MIN_SAFE_INTEGER) : String(mark));
  const out = [{ id: v.kind === 'source' ? '0.currentOutputWatermark' : '0.currentInputWatermark', value: text(v.watermark) }];
  for (const [split, mark] of Object.entries(v.splitWatermarks ?? {})) out.push({ id: `0.split.${split}.currentWatermark`, value: text(mark) });
  return out;
}

/**
 * `GET /jobs/:id/vertices/:vid/backpressure`: Flink's shape; the one subtask is this task.
 *
 * @example
 * vertexBackpressure(vertex); // { status: 'ok', backpressureLevel: 'low', subtasks: [{ subtask: 0, ratio: 0.2, ... }] }
 */
export function vertexBackpressure(v: VertexObservation): unknown {
  const level = backpressureLevel(v.backPressureRatio);
  return {
    status: 'ok', backpressureLevel: level, 'end-timestamp': Date.now(),
    subtasks: [{ subtask: 0, backpressureLevel: level, ratio: v.backPressureRatio, busyRatio: null, idleRatio: null }],
  };
}

/** Flink's thresholds: above 0.5 high, above 0.1 low, else ok. */
function backpressureLevel(ratio: number): 'ok' | 'low' | 'high' {
  return ratio > 0.5 ? 'high' : ratio > 0.1 ? 'low' : 'ok';
}

/**
 * `GET /jobs/:id/checkpoints`: Flink's counts, summary, latest and history.
 *
 * @example
 * checkpointsJson(monitor).counts; // { restored: 0, total: 3, in_progress: 0, completed: 3, failed: 0 }
 */
export function checkpointsJson(monitor: JobMonitor): { readonly counts: Record<string, number> } & Record<string, unknown> {
  const { completed, failed, history } = monitor.checkpoints();
  const done = history.filter((c) => c.status === 'COMPLETED');
  const summary = (pick: (c: CheckpointRecord) => number): unknown => done.length === 0
    ? { min: 0, max: 0, avg: 0 }
    : { min: Math.min(...done.map(pick)), max: Math.max(...done.map(pick)), avg: done.reduce((n, c) => n + pick(c), 0) / done.length };
  return {
    counts: { restored: 0, total: completed + failed, in_progress: 0, completed, failed },
    summary: { checkpointed_size: summary((c) => c.sizeBytes), end_to_end_duration: summary((c) => c.durationMs), pause_duration: summary((c) => c.pauseMs) },
    latest: {
      completed: done[0] === undefined ? null : checkpointJson(done[0]),
      failed: history.find((c) => c.status === 'FAILED') === undefined ? null : checkpointJson(history.find((c) => c.status === 'FAILED')!),
    },
    history: history.map(checkpointJson),
  };
}

function checkpointJson(c: CheckpointRecord): Record<string, unknown> {
  return {
    id: c.id, status: c.status, is_savepoint: false, trigger_timestamp: c.triggeredAt, latest_ack_timestamp: c.finishedAt,
    end_to_end_duration: c.durationMs, pause_duration: c.pauseMs, checkpointed_size: c.sizeBytes, state_size: c.sizeBytes,
    ...(c.failure === undefined ? {} : { failure_message: c.failure }),
  };
}

/**
 * `GET /jobs/:id/exceptions`: Flink's exception history (messages, never stack traces).
 *
 * @example
 * exceptionsJson(monitor); // { exceptionHistory: { entries: [{ exceptionName: 'SluiceError', message: '…', timestamp }], truncated: false } }
 */
export function exceptionsJson(monitor: JobMonitor): unknown {
  const entries = monitor.exceptions().map((e) => ({ exceptionName: e.exceptionName, message: e.message, timestamp: e.timestamp, taskName: monitor.name }));
  return { 'root-exception': entries[0]?.message ?? null, timestamp: entries[0]?.timestamp ?? null, exceptionHistory: { entries, truncated: false } };
}

/**
 * `GET /jobs/:id/config`: Flink's shape; `user-config` holds the run options (secrets masked).
 *
 * @example
 * configJson(monitor); // { jid, name, 'execution-config': { 'job-parallelism': 1, 'task-index': 0, 'user-config': { checkpointInterval: 10000 } } }
 */
export function configJson(monitor: JobMonitor): unknown {
  return {
    jid: monitor.id,
    name: monitor.name,
    'execution-config': {
      'execution-mode': 'PIPELINED',
      'job-parallelism': monitor.context.parallelism,
      'task-index': monitor.context.taskIndex,
      'user-config': monitor.context.config,
    },
  };
}

/**
 * `GET /jobs/:id/kafka-lag`: per split of every source, its position and records-lag where the
 * reader knows it (Kafka); a Kafka split also names its topic and partition.
 *
 * @example
 * kafkaLagJson(monitor); // { partitions: [{ source: 'source-1', split: 'trades-0', topic: 'trades', partition: 0, offset: 42, lag: 8 }] }
 */
export function kafkaLagJson(monitor: JobMonitor): unknown {
  return { partitions: monitor.splits().map(splitJson) };
}

function splitJson(report: SplitReport): Record<string, unknown> {
  const split = report.split as { topic?: unknown; partition?: unknown };
  const offset = (report.position as { offset?: unknown } | undefined)?.offset;
  return {
    source: report.sourceId,
    split: report.splitId,
    ...(typeof split.topic === 'string' ? { topic: split.topic } : {}),
    ...(typeof split.partition === 'number' ? { partition: split.partition } : {}),
    ...(typeof offset === 'number' ? { offset } : {}),
    lag: report.lag ?? null,
    ended: report.ended,
  };
}

function times(monitor: JobMonitor): Record<string, number> {
  const end = monitor.ended;
  return { 'start-time': monitor.startTime, 'end-time': end ?? -1, duration: (end ?? Date.now()) - monitor.startTime };
}
