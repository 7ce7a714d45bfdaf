// The scale tests' reference job, as one plain `sluice run` (no application id) on the real broker:
// the seed's hourly aggregation over trades spread across 6 partitions, exactly-once output. Checks
// the fixture itself: the committed output equals the hand-computed rows (trades/expectedHourly).
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kcatProduce } from '../../scripts/kafka/kcat.ts';
import { createTopic, kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../kafka/kafka-env.ts';
import { committedOutput, startInstance, type Instance } from './fixtures/instances.ts';
import { expectedHourly, generateTrades, hourlyScript, parseHourly } from './fixtures/trades.ts';

const PARTITIONS = 6;
const PER_PARTITION = 5_000;

kafkaTest('one instance: the hourly aggregation of 30 000 trades equals the hand-computed rows', { timeout: 240_000 }, async () => {
  const bootstrap = requireKafkaBootstrap();
  const input = uniqueTopic('hourly-in');
  const output = uniqueTopic('hourly-out');
  await createTopic(bootstrap, input, PARTITIONS);
  await createTopic(bootstrap, output, 2);
  const trades = generateTrades(PARTITIONS, PER_PARTITION);
  for (let p = 0; p < PARTITIONS; p++) await kcatProduce(bootstrap, input, trades[p].map((t) => JSON.stringify(t)), { partition: p });
  const expected = expectedHourly(trades);

  const dir = mkdtempSync(join(tmpdir(), 'sluice-hourly-'));
  const script = join(dir, 'hourly.sql');
  writeFileSync(script, hourlyScript(bootstrap, input, output));
  const running = new Set<ChildProcess>();
  const instances: Instance[] = [];
  try {
    instances.push(startInstance('single', script, ['--checkpoint-dir', join(dir, 'checkpoints'), '--checkpoint-interval', '1000'], {}, running));
    const lines = await committedOutput(bootstrap, output, expected.length, 180_000, () => instances);
    assert.deepEqual(parseHourly(lines), expected);
  } finally {
    for (const child of running) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
