import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataflow } from '../../src/api/dataflow/index.ts';
import { memorySink } from '../../src/connectors/memory/index.ts';
import { END, type Source } from '../../src/connectors/spi.ts';
import { isStateChain } from '../../src/runtime/incremental-state.ts';
import type { CheckpointData } from '../../src/runtime/job-checkpoint.ts';
import { JobRunner } from '../../src/runtime/job-runner.ts';
import { CheckpointStorage } from '../../src/state/checkpoint-storage.ts';

/**
 * Checkpoint retention with incremental state: only `retain` checkpoints stay, compaction starts new
 * chains, and exactly the state files the retained checkpoints refer to are left on disk.
 */

/** One record per poll, keys a..e round robin; a checkpoint after every poll, the next poll waiting for it. */
function checkpointingSource(records: number, checkpoint: () => Promise<unknown>): Source<{ key: string; n: number }> {
  return {
    name: 'one-by-one',
    bounded: true,
    splits: () => [{ id: 'only' }],
    createReader(_split, position) {
      let next = typeof position === 'number' ? position : 0;
      let gate: Promise<unknown> | undefined;
      return {
        async poll() {
          if (gate !== undefined) await gate;
          if (next >= records) return END;
          const value = { key: 'abcde'[next % 5], n: next };
          next++;
          gate = new Promise((resolve) => setImmediate(resolve)).then(checkpoint);
          return { values: [value] };
        },
        position: () => next,
        close() {},
      };
    },
  };
}

for (const backend of ['heap', 'lmdb'] as const) {
  test(`${backend}: num-retained keeps 2 checkpoints and exactly the state files they need; a restart carries on`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-retention-'));
    try {
      const sink = memorySink<string>();
      const flow = (records: number, runner: () => JobRunner) => {
        const f = new Dataflow('retention');
        f.input('in', checkpointingSource(records, () => runner().checkpoint()))
          .keyBy((r) => r.key)
          .statefulMap(() => 0, (count, r) => [count + 1, `${r.key}${count + 1}`], 'count')
          .output('out', sink);
        return f.plan();
      };
      let runner!: JobRunner;
      const options = { checkpoints: new CheckpointStorage(dir, { retain: 2 }), checkpointInterval: 1e9, stateBackend: { kind: backend }, maxStateIncrements: 3 };
      runner = new JobRunner(flow(23, () => runner), options);
      const first = await runner.run();
      assert.ok(first.lastCheckpointId >= 23, `a checkpoint per record (${first.lastCheckpointId})`);
      const store = new CheckpointStorage(dir);
      const ids = await store.list();
      assert.deepEqual(ids, [first.lastCheckpointId - 1, first.lastCheckpointId]);
      const referenced = new Set<string>();
      for (const id of ids) {
        const data = (await store.read(id)) as CheckpointData;
        for (const saved of Object.values(data.graph.operators)) if (isStateChain(saved.state)) for (const f of saved.state.files) referenced.add(f.name);
      }
      assert.deepEqual((await readdir(join(dir, 'state'))).sort(), [...referenced].sort(), 'no state file is left that no retained checkpoint needs');
      const newest = (await store.read(first.lastCheckpointId)) as CheckpointData;
      const chain = Object.values(newest.graph.operators).map((o) => o.state).find(isStateChain);
      assert.ok(chain !== undefined && chain.files.length <= 4, 'compaction keeps chains at a base and at most 3 increments');

      // A second run over more input restores the counts and carries on from them.
      runner = new JobRunner(flow(25, () => runner), options);
      await runner.run();
      assert.deepEqual(sink.values.slice(-2), ['d5', 'e5'], 'records 23 and 24 continue the counts of d and e');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
