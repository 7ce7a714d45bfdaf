// `npm run bench -- kafka`: Sluice's consume → JSON decode → filter → produce job against Kafka's own
// perf tools on one broker, run one after the other in one process so the figures are comparable.
// The input topic is filled by kafka-producer-perf-test (the producer baseline), read back by
// kafka-consumer-perf-test (the consumer baseline); then Sluice reads it with an at-least-once and an
// exactly-once sink. Its rate is quoted as a ratio to min(producer, consumer): a consume→produce
// pipeline on the same broker cannot beat either.
import { rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { DeliveryGuarantee } from 'sluice';
import { startKafka, type KafkaCluster } from '../../scripts/kafka/broker.ts';
import { ensureKafkaJars } from '../../scripts/kafka/jars.ts';
import { createTopic, deleteTopic } from '../../scripts/kafka/topics.ts';
import { consumerPerf, javaVersion, producerPerf, type PerfFigure } from './perf-tools.ts';
import { runPipeline, type PipelineResult } from './sluice-pipeline.ts';
import { endOffsetsSum, scanTopic, type TopicScan } from './topic-check.ts';
import { writePayloadFile } from './trade-payloads.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 3);
const CHECKPOINT_MS = Number(process.env.BENCH_CHECKPOINT_MS ?? 1_000);
const PAYLOAD_LINES = 100_000;
const PASS_PERCENT = 30;
const TARGET = 0.5;
const MIB = 2 ** 20;

const rate = (n: number): string => Math.round(n).toLocaleString('en');

interface SluiceFigure {
  readonly guarantee: DeliveryGuarantee;
  readonly run: PipelineResult;
  readonly recordsPerSec: number;
  readonly mbPerSec: number;
}

/** Fails the benchmark when a check does not hold: a fast wrong answer is no result. */
function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`kafka bench: check failed: ${message}`);
}

async function sluiceRun(bootstrap: string, input: TopicScan, inputTopic: string, guarantee: DeliveryGuarantee, runId: string): Promise<SluiceFigure> {
  const output = `bench-big-trades-${guarantee === 'exactly-once' ? 'eos' : 'alo'}-${runId}`;
  await createTopic(bootstrap, output, PARTITIONS);
  const run = await runPipeline({ bootstrap, input: inputTopic, output, guarantee, checkpointInterval: CHECKPOINT_MS, runId: `${guarantee}-${runId}` });
  const seconds = run.ms / 1000;
  const figure = { guarantee, run, recordsPerSec: run.recordsIn / seconds, mbPerSec: input.valueBytes / MIB / seconds };
  console.log(`sluice ${guarantee}: ${rate(run.recordsIn)} records in ${seconds.toFixed(2)} s → ${rate(figure.recordsPerSec)} records/s ` +
    `(${figure.mbPerSec.toFixed(2)} MB/s), ${rate(run.recordsOut)} written, ${run.checkpoints} checkpoints, ${run.outcome}`);
  check(run.outcome === 'finished', `the ${guarantee} job ended '${run.outcome}', not 'finished'`);
  check(run.recordsIn === input.records, `the ${guarantee} job read ${run.recordsIn} records, the topic holds ${input.records}`);
  check(run.recordsOut === input.passing, `the ${guarantee} job passed ${run.recordsOut} records, kcat counted ${input.passing} passing`);
  const ends = await endOffsetsSum(bootstrap, output, PARTITIONS);
  if (guarantee === 'exactly-once') {
    // Each committed transaction leaves a marker offset per partition it wrote: count the records.
    const written = await scanTopic(bootstrap, output);
    check(written.records === input.passing && written.passing === input.passing,
      `exactly-once output holds ${written.records} committed records (${written.passing} passing), expected ${input.passing}`);
    console.log(`  check: ${rate(written.records)} committed records in '${output}' (read_committed, kcat) = passing input records; end offsets ${rate(ends)} incl. ${rate(ends - written.records)} commit markers`);
  } else {
    check(ends === input.passing, `at-least-once output end offsets sum to ${ends}, expected ${input.passing} (passing input records)`);
    console.log(`  check: end offsets of '${output}' sum to ${rate(ends)} = passing input records`);
  }
  return figure;
}

function printSummary(producer: PerfFigure, consumer: PerfFigure, runs: readonly SluiceFigure[], passShare: number): void {
  const baseline = Math.min(producer.recordsPerSec, consumer.recordsPerSec);
  const which = producer.recordsPerSec <= consumer.recordsPerSec ? 'producer' : 'consumer';
  // Sluice writes only the passing share of what it reads, so it can outrun the producer tool. A
  // stricter reference: the Java tools doing the same work one after the other (read every record,
  // write the passing ones), in input records per second.
  const serial = 1 / (1 / consumer.recordsPerSec + passShare / producer.recordsPerSec);
  console.log('');
  console.log('| contender | records/s | MB/s |');
  console.log('|---|---|---|');
  console.log(`| kafka-producer-perf-test (fill) | ${rate(producer.recordsPerSec)} | ${producer.mbPerSec.toFixed(2)} |`);
  console.log(`| kafka-consumer-perf-test (fetch) | ${rate(consumer.recordsPerSec)} | ${consumer.mbPerSec.toFixed(2)} |`);
  for (const r of runs) console.log(`| Sluice consume→filter→produce, ${r.guarantee} | ${rate(r.recordsPerSec)} | ${r.mbPerSec.toFixed(2)} |`);
  console.log('');
  for (const r of runs) {
    console.log(`ratio sluice ${r.guarantee} / min(producer, consumer) [${which}]: ${(r.recordsPerSec / baseline).toFixed(2)} (target >= ${TARGET.toFixed(2)})`);
  }
  console.log(`reference: Java tools serially (consume all, produce ${(100 * passShare).toFixed(1)}%): ${rate(serial)} input records/s`);
  for (const r of runs) console.log(`ratio sluice ${r.guarantee} / serial Java reference: ${(r.recordsPerSec / serial).toFixed(2)}`);
}

/**
 * Runs the Kafka benchmark end to end: a broker (or KAFKA_BOOTSTRAP_SERVERS), the perf-tool
 * baselines, the two Sluice runs with their checks, the summary. Stops the broker it started.
 *
 * @example
 * await benchKafka(); // npm run bench -- kafka
 */
export async function benchKafka(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${await javaVersion()}`);
  console.log(`input: ${rate(RECORDS)} JSON stock trades (${PAYLOAD_LINES.toLocaleString('en')} distinct lines, ${PASS_PERCENT}% of them pass transaction_value > 10000), ` +
    `${PARTITIONS} partitions; checkpoint every ${CHECKPOINT_MS} ms; MB = 2^20 bytes of record values, as Kafka's tools count`);
  const libDir = await ensureKafkaJars();
  const external = process.env.KAFKA_BOOTSTRAP_SERVERS;
  let cluster: KafkaCluster | undefined;
  const runId = Date.now().toString(36);
  const payloadFile = join(tmpdir(), `sluice-bench-trades-${runId}.jsonl`);
  const topics: string[] = [];
  try {
    if (external === undefined) {
      const began = Date.now();
      cluster = await startKafka({ nodes: 1 });
      console.log(`broker: single node started in ${((Date.now() - began) / 1000).toFixed(1)} s at ${cluster.bootstrapServers} (same machine)`);
    } else {
      console.log(`broker: ${external} (KAFKA_BOOTSTRAP_SERVERS)`);
    }
    const bootstrap = cluster?.bootstrapServers ?? external!;
    const payload = writePayloadFile(payloadFile, PAYLOAD_LINES, PASS_PERCENT);
    console.log(`payload file: ${payload.lines} lines, ${payload.passing} passing, ${payload.meanBytes.toFixed(1)} bytes per record on average`);

    const inputTopic = `bench-trades-${runId}`;
    await createTopic(bootstrap, inputTopic, PARTITIONS);
    topics.push(inputTopic, `bench-big-trades-alo-${runId}`, `bench-big-trades-eos-${runId}`);
    const producer = await producerPerf(libDir, bootstrap, inputTopic, RECORDS, payloadFile);
    console.log(`producer-perf: ${producer.summary}`);
    const consumer = await consumerPerf(libDir, bootstrap, inputTopic, RECORDS);
    console.log(`consumer-perf: ${consumer.summary}`);

    const input = await scanTopic(bootstrap, inputTopic);
    check(input.records === RECORDS, `the input topic holds ${input.records} records, expected ${RECORDS}`);
    console.log(`input check (kcat, untimed): ${rate(input.records)} records, ${(input.valueBytes / MIB).toFixed(1)} MB, ` +
      `${rate(input.passing)} pass the filter (${((100 * input.passing) / input.records).toFixed(1)}%)`);

    const runs = [
      await sluiceRun(bootstrap, input, inputTopic, 'at-least-once', runId),
      await sluiceRun(bootstrap, input, inputTopic, 'exactly-once', runId),
    ];
    printSummary(producer, consumer, runs, input.passing / input.records);
  } finally {
    rmSync(payloadFile, { force: true });
    if (cluster !== undefined) await cluster.stop();
    else if (external !== undefined) {
      for (const topic of topics) await deleteTopic(external, topic).catch(() => {});
    }
  }
}
