import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataflow } from '../../../src/api/dataflow/index.ts';
import { InProcessLog } from '../../../src/connectors/log/in-process-log.ts';
import { logSource } from '../../../src/connectors/log/log-source.ts';
import { memorySink } from '../../../src/connectors/memory/index.ts';
import type { Row } from '../../../src/core/row.ts';
import { run } from '../../../src/engine/run.ts';

function filledLog(): InProcessLog {
  const log = new InProcessLog();
  log.createTopic('readings', { partitions: 4 });
  for (let partition = 0; partition < 4; partition++) {
    log.append('readings', partition, Array.from({ length: 25 }, (_, i) => ({ value: JSON.stringify({ p: partition, i }) })));
  }
  return log;
}

test('task i of 2 lists the partitions p with p % 2 === i', async () => {
  const log = filledLog();
  const ids = [0, 1].map((taskIndex) => logSource(log, { topic: 'readings' }).splits({ taskIndex, parallelism: 2, now: () => 0 }));
  assert.deepEqual((await ids[0]).map((s) => s.id), ['readings-0', 'readings-2']);
  assert.deepEqual((await ids[1]).map((s) => s.id), ['readings-1', 'readings-3']);
});

test('two tasks of one job on a shared log read every record once between them, each only its partitions', async () => {
  const log = filledLog();
  const task = async (taskIndex: number): Promise<Row[]> => {
    const sink = memorySink<Row>();
    const flow = new Dataflow('split-readings');
    flow.input('in', logSource<Row>(log, { topic: 'readings', bounded: true })).output('out', sink);
    const result = await run(flow, { taskIndex, parallelism: 2, handleSignals: false });
    assert.equal(result.outcome, 'finished');
    return sink.values;
  };
  const [first, second] = await Promise.all([task(0), task(1)]);
  assert.deepEqual([...new Set(first.map((r) => r.p))].sort(), [0, 2]);
  assert.deepEqual([...new Set(second.map((r) => r.p))].sort(), [1, 3]);
  const all = [...first, ...second].map((r) => `${r.p}/${r.i}`);
  assert.equal(all.length, 100);
  assert.equal(new Set(all).size, 100, 'no record twice');
});
