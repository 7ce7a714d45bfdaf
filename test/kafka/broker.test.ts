/**
 * The test broker itself: the Kafka our scripts start really stores and serves records, refuses
 * unknown topics, and (three nodes) keeps serving with one node down.
 */
import assert from 'node:assert/strict';
import { startKafka } from '../../scripts/kafka/broker.ts';
import { kcatConsume, kcatProduce } from '../../scripts/kafka/kcat.ts';
import { createTopic, describeTopic, kafkaTest, requireKafkaBootstrap, uniqueTopic } from './kafka-env.ts';

function numberedLines(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `line-${from + i}`);
}

function sorted(values: readonly string[]): string[] {
  return [...values].sort();
}

kafkaTest('1000 lines produced to a 3-partition topic all come back', { timeout: 120_000 }, async () => {
  const bootstrap = requireKafkaBootstrap();
  const topic = uniqueTopic('broker-roundtrip');
  await createTopic(bootstrap, topic, 3);
  const lines = numberedLines(0, 1000);
  await kcatProduce(bootstrap, topic, lines);
  const consumed = await kcatConsume(bootstrap, topic, { isolation: 'read_committed', timeoutMs: 60_000 });
  assert.equal(consumed.length, 1000);
  assert.deepEqual(sorted(consumed), sorted(lines));
});

kafkaTest('keyed lines come back with their keys', { timeout: 120_000 }, async () => {
  const bootstrap = requireKafkaBootstrap();
  const topic = uniqueTopic('broker-keys');
  await createTopic(bootstrap, topic, 1);
  await kcatProduce(bootstrap, topic, ['a', 'b'], { key: 'k1' });
  await kcatProduce(bootstrap, topic, ['k2=c'], { keyDelimiter: '=' });
  assert.deepEqual(await kcatConsume(bootstrap, topic, { count: 3, keyDelimiter: '|' }), ['k1|a', 'k1|b', 'k2|c']);
});

kafkaTest('producing to a topic nobody created fails (no auto-creation)', { timeout: 120_000 }, async () => {
  const bootstrap = requireKafkaBootstrap();
  // librdkafka waits this long for a topic to appear before failing the delivery (default 30 s).
  const config = { 'topic.metadata.propagation.max.ms': '2000' };
  await assert.rejects(kcatProduce(bootstrap, uniqueTopic('never-created'), ['x'], { config }), /Unknown topic or partition/);
});

kafkaTest('a 3-node cluster keeps producing and consuming with one node killed', { timeout: 300_000 }, async () => {
  const kafka = await startKafka({ nodes: 3 });
  try {
    assert.equal(kafka.nodes.length, 3);
    const bootstrap = kafka.bootstrapServers;
    const topic = uniqueTopic('replicated');
    await createTopic(bootstrap, topic, 3, { replicationFactor: 3 });
    const before = numberedLines(0, 200);
    await kcatProduce(bootstrap, topic, before);
    assert.deepEqual(sorted(await kcatConsume(bootstrap, topic, { timeoutMs: 60_000 })), sorted(before));

    const killedPid = kafka.nodes[1].pid;
    await kafka.killNode(2);
    assert.equal(isAlive(killedPid), false);
    const after = numberedLines(200, 200);
    // acks=all with min.insync.replicas=2: two live replicas are enough.
    await kcatProduce(bootstrap, topic, after, { timeoutMs: 120_000 });
    const all = await kcatConsume(bootstrap, topic, { count: 400, timeoutMs: 120_000 });
    assert.deepEqual(sorted(all), sorted([...before, ...after]));

    await kafka.restartNode(2);
    assert.notEqual(kafka.nodes[1].pid, killedPid);
    assert.equal(isAlive(kafka.nodes[1].pid), true);
    await waitForFullIsr(bootstrap, topic, 3, 120_000);

    await kafka.stop();
    assert.deepEqual(kafka.nodes.map((n) => isAlive(n.pid)), [false, false, false]);
  } finally {
    await kafka.stop();
  }
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls kafka-topics --describe until every partition's ISR has `replicas` members again. */
async function waitForFullIsr(bootstrap: string, topic: string, replicas: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let description = '';
  while (Date.now() < deadline) {
    description = await describeTopic(bootstrap, topic);
    const isrs = [...description.matchAll(/\bIsr: ([\d,]+)/g)].map((m) => m[1].split(',').length);
    if (isrs.length > 0 && isrs.every((size) => size === replicas)) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  assert.fail(`the restarted node did not rejoin every ISR within ${timeoutMs} ms:\n${description}`);
}
