// The status line shows a restore from a changelog while it runs, and how it went once done.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobStatus } from 'sluice';
import { describeStatus } from '../../src/cli/status-line.ts';

const base: JobStatus = {
  recordsIn: 0, recordsOut: 0, recordsPerSecond: 0, watermark: Number.NEGATIVE_INFINITY, lateRecordsDropped: 0, lateRecordsSideOutput: 0,
  recordsSkipped: 0, recordsDeadLettered: 0, sources: [], splits: 0, checkpoints: 0, stateOperators: [],
};

test('the status line leads with a changelog restore in progress and ends with one that is done', () => {
  const restoring = describeStatus({ ...base, restore: { phase: 'restoring', records: 1200, remaining: 800, recordsPerSecond: 400, durationMs: 3000, fromLocalState: 0 } });
  assert.match(restoring, /^restoring from changelog: 1200 records, 400\/s, 800 left \| records in 0/);
  const done = describeStatus({ ...base, restore: { phase: 'restored', records: 2000, remaining: 0, recordsPerSecond: 500, durationMs: 4000, fromLocalState: 1 } });
  assert.match(done, /\| restored 2000 changelog records in 4000 ms$/);
  assert.doesNotMatch(describeStatus(base), /restor/);
});
