/**
 * Cheap correctness checks for the Kafka benchmark, outside the timed runs: a topic's end offsets,
 * and a pass over a topic with kcat (librdkafka, no Sluice code) that counts records, bytes and the
 * records passing the filter.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { KafkaClient } from 'sluice';
import { ensureKcat } from '../../scripts/kafka/kcat.ts';
import { VALUE_THRESHOLD } from './trade-payloads.ts';

/**
 * The sum over partitions of the topic's end offset (high watermark). For a transactional topic it
 * includes one offset per commit marker.
 *
 * @example
 * await endOffsetsSum('127.0.0.1:9092', 'big-trades', 3) // 300412
 */
export async function endOffsetsSum(bootstrap: string, topic: string, partitions: number): Promise<number> {
  const client = await KafkaClient.connect({ bootstrapServers: bootstrap, clientId: 'bench-check' });
  try {
    const list = Array.from({ length: partitions }, (_, partition) => ({ topic, partition }));
    const ends = await client.listOffsets(list, 'latest', false);
    return ends.reduce((a, b) => a + b, 0);
  } finally {
    await client.close();
  }
}

/** What a pass over a topic found. */
export interface TopicScan {
  readonly records: number;
  /** Bytes of the record values. */
  readonly valueBytes: number;
  /** Records whose JSON value has transaction_value > the threshold. */
  readonly passing: number;
}

/**
 * Reads the whole topic with kcat (read_committed, so aborted or open transactions are not counted)
 * and counts records, value bytes and filter-passing records. Values must be single-line JSON.
 *
 * @example
 * const { records, passing } = await scanTopic('127.0.0.1:9092', 'trades');
 */
export async function scanTopic(bootstrap: string, topic: string): Promise<TopicScan> {
  const kcat = await ensureKcat();
  const child = spawn(kcat, ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%s\n', '-X', 'isolation.level=read_committed'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  let records = 0;
  let valueBytes = 0;
  let passing = 0;
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    records++;
    valueBytes += Buffer.byteLength(line);
    if ((JSON.parse(line) as { transaction_value: number }).transaction_value > VALUE_THRESHOLD) passing++;
  }
  const code = await exited;
  if (code !== 0) throw new Error(`kcat could not read '${topic}' (exit ${code}): ${Buffer.concat(errors).toString().trim()}`);
  return { records, valueBytes, passing };
}
