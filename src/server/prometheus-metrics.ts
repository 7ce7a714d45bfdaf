import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { JobMonitor } from './job-monitor.ts';

/**
 * The job's metrics for Prometheus (prom-client), read from the monitor at each scrape. Names are
 * Flink's (its Prometheus reporter also exports counters as gauges) with the prefix `sluice_`,
 * labelled `job`, `vertex` and `task`; Kafka's consumer records-lag per partition; and prom-client's
 * process metrics (CPU, memory, event-loop lag, handles).
 *
 * @example
 * const metrics = new PrometheusMetrics(monitor);
 * const text = await metrics.scrape(); // 'sluice_numRecordsIn{job="stocks",vertex="source-1",task="0"} 1200\n…'
 */
export class PrometheusMetrics {
  readonly registry = new Registry();

  constructor(monitor: JobMonitor) {
    collectDefaultMetrics({ register: this.registry });
    const task = String(monitor.context.taskIndex);
    const job = monitor.name;
    const perVertex = (name: string, help: string, read: (v: ReturnType<JobMonitor['vertices']>[number]) => number | null, only?: (kind: string) => boolean): void => {
      new Gauge({
        name: `sluice_${name}`, help, labelNames: ['job', 'vertex', 'task'], registers: [this.registry],
        collect() {
          this.reset();
          for (const v of monitor.vertices()) {
            if (only !== undefined && !only(v.kind)) continue;
            const value = read(v);
            if (value !== null) this.set({ job, vertex: v.id, task }, value);
          }
        },
      });
    };
    perVertex('numRecordsIn', 'Records that entered the vertex (Flink numRecordsIn).', (v) => v.recordsIn);
    perVertex('numRecordsOut', 'Records the vertex emitted (Flink numRecordsOut).', (v) => v.recordsOut, (kind) => kind !== 'sink');
    perVertex('numRecordsInPerSecond', 'Input rate over the last seconds.', (v) => v.recordsInPerSecond);
    perVertex('numRecordsOutPerSecond', 'Output rate over the last seconds.', (v) => v.recordsOutPerSecond, (kind) => kind !== 'sink');
    perVertex('currentInputWatermark', 'The vertex watermark in epoch ms (absent before the first).', (v) => v.watermark, (kind) => kind !== 'source');
    perVertex('currentOutputWatermark', 'A source watermark in epoch ms (absent before the first).', (v) => v.watermark, (kind) => kind === 'source');
    perVertex('backPressuredTimeMsPerSecond', 'Milliseconds per second the vertex output waited for slow sinks.', (v) => v.backPressureRatio * 1000);
    perVertex('numLateRecordsDropped', 'Late records dropped by windows and joins (Flink numLateRecordsDropped).', (v) => v.lateRecordsDropped);
    const perJob = (name: string, help: string, read: () => number | undefined): void => {
      new Gauge({
        name: `sluice_${name}`, help, labelNames: ['job', 'task'], registers: [this.registry],
        collect() {
          this.reset();
          const value = read();
          if (value !== undefined) this.set({ job, task }, value);
        },
      });
    };
    const last = (): ReturnType<JobMonitor['checkpoints']>['history'][number] | undefined => monitor.checkpoints().history.find((c) => c.status === 'COMPLETED');
    perJob('lastCheckpointDuration', 'Duration of the last completed checkpoint in ms (Flink lastCheckpointDuration).', () => last()?.durationMs);
    perJob('lastCheckpointSize', 'Bytes of state files the last completed checkpoint wrote (Flink lastCheckpointSize).', () => last()?.sizeBytes);
    perJob('numberOfCompletedCheckpoints', 'Checkpoints completed this run.', () => monitor.checkpoints().completed);
    perJob('numberOfFailedCheckpoints', 'Checkpoints failed this run.', () => monitor.checkpoints().failed);
    perJob('uptime', 'Milliseconds since the job started (Flink uptime).', () => (monitor.ended ?? Date.now()) - monitor.startTime);
    new Gauge({
      name: 'sluice_kafka_records_lag', help: 'Records between the reader position and the partition end as of its last fetch (Kafka records-lag).',
      labelNames: ['job', 'task', 'source', 'topic', 'partition'], registers: [this.registry],
      collect() {
        this.reset();
        for (const split of monitor.splits()) {
          const { topic, partition } = split.split as { topic?: unknown; partition?: unknown };
          if (split.lag === undefined || typeof topic !== 'string' || typeof partition !== 'number') continue;
          this.set({ job, task, source: split.sourceId, topic, partition: String(partition) }, split.lag);
        }
      },
    });
  }

  /** The exposition text of every metric, and its content type. */
  async scrape(): Promise<{ readonly contentType: string; readonly body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
