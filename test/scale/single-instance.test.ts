// The scale tests' reference jobs, each as one plain `sluice run` (no application id) on the real
// broker, exactly-once output: the seed's hourly aggregation in SQL over trades spread across 6
// partitions, and the Dataflow keyed window join of orders and payments. Checks the fixtures
// themselves: the committed output equals the hand-computed rows (fixtures/trades.ts, orders.ts).
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kcatProduce } from '../../scripts/kafka/kcat.ts';
import { createTopic, kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../kafka/kafka-env.ts';
import { committedOutput, startInstance, type Instance } from './fixtures/instances.ts';
import { expectedPaid, generateOrders, parsePaid } from './fixtures/orders.ts';
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

kafkaTest('one instance: the keyed window join of orders and payments equals the hand-computed pairs', { timeout: 240_000 }, async () => {
  const bootstrap = requireKafkaBootstrap();
  const ordersTopic = uniqueTopic('paid-orders');
  const paymentsTopic = uniqueTopic('paid-payments');
  const output = uniqueTopic('paid-out');
  for (const topic of [ordersTopic, paymentsTopic]) await createTopic(bootstrap, topic, PARTITIONS);
  await createTopic(bootstrap, output, 2);
  const { orders, payments } = generateOrders(PARTITIONS, 2_000);
  for (let p = 0; p < PARTITIONS; p++) {
    await kcatProduce(bootstrap, ordersTopic, orders[p].map((o) => JSON.stringify(o)), { partition: p });
    await kcatProduce(bootstrap, paymentsTopic, payments[p].map((o) => JSON.stringify(o)), { partition: p });
  }
  const expected = expectedPaid(orders, payments);
  assert.ok(expected.length > 5_000, `enough pairs to mean something (${expected.length})`);
  const running = new Set<ChildProcess>();
  const instances: Instance[] = [];
  const env = { KAFKA_BOOTSTRAP_SERVERS: bootstrap, PAID_ORDERS: ordersTopic, PAID_PAYMENTS: paymentsTopic, PAID_OUTPUT: output };
  try {
    instances.push(startInstance('single', 'test/scale/fixtures/paid-orders-job.ts', [], env, running));
    const lines = await committedOutput(bootstrap, output, expected.length, 180_000, () => instances);
    assert.deepEqual(parsePaid(lines), expected);
  } finally {
    for (const child of running) child.kill('SIGKILL');
  }
});
