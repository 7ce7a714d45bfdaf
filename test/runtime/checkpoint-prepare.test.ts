import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataflow } from '../../src/api/dataflow/index.ts';
import { memorySource } from '../../src/connectors/memory/index.ts';
import type { Sink, Source } from '../../src/connectors/spi.ts';
import { ManualClock } from '../../src/runtime/clock.ts';
import { JobRunner } from '../../src/runtime/job-runner.ts';

/** A sink that logs what happens to it, in order. */
function loggingSink(log: string[]): Sink<unknown> {
  return {
    name: 'logging',
    open() {},
    write: (values) => void log.push(...values.map((v) => `write ${String(v)}`)),
    prepareCommit: (id) => void log.push(`prepareCommit ${id}`),
    commit() {},
    abort() {},
    close() {},
  };
}

test('operators prepare in topological order at a checkpoint, before the sinks prepare their commits', async () => {
  const log: string[] = [];
  const flow = new Dataflow('prepare-order');
  flow.input('in', memorySource(['a'])).map((v) => `${v}1`).map((v) => `${v}2`).output('out', loggingSink(log));
  const runner = new JobRunner(flow.plan(), { checkpointInterval: 1e9 });
  const [first, second] = runner.graph.operators;
  // The upstream map emits at prepareCheckpoint; the downstream one logs when it prepares.
  const upstream = first.operator as unknown as { prepareCheckpoint(): void; ctx: { emit(b: { values: unknown[]; times: number[] }): void } };
  upstream.prepareCheckpoint = () => upstream.ctx.emit({ values: ['early'], times: [0] });
  (second.operator as unknown as { prepareCheckpoint(): void }).prepareCheckpoint = () => void log.push('downstream prepares');
  const result = await runner.run();
  assert.equal(result.lastCheckpointId, 1);
  assert.deepEqual(log, ['write a12', 'write early2', 'downstream prepares', 'prepareCommit 1']);
});

/**
 * A source that plays a script, one step per poll, moving the manual clock a second each poll:
 * 'r' is a record, '-' an empty poll (idle), 'c' an empty poll that asks for a checkpoint.
 * After the script it stops the runner.
 */
function scripted(script: string, clock: ManualClock, runner: () => JobRunner, requested: Promise<number>[]): Source<number> {
  let step = 0;
  return {
    name: 'scripted',
    bounded: false,
    splits: () => [{ id: 'only' }],
    createReader: () => ({
      poll: () => {
        clock.advance(1000);
        const what = script[step++];
        if (what === undefined) runner().stop();
        if (what === 'c') requested.push(runner().checkpoint());
        return { values: what === 'r' ? [step] : [] };
      },
      position: () => step,
      close: () => {},
    }),
  };
}

async function checkpointIds(script: string, skipIdleCheckpoints: boolean): Promise<{ ids: number[]; requested: number[] }> {
  const clock = new ManualClock(0);
  const ids: number[] = [];
  const requested: Promise<number>[] = [];
  let runner: JobRunner | undefined;
  const sink: Sink<unknown> = { ...loggingSink([]), prepareCommit: (id) => void ids.push(id) };
  const flow = new Dataflow('idle-checkpoints');
  flow.input('in', scripted(script, clock, () => runner!, requested)).output('out', sink);
  runner = new JobRunner(flow.plan(), { clock, checkpointInterval: 100, skipIdleCheckpoints });
  await runner.run();
  return { ids, requested: await Promise.all(requested) };
}

test('skipIdleCheckpoints takes an interval checkpoint only when records moved, and ids do not advance while idle', async () => {
  const { ids } = await checkpointIds('rr-----r-----', true);
  // One checkpoint after each record, none in the idle stretches, then the final one.
  assert.deepEqual(ids, [1, 2, 3, 4]);
});

test('without skipIdleCheckpoints every elapsed interval is a checkpoint, idle or not', async () => {
  const { ids } = await checkpointIds('rr-----r-----', false);
  assert.ok(ids.length >= 13, `a checkpoint per polled interval (${ids.length})`);
  assert.deepEqual(ids, ids.map((_, i) => i + 1));
});

test('an explicit checkpoint request is honoured while idle even with skipIdleCheckpoints', async () => {
  const { ids, requested } = await checkpointIds('r--c--r--', true);
  assert.deepEqual(requested, [2]);
  assert.deepEqual(ids, [1, 2, 3, 4]);
});
