// A job scaled out on the real broker (engine/scaled-job.ts): cut into sub-topologies joined by a
// repartition topic, every task its own JobRunner with its own transaction. Out-of-order input (within
// the watermark bound) and late records (behind a watermark the output proves was reached) on a
// 3-partition topic; the read_committed output must equal the windows computed here independently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Dataflow, KafkaClient, TableEnvironment, formatTimestamp, kafkaSink, kafkaSource, parseStatement, parseTimestamp, sum, type LogicalPlan } from 'sluice';
import { tumbling } from '../../src/api/dataflow/windows.ts';
import { runStaticTasks, type StaticTasks } from '../../src/engine/scaled-job.ts';
import { cutPlan } from '../../src/runtime/sub-topologies.ts';
import { seededRandom } from '../../src/operators/expr/runtime-numeric.ts';
import { kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../kafka/kafka-env.ts';
import { readAll } from '../connectors/kafka/kafka-helpers.ts';

const T0 = Date.UTC(2024, 0, 1);
const WINDOW_MS = 10_000;
const SYMBOLS = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'NVDA'];

interface Trade { readonly symbol: string; readonly shares: number; readonly ts: number }

/**
 * Trades of one partition with event times rising from `from` to `to`, each up to 4 s behind the
 * newest before it: out of order, but within the 5 s watermark bound, so none is late anywhere.
 */
function onTimeTrades(random: () => number, from: number, to: number, count: number): Trade[] {
  return Array.from({ length: count }, (_, i) => ({
    symbol: SYMBOLS[Math.floor(random() * SYMBOLS.length)],
    shares: 1 + Math.floor(random() * 100),
    ts: Math.floor(from + ((to - from) * i) / count - random() * 4_000),
  }));
}

/** Windows per symbol and tumbling window: the sum of shares and the count of trades (the oracle). */
function expectedWindows(trades: readonly Trade[]): Map<string, { total: number; n: number }> {
  const windows = new Map<string, { total: number; n: number }>();
  for (const t of trades) {
    const key = `${t.symbol}@${t.ts - (t.ts % WINDOW_MS)}`;
    const w = windows.get(key) ?? { total: 0, n: 0 };
    w.total += t.shares;
    w.n += 1;
    windows.set(key, w);
  }
  return windows;
}

async function produce(client: KafkaClient, topic: string, partition: number, values: readonly unknown[]): Promise<void> {
  const producer = client.producer();
  try {
    await producer.send(values.map((value) => ({ topic, partition, key: null, value: Buffer.from(JSON.stringify(value)) })));
  } finally {
    await producer.close();
  }
}

/** Reads the output topic (read_committed) until `done` holds, failing at once if a task failed. */
async function waitForOutput<T>(tasks: StaticTasks, topic: string, done: (rows: T[]) => boolean, what: string): Promise<T[]> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const failed = tasks.failure();
    if (failed !== undefined) throw new Error(`task ${failed.taskId} failed: ${failed.error.message}`, { cause: failed.error });
    const rows = await readAll<T>({ topic, valueFormat: 'json' });
    if (done(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`no ${what} within 180 s; the output has ${rows.length} rows`);
    await sleep(250);
  }
}

/**
 * Waits until no transaction is open on the topic (read_committed's end = the log's end): a commit's
 * markers reach the partitions a moment after the commit returns, so a read right after could miss
 * the last commit's records — duplicates among them too.
 */
async function settled(client: KafkaClient, topic: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [stable] = await client.listOffsets([{ topic, partition: 0 }], 'latest', true);
    const [end] = await client.listOffsets([{ topic, partition: 0 }], 'latest', false);
    if (stable === end) return;
    if (Date.now() > deadline) throw new Error(`'${topic}' still has an open transaction after 60 s (stable ${stable}, end ${end})`);
    await sleep(100);
  }
}

/** The earliest offset of each partition: above 0 once consumed repartition records were purged. */
async function earliestOffsets(client: KafkaClient, topic: string, partitions: number): Promise<number[]> {
  return client.listOffsets(Array.from({ length: partitions }, (_, partition) => ({ topic, partition })), 'earliest');
}

kafkaTest('SQL windowed aggregation cut at its GROUP BY runs as 2×3 tasks; a task stopped and restarted mid-run loses and duplicates nothing', { timeout: 300_000 }, async () => {
  const bootstrap = requireKafkaBootstrap();
  const client = await KafkaClient.connect({ bootstrapServers: bootstrap });
  const stateDir = mkdtempSync(join(tmpdir(), 'sluice-scale-'));
  const input = uniqueTopic('scale-trades');
  const output = uniqueTopic('scale-windows');
  const app = uniqueTopic('scale-sql');
  let tasks: StaticTasks | undefined;
  try {
    await client.createTopic(input, { partitions: 3, replicationFactor: 1 });
    await client.createTopic(output, { partitions: 1, replicationFactor: 1 });
    const random = seededRandom(17);
    const phase1 = [0, 1, 2].map(() => onTimeTrades(random, T0, T0 + 100_000, 150));
    const phase2 = [0, 1, 2].map(() => onTimeTrades(random, T0 + 100_000, T0 + 160_000, 100));
    // Late: behind the watermark the first phase's output proves was reached (windows before T0+50 s).
    const late = [0, 1, 2].map(() => Array.from({ length: 10 }, () => ({ symbol: 'AAPL', shares: 1_000, ts: T0 + Math.floor(random() * 50_000) })));
    const asRow = (t: Trade) => ({ symbol: t.symbol, shares: t.shares, ts: formatTimestamp(t.ts) });
    for (const p of [0, 1, 2]) await produce(client, input, p, phase1[p].map(asRow));

    const env = TableEnvironment.create();
    env.executeSql(`CREATE TABLE trades (symbol STRING, shares INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
      WITH ('connector' = 'kafka', 'topic' = '${input}', 'properties.bootstrap.servers' = '${bootstrap}', 'format' = 'json')`);
    env.executeSql(`CREATE TABLE windows (symbol STRING, ws TIMESTAMP(3), total INT, n BIGINT)
      WITH ('connector' = 'kafka', 'topic' = '${output}', 'properties.bootstrap.servers' = '${bootstrap}', 'format' = 'json',
            'sink.delivery-guarantee' = 'exactly-once')`);
    const insert = `INSERT INTO windows SELECT symbol, TUMBLE_START(ts, INTERVAL '10' SECOND), SUM(shares), COUNT(*)
      FROM trades GROUP BY symbol, TUMBLE(ts, INTERVAL '10' SECOND)`;
    const planned = env.planner.plan(parseStatement(insert), insert);
    assert.equal(planned.kind, 'insert');
    tasks = await runStaticTasks({
      job: (planned as { plan: LogicalPlan }).plan, applicationId: app, bootstrapServers: bootstrap, stateDir,
      resolver: env.registry.resolver(), taskOptions: { checkpointInterval: 500 },
    });
    assert.deepEqual(tasks.subTopologies.map((s) => s.partitions), [3, 3]);
    assert.deepEqual(tasks.taskIds(), ['0_0', '0_1', '0_2', '1_0', '1_1', '1_2']);
    const repartitionTopic = tasks.subTopologies[0].subTopology.outputs[0].topic;

    type Out = { symbol: string; ws: string; total: number; n: number };
    await waitForOutput<Out>(tasks, output, (rows) => rows.some((r) => parseTimestamp(r.ws) === T0 + 70_000), 'window at T0+70 s');
    for (const p of [0, 1, 2]) await produce(client, input, p, [...late[p], ...phase2[p]].map(asRow));
    // Mid-run: an upstream and a downstream task stop (final checkpoint) and start again from their local state.
    const stopped = await Promise.all([tasks.stopTask('0_1'), tasks.stopTask('1_2')]);
    assert.ok(stopped.every((r) => r.outcome === 'stopped' && r.lastCheckpointId > 0));
    tasks.startTask('0_1');
    tasks.startTask('1_2');
    for (const p of [0, 1, 2]) await produce(client, input, p, [asRow({ symbol: 'FLUSH', shares: 0, ts: T0 + 1_000_000 })]);

    const expected = expectedWindows([...phase1.flat(), ...phase2.flat()]);
    await waitForOutput<Out>(tasks, output, (rows) => rows.length >= expected.size, `${expected.size} windows`);
    await tasks.stopAll();
    await settled(client, output);
    const rows = await readAll<Out>({ topic: output, valueFormat: 'json' });
    const actual = rows.map((r) => [`${r.symbol}@${parseTimestamp(r.ws)}`, r.total, r.n]).sort();
    assert.deepEqual(actual, [...expected].map(([key, w]) => [key, w.total, w.n]).sort());
    // Consumed repartition records were deleted after their checkpoints committed.
    const purged = await earliestOffsets(client, repartitionTopic, 3);
    assert.ok(purged.some((offset) => offset > 0), `earliest offsets of ${repartitionTopic}: ${purged.join(', ')}`);
  } finally {
    await tasks?.stopAll();
    await client.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
});

kafkaTest('Dataflow keyBy → window runs as 2×3 tasks; an input partition gone idle does not stall the windows', { timeout: 300_000 }, async () => {
  const bootstrap = requireKafkaBootstrap();
  const client = await KafkaClient.connect({ bootstrapServers: bootstrap });
  const stateDir = mkdtempSync(join(tmpdir(), 'sluice-scale-'));
  const input = uniqueTopic('scale-flow-trades');
  const output = uniqueTopic('scale-flow-windows');
  const app = uniqueTopic('scale-flow');
  let tasks: StaticTasks | undefined;
  try {
    await client.createTopic(input, { partitions: 3, replicationFactor: 1 });
    await client.createTopic(output, { partitions: 1, replicationFactor: 1 });
    const random = seededRandom(23);
    const phase1 = [0, 1, 2].map(() => onTimeTrades(random, T0, T0 + 100_000, 150));
    // Partition 2 gets nothing after the first phase: only its idleness lets the later windows close.
    const phase2 = [0, 1].map(() => onTimeTrades(random, T0 + 100_000, T0 + 160_000, 100));
    const late = [0, 1].map(() => Array.from({ length: 10 }, () => ({ symbol: 'AAPL', shares: 1_000, ts: T0 + Math.floor(random() * 50_000) })));
    for (const p of [0, 1, 2]) await produce(client, input, p, phase1[p]);

    const flow = new Dataflow(app);
    flow.input('trades', kafkaSource<Trade>({ bootstrapServers: bootstrap, topic: input }),
      { watermark: { timestamp: (t) => t.ts, maxOutOfOrderness: 5_000, idleTimeout: 10_000 } })
      .keyBy((t) => t.symbol)
      .window(tumbling(WINDOW_MS))
      .aggregate(sum((t: Trade) => t.shares))
      .output('windows', kafkaSink({ bootstrapServers: bootstrap, topic: output, deliveryGuarantee: 'exactly-once' }));
    tasks = await runStaticTasks({ job: flow, applicationId: app, bootstrapServers: bootstrap, stateDir, taskOptions: { checkpointInterval: 500 } });
    assert.deepEqual(tasks.taskIds(), ['0_0', '0_1', '0_2', '1_0', '1_1', '1_2']);

    type Out = { key: string; start: number; end: number; value: number };
    await waitForOutput<Out>(tasks, output, (rows) => rows.some((r) => r.start === T0 + 70_000), 'window at T0+70 s');
    for (const p of [0, 1]) await produce(client, input, p, [...late[p], ...phase2[p], { symbol: 'FLUSH', shares: 0, ts: T0 + 1_000_000 }]);

    const expected = expectedWindows([...phase1.flat(), ...phase2.flat()]);
    await waitForOutput<Out>(tasks, output, (rows) => rows.length >= expected.size, `${expected.size} windows`);
    await tasks.stopAll();
    await settled(client, output);
    const rows = await readAll<Out>({ topic: output, valueFormat: 'json' });
    assert.deepEqual(rows.map((r) => [`${r.key}@${r.start}`, r.value]).sort(), [...expected].map(([key, w]) => [key, w.total]).sort());
  } finally {
    await tasks?.stopAll();
    await client.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
});

kafkaTest('start-up errors: inputs that are not co-partitioned, and a repartition topic with another partition count, are named', { timeout: 120_000 }, async () => {
  const bootstrap = requireKafkaBootstrap();
  const client = await KafkaClient.connect({ bootstrapServers: bootstrap });
  const stateDir = mkdtempSync(join(tmpdir(), 'sluice-scale-'));
  try {
    const three = uniqueTopic('scale-three');
    const two = uniqueTopic('scale-two');
    const out = uniqueTopic('scale-out');
    await client.createTopic(three, { partitions: 3, replicationFactor: 1 });
    await client.createTopic(two, { partitions: 2, replicationFactor: 1 });
    await client.createTopic(out, { partitions: 1, replicationFactor: 1 });
    const keyed = (topics: string[]) => {
      const flow = new Dataflow('errors');
      const [first, ...rest] = topics.map((topic) => flow.input(topic, kafkaSource<Trade>({ bootstrapServers: bootstrap, topic }),
        { watermark: { timestamp: (t) => t.ts, maxOutOfOrderness: 0 } }));
      rest.reduce((merged, s) => merged.merge(s), first).keyBy((t) => t.symbol).window(tumbling(WINDOW_MS)).count()
        .output('out', kafkaSink({ bootstrapServers: bootstrap, topic: out, deliveryGuarantee: 'exactly-once' }));
      return flow;
    };
    await assert.rejects(runStaticTasks({ job: keyed([three, two]), applicationId: uniqueTopic('scale-err'), bootstrapServers: bootstrap, stateDir, startAll: false }),
      new RegExp(`not co-partitioned.*'${three}' has 3 partitions, '${two}' has 2 partitions`));

    const app = uniqueTopic('scale-err');
    const flow = keyed([three]);
    const repartition = cutPlan(flow.plan(), app)[0].outputs[0].topic;
    await client.createTopic(repartition, { partitions: 2, replicationFactor: 1 });
    await assert.rejects(runStaticTasks({ job: flow, applicationId: app, bootstrapServers: bootstrap, stateDir, startAll: false }),
      new RegExp(`repartition topic '${repartition}' exists with 2 partitions, but sub-topology 1 runs 3 tasks`));
  } finally {
    await client.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
});
