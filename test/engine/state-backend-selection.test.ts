import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataflow } from '../../src/api/dataflow/index.ts';
import { memorySink, memorySource } from '../../src/connectors/memory/index.ts';
import { registerMemoryTable } from '../../src/connectors/memory/table-factory.ts';
import { SparkSession, StructType, StringType, IntegerType, col, defaultLog, fromJson, run, TableEnvironment, type Row } from '../../src/index.ts';
import { sluice } from '../examples/run-cli.ts';

/**
 * The lmdb backend is chosen in each of the four places a user can choose it, and the job gives the
 * same results as on the heap.
 */

const scratch = mkdtempSync(join(tmpdir(), 'sluice-backend-choice-'));
process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));

interface Click { user: string }
const CLICKS: Click[] = ['ann', 'bob', 'ann', 'cy', 'ann', 'bob'].map((user) => ({ user }));

function countingFlow(sink: ReturnType<typeof memorySink<string>>): Dataflow {
  const flow = new Dataflow('clicks-per-user');
  flow.input('clicks', memorySource(CLICKS))
    .keyBy((c) => c.user)
    .statefulMap(() => 0, (count, c) => [count + 1, `${c.user}=${count + 1}`], 'count')
    .output('out', sink);
  return flow;
}

test("Dataflow: run(flow, { stateBackend: 'lmdb', stateDir }) keeps the state in lmdb with the heap's results", async () => {
  const onHeap = memorySink<string>();
  const heap = await run(countingFlow(onHeap), { handleSignals: false });
  const onLmdb = memorySink<string>();
  const lmdb = await run(countingFlow(onLmdb), { handleSignals: false, stateBackend: 'lmdb', stateDir: join(scratch, 'dataflow') });
  assert.deepEqual(heap.status.stateOperators.map((o) => o.backend), ['heap']);
  assert.deepEqual(lmdb.status.stateOperators.map((o) => o.backend), ['lmdb']);
  assert.deepEqual(onLmdb.values, onHeap.values);
  assert.deepEqual(onLmdb.values, ['ann=1', 'bob=1', 'ann=2', 'cy=1', 'ann=3', 'bob=2']);
  assert.deepEqual(readdirSync(join(scratch, 'dataflow')), [], 'the lmdb files are removed when the job ends');
});

test('Dataflow: a stateDir without the lmdb backend, or an unknown backend, is an error', async () => {
  await assert.rejects(async () => run(countingFlow(memorySink()), { handleSignals: false, stateDir: scratch }), /option 'stateDir': .*add stateBackend: 'lmdb'/);
  // @ts-expect-error: not a backend name
  await assert.rejects(async () => run(countingFlow(memorySink()), { handleSignals: false, stateBackend: 'disk' }), /unknown state backend 'disk'/);
});

test("SQL: SET 'state.backend.type' = 'lmdb' runs the GROUP BY on lmdb; 'rocksdb' points to lmdb", async () => {
  const rows: Row[] = [['AAPL', 100], ['MSFT', 10], ['AAPL', 50], ['MSFT', 5], ['IBM', 1]].map(([symbol, shares]) => ({ symbol, shares }));
  registerMemoryTable('backend-choice', rows);
  const results: Record<string, unknown> = {};
  for (const backend of ['heap', 'lmdb']) {
    const env = TableEnvironment.create({ runOptions: { handleSignals: false } });
    env.executeSql(`CREATE TABLE trades (symbol STRING, shares INT) WITH ('connector' = 'sluice-memory', 'name' = 'backend-choice')`);
    env.executeSql(`SET 'state.backend.type' = '${backend}'`);
    const table = env.sqlQuery('SELECT symbol, COUNT(*) AS n, SUM(shares) AS total, MAX(shares) AS top FROM trades GROUP BY symbol');
    results[backend] = await table.collect();
    const handle = table.jobHandle;
    assert.ok(handle !== undefined);
    assert.deepEqual(handle.status().stateOperators.map((o) => o.backend), [backend]);
  }
  assert.deepEqual(results.lmdb, results.heap);
  const env = TableEnvironment.create({ runOptions: { handleSignals: false } });
  env.executeSql(`CREATE TABLE trades (symbol STRING, shares INT) WITH ('connector' = 'sluice-memory', 'name' = 'backend-choice')`);
  env.executeSql(`SET 'state.backend.type' = 'rocksdb'`);
  await assert.rejects(env.sqlQuery('SELECT symbol, COUNT(*) FROM trades GROUP BY symbol').collect(), /option 'state\.backend\.type': 'rocksdb' is Flink's on-disk backend; Sluice's is 'lmdb'/);
});

test("DataFrame: SparkSession.builder().config('state.backend.type', 'lmdb') runs the query's state on lmdb", async () => {
  const topic = `backend_choice_${process.pid}`;
  defaultLog().createTopic(topic, { partitions: 1, ifNotExists: true });
  defaultLog().produce(topic, ['a', 'b', 'a'].map((symbol) => ({ key: symbol, value: JSON.stringify({ symbol, shares: 1 }) })));
  const dir = join(scratch, 'spark');
  const spark = SparkSession.builder().config('state.backend.type', 'lmdb').config('state.backend.lmdb.localdir', dir).getOrCreate();
  const schema = new StructType().add('symbol', StringType).add('shares', IntegerType);
  const counts = spark.readStream.format('sluice-log').option('subscribe', topic).option('startingOffsets', 'earliest').load()
    .select(fromJson(col('value').cast('string'), schema).alias('d')).select('d.*')
    .groupBy(col('symbol')).count();
  const query = counts.writeStream.outputMode('complete').format('memory').queryName('backend_choice').start();
  try {
    await query.processAllAvailable();
    assert.equal(readdirSync(dir).length, 1, `the aggregate has an lmdb environment in the configured directory: ${readdirSync(dir).join(', ')}`);
    const table = spark.sql('SELECT symbol, `count` FROM backend_choice').collect();
    assert.deepEqual((await table).map((r) => `${r.symbol}=${r.count}`).sort(), ['a=2', 'b=1']);
  } finally {
    await query.stop();
  }
  spark.conf.set('state.backend.type', 'rocksdb');
  assert.throws(() => counts.writeStream.outputMode('complete').format('memory').queryName('backend_choice_2').start(), /'rocksdb' is Flink's on-disk backend/);
});

test('CLI: --state-backend lmdb runs a job on lmdb with the heap\'s output; rocksdb is refused', async () => {
  const job = join(scratch, 'count-job.sql');
  writeFileSync(job, `
CREATE TABLE words (w STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '40', 'fields.w.length' = '1', 'fields.w.kind' = 'sequence', 'fields.w.start' = '1', 'fields.w.end' = '40');
SELECT MOD(CHAR_LENGTH(w), 3) AS k, COUNT(*) AS n FROM words GROUP BY MOD(CHAR_LENGTH(w), 3);
`);
  const heap = await sluice(['run', job, '--no-status']);
  const stateDir = join(scratch, 'cli-state');
  const lmdb = await sluice(['run', job, '--no-status', '--state-backend', 'lmdb', '--state-dir', stateDir]);
  assert.equal(heap.code, 0, heap.stderr);
  assert.equal(lmdb.code, 0, lmdb.stderr);
  assert.ok(heap.stdout.includes('+I['), heap.stdout);
  assert.equal(lmdb.stdout, heap.stdout);
  assert.ok(existsSync(stateDir), 'the lmdb backend worked in --state-dir');
  const refused = await sluice(['run', job, '--no-status', '--state-backend', 'rocksdb']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /option '--state-backend': 'rocksdb' is Flink's on-disk backend; Sluice's is 'lmdb'/);
});
