// The job status counts, per source, what it read and what it lost on the way: late records dropped by
// the windows that source alone feeds (here: two sources, two windows, only one has late records).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataflow, memorySink, memorySource, run, tumbling } from '../../src/index.ts';

interface Tick { readonly k: string; readonly t: number }

/** How many ticks arrive after the watermark (the highest time so far) passed the end of their 1 s window. */
function lateCount(ticks: readonly Tick[]): number {
  let max = Number.NEGATIVE_INFINITY;
  let late = 0;
  for (const tick of ticks) {
    const windowEnd = tick.t - (tick.t % 1000) + 1000;
    if (windowEnd <= max) late++;
    max = Math.max(max, tick.t);
  }
  return late;
}

test('late records dropped are counted per source, beside records in, skipped and dead-lettered', async () => {
  const withLate: Tick[] = [{ k: 'a', t: 0 }, { k: 'a', t: 1000 }, { k: 'a', t: 5000 }, { k: 'a', t: 200 }, { k: 'a', t: 4999 }, { k: 'a', t: 300 }];
  const inOrder: Tick[] = [{ k: 'b', t: 0 }, { k: 'b', t: 1500 }, { k: 'b', t: 2500 }];
  const flow = new Dataflow('late-per-source');
  for (const [name, ticks] of [['late', withLate], ['ordered', inOrder]] as const) {
    flow.input(name, memorySource(ticks), { watermark: { timestamp: (r: Tick) => r.t, maxOutOfOrderness: '0 seconds' } })
      .keyBy((r) => r.k)
      .window(tumbling('1 second'))
      .count()
      .output(`${name}-out`, memorySink());
  }
  // One record per batch: the watermark rises after each, as it would with records arriving one by one.
  const result = await run(flow, { handleSignals: false, maxBatchSize: 1 });
  assert.deepEqual(result.status.sources.map((s) => [s.id, s.recordsIn, s.skipped, s.deadLettered, s.lateDropped]), [
    ['late', withLate.length, 0, 0, lateCount(withLate)],
    ['ordered', inOrder.length, 0, 0, lateCount(inOrder)],
  ]);
  assert.ok(lateCount(withLate) > 0 && lateCount(inOrder) === 0, 'the data has late records in one source only');
  assert.equal(result.status.lateRecordsDropped, lateCount(withLate));
});
