/**
 * The Sluice side of the Kafka benchmark: consume → JSON decode → filter → produce, the classic
 * "big trades" job, read from the earliest offset to the offsets that were latest at start.
 */
import { Dataflow, kafkaSink, kafkaSource, run, type DeliveryGuarantee } from 'sluice';
import { VALUE_THRESHOLD, type BenchTrade } from './trade-payloads.ts';

/** One run's settings. */
export interface PipelineRun {
  readonly bootstrap: string;
  readonly input: string;
  readonly output: string;
  readonly guarantee: DeliveryGuarantee;
  /** Milliseconds between checkpoints: at-least-once awaits acks at each, exactly-once commits a transaction. */
  readonly checkpointInterval: number;
  /** A name unique to this run (consumer group, transactional ids). */
  readonly runId: string;
}

/** What a run did. */
export interface PipelineResult {
  readonly ms: number;
  readonly recordsIn: number;
  /** Records the sink received (the filter passed); the caller checks them against the output topic. */
  readonly recordsOut: number;
  readonly checkpoints: number;
  readonly outcome: string;
}

/**
 * Runs the job to its end (the source is bounded) and times it from start to finish, connecting,
 * listing partitions and the last checkpoint's commit included.
 *
 * @example
 * const r = await runPipeline({ bootstrap, input: 'trades', output: 'big-trades', guarantee: 'at-least-once',
 *   checkpointInterval: 1000, runId: 'alo-1' });
 */
export async function runPipeline(settings: PipelineRun): Promise<PipelineResult> {
  const flow = new Dataflow(`bench-kafka-${settings.runId}`);
  flow
    .input('trades', kafkaSource<BenchTrade>({
      bootstrapServers: settings.bootstrap,
      topic: settings.input,
      groupId: `bench-${settings.runId}`,
      startupMode: 'earliest-offset',
      boundedMode: 'latest-offset',
      valueFormat: 'json',
    }))
    .filter((t) => t.transaction_value > VALUE_THRESHOLD)
    .output('big-trades', kafkaSink<BenchTrade>({
      bootstrapServers: settings.bootstrap,
      topic: settings.output,
      valueFormat: 'json',
      deliveryGuarantee: settings.guarantee,
      transactionalIdPrefix: `bench-${settings.runId}`,
    }));
  const start = process.hrtime.bigint();
  const result = await run(flow, { handleSignals: false, checkpointInterval: settings.checkpointInterval });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const { recordsIn, recordsOut, checkpoints } = result.status;
  return { ms, recordsIn, recordsOut, checkpoints, outcome: result.outcome };
}
