import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataflow, memorySink, type Source, type SourceSplit } from 'sluice';
import { JobRunner } from '../../src/runtime/job-runner.ts';

/** A source whose split list grows when the test says so; each split yields its id once. */
function growingSource(): { source: Source<string>; add(id: string): void; discoveries: number } {
  const splits: SourceSplit[] = [{ id: 'a' }];
  const state = {
    discoveries: 0,
    add: (id: string) => { splits.push({ id }); },
    source: {
      name: 'growing',
      bounded: false,
      discoveryIntervalMs: 10,
      splits: () => [splits[0]],
      discoverSplits: (_ctx, known) => {
        state.discoveries++;
        const ids = new Set(known.map((s) => s.id));
        return splits.filter((s) => !ids.has(s.id));
      },
      createReader: (split, position) => {
        let done = position === true;
        return {
          poll: () => (done ? { values: [] } : ((done = true), { values: [split.id] })),
          position: () => done,
          close: () => {},
        };
      },
    } as Source<string>,
  };
  return state;
}

test('splits discovered while the job runs get a reader each, and known splits are not opened twice', async () => {
  const growing = growingSource();
  const sink = memorySink<string>();
  const flow = new Dataflow('discovery');
  flow.input('in', growing.source).output('out', sink);
  const runner = new JobRunner(flow.plan(), { checkpointInterval: 10 });
  const done = runner.run();
  const until = async (check: () => boolean): Promise<void> => {
    const deadline = Date.now() + 5_000;
    while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  };
  await until(() => sink.values.length === 1);
  growing.add('b');
  growing.add('c');
  await until(() => sink.values.length === 3);
  const before = growing.discoveries;
  await until(() => growing.discoveries > before + 2);
  runner.stop();
  const result = await done;
  assert.deepEqual([...sink.values].sort(), ['a', 'b', 'c']);
  assert.equal(result.status.splits, 3);
});
