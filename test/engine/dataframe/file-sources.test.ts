// Spark's file sources and sinks through the DataFrame API, without Kafka: a streaming json source
// watching a directory, the csv batch reader, batch writes read back, and the streaming json file
// sink restarted from its checkpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnNode, type Child } from '../../fixtures/child-process.ts';
import { killJob, newestCheckpoint, untilCheckpoint } from '../../fixtures/kafka-eos-harness.ts';
import {
  AnalysisException, SparkSession, StructType, StringType, IntegerType, DoubleType, col, functions, type Row, type StreamingQuery,
} from '../../../src/index.ts';

const trade = new StructType().add('symbol', StringType).add('shares', IntegerType).add('price', DoubleType);

/** A fresh temporary directory, removed after the test. */
async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-df-files-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Adds a JSON lines file to a watched directory the way a producer must: written under a hidden
 * name, then renamed, so the source never sees half a file.
 */
async function addJsonFile(dir: string, name: string, rows: readonly Row[]): Promise<void> {
  const hidden = join(dir, `.${name}.tmp`);
  await writeFile(hidden, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await rename(hidden, join(dir, name));
}

const t = (symbol: string, shares: number, price: number): Row => ({ symbol, shares, price });
const bySymbol = (a: Row, b: Row) => String(a.symbol).localeCompare(String(b.symbol)) || Number(a.shares) - Number(b.shares);
const sorted = (rows: readonly Row[]) => [...rows].sort(bySymbol);

/** The rows of the visible part files in a json sink directory, read with the batch reader. */
function readBack(spark: SparkSession, dir: string): Promise<Row[]> {
  return spark.read.schema(trade).json(dir).collect();
}

test('a streaming json source over a directory picks up files added while the query runs', async (t0) => {
  const dir = await tempDir(t0);
  const input = join(dir, 'in');
  await mkdir(input);
  await addJsonFile(input, 'a.json', [t('AAPL', 10, 187.5), t('MSFT', 20, 370)]);
  const spark = new SparkSession();
  const batches: { id: number; rows: Row[] }[] = [];
  const query = spark.readStream.schema(trade).format('json').load(input)
    .select(col('symbol'), col('shares'), col('price'))
    .writeStream.foreachBatch(async (batch, id) => { batches.push({ id, rows: await batch.collect() }); }).start();
  t0.after(() => query.stop());
  const rowsSince = (from: number) => sorted(batches.slice(from).flatMap((b) => b.rows));

  await query.processAllAvailable();
  assert.deepEqual(rowsSince(0), [t('AAPL', 10, 187.5), t('MSFT', 20, 370)], 'the file there at the start');

  let seen = batches.length;
  await addJsonFile(input, 'b.json', [t('GOOG', 30, 140.25)]);
  await query.processAllAvailable();
  assert.deepEqual(rowsSince(seen), [t('GOOG', 30, 140.25)], 'a file added while the query runs, read once');

  seen = batches.length;
  await addJsonFile(input, 'c.json', [t('AMZN', 1, 180)]);
  await addJsonFile(input, 'd.json', [t('TSLA', 2, 250), t('AAPL', 3, 188)]);
  await query.processAllAvailable();
  assert.deepEqual(rowsSince(seen), [t('AAPL', 3, 188), t('AMZN', 1, 180), t('TSLA', 2, 250)], 'two more files, each row once');

  await query.stop();
  assert.equal(query.exception(), null);
  assert.deepEqual(batches.map((b) => b.id), batches.map((_, i) => i), 'micro-batch ids count up from 0');
  assert.equal(query.recentProgress.reduce((n, p) => n + p.numInputRows, 0), 6, 'progress counted every row read');
});

test('a streaming json source into the memory sink: the table holds every row of every file, once', async (t0) => {
  const dir = await tempDir(t0);
  await addJsonFile(dir, '1.json', [t('AAPL', 1, 1)]);
  const spark = new SparkSession();
  const query = spark.readStream.schema(trade).json(dir).where(col('shares').gt(0))
    .writeStream.format('memory').queryName('watched_trades').start();
  t0.after(() => query.stop());
  await query.processAllAvailable();
  await addJsonFile(dir, '2.json', [t('MSFT', 2, 2), t('GOOG', 0, 3)]);
  await query.processAllAvailable();
  await query.stop();
  assert.deepEqual(sorted(await spark.table('watched_trades').collect()), [t('AAPL', 1, 1), t('MSFT', 2, 2)]);
});

test('a streaming file source needs a schema (Spark\'s rule)', async (t0) => {
  const dir = await tempDir(t0);
  await addJsonFile(dir, 'a.json', [t('AAPL', 1, 1)]);
  assert.throws(() => new SparkSession().readStream.format('json').load(dir), (e: unknown) =>
    e instanceof AnalysisException && /Schema must be specified when creating a streaming source DataFrame/.test(e.message));
});

/** Two CSV files with a header line each. */
async function csvDirectory(dir: string): Promise<string> {
  const csv = join(dir, 'csv');
  await mkdir(csv);
  await writeFile(join(csv, 'a.csv'), 'symbol,shares,price\nAAPL,10,187.5\nMSFT,20,370\n');
  await writeFile(join(csv, 'b.csv'), 'symbol,shares,price\nGOOG,30,140.25\n');
  return csv;
}

test('the csv batch reader with header and a schema reads every file\'s rows, skipping each header line', async (t0) => {
  const csv = await csvDirectory(await tempDir(t0));
  const spark = new SparkSession();
  const df = spark.read.schema(trade).option('header', 'true').csv(csv);
  assert.equal(df.isStreaming, false);
  assert.deepEqual(sorted(await df.collect()), [t('AAPL', 10, 187.5), t('GOOG', 30, 140.25), t('MSFT', 20, 370)]);
  assert.equal(await df.where(col('price').gt(150)).count(), 2);
});

test('the csv batch reader with header and no schema names the columns from the header; inferSchema types them', async (t0) => {
  const csv = await csvDirectory(await tempDir(t0));
  const spark = new SparkSession();
  const strings = spark.read.option('header', 'true').csv(csv);
  assert.deepEqual(strings.columns, ['symbol', 'shares', 'price']);
  assert.deepEqual(sorted(await strings.collect()), [
    { symbol: 'AAPL', shares: '10', price: '187.5' }, { symbol: 'GOOG', shares: '30', price: '140.25' }, { symbol: 'MSFT', shares: '20', price: '370' },
  ], 'without inferSchema every column is a string, as in Spark');

  // Every file has a header line: the second file's must not be taken for a row when inferring types.
  const typed = spark.read.option('header', 'true').option('inferSchema', 'true').csv(csv);
  assert.deepEqual(typed.schema.fields.map((f) => [f.name, f.dataType.kind]), [['symbol', StringType.kind], ['shares', IntegerType.kind], ['price', DoubleType.kind]]);
  assert.deepEqual(sorted(await typed.collect()), [t('AAPL', 10, 187.5), t('GOOG', 30, 140.25), t('MSFT', 20, 370)]);
});

test('a batch write of json files reads back the same rows; overwrite replaces, append adds, the default refuses', async (t0) => {
  const dir = await tempDir(t0);
  const out = join(dir, 'trades');
  const spark = new SparkSession();
  const rows = [t('AAPL', 10, 187.5), t('MSFT', 20, 370), t('GOOG', 30, 140.25)];
  const df = spark.createDataFrame(rows, trade);

  await df.write.format('json').mode('overwrite').save(out);
  assert.deepEqual(sorted(await readBack(spark, out)), sorted(rows), 'round trip');

  await df.where(col('shares').gt(15)).write.format('json').mode('overwrite').save(out);
  assert.deepEqual(sorted(await readBack(spark, out)), [t('GOOG', 30, 140.25), t('MSFT', 20, 370)], 'overwrite replaced the earlier files');

  await df.where(col('shares').lt(15)).write.mode('append').json(out);
  assert.deepEqual(sorted(await readBack(spark, out)), sorted(rows), 'append kept the files there and added its own');

  await assert.rejects(df.write.format('json').save(out), (e: unknown) => e instanceof AnalysisException && /already exists/.test(e.message));
  await df.write.format('json').mode('ignore').save(out);
  assert.equal((await readBack(spark, out)).length, 3, 'ignore wrote nothing');
});

test('a batch write of a transformed DataFrame to csv with a header reads back with the csv reader', async (t0) => {
  const dir = await tempDir(t0);
  const out = join(dir, 'csv-out');
  const spark = new SparkSession();
  const df = spark.createDataFrame([t('aapl', 10, 187.5), t('msft', 20, 370)], trade)
    .select(functions.upper(col('symbol')).alias('symbol'), col('shares'), (col('price').multiply(2)).alias('price'));
  await df.write.format('csv').option('header', 'true').mode('overwrite').save(out);
  const back = await spark.read.schema(trade).option('header', 'true').csv(out).collect();
  assert.deepEqual(sorted(back), [t('AAPL', 10, 375), t('MSFT', 20, 740)]);
});

/** The file → file query the sink tests restart: json files in, json part files out. */
function copyQuery(spark: SparkSession, input: string, output: string, checkpoint: string): StreamingQuery {
  return spark.readStream.schema(trade).json(input)
    .select(functions.lower(col('symbol')).alias('symbol'), col('shares'), col('price'))
    .writeStream.format('json').outputMode('append').option('checkpointLocation', checkpoint).start(output);
}

test('the streaming json file sink restarted from its checkpoint writes every row once and continues the batch ids', async (t0) => {
  const dir = await tempDir(t0);
  const [input, output, checkpoint] = [join(dir, 'in'), join(dir, 'out'), join(dir, 'checkpoint')];
  await mkdir(input);
  await addJsonFile(input, '1.json', [t('AAPL', 1, 1), t('MSFT', 2, 2)]);

  let query = copyQuery(new SparkSession(), input, output, checkpoint);
  await query.processAllAvailable();
  await addJsonFile(input, '2.json', [t('GOOG', 3, 3)]);
  await query.processAllAvailable();
  await query.stop();
  const firstRun = query.recentProgress.map((p) => p.batchId);
  assert.deepEqual(await readBack(new SparkSession(), output).then(sorted), [t('aapl', 1, 1), t('goog', 3, 3), t('msft', 2, 2)]);

  // Restarted with no new input: nothing is read or written again.
  query = copyQuery(new SparkSession(), input, output, checkpoint);
  await query.processAllAvailable();
  await query.stop();
  assert.deepEqual(query.recentProgress, [], 'no micro-batch without new input');

  // A file that arrived while no query ran, and one while the restarted query runs.
  await addJsonFile(input, '3.json', [t('AMZN', 4, 4)]);
  query = copyQuery(new SparkSession(), input, output, checkpoint);
  await query.processAllAvailable();
  await addJsonFile(input, '4.json', [t('TSLA', 5, 5), t('AAPL', 6, 6)]);
  await query.processAllAvailable();
  await query.stop();
  assert.equal(query.exception(), null);
  const lastRun = query.recentProgress.map((p) => p.batchId);
  assert.ok(firstRun.length > 0 && lastRun.length > 0);
  assert.equal(lastRun[0], firstRun.at(-1)! + 1, `batch ids continue after the restarts (first run ${firstRun.join(',')}, last ${lastRun.join(',')})`);

  assert.deepEqual(await readBack(new SparkSession(), output).then(sorted), [
    t('aapl', 1, 1), t('aapl', 6, 6), t('amzn', 4, 4), t('goog', 3, 3), t('msft', 2, 2), t('tsla', 5, 5),
  ], 'every input row once, none twice');
  const visible = (await readdir(output)).filter((n) => !n.startsWith('.'));
  assert.ok(visible.every((n) => /^part-.*\.jsonl$/.test(n)), `only committed part files are visible: ${visible.join(', ')}`);
});

test('update and complete output modes into a file sink are an AnalysisException; nothing is written', async (t0) => {
  const dir = await tempDir(t0);
  const input = join(dir, 'in');
  await mkdir(input);
  const spark = new SparkSession();
  const df = spark.readStream.schema(trade).json(input);
  const output = join(dir, 'out');
  assert.throws(() => df.writeStream.format('json').outputMode('update').option('checkpointLocation', join(dir, 'c1')).start(output),
    (e: unknown) => e instanceof AnalysisException && /Data source json does not support update output mode/.test(e.message));
  const counts = df.groupBy('symbol').count();
  assert.throws(() => counts.writeStream.format('csv').outputMode('complete').option('checkpointLocation', join(dir, 'c2')).start(output),
    (e: unknown) => e instanceof AnalysisException && /Data source csv does not support complete output mode/.test(e.message));
  assert.throws(() => counts.writeStream.format('json').outputMode('update').option('checkpointLocation', join(dir, 'c3')).start(output),
    (e: unknown) => e instanceof AnalysisException && /does not support update output mode/.test(e.message));
  assert.equal(spark.streams.active.length, 0, 'no query was started');
  assert.deepEqual((await readdir(dir)).sort(), ['in'], 'no output or checkpoint directory was created');
});

test('a streaming file sink without a checkpointLocation is refused: a second run would replace the first run\'s files', async (t0) => {
  const dir = await tempDir(t0);
  const spark = new SparkSession();
  const df = spark.readStream.schema(trade).json(dir);
  assert.throws(() => df.writeStream.format('json').start(join(dir, 'out')),
    (e: unknown) => e instanceof AnalysisException && /checkpointLocation must be specified for the json sink/.test(e.message));
  assert.throws(() => df.writeStream.format('csv').option('header', 'true').start(join(dir, 'out')),
    (e: unknown) => e instanceof AnalysisException && /checkpointLocation must be specified for the csv sink/.test(e.message));
  assert.equal(spark.streams.active.length, 0);
});

const COPY_QUERY = fileURLToPath(new URL('./fixtures/file-copy-query.ts', import.meta.url));
const FILES = 100;
const ROWS_PER_FILE = 1000;
const SYMS = ['aapl', 'msft', 'goog', 'amzn', 'tsla', 'nvda', 'meta'] as const;

/** Input files `from` ≤ i < `to`: file i holds ids i × ROWS_PER_FILE … (i + 1) × ROWS_PER_FILE - 1. */
async function addIdFiles(dir: string, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    const rows: Row[] = [];
    for (let id = i * ROWS_PER_FILE; id < (i + 1) * ROWS_PER_FILE; id++) rows.push({ id, sym: SYMS[id % SYMS.length] });
    await addJsonFile(dir, `ids-${String(i).padStart(4, '0')}.json`, rows);
  }
}

/** Every row of the committed (visible) part files of the sink's directory. */
async function committedRows(dir: string): Promise<{ id: number; sym: string }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const rows: { id: number; sym: string }[] = [];
  for (const name of names.filter((n) => !n.startsWith('.')).sort()) {
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) if (line !== '') rows.push(JSON.parse(line) as { id: number; sym: string });
  }
  return rows;
}

/** How the sink's rows compare with ids 0 … total-1, each once with its symbol upper-cased. */
function checkIds(rows: readonly { id: number; sym: string }[], total: number): { rows: number; duplicated: number; lost: number; wrong: number } {
  const seen = new Uint8Array(total);
  let duplicated = 0;
  let wrong = 0;
  for (const { id, sym } of rows) {
    if (!(Number.isInteger(id) && id >= 0 && id < total) || sym !== SYMS[id % SYMS.length].toUpperCase()) {
      wrong++;
      continue;
    }
    if (seen[id] === 1) duplicated++;
    seen[id] = 1;
  }
  return { rows: rows.length, duplicated, lost: total - seen.reduce((n, s) => n + s, 0), wrong };
}

const batchIds = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('batch ')).map((l) => Number(l.split(' ')[1]));

/**
 * Resolves once the query's committed output holds more than `rows` rows: the files of a checkpoint
 * become visible when it commits, just after the checkpoint is written — the event a kill waits for,
 * rather than a sleep. Fails if the query exits first.
 */
async function untilCommittedMoreThan(query: Child, output: string, rows: number): Promise<void> {
  let exited = false;
  void query.exited.then(() => { exited = true; });
  while ((await committedRows(output)).length <= rows) {
    assert.ok(!exited, `the query ended before its output held more than ${rows} rows: ${query.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('a json file → json file query SIGKILLed twice and restarted on its checkpointLocation writes every row exactly once', { timeout: 120_000 }, async (t0) => {
  const dir = await tempDir(t0);
  const running = new Set<ChildProcess>();
  t0.after(() => { for (const child of running) child.kill('SIGKILL'); });
  const [input, output, checkpoint] = [join(dir, 'in'), join(dir, 'out'), join(dir, 'checkpoint')];
  await mkdir(input);
  const env = { DF_INPUT: input, DF_OUTPUT: output, DF_CHECKPOINT: checkpoint };
  const startQuery = (): Child => spawnNode([COPY_QUERY], env, running);
  const total = FILES * ROWS_PER_FILE;

  // The input arrives in three parts, one before each run: each kill lands before all of it exists.
  // Each run is killed once the output of its first checkpoint (taken only once it has read input) is committed.
  await addIdFiles(input, 0, 40);
  const first = startQuery();
  await untilCheckpoint(first, checkpoint, 1);
  await untilCommittedMoreThan(first, output, 0);
  await killJob(first);
  const firstKillAt = newestCheckpoint(checkpoint);
  const afterFirst = checkIds(await committedRows(output), total);

  await addIdFiles(input, 40, 80);
  const second = startQuery();
  await untilCheckpoint(second, checkpoint, firstKillAt + 1);
  await untilCommittedMoreThan(second, output, afterFirst.rows);
  await killJob(second);
  const secondKillAt = newestCheckpoint(checkpoint);
  const afterSecond = checkIds(await committedRows(output), total);

  await addIdFiles(input, 80, FILES);
  const third = startQuery();
  let ended = false;
  void third.exited.then(() => { ended = true; });
  const deadline = Date.now() + 60_000;
  while (!ended && Date.now() < deadline && (await committedRows(output)).length < total) await new Promise((resolve) => setTimeout(resolve, 100));
  third.child.kill('SIGTERM');
  const thirdExit = await third.exited;
  assert.equal(thirdExit.code, 0, `the last run stopped cleanly on SIGTERM (signal ${thirdExit.signal}): ${thirdExit.stderr}`);

  const ids1 = batchIds(first.stdout());
  const ids2 = batchIds(second.stdout());
  const ids3 = batchIds(third.stdout());
  t0.diagnostic(`killed after checkpoints ${firstKillAt} and ${secondKillAt}; committed rows then: ${afterFirst.rows}, ${afterSecond.rows}`);
  t0.diagnostic(`batch ids: run 1 ${ids1.join(',')}; run 2 ${ids2.join(',')}; run 3 ${ids3[0]}…${ids3.at(-1)}`);
  assert.ok(afterFirst.rows > 0 && afterFirst.rows <= 40 * ROWS_PER_FILE, `first kill mid-run (${afterFirst.rows} rows committed)`);
  assert.deepEqual([afterFirst.duplicated, afterFirst.wrong], [0, 0], 'nothing duplicated or wrong before the first kill');
  assert.ok(afterSecond.rows > afterFirst.rows && afterSecond.rows <= 80 * ROWS_PER_FILE, `second kill further in (${afterSecond.rows} rows committed)`);
  assert.deepEqual([afterSecond.duplicated, afterSecond.wrong], [0, 0], 'nothing duplicated or wrong before the second kill');
  assert.deepEqual(checkIds(await committedRows(output), total), { rows: total, duplicated: 0, lost: 0, wrong: 0 }, 'every input row exactly once');
  // Batch ids continue from the checkpoint each run restored (each checkpoint of these runs is a batch with input).
  assert.equal(ids1[0], 0);
  assert.equal(ids2[0], firstKillAt, `run 2 continues after the ${firstKillAt} batches run 1 checkpointed`);
  assert.equal(ids3[0], secondKillAt, `run 3 continues after the ${secondKillAt} batches runs 1 and 2 checkpointed`);
});
