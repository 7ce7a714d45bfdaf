// `npm run bench -- repartition`: a keyed windowed count over a 3-partition topic, run as one task
// (the whole plan in one JobRunner) and cut into sub-topologies (runStaticTasks: 2 × 3 tasks in this
// one process, the records crossing a repartition topic with watermark markers), alternated round by
// round. Both must produce the same windows. The ratio is the cost of the exchange on one event loop;
// it is not a scale-out figure (that needs several processes on free cores: planned, `bench -- scale`).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataflow } from '../../src/api/dataflow/dataflow.ts';
import { tumbling } from '../../src/api/dataflow/windows.ts';
import { KafkaClient } from '../../src/connectors/kafka/client.ts';
import { kafkaSink } from '../../src/connectors/kafka/kafka-sink.ts';
import { kafkaSource } from '../../src/connectors/kafka/kafka-source.ts';
import { toArray } from '../../src/connectors/memory/index.ts';
import { runStaticTasks } from '../../src/engine/scaled-job.ts';
import { seededRandom } from '../../src/operators/expr/runtime-numeric.ts';
import { JobRunner } from '../../src/runtime/job-runner.ts';
import { CheckpointStorage } from '../../src/state/checkpoint-storage.ts';
import { startKafka, type KafkaCluster } from '../../scripts/kafka/broker.ts';
import { median, timed } from '../bench-stats.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PARTITIONS = 3;
const CHECKPOINT_MS = 1_000;
const SYMBOLS = Array.from({ length: 50 }, (_, i) => `S${i}`);

interface Trade { readonly symbol: string; readonly shares: number; readonly ts: number }
interface Window { readonly key: string; readonly start: number; readonly value: number }

/** Fills the input: per partition, event times rising 10 ms a record, up to 3 s out of order. */
async function fill(client: KafkaClient, topic: string): Promise<void> {
  const random = seededRandom(5);
  const producer = client.producer();
  try {
    const perPartition = Math.ceil(RECORDS / PARTITIONS);
    for (let p = 0; p < PARTITIONS; p++) {
      for (let from = 0; from < perPartition; from += 10_000) {
        const chunk = [];
        for (let i = from; i < Math.min(perPartition, from + 10_000); i++) {
          const trade: Trade = { symbol: SYMBOLS[Math.floor(random() * SYMBOLS.length)], shares: 1 + Math.floor(random() * 100), ts: i * 10 - Math.floor(random() * 3_000) };
          chunk.push({ topic, partition: p, key: null, value: Buffer.from(JSON.stringify(trade)) });
        }
        await producer.send(chunk);
      }
    }
  } finally {
    await producer.close();
  }
}

function job(bootstrap: string, input: string, output: string): Dataflow {
  const flow = new Dataflow('bench-repartition');
  flow.input('trades', kafkaSource<Trade>({ bootstrapServers: bootstrap, topic: input, boundedMode: 'latest-offset' }),
    { watermark: { timestamp: (t) => t.ts, maxOutOfOrderness: 5_000 } })
    .keyBy((t) => t.symbol)
    .window(tumbling(10_000))
    .count()
    .output('windows', kafkaSink({ bootstrapServers: bootstrap, topic: output, deliveryGuarantee: 'exactly-once' }));
  return flow;
}

/**
 * Windows and the total of their counts, read back read_committed once no transaction is open (a
 * commit's markers reach the partition a moment after the commit returns): both runs must agree.
 */
async function summary(client: KafkaClient, bootstrap: string, topic: string): Promise<string> {
  for (let waited = 0; ; waited += 100) {
    const [stable] = await client.listOffsets([{ topic, partition: 0 }], 'latest', true);
    const [end] = await client.listOffsets([{ topic, partition: 0 }], 'latest', false);
    if (stable === end) break;
    if (waited > 60_000) throw new Error(`'${topic}' still has an open transaction after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const rows = await toArray(kafkaSource<Window>({ bootstrapServers: bootstrap, topic, boundedMode: 'latest-offset' }));
  const total = rows.reduce((n, r) => n + r.value, 0);
  return `${rows.length} windows counting ${total} records`;
}

/**
 * Starts a broker (or uses KAFKA_BOOTSTRAP_SERVERS), fills the input once, then alternates the two
 * runs, each into a fresh output topic, and prints both rates and the ratio.
 *
 * @example
 * await benchRepartition();
 */
export async function benchRepartition(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`input: ${RECORDS} JSON trades, ${PARTITIONS} partitions, ${SYMBOLS.length} symbols; keyBy → 10 s tumbling count → exactly-once Kafka sink; ` +
    `checkpoint every ${CHECKPOINT_MS} ms; ${ROUNDS} rounds each, alternating; median reported`);
  const external = process.env.KAFKA_BOOTSTRAP_SERVERS;
  let cluster: KafkaCluster | undefined;
  const runId = Date.now().toString(36);
  const stateDir = mkdtempSync(join(tmpdir(), 'sluice-bench-repartition-'));
  try {
    if (external === undefined) cluster = await startKafka({ nodes: 1 });
    const bootstrap = cluster?.bootstrapServers ?? external!;
    console.log(`broker: ${bootstrap}${cluster === undefined ? ' (KAFKA_BOOTSTRAP_SERVERS)' : ' (single node, same machine)'}`);
    const client = await KafkaClient.connect({ bootstrapServers: bootstrap });
    const input = `bench-repartition-in-${runId}`;
    await client.createTopic(input, { partitions: PARTITIONS, replicationFactor: 1 });
    await fill(client, input);
    const single: number[] = [];
    const split: number[] = [];
    const results = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const out1 = `bench-repartition-one-${runId}-${round}`;
      await client.createTopic(out1, { partitions: 1, replicationFactor: 1 });
      const one = await timed(() => new JobRunner(job(bootstrap, input, out1).plan(), {
        name: `bench-one-${runId}-${round}`, checkpointInterval: CHECKPOINT_MS, checkpoints: new CheckpointStorage(join(stateDir, `one-${round}`)),
      }).run());
      single.push(one.ms);
      results.add(await summary(client, bootstrap, out1));

      const out2 = `bench-repartition-split-${runId}-${round}`;
      await client.createTopic(out2, { partitions: 1, replicationFactor: 1 });
      const two = await timed(async () => {
        const tasks = await runStaticTasks({
          job: job(bootstrap, input, out2), applicationId: `bench-split-${runId}-${round}`, bootstrapServers: bootstrap, stateDir,
          taskOptions: { checkpointInterval: CHECKPOINT_MS },
        });
        await tasks.finished();
        const failed = tasks.failure();
        if (failed !== undefined) throw new Error(`task ${failed.taskId} failed: ${failed.error.message}`);
      });
      split.push(two.ms);
      results.add(await summary(client, bootstrap, out2));
      if (results.size !== 1) throw new Error(`the runs disagree: ${[...results].join(' vs ')}`);
    }
    await client.close();
    const oneRate = RECORDS / (median(single) / 1000);
    const splitRate = RECORDS / (median(split) / 1000);
    console.log(`results agree: ${[...results][0]}`);
    console.log(`one task (whole plan):             ${Math.round(oneRate).toLocaleString('en')} records/s (median ${Math.round(median(single))} ms)`);
    console.log(`2 × ${PARTITIONS} tasks via a repartition topic: ${Math.round(splitRate).toLocaleString('en')} records/s (median ${Math.round(median(split))} ms)`);
    console.log(`ratio split / one task: ${(splitRate / oneRate).toFixed(2)} (one process, one event loop: the exchange's cost, not a speed-up)`);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
    if (cluster !== undefined) await cluster.stop();
  }
}
