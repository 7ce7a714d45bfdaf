import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataflow, kafkaSource, memorySink, start } from 'sluice';
import { kcatProduce } from '../../scripts/kafka/kcat.ts';
import { startPrometheus } from '../../scripts/prometheus/prometheus.ts';
import { createTopic, kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../kafka/kafka-env.ts';
import { api, until } from './rest-helpers.ts';

interface Reading { sensor: string; value: number }

kafkaTest('a real Prometheus scrapes /metrics: numRecordsIn grows to what was fed, Kafka lag per partition, checkpoint and process metrics', { timeout: 600_000 }, async () => {
  const bootstrap = requireKafkaBootstrap();
  const topic = uniqueTopic('metrics');
  await createTopic(bootstrap, topic, 3);
  const dir = await mkdtemp(join(tmpdir(), 'sluice-prom-'));
  const out = memorySink<{ sensor: string; count: number }>();
  const flow = new Dataflow('metered');
  flow
    .input('readings', kafkaSource<Reading>({ bootstrapServers: bootstrap, topic, startupMode: 'earliest-offset' }))
    .keyBy((r) => r.sensor)
    .statefulMap(() => 0, (n: number, r) => [n + 1, { sensor: r.sensor, count: n + 1 }], 'count-per-sensor')
    .output('counts', out);
  const handle = start(flow, { handleSignals: false, checkpointDir: dir, checkpointInterval: 3_600_000, ui: { port: 0 } });
  const { url, jobId } = await handle.ui!;
  const prometheus = await startPrometheus({ targets: [url.replace('http://', '')] });
  try {
    const details = (await api(`${url}/jobs/${jobId}`)).body;
    const sourceId = details.vertices.find((v: any) => v.kind === 'source').id as string;
    // What Prometheus holds for the source's numRecordsIn, once it reached `expected`.
    let seen = 'nothing';
    const recordsInReaches = (expected: number): Promise<number> => until(async () => {
      const [sample] = await prometheus.query(`sluice_numRecordsIn{job="metered",vertex="${sourceId}",task="0"}`);
      seen = `${sample?.value} (job status: ${handle.status().recordsIn} in; targets: ${JSON.stringify(await prometheus.targets())})`;
      return sample !== undefined && sample.value === expected ? sample.value : undefined;
    }, `Prometheus to see numRecordsIn = ${expected}`).catch((error: Error) => { throw new Error(`${error.message}; last seen ${seen}`); });

    const first = Array.from({ length: 300 }, (_, i) => JSON.stringify({ sensor: `s${i % 7}`, value: i }));
    await kcatProduce(bootstrap, topic, first);
    assert.equal(await recordsInReaches(first.length), first.length);
    const second = Array.from({ length: 200 }, (_, i) => JSON.stringify({ sensor: `s${i % 5}`, value: 1000 + i }));
    await kcatProduce(bootstrap, topic, second);
    assert.equal(await recordsInReaches(first.length + second.length), first.length + second.length, 'numRecordsIn grew by what was fed');

    // Lag per partition: one series per partition of the topic, all read to the end.
    const lag = await until(async () => {
      const series = await prometheus.query(`sluice_kafka_records_lag{topic="${topic}"}`);
      return series.length === 3 && series.every((s) => s.value === 0) ? series : undefined;
    }, 'three partitions of lag 0');
    assert.deepEqual(lag.map((s) => s.labels.partition).sort(), ['0', '1', '2']);

    // A checkpoint's duration and size reach Prometheus as the REST API reports them.
    const id = await handle.checkpoint();
    assert.equal(out.values.length, first.length + second.length, 'the job emitted one count per record (committed by the checkpoint)');
    const latest = (await api(`${url}/jobs/${jobId}/checkpoints`)).body.latest.completed;
    assert.equal(latest.id, id);
    const size = await until(async () => {
      const [sample] = await prometheus.query('sluice_lastCheckpointSize{job="metered"}');
      return sample?.value === latest.checkpointed_size ? sample.value : undefined;
    }, 'lastCheckpointSize in Prometheus');
    assert.ok(size > 0);
    const [duration] = await prometheus.query('sluice_lastCheckpointDuration{job="metered"}');
    assert.equal(duration.value, latest.end_to_end_duration);
    const [cpu] = await prometheus.query('process_cpu_user_seconds_total');
    assert.ok(cpu !== undefined && cpu.value > 0, 'process metrics are scraped too');
    const targets = await prometheus.targets();
    assert.equal(targets[0].health, 'up', targets[0].lastError);
  } finally {
    await prometheus.stop();
    await handle.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});
