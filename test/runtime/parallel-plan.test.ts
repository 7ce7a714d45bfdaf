import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataflow } from '../../src/api/dataflow/index.ts';
import { memorySink, memorySource } from '../../src/connectors/memory/index.ts';
import { END, type Sink, type SinkContext, type Source, type SourceContext } from '../../src/connectors/spi.ts';
import { ConfigError, PlanError } from '../../src/core/errors.ts';
import { run } from '../../src/engine/run.ts';
import { tumbling } from '../../src/api/dataflow/windows.ts';
import { JobRunner } from '../../src/runtime/job-runner.ts';
import type { LogicalPlan, PlanNode, SinkNode } from '../../src/plan/nodes.ts';
import { checkParallelPlan } from '../../src/runtime/parallel-plan.ts';

/** source → (a node of `kind`) → sink; only the wiring matters to the parallel check. */
function planThrough(kind: 'lookup-join' | 'interval-join' | 'deduplicate' | 'group-aggregate'): LogicalPlan {
  const source = { kind: 'source', id: 'src', connector: null } as PlanNode;
  const middle = (kind === 'interval-join' ? { kind, id: 'mid', left: source, right: source } : { kind, id: 'mid', input: source }) as unknown as PlanNode;
  const sink = { kind: 'sink', id: 'out', input: middle, connector: null } as SinkNode;
  return { name: 'shape', sinks: [sink] };
}

function windowedFlow(): Dataflow {
  const flow = new Dataflow('counts');
  flow.input('in', memorySource([{ k: 'a', n: 1 }], { times: [500] }))
    .keyBy((r) => r.k)
    .window(tumbling(1000))
    .count()
    .output('out', memorySink());
  return flow;
}

test('a keyed plan is refused with parallelism 2: the error names the node, its kind and the missing exchange', () => {
  assert.throws(() => new JobRunner(windowedFlow().plan(), { taskIndex: 0, parallelism: 2 }), (error: unknown) => {
    assert.ok(error instanceof PlanError);
    assert.match(error.message, /node 'key-by-\d+' \(key-by\)/);
    assert.match(error.message, /no exchange \(repartition by key\)/);
    assert.match(error.message, /runStaticTasks/);
    assert.match(error.message, /parallelism 1/);
    assert.match(error.message, /Kafka topic keyed by the grouping key/);
    return true;
  });
});

test('the same keyed plan runs with parallelism 1', async () => {
  const result = await new JobRunner(windowedFlow().plan(), { taskIndex: 0, parallelism: 1 }).run();
  assert.equal(result.outcome, 'finished');
});

test('a partition-local plan (map, filter, union, branch) passes the parallel check', () => {
  const flow = new Dataflow('local');
  const a = flow.input('a', memorySource([1]));
  const b = flow.input('b', memorySource([2]));
  const { trues, falses } = a.map((n) => n + 1).merge(b).filter((n) => n > 0).branch((n) => n > 1);
  trues.output('big', memorySink());
  falses.output('small', memorySink());
  assert.doesNotThrow(() => checkParallelPlan(flow.plan(), 3, 4));
});

test('a lookup join is partition-local and allowed; an interval join, deduplicate and group aggregate are refused', () => {
  assert.doesNotThrow(() => checkParallelPlan(planThrough('lookup-join'), 0, 2));
  for (const kind of ['interval-join', 'deduplicate', 'group-aggregate'] as const) {
    assert.throws(() => checkParallelPlan(planThrough(kind), 1, 2), new RegExp(`node 'mid' \\(${kind}\\)`));
  }
});

test('a task index outside 0..parallelism-1 and a parallelism below 1 are configuration errors', () => {
  const flow = new Dataflow('x');
  flow.input('in', memorySource([1])).output('out', memorySink());
  const plan = flow.plan();
  assert.throws(() => checkParallelPlan(plan, 2, 2), (e: unknown) => e instanceof ConfigError && e.option === 'taskIndex');
  assert.throws(() => checkParallelPlan(plan, 0, 0), (e: unknown) => e instanceof ConfigError && e.option === 'parallelism');
  assert.throws(() => new JobRunner(plan, { taskIndex: -1, parallelism: 2 }), ConfigError);
});

test('the runner hands its task index and parallelism to every source and sink', async () => {
  const seen: { source?: SourceContext; reader?: SourceContext; sink?: SinkContext } = {};
  const source: Source<number> = {
    name: 'probe',
    bounded: true,
    splits(ctx) { seen.source = ctx; return [{ id: 's' }]; },
    createReader(_split, _position, ctx) {
      seen.reader = ctx;
      return { poll: () => END, position: () => null, close() {} };
    },
  };
  const sink: Sink<number> = {
    name: 'probe', open(ctx) { seen.sink = ctx; }, write() {}, prepareCommit: () => null, commit() {}, abort() {}, close() {},
  };
  const flow = new Dataflow('ctx');
  flow.input('in', source).map((n) => n * 2).output('out', sink);
  await new JobRunner(flow.plan(), { taskIndex: 2, parallelism: 3 }).run();
  assert.deepEqual([seen.source?.taskIndex, seen.source?.parallelism], [2, 3]);
  assert.deepEqual([seen.reader?.taskIndex, seen.reader?.parallelism], [2, 3]);
  assert.deepEqual([seen.sink?.taskIndex, seen.sink?.parallelism, seen.sink?.jobName], [2, 3, 'ctx']);
});

test('without task options a job is task 0 of 1', async () => {
  let seen: SinkContext | undefined;
  const sink: Sink<number> = { name: 'probe', open(ctx) { seen = ctx; }, write() {}, prepareCommit: () => null, commit() {}, abort() {}, close() {} };
  const flow = new Dataflow('one');
  flow.input('in', memorySource([1])).output('out', sink);
  await new JobRunner(flow.plan()).run();
  assert.deepEqual([seen?.taskIndex, seen?.parallelism], [0, 1]);
});

test('each task of a parallel run checkpoints into <checkpointDir>/task-<i>-of-<n>; one task uses the directory itself', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-parallel-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const job = (): Dataflow => {
    const flow = new Dataflow('dirs');
    flow.input('in', memorySource([1, 2])).output('out', memorySink());
    return flow;
  };
  await run(job(), { checkpointDir: join(dir, 'par'), taskIndex: 1, parallelism: 2, handleSignals: false });
  await run(job(), { checkpointDir: join(dir, 'single'), handleSignals: false });
  assert.ok(existsSync(join(dir, 'par', 'task-1-of-2')), 'task 1 of 2 has its own directory');
  assert.ok(!existsSync(join(dir, 'par', 'task-0-of-2')), 'no other task wrote there');
  assert.ok(!existsSync(join(dir, 'single', 'task-0-of-1')), 'a single task keeps the directory as it is');
});
