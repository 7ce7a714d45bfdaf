// A SQL Kafka table with 'format' = 'avro' (and an Avro key): rows written by the table sink are
// binary Avro on the real broker (each value decodes with the table's schema) and read back by the
// table source; a record that is not Avro fails naming its offset, or is skipped and counted.
import assert from 'node:assert/strict';
import { Dataflow, kafkaSink, run } from 'sluice';
import { DataTypes, notNull } from '../../../src/core/data-types.ts';
import type { Row } from '../../../src/core/row.ts';
import { kafkaTableFactory } from '../../../src/connectors/kafka/table-factory.ts';
import { memorySource } from '../../../src/connectors/memory/memory-source.ts';
import { avroRowCodec } from '../../../src/formats/avro.ts';
import { kafkaTest, requireKafkaBootstrap } from '../../kafka/kafka-env.ts';
import { rowType, runTable, tableContext } from '../table-test-kit.ts';
import { connect, newTopic, produce, readAll } from './kafka-helpers.ts';

const T = DataTypes;
const schema = rowType(['id', notNull(T.BIGINT())], ['symbol', T.STRING()], ['price', T.DECIMAL(10, 2)], ['ts', T.TIMESTAMP(3)]);
const rows = [
  { id: 1, symbol: 'AAPL', price: 187.25, ts: 1704103200000 },
  { id: 2, symbol: null, price: -0.5, ts: 1704103201000 },
  { id: 3, symbol: 'MSFT', price: null, ts: null },
];

kafkaTest("an 'avro' table writes binary Avro of its schema to Kafka and reads it back, key and value", async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'avro-table');
  await kafka.close();
  const options = {
    'connector': 'kafka', 'topic': topic, 'properties.bootstrap.servers': requireKafkaBootstrap(),
    'key.format': 'avro', 'key.fields': 'id', 'value.format': 'avro', 'value.fields-include': 'EXCEPT_KEY',
    'scan.startup.mode': 'earliest-offset', 'scan.bounded.mode': 'latest-offset',
  };
  await runTable(memorySource(rows), kafkaTableFactory.createSink!(tableContext(kafkaTableFactory, schema, options)));

  // The bytes on the broker, decoded by the format alone with the schemas a consumer would derive.
  const raw = await readAll<{ key: Buffer; value: Buffer }>({ topic, valueFormat: 'raw', keyFormat: 'raw', metadata: true });
  const keyCodec = avroRowCodec(rowType(['id', notNull(T.BIGINT())]));
  const valueCodec = avroRowCodec(rowType(['symbol', T.STRING()], ['price', T.DECIMAL(10, 2)], ['ts', T.TIMESTAMP(3)]));
  const origin = { source: topic };
  assert.deepEqual(raw.map((m) => ({ ...keyCodec.decode(m.key, origin), ...valueCodec.decode(m.value, origin) })), rows);

  const back = await runTable(kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, options)));
  assert.deepEqual(back.map((r) => ({ ...r })), rows);
});

kafkaTest('a record that is not Avro of the schema fails naming its offset, or is skipped with ignore-parse-errors', async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'avro-bad');
  const codec = avroRowCodec(schema);
  const producer = kafka.producer();
  try {
    await producer.send([
      { topic, partition: 0, key: null, value: codec.encode(rows[0]) },
      { topic, partition: 0, key: null, value: codec.encode(rows[0]).subarray(0, 3) },
      { topic, partition: 0, key: null, value: codec.encode(rows[2]) },
    ]);
  } finally {
    await producer.close();
  }
  await produce(kafka, topic, ['{"id":4}']);
  await kafka.close();
  const options = {
    'connector': 'kafka', 'topic': topic, 'properties.bootstrap.servers': requireKafkaBootstrap(), 'format': 'avro',
    'scan.startup.mode': 'earliest-offset', 'scan.bounded.mode': 'latest-offset',
  };
  await assert.rejects(runTable(kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, options))),
    new RegExp(`${topic} partition 0 offset 1: (truncated Avro record|not an Avro record)`));
  const kept = await runTable(kafkaTableFactory.createSource!(tableContext(kafkaTableFactory, schema, { ...options, 'avro.ignore-parse-errors': 'true' })));
  assert.deepEqual(kept.map((r) => r['id']), [1, 3]);
});

kafkaTest("a Dataflow writes and reads typed rows with the 'avro' codec (the row type's schema)", async () => {
  const kafka = await connect();
  const topic = await newTopic(kafka, 'avro-dataflow');
  await kafka.close();
  const type = rowType(['symbol', notNull(T.STRING())], ['price', T.DOUBLE()]);
  const trades = [{ symbol: 'AAPL', price: 1.5 }, { symbol: 'MSFT', price: null }];
  const flow = new Dataflow('avro-codec');
  flow.input('in', memorySource(trades))
    .output('out', kafkaSink<{ symbol: string; price: number | null }>({ bootstrapServers: requireKafkaBootstrap(), topic, valueFormat: 'avro', valueFormatSettings: { avro: type } }));
  await run(flow, { handleSignals: false });
  const back = await readAll<Row>({ topic, valueFormat: 'avro', valueFormatSettings: { avro: type } });
  assert.deepEqual(back.map((r) => ({ ...r })), trades);
  // The bytes are the row type's Avro (decoded here by the format alone).
  const raw = await readAll<Buffer>({ topic, valueFormat: 'raw' });
  assert.deepEqual({ ...avroRowCodec(type).decode(raw[0], { source: topic }) }, trades[0]);
  assert.throws(() => kafkaSink({ bootstrapServers: requireKafkaBootstrap(), topic, valueFormat: 'avro' }).open({} as never), /'avro' needs the row type/);
});
