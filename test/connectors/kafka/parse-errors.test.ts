import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Dataflow, DEAD_LETTER_HEADERS, kafkaSource, memorySink, run, toArray } from 'sluice';
import { ensureKcat } from '../../../scripts/kafka/kcat.ts';
import { kafkaTest, requireKafkaBootstrap } from '../../kafka/kafka-env.ts';
import { connect, newTopic } from './kafka-helpers.ts';

const BAD = '{"price": 10'; // cut short
type Price = { price: number };

async function topicWithBadRecord(prefix: string): Promise<string> {
  const kafka = await connect();
  const producer = kafka.producer();
  try {
    const topic = await newTopic(kafka, prefix);
    await producer.send(['{"price":1}', BAD, '{"price":3}'].map((text, i) => ({
      topic, partition: 0, key: i === 1 ? Buffer.from('k1') : null, value: Buffer.from(text), timestamp: 1000 + i, headers: { trace: Buffer.from(`t${i}`) },
    })));
    return topic;
  } finally {
    await producer.close();
    await kafka.close();
  }
}

kafkaTest('by default a bad JSON record fails the job, naming topic, partition, offset and the parse error', async () => {
  const topic = await topicWithBadRecord('bad-fail');
  const flow = new Dataflow('bad-fail');
  flow.input('in', kafkaSource<Price>({ bootstrapServers: requireKafkaBootstrap(), topic, boundedMode: 'latest-offset' })).output('out', memorySink<Price>());
  await assert.rejects(run(flow, { handleSignals: false }), (error: Error) => {
    assert.match(error.message, new RegExp(`${topic} partition 0 offset 1: invalid JSON: `));
    return true;
  });
});

kafkaTest('ignoreParseErrors skips a bad record and counts it', async () => {
  const topic = await topicWithBadRecord('bad-ignore');
  const source = kafkaSource<Price>({ bootstrapServers: requireKafkaBootstrap(), topic, boundedMode: 'latest-offset', ignoreParseErrors: true });
  assert.deepEqual(await toArray(source), [{ price: 1 }, { price: 3 }]);
  assert.equal(source.skipped, 1);
});

kafkaTest('a dead-letter topic gets the original bytes with the error, origin and time in headers, readable by kcat', async () => {
  const topic = await topicWithBadRecord('bad-dlq');
  const kafka = await connect();
  const dlq = await newTopic(kafka, 'bad-dlq-dead', 1);
  await kafka.close();
  const source = kafkaSource<Price>({ bootstrapServers: requireKafkaBootstrap(), topic, boundedMode: 'latest-offset', deadLetterTopic: dlq });
  const out = memorySink<Price>();
  const flow = new Dataflow('bad-dlq');
  flow.input('in', source).output('out', out);
  const before = Date.now();
  const result = await run(flow, { handleSignals: false });
  const after = Date.now();
  assert.deepEqual(out.values, [{ price: 1 }, { price: 3 }]);
  assert.equal(source.deadLettered, 1);
  assert.deepEqual(result.status.sources.map((s) => [s.id, s.recordsIn, s.skipped, s.deadLettered]), [['in', 2, 0, 1]]);

  const kcat = await ensureKcat();
  const { stdout } = await promisify(execFile)(kcat, ['-C', '-b', requireKafkaBootstrap(), '-t', dlq, '-o', 'beginning', '-e', '-q', '-f', '%k\\t%s\\t%T\\t%h\\n'], { timeout: 30_000 });
  const lines = stdout.split('\n').filter((line) => line.length > 0);
  assert.equal(lines.length, 1);
  const [key, value, timestamp, headers] = lines[0].split('\t');
  assert.equal(key, 'k1');
  assert.equal(value, BAD, 'the original bytes');
  assert.equal(timestamp, '1001', 'the original timestamp');
  assert.ok(headers.includes('trace=t1'), `original headers kept: ${headers}`);
  assert.ok(headers.includes(`${DEAD_LETTER_HEADERS.topic}=${topic}`), headers);
  assert.ok(headers.includes(`${DEAD_LETTER_HEADERS.partition}=0`), headers);
  assert.ok(headers.includes(`${DEAD_LETTER_HEADERS.offset}=1`), headers);
  assert.match(headers, new RegExp(`${DEAD_LETTER_HEADERS.error.replace(/\./g, '\\.')}=${topic} partition 0 offset 1: invalid JSON`));
  assert.ok(headers.includes(`${DEAD_LETTER_HEADERS.origin}=${topic} partition 0 offset 1`), headers);
  const time = Date.parse(/sluice\.error\.time=([^,]+)/.exec(headers)?.[1] ?? '');
  assert.ok(time >= before && time <= after, `the failure time is within the run: ${headers}`);
});

kafkaTest('toArray refuses a source with a dead-letter topic: only a job writes dead letters', async () => {
  const source = kafkaSource({ bootstrapServers: requireKafkaBootstrap(), topic: 'any', boundedMode: 'latest-offset', deadLetterTopic: 'any-dlq' });
  await assert.rejects(toArray(source), /has a dead-letter sink, which only a job writes: run it in a job/);
});

kafkaTest('a missing dead-letter topic fails naming it', async () => {
  const topic = await topicWithBadRecord('bad-dlq-missing');
  const flow = new Dataflow('bad-dlq-missing');
  flow.input('in', kafkaSource({ bootstrapServers: requireKafkaBootstrap(), topic, boundedMode: 'latest-offset', deadLetterTopic: `${topic}-nowhere` }))
    .output('out', memorySink());
  await assert.rejects(run(flow, { handleSignals: false }), new RegExp(`the dead-letter topic '${topic}-nowhere' does not exist`));
});

kafkaTest("an 'at-least-once' dead-letter topic is written without a transaction, visible to any consumer", async () => {
  const topic = await topicWithBadRecord('bad-dlq-alo');
  const kafka = await connect();
  const dlq = await newTopic(kafka, 'bad-dlq-alo-dead', 1);
  await kafka.close();
  const flow = new Dataflow('bad-dlq-alo');
  flow.input('in', kafkaSource<Price>({ bootstrapServers: requireKafkaBootstrap(), topic, boundedMode: 'latest-offset', deadLetterTopic: dlq,
    deadLetterDeliveryGuarantee: 'at-least-once' })).output('out', memorySink<Price>());
  await run(flow, { handleSignals: false });
  // No transaction: no commit markers in the log, so the partition's end offset is the record count.
  const reader = await connect();
  try {
    assert.deepEqual(await reader.listOffsets([{ topic: dlq, partition: 0 }], 'latest'), [1]);
  } finally {
    await reader.close();
  }
  const kcat = await ensureKcat();
  const { stdout } = await promisify(execFile)(kcat, ['-C', '-b', requireKafkaBootstrap(), '-t', dlq, '-o', 'beginning', '-e', '-q', '-X', 'isolation.level=read_uncommitted'], { timeout: 30_000 });
  assert.equal(stdout.trim(), BAD);
});
