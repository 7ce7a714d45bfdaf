// The seed's multiphase pattern: each phase is its own job, and phases talk through a topic — here the
// embedded in-process log, which has Kafka's topics, partitions, offsets and committed group positions,
// so the same two jobs run on Kafka by swapping the log connectors for Kafka ones.
//
//   phase 1: stock trades → keep the large ones → topic 'large_trades' (keyed by symbol)
//   phase 2: 'large_trades' (consumer group 'phase-2') → count and value per symbol per hour → sink
import {
  Dataflow, aggregates, count, logSink, logSource, stockTradeSource, sum, tumbling,
  type InProcessLog, type Sink, type StockTrade,
} from 'sluice';

/** Phase 1: filter the trade stream into a topic. */
export function phaseOne(log: InProcessLog, trades: number): Dataflow {
  const flow = new Dataflow('phase-1');
  flow
    .input('trades', stockTradeSource({ seed: 3, maxRecords: trades }))
    .filter((trade) => trade.transaction_value > 10_000)
    .output('large_trades', logSink<StockTrade>(log, { topic: 'large_trades', key: (t) => t.symbol }));
  return flow;
}

/** Phase 2: hourly totals per symbol from the topic, resuming from the group's committed offsets. */
export function phaseTwo(log: InProcessLog, sink: Sink<HourlyTotal>, bounded = false): Dataflow {
  const flow = new Dataflow('phase-2');
  flow
    .input('large_trades', logSource<StockTrade>(log, { topic: 'large_trades', group: 'phase-2', bounded }), {
      watermark: { timestamp: (t) => t.transaction_date, maxOutOfOrderness: '5 seconds', idleTimeout: '1 second' },
    })
    .keyBy((trade) => trade.symbol)
    .window(tumbling('1 hour'))
    .aggregate(aggregates({ trades: count(), value: sum((t: StockTrade) => t.transaction_value) }))
    .map((r) => ({ symbol: r.key, hour: r.start, trades: r.value.trades, value: r.value.value ?? 0 }))
    .output('totals', sink);
  return flow;
}

export interface HourlyTotal {
  readonly symbol: string;
  readonly hour: number;
  readonly trades: number;
  readonly value: number;
}
