// `npm run bench -- changelog`: how fast a task restores its state from its changelog topic (issue 10),
// against Kafka's own consumer (ConsumerPerformance) reading the same topic in the same run.
//
// A SQL GROUP BY over BENCH_RECORDS distinct keys (one value per key) runs once with a changelog to
// build it; then the same job starts again on an empty local directory with its input already
// consumed, so all it does is restore: read the changelog (read_committed) and load the entries into
// the state backend — heap, then lmdb. The restore's records/s comes from the job status.
import { cpus, tmpdir, totalmem } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaClient, TableEnvironment, type JobStatus, type StateBackendKind } from 'sluice';
import { ensureKafkaJars, startKafka, type KafkaCluster } from '../../scripts/kafka/broker.ts';
import { kcatProduce } from '../../scripts/kafka/kcat.ts';
import { consumerPerf, javaVersion } from '../kafka/perf-tools.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000);

/** Runs the GROUP BY job to its end with a changelog; returns its final status. */
async function runJob(bootstrap: string, input: string, app: string, dir: string, backend: StateBackendKind): Promise<JobStatus> {
  const tableEnv = TableEnvironment.create({
    runOptions: {
      checkpointDir: dir, checkpointInterval: 1_000, handleSignals: false, stateBackend: backend,
      changelog: { connection: { bootstrapServers: bootstrap }, applicationId: app, partition: 0, partitions: 1 },
    },
  });
  tableEnv.executeSql(`CREATE TABLE ticks (id BIGINT, v BIGINT) WITH ('connector' = 'kafka', 'topic' = '${input}',
    'properties.bootstrap.servers' = '${bootstrap}', 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset', 'format' = 'json')`);
  tableEnv.executeSql(`CREATE TABLE sink (id BIGINT, n BIGINT) WITH ('connector' = 'blackhole')`);
  const result = await tableEnv.executeSql('INSERT INTO sink SELECT id, COUNT(*) AS n FROM ticks GROUP BY id').await();
  return result!.status;
}

/**
 * Runs the changelog benchmark end to end and prints its figures.
 *
 * @example
 * await benchChangelog();
 */
export async function benchChangelog(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${await javaVersion()}`);
  const libDir = await ensureKafkaJars();
  const external = process.env.KAFKA_BOOTSTRAP_SERVERS;
  const cluster: KafkaCluster | undefined = external === undefined ? await startKafka({ nodes: 1 }) : undefined;
  const bootstrap = cluster?.bootstrapServers ?? external!;
  const work = mkdtempSync(join(tmpdir(), 'sluice-bench-changelog-'));
  const kafka = await KafkaClient.connect({ bootstrapServers: bootstrap });
  try {
    const runId = Date.now().toString(36);
    const input = `bench-changelog-in-${runId}`;
    await kafka.createTopic(input, { partitions: 1 });
    const lines = Array.from({ length: RECORDS }, (_, id) => JSON.stringify({ id, v: id % 97 }));
    for (let i = 0; i < lines.length; i += 50_000) await kcatProduce(bootstrap, input, lines.slice(i, i + 50_000), { partition: 0, timeoutMs: 120_000 });
    for (const backend of ['heap', 'lmdb'] as const) {
      const app = `bench-changelog-${backend}-${runId}`;
      const built = await runJob(bootstrap, input, app, join(work, `${backend}-build`), backend);
      const [topic] = (await kafka.topics()).filter((t) => t.startsWith(`${app}-`) && t.endsWith('-changelog'));
      const [end] = await kafka.listOffsets([{ topic, partition: 0 }], 'latest', false);
      console.log(`${backend}: built ${topic}: ${built.recordsIn} input records, ${end} offsets (records plus transaction markers)`);
      const restored = await runJob(bootstrap, input, app, join(work, `${backend}-cold`), backend);
      const r = restored.restore!;
      const reference = await consumerPerf(libDir, bootstrap, topic, r.records);
      console.log(`${backend}: cold restore read ${r.records} records in ${r.durationMs} ms = ${r.recordsPerSecond} records/s (input read on restart: ${restored.recordsIn})`);
      console.log(`${backend}: consumer-perf on the changelog: ${reference.summary}`);
      console.log(`${backend}: ratio restore / consumer-perf fetch = ${(r.recordsPerSecond / reference.recordsPerSec).toFixed(2)}`);
    }
  } finally {
    await kafka.close();
    rmSync(work, { recursive: true, force: true });
    await cluster?.stop();
  }
}
