// An offset the log no longer holds (records deleted by retention — here by kafka-delete-records, the
// broker's own tool) follows an explicit policy: by default the job fails naming the partition and the
// lost range; 'earliest' and 'latest' go on and log the offsets skipped.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { Dataflow, kafkaSource, memorySink, run, toArray, type KafkaSourceOptions } from 'sluice';
import { deleteRecords, kafkaTest, requireKafkaBootstrap } from '../../kafka/kafka-env.ts';
import { connect, newTopic, produce } from './kafka-helpers.ts';

const RECORDS = 10;
const DELETED_BEFORE = 5;
const START_AT = 2; // deleted: out of range

/** A topic holding n = 0..9 at offsets 0..9, then offsets 0..4 deleted with kafka-delete-records. */
async function topicWithDeletedHead(prefix: string): Promise<string> {
  const kafka = await connect();
  try {
    const topic = await newTopic(kafka, prefix);
    await produce(kafka, topic, Array.from({ length: RECORDS }, (_, n) => ({ n })));
    await deleteRecords(requireKafkaBootstrap(), topic, 0, DELETED_BEFORE);
    const [earliest] = await kafka.listOffsets([{ topic, partition: 0 }], 'earliest');
    assert.equal(earliest, DELETED_BEFORE, 'kafka-delete-records moved the log start');
    return topic;
  } finally {
    await kafka.close();
  }
}

function options(topic: string, autoOffsetReset?: KafkaSourceOptions['autoOffsetReset']): KafkaSourceOptions {
  return {
    bootstrapServers: requireKafkaBootstrap(), topic, boundedMode: 'latest-offset',
    startupMode: 'specific-offsets', specificOffsets: [{ partition: 0, offset: START_AT }], autoOffsetReset,
  };
}

/** What the source reads, and the warnings logged meanwhile. */
async function readLogged(t: TestContext, source: ReturnType<typeof kafkaSource<{ n: number }>>): Promise<{ values: number[]; warnings: string[] }> {
  const warn = t.mock.method(console, 'warn', () => {});
  try {
    const values = (await toArray(source)).map((r) => r.n);
    return { values, warnings: warn.mock.calls.map((call) => String(call.arguments[0])) };
  } finally {
    warn.mock.restore();
  }
}

kafkaTest('offset reset with kafka-delete-records checks each policy', async (t) => {
  const topic = await topicWithDeletedHead('offset-reset');
  const lost = new RegExp(`Kafka topic '${topic}' partition 0: offset ${START_AT} is out of range \\(the log holds ${DELETED_BEFORE}\\.\\.${RECORDS - 1}\\): ` +
    `offsets ${START_AT}\\.\\.${DELETED_BEFORE - 1} were deleted before they were read`);

  await t.test('by default the job fails, naming the partition and the lost range', async () => {
    const flow = new Dataflow('offset-reset-default');
    flow.input('in', kafkaSource<{ n: number }>(options(topic))).output('out', memorySink());
    await assert.rejects(run(flow, { handleSignals: false }), lost);
  });

  await t.test("'none' fails the same way", async () => {
    await assert.rejects(toArray(kafkaSource(options(topic, 'none'))), lost);
  });

  await t.test("'earliest' reads from the new log start and logs the offsets skipped", async (t) => {
    const { values, warnings } = await readLogged(t, kafkaSource(options(topic, 'earliest')));
    assert.deepEqual(values, Array.from({ length: RECORDS - DELETED_BEFORE }, (_, i) => DELETED_BEFORE + i));
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], new RegExp(`reset to earliest offset ${DELETED_BEFORE}: skipped offsets ${START_AT}\\.\\.${DELETED_BEFORE - 1} \\(${DELETED_BEFORE - START_AT} records never read\\)`));
  });

  await t.test("'latest' jumps to the log end and logs every offset skipped", async (t) => {
    const { values, warnings } = await readLogged(t, kafkaSource(options(topic, 'latest')));
    assert.deepEqual(values, []);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], new RegExp(`reset to latest offset ${RECORDS}: skipped offsets ${START_AT}\\.\\.${RECORDS - 1} \\(${RECORDS - START_AT} records never read\\)`));
  });
});
