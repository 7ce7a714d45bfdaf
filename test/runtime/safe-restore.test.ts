import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataflow, tumbling } from '../../src/api/dataflow/index.ts';
import type { Insert } from '../../src/api/sql/ast/statements.ts';
import { parseStatement } from '../../src/api/sql/parser/index.ts';
import { memorySink, memorySource } from '../../src/connectors/memory/index.ts';
import type { Row } from '../../src/core/row.ts';
import { TableEnvironment } from '../../src/engine/table-environment.ts';
import type { LogicalPlan } from '../../src/plan/nodes.ts';
import { JobRunner } from '../../src/runtime/job-runner.ts';
import { CheckpointStorage } from '../../src/state/checkpoint-storage.ts';
import type { ValueState } from '../../src/state/keyed-state.ts';
import { TestDriver } from '../../src/testing/index.ts';

interface Ev {
  k: string;
}

/** Per-key running counts; optionally behind another pipeline built first (which shifts auto ids). */
function countingFlow(options: { otherPipelineFirst?: boolean; stateName?: string; withCounts?: boolean } = {}): Dataflow {
  const flow = new Dataflow('counting');
  if (options.otherPipelineFirst === true) {
    flow.input('other', memorySource<Ev>([])).keyBy((e) => e.k).statefulMap(() => 0, (n) => [n + 1, n + 1]).output('other-out', memorySink());
  }
  const stateName = options.stateName ?? 'count';
  if (options.withCounts === false) {
    flow.input('events', memorySource<Ev>([])).map((e) => e.k).output('out', memorySink());
    return flow;
  }
  flow
    .input('events', memorySource<Ev>([]))
    .keyBy((e) => e.k)
    .process<string>(() => {
      let count: ValueState<number>;
      return {
        open(state) { count = state.valueState<number>(stateName); },
        processElement(e, ctx) {
          const n = (count.value() ?? 0) + 1;
          count.update(n);
          ctx.emit(`${e.k}=${n}`);
        },
      };
    })
    .output('out', memorySink());
  return flow;
}

function countedTwice(): ReturnType<TestDriver['checkpoint']> {
  const driver = new TestDriver(countingFlow());
  driver.input<Ev>('events').pipeAll([{ k: 'a' }, { k: 'a' }, { k: 'b' }]);
  assert.deepEqual(driver.output('out').read(), ['a=1', 'a=2', 'b=1']);
  return driver.checkpoint();
}

test('a pipeline added before a stateful step: the restored job finds the step state by its uid', () => {
  const restored = TestDriver.restore(countingFlow({ otherPipelineFirst: true }), countedTwice());
  restored.input<Ev>('events').pipe({ k: 'a' });
  assert.deepEqual(restored.output('out').read(), ['a=3']);
  restored.input<Ev>('other').pipe({ k: 'a' });
  assert.deepEqual(restored.output('other-out').read(), [1], 'the new step starts empty');
});

test('a stateful step removed from the job: the restore fails naming it, unless allowNonRestoredState', (t) => {
  const saved = countedTwice();
  assert.throws(
    () => TestDriver.restore(countingFlow({ withCounts: false }), saved),
    (error: Error) => /cannot restore the checkpoint into this job/.test(error.message) &&
      /process 'process-2' \(uid 'process-[0-9a-f]{12}'\), which the job no longer has/.test(error.message) &&
      /--allow-non-restored-state/.test(error.message),
  );
  const warn = t.mock.method(console, 'warn', () => {});
  const restored = TestDriver.restore(countingFlow({ withCounts: false }), saved, { allowNonRestoredState: true });
  restored.input<Ev>('events').pipe({ k: 'a' });
  assert.deepEqual(restored.output('out').read(), ['a']);
  assert.equal(warn.mock.callCount(), 1);
  assert.match(String(warn.mock.calls[0].arguments[0]), /process 'process-2'.*no longer has.*that state is dropped/);
});

test('a process function that opens another state: the restore fails naming the step and both state lists', (t) => {
  const saved = countedTwice();
  assert.throws(
    () => TestDriver.restore(countingFlow({ stateName: 'total' }), saved),
    /the state of process 'process-2' \(uid '[^']+'\) changed shape: checkpoint has states \(count:value\), the job opens \(total:value\)/,
  );
  t.mock.method(console, 'warn', () => {});
  const restored = TestDriver.restore(countingFlow({ stateName: 'total' }), saved, { allowNonRestoredState: true });
  restored.input<Ev>('events').pipe({ k: 'a' });
  assert.deepEqual(restored.output('out').read(), ['a=1'], 'with the flag the changed step starts empty');
});

/** A SQL GROUP BY job over table `trades`, planned by the SQL binder. */
function sqlJob(select: string): LogicalPlan {
  const env = TableEnvironment.create();
  env.executeSql("CREATE TABLE trades (symbol STRING, shares INT) WITH ('connector' = 'datagen')");
  env.executeSql("CREATE TABLE totals (symbol STRING, n BIGINT, total INT) WITH ('connector' = 'blackhole')");
  const sql = `INSERT INTO totals ${select}`;
  return env.planner.planInsertSet([{ insert: parseStatement(sql) as Insert, source: sql }]).plan;
}

const sourceId = (plan: LogicalPlan): string => {
  let node: any = plan.sinks[0];
  while (node.kind !== 'source') node = node.input;
  return node.id;
};

test('SQL: a GROUP BY whose aggregates changed cannot take the old state; the error names the step and both shapes', (t) => {
  const before = sqlJob('SELECT symbol, COUNT(*), CAST(0 AS INT) FROM trades GROUP BY symbol');
  const driver = new TestDriver(before);
  driver.input<Row>(sourceId(before)).pipeAll([{ symbol: 'A', shares: 1 }, { symbol: 'A', shares: 2 }]);
  const saved = driver.checkpoint();

  // The same query restores and goes on counting.
  const same = TestDriver.restore(sqlJob('SELECT symbol, COUNT(*), CAST(0 AS INT) FROM trades GROUP BY symbol'), saved);
  same.input<Row>(sourceId(before)).pipe({ symbol: 'A', shares: 3 });
  assert.deepEqual(same.output<Row>(before.sinks[0].id).read().map((r) => r.n), [2, 3]);

  const after = sqlJob('SELECT symbol, COUNT(*), SUM(shares) FROM trades GROUP BY symbol');
  assert.throws(() => TestDriver.restore(after, saved), (error: Error) => {
    assert.match(error.message, /the state of group-aggregate 'group-aggregate-\d+' \(uid 'group-aggregate-[0-9a-f]{12}'\) changed shape/);
    assert.match(error.message, /checkpoint has 'group-aggregate keys\(STRING\) calls\(COUNT\(\):BIGINT\)', the job has 'group-aggregate keys\(STRING\) calls\(COUNT\(\):BIGINT, SUM\(INT\):INT\)'/);
    return true;
  });
  t.mock.method(console, 'warn', () => {});
  const fresh = TestDriver.restore(after, saved, { allowNonRestoredState: true });
  fresh.input<Row>(sourceId(after)).pipe({ symbol: 'A', shares: 3 });
  assert.deepEqual(fresh.output<Row>(after.sinks[0].id).read(), [{ symbol: 'A', n: 1, total: 3, $kind: 'insert' }]);
});

// ---- the job runner against checkpoint files --------------------------------------------------------

/** A bounded job: per-key running counts of `keys`, into `sink` (a memory sink unless given). */
function countJob(keys: readonly string[], sink: object = memorySink<string>()): Dataflow {
  const flow = new Dataflow('count-job');
  flow
    .input('events', memorySource<Ev>(keys.map((k) => ({ k }))))
    .keyBy((e) => e.k)
    .statefulMap(() => 0, (n, e) => [n + 1, `${e.k}=${n + 1}`])
    .output('out', sink);
  return flow;
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-safe-restore-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `countJob` twice into `dir`: checkpoint 1 after input a, b (a counted once, position 2),
 * checkpoint 2 after the run that read one more a (a counted twice, position 3).
 */
async function twoCheckpoints(dir: string): Promise<void> {
  await new JobRunner(countJob(['a', 'b']).plan(), { checkpoints: new CheckpointStorage(dir) }).run();
  await new JobRunner(countJob(['a', 'b', 'a']).plan(), { checkpoints: new CheckpointStorage(dir) }).run();
  assert.deepEqual(await new CheckpointStorage(dir).list(), [1, 2]);
}

test('a damaged newest checkpoint fails the restart, naming the file; it does not fall back to the older one', async () => {
  await withDir(async (dir) => {
    await twoCheckpoints(dir);
    const newest = new CheckpointStorage(dir).pathOf(2);
    const bytes = await readFile(newest);
    bytes[bytes.length - 3] ^= 0xff; // one flipped byte in the payload
    await writeFile(newest, bytes);
    const sink = memorySink<string>();
    await assert.rejects(
      new JobRunner(countJob(['a'], sink).plan(), { checkpoints: new CheckpointStorage(dir) }).run(),
      (error: Error) => error.message.includes(newest) && /checksum mismatch/.test(error.message) && /re-emit output/.test(error.message),
    );
    assert.deepEqual(sink.values, [], 'nothing was processed');
  });
});

test('a truncated newest checkpoint fails the restart too', async () => {
  await withDir(async (dir) => {
    await twoCheckpoints(dir);
    const newest = new CheckpointStorage(dir).pathOf(2);
    await writeFile(newest, (await readFile(newest)).subarray(0, 30));
    await assert.rejects(
      new JobRunner(countJob(['a']).plan(), { checkpoints: new CheckpointStorage(dir) }).run(),
      (error: Error) => error.message.includes(newest) && /truncated/.test(error.message),
    );
  });
});

test('the one fallback: a newest checkpoint whose sink commit never happened gives way to the one before', async () => {
  await withDir(async (dir) => {
    await twoCheckpoints(dir);
    const input = ['a', 'b', 'a', 'a'];
    // Control: restored from checkpoint 2 (position 3, a counted twice) only the last a is read.
    const accepting = memorySink<string>();
    await new JobRunner(countJob(input, accepting).plan(), { checkpoints: new CheckpointStorage(dir), restore: true }).run();
    assert.deepEqual(accepting.values, ['a=3']);

    await withDir(async (again) => {
      await twoCheckpoints(again);
      // A sink that says checkpoint 2's commit never reached it (an aborted Kafka transaction).
      const sink = memorySink<string>();
      const refusing = { ...sink, acceptsCheckpoint: (id: number) => id !== 2 };
      const result = await new JobRunner(countJob(input, refusing).plan(), { checkpoints: new CheckpointStorage(again) }).run();
      assert.equal(result.outcome, 'finished');
      assert.deepEqual(refusing.values, ['a=2', 'a=3'], 'restored from checkpoint 1: position 2, a counted once');
    });
  });
});

test('JobOptions.allowNonRestoredState lets a changed job start from a checkpoint, dropping the old state with a warning', async (t) => {
  await withDir(async (dir) => {
    await new JobRunner(countJob(['a', 'a']).plan(), { checkpoints: new CheckpointStorage(dir) }).run();
    const changed = (): LogicalPlan => {
      const flow = new Dataflow('count-job');
      flow.input('events', memorySource<Ev>([{ k: 'a' }])).map((e) => e.k).output('out', memorySink());
      return flow.plan();
    };
    await assert.rejects(
      new JobRunner(changed(), { checkpoints: new CheckpointStorage(dir) }).run(),
      /process 'process-2' \(uid '[^']+'\), which the job no longer has/,
    );
    const warn = t.mock.method(console, 'warn', () => {});
    const result = await new JobRunner(changed(), { checkpoints: new CheckpointStorage(dir), allowNonRestoredState: true }).run();
    assert.equal(result.outcome, 'finished');
    assert.equal(warn.mock.callCount(), 1);
  });
});

test('a sink removed from the job while its last prepared commit is in the checkpoint: the restore fails naming it', async (t) => {
  await withDir(async (dir) => {
    await new JobRunner(countJob(['a']).plan(), { checkpoints: new CheckpointStorage(dir) }).run();
    const withoutOut = (): LogicalPlan => {
      const flow = new Dataflow('count-job');
      flow.input('events', memorySource<Ev>([{ k: 'a' }])).keyBy((e) => e.k)
        .statefulMap(() => 0, (n, e) => [n + 1, `${e.k}=${n + 1}`]).output('elsewhere', memorySink());
      return flow.plan();
    };
    await assert.rejects(
      new JobRunner(withoutOut(), { checkpoints: new CheckpointStorage(dir) }).run(),
      (error: Error) => /the checkpoint holds state of sink 'out', which the job no longer has/.test(error.message) && !/process/.test(error.message),
    );
    t.mock.method(console, 'warn', () => {});
    const sink = memorySink<string>();
    const flow = new Dataflow('count-job');
    flow.input('events', memorySource<Ev>([{ k: 'a' }, { k: 'a' }])).keyBy((e) => e.k)
      .statefulMap(() => 0, (n, e) => [n + 1, `${e.k}=${n + 1}`]).output('elsewhere', sink);
    await new JobRunner(flow.plan(), { checkpoints: new CheckpointStorage(dir), allowNonRestoredState: true }).run();
    assert.deepEqual(sink.values, ['a=2'], 'the counting step kept its state (its uid did not depend on the sink)');
  });
});

test('a Dataflow window of another size cannot take the old window state; the error shows both windows', () => {
  const windowed = (size: number): Dataflow => {
    const flow = new Dataflow('windows');
    flow.input('events', memorySource<{ k: string; t: number }>([]), { watermark: { timestamp: (e) => e.t, maxOutOfOrderness: 0 } })
      .keyBy((e) => e.k).window(tumbling(size)).count('per-key').output('out', memorySink());
    return flow;
  };
  const driver = new TestDriver(windowed(10_000));
  driver.input<{ k: string; t: number }>('events').pipe({ k: 'a', t: 1_000 });
  const saved = driver.checkpoint();
  assert.doesNotThrow(() => TestDriver.restore(windowed(10_000), saved));
  assert.throws(
    () => TestDriver.restore(windowed(20_000), saved),
    /the state of window 'per-key' changed shape: checkpoint has 'window tumbling\(10000ms, event\)', the job has 'window tumbling\(20000ms, event\)'/,
  );
});
