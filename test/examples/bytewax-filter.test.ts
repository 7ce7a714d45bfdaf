import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessLog, run, stockTradeSource, END, type StockTrade } from 'sluice';
import { bytewaxFilter } from '../../examples/bytewax-filter.ts';

async function generateTrades(count: number): Promise<StockTrade[]> {
  const source = stockTradeSource({ seed: 11, maxRecords: count });
  const context = { taskIndex: 0, parallelism: 1, now: () => 0 };
  const [split] = await source.splits(context);
  const reader = source.createReader(split, undefined, context);
  const trades: StockTrade[] = [];
  for (let batch = await reader.poll(1000); batch !== END; batch = await reader.poll(1000)) trades.push(...batch.values);
  return trades;
}

test("the seed's Bytewax example filters stock_topic into filtered_stock_topic on the in-process log", async () => {
  const log = new InProcessLog();
  log.createTopic('stock_topic', { partitions: 3 });
  const trades = await generateTrades(5_000);
  log.produce('stock_topic', trades.map((t) => ({ key: t.symbol, value: JSON.stringify(t), timestamp: t.transaction_date })));

  const result = await run(bytewaxFilter(log, true), { handleSignals: false });

  assert.equal(result.outcome, 'finished');
  const expected = trades.filter((t) => t.transaction_value > 10000);
  assert.ok(expected.length > 100 && expected.length < trades.length, 'the input has trades on both sides of the threshold');
  const output: StockTrade[] = [];
  for (let p = 0; p < log.partitions('filtered_stock_topic'); p++) {
    for (const record of log.read('filtered_stock_topic', p, 0, 1_000_000)) output.push(JSON.parse(String(record.value)));
  }
  const key = (t: StockTrade) => `${t.symbol}|${t.transaction_date}|${t.shares}|${t.price}`;
  assert.deepEqual(output.map(key).sort(), expected.map(key).sort());
});
