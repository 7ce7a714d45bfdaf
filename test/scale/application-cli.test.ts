// A scaled application on the real broker, run as a user would: several `sluice run … --application-id`
// processes of the same job join one consumer group and share its tasks. One is SIGKILLed mid-run, a
// fourth joins later; the committed output (read_committed) must equal the hand-computed result
// exactly: nothing lost, nothing twice, the same windows and values.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kcatConsume, kcatProduce } from '../../scripts/kafka/kcat.ts';
import { createTopic, kafkaTest, requireKafkaBootstrap, uniqueTopic } from '../kafka/kafka-env.ts';
import { committedOutput, startInstance, type Instance } from './fixtures/instances.ts';
import { expectedPaid, generateOrders, parsePaid } from './fixtures/orders.ts';
import { expectedHourly, generateTrades, hourlyScript, parseHourly } from './fixtures/trades.ts';

const PARTITIONS = 6;
/** Where each phase of the input ends, as a share of each partition's records: the first phase closes the first hourly window. */
const PHASE_ENDS = [0, 0.45, 0.75, 1];

/**
 * Produces the `phase`-th part of each partition's records (in order, so per-partition order holds):
 * the instances meet the input while they run, and a kill lands with windows open.
 */
async function producePhase<T>(bootstrap: string, topic: string, partitions: readonly (readonly T[])[], phase: number): Promise<void> {
  for (let p = 0; p < partitions.length; p++) {
    const records = partitions[p];
    const from = Math.floor(records.length * PHASE_ENDS[phase]);
    const to = Math.floor(records.length * PHASE_ENDS[phase + 1]);
    await kcatProduce(bootstrap, topic, records.slice(from, to).map((r) => JSON.stringify(r)), { partition: p });
  }
}

/** Waits until the output topic holds at least `count` committed records. */
async function untilOutput(bootstrap: string, topic: string, count: number, instances: () => readonly Instance[]): Promise<void> {
  await committedOutput(bootstrap, topic, count, 180_000, instances);
}

function memberArgs(app: string, dir: string, name: string): string[] {
  return ['--application-id', app, '--checkpoint-dir', join(dir, name), '--checkpoint-interval', '1000', '--session-timeout', '10000'];
}

kafkaTest('SQL: 3 instances share the hourly aggregation; one SIGKILLed, a fourth joins; output exactly the hand-computed rows', { timeout: 600_000 }, async () => {
  const bootstrap = requireKafkaBootstrap();
  const app = uniqueTopic('hourly-app');
  const input = uniqueTopic('hourly-app-in');
  const output = uniqueTopic('hourly-app-out');
  await createTopic(bootstrap, input, PARTITIONS);
  await createTopic(bootstrap, output, 3);
  const trades = generateTrades(PARTITIONS, 10_000);
  const produce = (phase: number): Promise<void> => producePhase(bootstrap, input, trades, phase);
  const expected = expectedHourly(trades);

  const dir = mkdtempSync(join(tmpdir(), 'sluice-app-'));
  const script = join(dir, 'hourly.sql');
  writeFileSync(script, hourlyScript(bootstrap, input, output));
  const running = new Set<ChildProcess>();
  const instances: Instance[] = [];
  try {
    await produce(0);
    for (const name of ['a', 'b', 'c']) instances.push(startInstance(name, script, memberArgs(app, dir, name), {}, running));
    await untilOutput(bootstrap, output, 1, () => instances);
    // b dies holding open windows: its tasks must go on elsewhere from its last commit, state included.
    instances[1].child.child.kill('SIGKILL');
    await produce(1);
    instances.push(startInstance('d', script, memberArgs(app, dir, 'd'), {}, running));
    await produce(2);
    const lines = await committedOutput(bootstrap, output, expected.length, 300_000, () => instances);
    // Give a duplicate the time to show up before comparing (a late commit of a fenced task would).
    const again = await kcatConsume(bootstrap, output, { isolation: 'read_committed' });
    assert.equal(again.length, lines.length, 'no more output after the expected rows');
    assert.deepEqual(parseHourly(lines), expected);
  } finally {
    if (process.env.SCALE_TEST_LOGS === '1') for (const i of instances) console.log(`--- ${i.name}\n${i.child.stderr()}`);
    for (const child of running) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

kafkaTest('Dataflow: 3 instances share the keyed window join; one SIGKILLed, a fourth with 2 threads joins; output exactly the hand-computed pairs', { timeout: 600_000 }, async () => {
  const bootstrap = requireKafkaBootstrap();
  const app = uniqueTopic('paid-app');
  const ordersTopic = uniqueTopic('paid-app-orders');
  const paymentsTopic = uniqueTopic('paid-app-payments');
  const output = uniqueTopic('paid-app-out');
  for (const topic of [ordersTopic, paymentsTopic]) await createTopic(bootstrap, topic, PARTITIONS);
  await createTopic(bootstrap, output, 3);
  const { orders, payments } = generateOrders(PARTITIONS, 4_000);
  const produce = async (phase: number): Promise<void> => {
    await producePhase(bootstrap, ordersTopic, orders, phase);
    await producePhase(bootstrap, paymentsTopic, payments, phase);
  };
  const expected = expectedPaid(orders, payments);
  const dir = mkdtempSync(join(tmpdir(), 'sluice-app-'));
  const env = { KAFKA_BOOTSTRAP_SERVERS: bootstrap, PAID_ORDERS: ordersTopic, PAID_PAYMENTS: paymentsTopic, PAID_OUTPUT: output };
  const job = 'test/scale/fixtures/paid-orders-job.ts';
  const running = new Set<ChildProcess>();
  const instances: Instance[] = [];
  try {
    await produce(0);
    for (const name of ['a', 'b', 'c']) instances.push(startInstance(name, job, memberArgs(app, dir, name), env, running));
    await untilOutput(bootstrap, output, 1, () => instances);
    instances[0].child.child.kill('SIGKILL');
    await produce(1);
    // The fourth instance runs two members, one worker thread each (--threads: Kafka Streams' num.stream.threads).
    instances.push(startInstance('d', job, [...memberArgs(app, dir, 'd'), '--threads', '2'], env, running));
    await produce(2);
    const lines = await committedOutput(bootstrap, output, expected.length, 300_000, () => instances);
    const again = await kcatConsume(bootstrap, output, { isolation: 'read_committed' });
    assert.equal(again.length, lines.length, 'no more output after the expected pairs');
    assert.deepEqual(parsePaid(lines), expected);
  } finally {
    if (process.env.SCALE_TEST_LOGS === '1') for (const i of instances) console.log(`--- ${i.name}\n${i.child.stderr()}`);
    for (const child of running) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
