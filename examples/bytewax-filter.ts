// The seed's Bytewax example, almost line for line, on the embedded in-process log (a Kafka-shaped
// topic store). The Python original:
//
//   def process(record):
//       data = record.value
//       if data["transaction_value"] > 10000:
//           return data
//       return None
//
//   flow = Dataflow()
//   flow.input("input", KafkaInputConfig("localhost:9092", "stock_topic"))
//   flow.map(process)
//   flow.output("output", KafkaOutputConfig("localhost:9092", "filtered_stock_topic"))
import { Dataflow, defaultLog, logSink, logSource, type InProcessLog, type LogRecord, type StockTrade } from 'sluice';

function process(record: LogRecord): StockTrade | null {
  const data = JSON.parse(String(record.value)) as StockTrade;
  if (data.transaction_value > 10000) {
    return data;
  }
  return null;
}

/** Builds the flow on a log (the default one when run from the CLI). `bounded` stops at the end of the topic. */
export function bytewaxFilter(log: InProcessLog = defaultLog(), bounded = false): Dataflow {
  const flow = new Dataflow('bytewax-filter');
  flow
    .input('input', logSource<LogRecord>(log, { topic: 'stock_topic', format: 'raw', bounded }))
    .filterMap(process) // Bytewax's map dropping None: filter_map
    .output('output', logSink<StockTrade>(log, { topic: 'filtered_stock_topic', autoCreate: { partitions: 1 } }));
  return flow;
}

export default bytewaxFilter;
