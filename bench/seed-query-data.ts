import { END, stockTradeSource, type StockTrade } from 'sluice';

/**
 * The benchmark's input: stock trades from the seeded generator, encoded once as JSON bytes — what a
 * Kafka topic would hold. Both contenders start from these same bytes.
 */
export async function encodedTrades(count: number, seed = 7): Promise<Buffer[]> {
  const source = stockTradeSource({ seed, maxRecords: count });
  const context = { taskIndex: 0, parallelism: 1, now: () => 0 };
  const [split] = await source.splits(context);
  const reader = source.createReader(split, undefined, context);
  const out: Buffer[] = [];
  for (;;) {
    const batch = await reader.poll(8192);
    if (batch === END) break;
    for (const trade of batch.values as StockTrade[]) out.push(Buffer.from(JSON.stringify(trade)));
  }
  return out;
}
