/**
 * Kafka's own throughput tools, the baselines for the Kafka benchmark: ProducerPerformance
 * (kafka-producer-perf-test) and ConsumerPerformance (kafka-consumer-perf-test), run from the jars
 * of kafka/pom.xml. They run with ordinary JVM flags (full JIT, 1 GiB heap), not the small
 * quick-start flags of scripts/kafka/java-process.ts, so the baselines are what Kafka really does.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { javaBinary, kafkaClasspath } from '../../scripts/kafka/jars.ts';

const execFileAsync = promisify(execFile);
const PERF_JVM_FLAGS = ['-Xmx1g', '-Djava.awt.headless=true'];

/** A throughput figure as the tools report it. */
export interface PerfFigure {
  readonly records: number;
  readonly recordsPerSec: number;
  readonly mbPerSec: number;
  /** The tool's own summary line(s), printed as they came. */
  readonly summary: string;
}

async function runJava(libDir: string, mainClass: string, args: readonly string[], timeoutMs: number): Promise<string> {
  try {
    const { stdout } = await execFileAsync(javaBinary(), [...PERF_JVM_FLAGS, '-cp', kafkaClasspath(libDir), mainClass, ...args], {
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${mainClass} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`.trim());
  }
}

/**
 * Produces `records` records to `topic`, each a random line of `payloadFile`, unthrottled, with the
 * Java producer's defaults (acks=all, idempotent, linger.ms 5, batch.size 16 KiB).
 *
 * @example
 * const p = await producerPerf(lib, '127.0.0.1:9092', 'trades', 1_000_000, '/tmp/trades.jsonl');
 */
export async function producerPerf(libDir: string, bootstrap: string, topic: string, records: number, payloadFile: string): Promise<PerfFigure> {
  const out = await runJava(libDir, 'org.apache.kafka.tools.ProducerPerformance', [
    '--bootstrap-server', bootstrap, '--topic', topic, '--num-records', String(records),
    '--payload-file', payloadFile, '--throughput', '-1', '--reporting-interval', '600000',
  ], 30 * 60_000);
  // "1000000 records sent, 254517.7 records/sec (24.27 MB/sec), 1034.23 ms avg latency, ..."
  const lines = out.trim().split('\n').filter((l) => / records sent, /.test(l));
  const last = lines.at(-1);
  const match = last === undefined ? null : /^(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\)/.exec(last);
  if (last === undefined || match === null) throw new Error(`ProducerPerformance printed no summary:\n${out}`);
  return { records: Number(match[1]), recordsPerSec: Number(match[2]), mbPerSec: Number(match[3]), summary: last };
}

/**
 * Consumes `records` records of `topic` from the beginning in a fresh group. The figure is the
 * tool's fetch rate (fetch.nMsg.sec, fetch.MB.sec): the time after the group join, which Sluice's
 * readers do not need (they read assigned partitions). The total rate is in `summary`.
 *
 * @example
 * const c = await consumerPerf(lib, '127.0.0.1:9092', 'trades', 1_000_000);
 */
export async function consumerPerf(libDir: string, bootstrap: string, topic: string, records: number): Promise<PerfFigure> {
  const out = await runJava(libDir, 'org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server', bootstrap, '--topic', topic, '--num-records', String(records),
    '--group', `bench-consumer-perf-${Date.now()}`, '--timeout', '30000',
  ], 30 * 60_000);
  const lines = out.trim().split('\n').map((l) => l.trim());
  const headerAt = lines.findIndex((l) => l.startsWith('start.time'));
  if (headerAt < 0 || headerAt + 1 >= lines.length) throw new Error(`ConsumerPerformance printed no summary:\n${out}`);
  const names = lines[headerAt].split(',').map((n) => n.trim());
  const values = lines[headerAt + 1].split(',').map((v) => v.trim());
  const field = (name: string): number => {
    const at = names.indexOf(name);
    if (at < 0) throw new Error(`ConsumerPerformance summary has no '${name}':\n${out}`);
    return Number(values[at]);
  };
  const summary = `${field('data.consumed.in.nMsg')} records in ${((field('rebalance.time.ms') + field('fetch.time.ms')) / 1000).toFixed(2)} s ` +
    `(total ${Math.round(field('nMsg.sec'))} records/s, ${field('MB.sec').toFixed(2)} MB/s; group join ${field('rebalance.time.ms')} ms; ` +
    `fetch ${Math.round(field('fetch.nMsg.sec'))} records/s, ${field('fetch.MB.sec').toFixed(2)} MB/s)`;
  return { records: field('data.consumed.in.nMsg'), recordsPerSec: field('fetch.nMsg.sec'), mbPerSec: field('fetch.MB.sec'), summary };
}

/**
 * The Java runtime's version line (`java -version` prints to stderr).
 *
 * @example
 * await javaVersion() // 'openjdk version "17.0.15" 2025-04-15'
 */
export async function javaVersion(): Promise<string> {
  try {
    const { stderr } = await execFileAsync(javaBinary(), ['-version']);
    return stderr.split('\n')[0].trim();
  } catch {
    return 'java: unknown';
  }
}
