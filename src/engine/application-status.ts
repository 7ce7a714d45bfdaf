import { MIN_WATERMARK } from '../core/batch.ts';
import type { JobStatus, SourceStatus, StateOperatorStatus } from '../runtime/job-status.ts';

/**
 * One status for the tasks a member of a scaled application runs: counts and rates summed, the
 * lowest watermark, sources and stateful operators summed by id (every task of a sub-topology has the
 * same steps), and the slowest of the tasks' last checkpoints.
 *
 * @example
 * const status = mergeTaskStatuses(member.tasks().map((id) => tasks.status(id)));
 */
export function mergeTaskStatuses(statuses: readonly JobStatus[]): JobStatus {
  const sources = new Map<string, SourceStatus>();
  const operators = new Map<string, StateOperatorStatus>();
  let watermark = Number.POSITIVE_INFINITY;
  let lastCheckpoint: JobStatus['lastCheckpoint'];
  for (const status of statuses) {
    watermark = Math.min(watermark, status.watermark);
    for (const s of status.sources) {
      const seen = sources.get(s.id);
      sources.set(s.id, seen === undefined ? s : {
        ...seen, recordsIn: seen.recordsIn + s.recordsIn, skipped: seen.skipped + s.skipped,
        deadLettered: seen.deadLettered + s.deadLettered, lateDropped: seen.lateDropped + s.lateDropped,
      });
    }
    for (const o of status.stateOperators) {
      const seen = operators.get(o.id);
      operators.set(o.id, seen === undefined ? o : { ...seen, numRowsTotal: seen.numRowsTotal + o.numRowsTotal, lateRecordsDropped: seen.lateRecordsDropped + o.lateRecordsDropped });
    }
    if (status.lastCheckpoint !== undefined && (lastCheckpoint === undefined || status.lastCheckpoint.durationMs > lastCheckpoint.durationMs)) {
      lastCheckpoint = status.lastCheckpoint;
    }
  }
  const sum = (pick: (s: JobStatus) => number): number => statuses.reduce((n, s) => n + pick(s), 0);
  return {
    recordsIn: sum((s) => s.recordsIn),
    recordsOut: sum((s) => s.recordsOut),
    recordsPerSecond: sum((s) => s.recordsPerSecond),
    watermark: statuses.length === 0 ? MIN_WATERMARK : watermark,
    lateRecordsDropped: sum((s) => s.lateRecordsDropped),
    lateRecordsSideOutput: sum((s) => s.lateRecordsSideOutput),
    recordsSkipped: sum((s) => s.recordsSkipped),
    recordsDeadLettered: sum((s) => s.recordsDeadLettered),
    sources: [...sources.values()],
    splits: sum((s) => s.splits),
    checkpoints: sum((s) => s.checkpoints),
    stateOperators: [...operators.values()],
    ...(lastCheckpoint === undefined ? {} : { lastCheckpoint }),
  };
}
