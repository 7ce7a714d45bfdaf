// A SQL Kafka table with 'scan.dead-letter-topic': a record whose columns do not decode goes to the
// dead-letter topic (original bytes; the error naming topic, partition, offset, column and value; its
// origin and time in headers) in the job's transaction, and the job goes on.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ensureKcat } from '../../../scripts/kafka/kcat.ts';
import { DataTypes } from '../../../src/core/data-types.ts';
import { DEAD_LETTER_HEADERS } from '../../../src/connectors/kafka/dead-letter.ts';
import { kafkaTableFactory } from '../../../src/connectors/kafka/table-factory.ts';
import { kafkaTest, requireKafkaBootstrap } from '../../kafka/kafka-env.ts';
import { rowType, runTable, tableContext } from '../table-test-kit.ts';
import { connect, newTopic, produce } from './kafka-helpers.ts';

const T = DataTypes;
const schema = rowType(['symbol', T.STRING()], ['shares', T.INT()]);

kafkaTest("a table's undecodable record goes to its dead-letter topic, named by offset, column and value", async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'table-dlq');
  const dlq = await newTopic(kafka, 'table-dlq-dead');
  const lines = ['{"symbol":"AAPL","shares":1}', '{"symbol":"MSFT","shares":30000000000}', '{"symbol":"IBM","shares":3}'];
  await produce(kafka, topic, lines);
  await kafka.close();
  const options = {
    'connector': 'kafka', 'topic': topic, 'properties.bootstrap.servers': requireKafkaBootstrap(), 'format': 'json',
    'scan.startup.mode': 'earliest-offset', 'scan.bounded.mode': 'latest-offset', 'scan.dead-letter-topic': dlq,
  };
  const rows = await runTable(kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, options)));
  assert.deepEqual(rows, [{ symbol: 'AAPL', shares: 1 }, { symbol: 'IBM', shares: 3 }]);

  const { stdout } = await promisify(execFile)(await ensureKcat(), ['-C', '-b', requireKafkaBootstrap(), '-t', dlq, '-o', 'beginning', '-e', '-q',
    '-X', 'isolation.level=read_committed', '-f', '%s\\t%h\\n'], { timeout: 30_000 });
  const letters = stdout.split('\n').filter((l) => l !== '');
  assert.equal(letters.length, 1, stdout);
  const [value, headers] = letters[0].split('\t');
  assert.equal(value, lines[1], 'the original bytes');
  assert.ok(headers.includes(`${DEAD_LETTER_HEADERS.origin}=${topic} partition 0 offset 1`), headers);
  assert.ok(headers.includes(`${DEAD_LETTER_HEADERS.error}=${topic} partition 0 offset 1: column 'shares': 30000000000 is not a valid INT (out of range)`), headers);

  assert.throws(() => kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, { ...options, 'json.ignore-parse-errors': 'true' })),
    /option 'scan.dead-letter-topic': choose one: a dead-letter topic or ignore-parse-errors/);
});
