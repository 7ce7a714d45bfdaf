// A DataFrame streaming query from Kafka to Kafka with a checkpointLocation, killed with SIGKILL (no
// chance to stop, flush or abort) twice while it runs and started again on the same checkpointLocation:
// what a read_committed consumer (kcat, which shares no code with Sluice) reads from its output must
// be every input record exactly once, and the micro-batch ids must continue across the restarts.
// The query runs in a child process: test/engine/dataframe/fixtures/kafka-upper-query.ts.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kcatConsume, kcatProduce } from '../../../scripts/kafka/kcat.ts';
import { spawnNode, type Child } from '../../fixtures/child-process.ts';
import { killJob, newestCheckpoint, untilCheckpoint, untilRecords } from '../../fixtures/kafka-eos-harness.ts';
import { createTopic, kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../../kafka/kafka-env.ts';
import { MAX_OFFSETS_PER_TRIGGER } from './fixtures/kafka-upper-query.ts';

const QUERY = fileURLToPath(new URL('./fixtures/kafka-upper-query.ts', import.meta.url));
const TOTAL = 100_000;
const PARTITIONS = 3;
const SYMBOLS = ['aapl', 'msft', 'goog', 'amzn', 'tsla', 'nvda', 'meta'] as const;

/** Input record `id`: key `k<id % 97>`, value JSON with a lower-case symbol and a field the query drops. */
function input(id: number): { key: string; value: string } {
  return { key: `k${id % 97}`, value: JSON.stringify({ id, sym: SYMBOLS[id % SYMBOLS.length], note: 'dropped' }) };
}

/** What the query writes for input `id`: the key as it was, the value re-serialised and upper-cased. */
function expectedOutput(id: number): string {
  return `k${id % 97}\t{"ID":${id},"SYM":"${SYMBOLS[id % SYMBOLS.length].toUpperCase()}"}`;
}

/** Produces ids from ≤ id < to with kcat, the partition chosen by key. */
async function produce(bootstrap: string, topic: string, from: number, to: number): Promise<void> {
  const lines: string[] = [];
  for (let id = from; id < to; id++) {
    const { key, value } = input(id);
    lines.push(`${key}\t${value}`);
  }
  await kcatProduce(bootstrap, topic, lines, { keyDelimiter: '\t', timeoutMs: 90_000 });
}

/** Reads the output `key<TAB>value` lines with kcat at the given isolation level. */
function readOutput(bootstrap: string, topic: string, isolation: 'read_committed' | 'read_uncommitted'): Promise<string[]> {
  return kcatConsume(bootstrap, topic, { isolation, keyDelimiter: '\t', timeoutMs: 60_000 });
}

interface OutputCheck {
  readonly records: number;
  readonly distinct: number;
  readonly duplicated: number;
  readonly lost: number;
  readonly wrong: number;
  readonly example?: string;
}

/** Compares the output lines with the expected output of ids 0 … total-1. */
function checkOutput(lines: readonly string[], total: number): OutputCheck {
  const seen = new Uint8Array(total);
  let duplicated = 0;
  let wrong = 0;
  let example: string | undefined;
  for (const line of lines) {
    const id = Number(/"ID":(\d+)/.exec(line)?.[1] ?? -1);
    if (!(id >= 0 && id < total) || line !== expectedOutput(id)) {
      wrong++;
      example ??= `unexpected: ${line}`;
      continue;
    }
    if (seen[id] === 1) {
      duplicated++;
      example ??= `twice: ${line}`;
    }
    seen[id] = 1;
  }
  const distinct = seen.reduce((n, s) => n + s, 0);
  return { records: lines.length, distinct, duplicated, lost: total - distinct, wrong, ...(example === undefined ? {} : { example }) };
}

/** The batches a run printed (`batch <id> <rows>` lines), in order. */
function batches(stdout: string): { id: number; rows: number }[] {
  return stdout.split('\n').filter((l) => l.startsWith('batch ')).map((l) => ({ id: Number(l.split(' ')[1]), rows: Number(l.split(' ')[2]) }));
}

/**
 * The id of the first batch whose output is not among the `committed` records: batch sizes as the
 * runs printed them (a batch run again after a restart counts with its last size).
 */
function resumeAt(runs: readonly { id: number; rows: number }[][], committed: number): number {
  const sizes = new Map<number, number>();
  for (const run of runs) for (const b of run) sizes.set(b.id, b.rows);
  let total = 0;
  for (let id = 0; ; id++) {
    if (total === committed) return id;
    const rows = sizes.get(id);
    if (rows === undefined || total > committed) return Number.NaN; // no batch boundary at `committed`
    total += rows;
  }
}

function assertConsecutive(ids: readonly number[], run: string): void {
  assert.ok(ids.length > 0, `${run} ran micro-batches`);
  for (let i = 1; i < ids.length; i++) assert.equal(ids[i], ids[i - 1] + 1, `${run}: batch ids are consecutive (${ids.join(',')})`);
}

kafkaTest('a DataFrame kafka → kafka query SIGKILLed twice and restarted on its checkpointLocation writes every input exactly once',
  { timeout: 240_000 }, async (t) => {
    const bootstrap = requireKafkaBootstrap();
    const work = mkdtempSync(join(tmpdir(), 'sluice-df-kafka-restart-'));
    const running = new Set<ChildProcess>();
    t.after(() => {
      for (const child of running) child.kill('SIGKILL');
      rmSync(work, { recursive: true, force: true });
    });
    const inputTopic = uniqueTopic('df-restart-in');
    const outputTopic = uniqueTopic('df-restart-out');
    const checkpoints = join(work, 'checkpoint');
    await createTopic(bootstrap, inputTopic, PARTITIONS);
    await createTopic(bootstrap, outputTopic, PARTITIONS);
    const env = { KAFKA_BOOTSTRAP_SERVERS: bootstrap, DF_INPUT: inputTopic, DF_OUTPUT: outputTopic, DF_CHECKPOINT: checkpoints };
    const startQuery = (): Child => spawnNode([QUERY], env, running);

    // The input arrives in three parts, one before each run: each kill lands before all of it exists.
    // A micro-batch reads at most MAX_OFFSETS_PER_TRIGGER records, so each part takes a run 10 batches
    // (checkpoints): the kills, after the third of a run, land with more input to read.
    await produce(bootstrap, inputTopic, 0, 40_000);
    const first = startQuery();
    await untilCheckpoint(first, checkpoints, 3);
    await killJob(first);
    const firstKillAt = newestCheckpoint(checkpoints);
    const afterFirst = checkOutput(await readOutput(bootstrap, outputTopic, 'read_committed'), TOTAL);

    await produce(bootstrap, inputTopic, 40_000, 80_000);
    const second = startQuery();
    await untilCheckpoint(second, checkpoints, firstKillAt + 3);
    // After a checkpoint, while records go into the next, open transaction: a batch is reported once its
    // rows are written to the sink, before its checkpoint commits them (batch id + 1 = its checkpoint id),
    // so the report of batch `reached` — an event, not a sleep — comes after checkpoint `reached` committed
    // and while its own transaction is open.
    const reached = newestCheckpoint(checkpoints);
    await second.untilStdout((stdout) => batches(stdout).some((b) => b.id >= reached), `the report of batch ${reached}`);
    await killJob(second);
    const secondKillAt = newestCheckpoint(checkpoints);
    const afterSecond = checkOutput(await readOutput(bootstrap, outputTopic, 'read_committed'), TOTAL);

    await produce(bootstrap, inputTopic, 80_000, TOTAL);
    const third = startQuery();
    let thirdEnded = false;
    void third.exited.then(() => { thirdEnded = true; });
    await untilRecords(bootstrap, outputTopic, TOTAL, 120_000, () => thirdEnded);
    third.child.kill('SIGTERM');
    const thirdExit = await third.exited;
    assert.equal(thirdExit.code, 0, `the last run stopped cleanly on SIGTERM (signal ${thirdExit.signal}): ${thirdExit.stderr}`);
    assert.match(thirdExit.stdout, /\{"stopped":true,"batches":\d+\}\n$/);

    const committed = checkOutput(await readOutput(bootstrap, outputTopic, 'read_committed'), TOTAL);
    const uncommitted = await readOutput(bootstrap, outputTopic, 'read_uncommitted');
    const runs = [first, second, third].map((run) => batches(run.stdout()));
    const [ids1, ids2, ids3] = runs.map((run) => run.map((b) => b.id));
    t.diagnostic(`killed after checkpoints ${firstKillAt} and ${secondKillAt}; committed records then: ${afterFirst.records}, ${afterSecond.records}`);
    t.diagnostic(`batch ids: run 1 ${ids1[0]}…${ids1.at(-1)}, run 2 ${ids2[0]}…${ids2.at(-1)}, run 3 ${ids3[0]}…${ids3.at(-1)}`);
    t.diagnostic(`output: ${committed.records} read_committed, ${uncommitted.length} read_uncommitted (aborted transactions included)`);

    // Each kill came mid-run, after output was committed, and what was committed by then is right.
    assert.ok(afterFirst.records > 0 && afterFirst.records <= 40_000, `first kill mid-run (${afterFirst.records} committed)`);
    assert.deepEqual([afterFirst.duplicated, afterFirst.wrong], [0, 0], `nothing duplicated or wrong before the first kill — ${afterFirst.example ?? ''}`);
    assert.ok(afterSecond.records > afterFirst.records && afterSecond.records <= 80_000, `second kill further in (${afterSecond.records} committed)`);
    assert.deepEqual([afterSecond.duplicated, afterSecond.wrong], [0, 0], `nothing duplicated or wrong before the second kill — ${afterSecond.example ?? ''}`);

    assert.deepEqual({ ...committed, example: undefined }, { records: TOTAL, distinct: TOTAL, duplicated: 0, lost: 0, wrong: 0, example: undefined },
      `read_committed output: every input exactly once — ${committed.example ?? ''}`);

    // Batch ids continue where the committed output ends, as Spark's do: a restarted run's first batch
    // is the first one whose output was not committed. That is the newest checkpoint on disk at the
    // kill, or the one before when the kill came between writing that checkpoint and committing its
    // transaction (the restart then aborts it and runs the batch again under the same id).
    assertConsecutive(ids1, 'run 1');
    assertConsecutive(ids2, 'run 2');
    assertConsecutive(ids3, 'run 3');
    assert.equal(ids1[0], 0, 'the first run starts at batch 0');
    const resume2 = resumeAt(runs.slice(0, 1), afterFirst.records);
    assert.equal(ids2[0], resume2, `run 2 starts at the first batch not committed (${afterFirst.records} records were)`);
    assert.ok(resume2 === firstKillAt || resume2 === firstKillAt - 1, `run 2 restored checkpoint ${firstKillAt} or the one before (resumed at batch ${resume2})`);
    const resume3 = resumeAt(runs.slice(0, 2), afterSecond.records);
    assert.equal(ids3[0], resume3, `run 3 starts at the first batch not committed (${afterSecond.records} records were)`);
    assert.ok(resume3 === secondKillAt || resume3 === secondKillAt - 1, `run 3 restored checkpoint ${secondKillAt} or the one before (resumed at batch ${resume3})`);
    assert.ok(resume2 > 0 && resume3 > resume2, 'each restart got further');
    // maxOffsetsPerTrigger holds in restarted runs too.
    const sizes = runs.flat().map((b) => b.rows);
    assert.ok(sizes.every((n) => n > 0 && n <= MAX_OFFSETS_PER_TRIGGER), `every batch read 1…${MAX_OFFSETS_PER_TRIGGER} records: ${sizes.join(',')}`);
  });

// Was a bug: every exactly-once kafka sink of an unnamed query took the transactional id
// 'sluice-query-kafka-0', so two such queries (two applications, each with its own checkpointLocation)
// fenced each other's producers and shared one commit marker: the second to start failed the first.
kafkaTest('two unnamed queries with their own checkpointLocations write exactly-once to Kafka at the same time',
  { timeout: 180_000 }, async (t) => {
    const bootstrap = requireKafkaBootstrap();
    const work = mkdtempSync(join(tmpdir(), 'sluice-df-kafka-two-'));
    const running = new Set<ChildProcess>();
    t.after(() => {
      for (const child of running) child.kill('SIGKILL');
      rmSync(work, { recursive: true, force: true });
    });
    const count = 20_000;
    const queries = await Promise.all(['a', 'b'].map(async (name) => {
      const env = {
        KAFKA_BOOTSTRAP_SERVERS: bootstrap, DF_INPUT: uniqueTopic(`df-two-${name}-in`), DF_OUTPUT: uniqueTopic(`df-two-${name}-out`),
        DF_CHECKPOINT: join(work, name),
      };
      await createTopic(bootstrap, env.DF_INPUT, PARTITIONS);
      await createTopic(bootstrap, env.DF_OUTPUT, PARTITIONS);
      await produce(bootstrap, env.DF_INPUT, 0, count);
      return env;
    }));
    const runs = queries.map((env) => {
      const run = spawnNode([QUERY], env, running);
      let ended = false;
      void run.exited.then(() => { ended = true; });
      return { env, run, ended: () => ended };
    });
    for (const { env, ended } of runs) await untilRecords(bootstrap, env.DF_OUTPUT, count, 90_000, ended);
    for (const { run } of runs) run.child.kill('SIGTERM');
    for (const { env, run } of runs) {
      const exit = await run.exited;
      assert.equal(exit.code, 0, `query on ${env.DF_CHECKPOINT} ran until stopped (signal ${exit.signal}): ${exit.stderr}`);
      const output = checkOutput(await readOutput(bootstrap, env.DF_OUTPUT, 'read_committed'), count);
      assert.deepEqual({ ...output, example: undefined }, { records: count, distinct: count, duplicated: 0, lost: 0, wrong: 0, example: undefined },
        `query on ${env.DF_CHECKPOINT}: every input exactly once — ${output.example ?? ''}`);
    }
  });
