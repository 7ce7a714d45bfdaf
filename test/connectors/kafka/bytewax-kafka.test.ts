// The seed's Bytewax example on a real broker. The Python original:
//
//   flow.input("input", KafkaInputConfig("localhost:9092", "stock_topic"))
//   flow.map(process)   # keeps data["transaction_value"] > 10000, drops the rest
//   flow.output("output", KafkaOutputConfig("localhost:9092", "filtered_stock_topic"))
//
// kcat (librdkafka, no code shared with Sluice) produces the input and reads the output.
import assert from 'node:assert/strict';
import { Dataflow, END, kafkaSink, kafkaSource, run, stockTradeSource, type KafkaMessage, type StockTrade } from 'sluice';
import { kcatConsume, kcatProduce } from '../../../scripts/kafka/kcat.ts';
import { kafkaTest, requireKafkaBootstrap } from '../../kafka/kafka-env.ts';
import { connect, newTopic } from './kafka-helpers.ts';

async function generateTrades(count: number): Promise<StockTrade[]> {
  const source = stockTradeSource({ seed: 11, maxRecords: count });
  const context = { taskIndex: 0, parallelism: 1, now: () => 0 };
  const [split] = await source.splits(context);
  const reader = source.createReader(split, undefined, context);
  const trades: StockTrade[] = [];
  for (let batch = await reader.poll(1000); batch !== END; batch = await reader.poll(1000)) trades.push(...batch.values);
  return trades;
}

function process(record: KafkaMessage<Buffer>): StockTrade | null {
  const data = JSON.parse(String(record.value)) as StockTrade;
  if (data.transaction_value > 10000) {
    return data;
  }
  return null;
}

kafkaTest("the seed's Bytewax example filters stock_topic into filtered_stock_topic on Kafka", async () => {
  const bootstrapServers = requireKafkaBootstrap();
  const kafka = await connect();
  const stockTopic = await newTopic(kafka, 'stock_topic', 3);
  const filteredTopic = await newTopic(kafka, 'filtered_stock_topic', 1);
  await kafka.close();
  const trades = await generateTrades(2_000);
  await kcatProduce(bootstrapServers, stockTopic, trades.map((t) => `${t.symbol}\t${JSON.stringify(t)}`), { keyDelimiter: '\t' });

  const flow = new Dataflow('bytewax-kafka');
  flow
    .input('input', kafkaSource<KafkaMessage<Buffer>>({ bootstrapServers, topic: stockTopic, metadata: true, valueFormat: 'raw', boundedMode: 'latest-offset' }))
    .filterMap(process)
    .output('output', kafkaSink<StockTrade>({ bootstrapServers, topic: filteredTopic, key: (t) => t.symbol }));
  const result = await run(flow, { handleSignals: false });
  assert.equal(result.outcome, 'finished');

  const expected = trades.filter((t) => t.transaction_value > 10000);
  assert.ok(expected.length > 100 && expected.length < trades.length, 'the input has trades on both sides of the threshold');
  const output = await kcatConsume(bootstrapServers, filteredTopic, { isolation: 'read_committed', keyDelimiter: '\t' });
  const key = (t: StockTrade) => `${t.symbol}|${t.transaction_date}|${t.shares}|${t.price}`;
  const received = output.map((line) => {
    const [symbol, json] = line.split('\t');
    const trade = JSON.parse(json) as StockTrade;
    assert.equal(symbol, trade.symbol, 'keyed by symbol');
    return trade;
  });
  assert.deepEqual(received.map(key).sort(), expected.map(key).sort());
});
