import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataflow, session, tumbling } from '../../src/api/dataflow/index.ts';
import { memorySink, memorySource } from '../../src/connectors/memory/index.ts';
import { sum } from '../../src/plan/aggregate-functions.ts';
import type { WindowResult } from '../../src/plan/windows.ts';
import { JobRunner } from '../../src/runtime/job-runner.ts';

interface Trade {
  sym: string;
  shares: number;
  t: number;
}

const show = (w: WindowResult<string | undefined, unknown>): string => `${w.key ?? '*'} [${w.start}, ${w.end}) ${JSON.stringify(w.value)}`;

test('a bounded input ends the job and fires every remaining window (batch mode)', async () => {
  const trades: Trade[] = [
    { sym: 'AAPL', shares: 100, t: 0 },
    { sym: 'MSFT', shares: 50, t: 20_000 },
    { sym: 'AAPL', shares: 200, t: 70_000 },
    { sym: 'AAPL', shares: 50, t: 30_000 },
    { sym: 'MSFT', shares: 10, t: 130_000 },
  ];
  const totals = memorySink<WindowResult<string, number | null>>();
  const sessions = memorySink<WindowResult<string, number>>();
  const flow = new Dataflow('batch');
  // The source's own timestamps (`times`), and a bound so wide that no watermark before the end fires anything.
  const input = flow.input('trades', memorySource(trades, { times: trades.map((t) => t.t) }), { watermark: { maxOutOfOrderness: '1 hour' } });
  input.keyBy((t) => t.sym).window(tumbling('1 minute')).aggregate(sum((t: Trade) => t.shares), 'totals').output('totals-out', totals);
  input.keyBy((t) => t.sym).window(session('30 seconds')).count('sessions').output('sessions-out', sessions);

  const result = await new JobRunner(flow.plan()).run();
  assert.equal(result.outcome, 'finished');
  assert.equal(result.status.watermark, Number.POSITIVE_INFINITY, 'event time ended at the sinks');
  assert.deepEqual(totals.values.map(show).sort(), [
    'AAPL [0, 60000) 150',
    'AAPL [60000, 120000) 200',
    'MSFT [0, 60000) 50',
    'MSFT [120000, 180000) 10',
  ]);
  // AAPL's sessions [0, 30000) and [30000, 60000) touch, so they are one; 70000 starts another.
  assert.deepEqual(sessions.values.map(show).sort(), [
    'AAPL [0, 60000) 2',
    'AAPL [70000, 100000) 1',
    'MSFT [130000, 160000) 1',
    'MSFT [20000, 50000) 1',
  ]);
  assert.equal(result.status.lateRecordsDropped, 0);
});

/** Ten early records (split 0 of two) followed by ten records 50 s later (split 1). */
const early = Array.from({ length: 10 }, (_, i) => (i + 1) * 1_000);
const late = Array.from({ length: 10 }, (_, i) => 50_000 + i * 1_000);

async function countPerTenSeconds(times: number[], splits: number) {
  const sink = memorySink<WindowResult<undefined, number>>();
  const flow = new Dataflow('splits');
  flow
    .input('in', memorySource(times, { times, splits }), { watermark: { maxOutOfOrderness: 0 } })
    .window(tumbling('10 seconds'))
    .count('counts')
    .output('out', sink);
  // One record per poll, so the runner interleaves the splits record by record.
  const result = await new JobRunner(flow.plan(), { maxBatchSize: 1 }).run();
  return { results: sink.values.map(show), dropped: result.status.lateRecordsDropped };
}

test('the watermark is the minimum over the splits: a slow split holds windows back and none of its records is late', async () => {
  const { results, dropped } = await countPerTenSeconds([...early, ...late], 2);
  assert.equal(dropped, 0);
  // The early split's windows fire as it advances; [50000, 60000) waits until it has ended.
  assert.deepEqual(results, ['* [0, 10000) 9', '* [10000, 20000) 1', '* [50000, 60000) 10']);
});

test('the same records interleaved in one split are late once the later records push the watermark ahead', async () => {
  const interleaved = early.flatMap((t, i) => [t, late[i]]);
  const { results, dropped } = await countPerTenSeconds(interleaved, 1);
  // 1000, then 50000 moves the watermark to 50000: 2000…10000 are all too late.
  assert.equal(dropped, 9);
  assert.deepEqual(results, ['* [0, 10000) 1', '* [50000, 60000) 10']);
});
