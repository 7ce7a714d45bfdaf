// The main job (`npm start`): the seed's Flink SQL query, written with the Dataflow API and run on the
// embedded stock-trade generator. Equivalent SQL:
//
//   SELECT symbol, TUMBLE_START(transaction_date, INTERVAL '1' HOUR) AS window_start,
//          SUM(shares) AS total_shares, AVG(price) AS avg_price
//   FROM stock_data  -- WATERMARK FOR transaction_date AS transaction_date - INTERVAL '5' SECOND
//   GROUP BY symbol, TUMBLE(transaction_date, INTERVAL '1' HOUR)
//
// Each window's result prints as it closes, in Flink's print format: +I[AAPL, 2024-01-01 10:00:00.000, 150, 101.5]
import { Dataflow, aggregates, avg, consoleSink, stockTradeSource, sum, tumbling, type StockTrade, type TextOutput } from 'sluice';

export interface StockPipelineOptions {
  /** Generator seed: the same seed gives the same trades and the same results. */
  readonly seed?: number;
  /** Simulated ms per wall ms; 1200 = one simulated hour every 3 seconds. Absent = as fast as possible. */
  readonly speedup?: number;
  /** Stop after this many trades (a bounded, batch-mode run); absent = run until Ctrl-C. */
  readonly maxRecords?: number;
  /** Where results are printed (default stdout). */
  readonly out?: TextOutput;
}

/** Builds the job. */
export function stockPipeline(options: StockPipelineOptions = {}): Dataflow {
  const flow = new Dataflow('stock-pipeline');
  flow
    .input('stock_data', stockTradeSource({ seed: options.seed ?? 1, speedup: options.speedup, maxRecords: options.maxRecords }), {
      watermark: { timestamp: (trade: StockTrade) => trade.transaction_date, maxOutOfOrderness: '5 seconds' },
    })
    .keyBy((trade) => trade.symbol)
    .window(tumbling('1 hour'))
    .aggregate(aggregates({ total_shares: sum((t: StockTrade) => t.shares), avg_price: avg((t: StockTrade) => t.price) }))
    .map((result) => ({
      symbol: result.key,
      window_start: result.start,
      total_shares: result.value.total_shares,
      avg_price: result.value.avg_price,
    }))
    .output('print', consoleSink({ format: 'print', timestampColumns: ['window_start'], out: options.out }));
  return flow;
}

/** What `sluice run examples/stock-pipeline.ts` (and `npm start`) runs: an hour of trades every 3 seconds. */
export default function main(): Dataflow {
  return stockPipeline({ speedup: 1200 });
}
