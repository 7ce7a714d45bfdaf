import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/core/errors.ts';
import { DEFAULT_SYMBOLS, stockTradeSource, type StockTrade } from '../../../src/connectors/datagen/index.ts';
import { END } from '../../../src/connectors/spi.ts';
import { contextAt, readAcrossRestore, readSplit } from './read-split.ts';

const START = Date.UTC(2024, 0, 1);

/** Fractions of records stamped before the latest time seen so far, and more than 5 s before it. */
function disorder(times: number[]): { outOfOrder: number; beyond5s: number } {
  let max = Number.NEGATIVE_INFINITY;
  let outOfOrder = 0;
  let beyond5s = 0;
  for (const t of times) {
    if (t < max) outOfOrder++;
    if (max - t > 5000) beyond5s++;
    max = Math.max(max, t);
  }
  return { outOfOrder: outOfOrder / times.length, beyond5s: beyond5s / times.length };
}

test('the same seed gives the same trades and another seed other trades', async () => {
  const a = await readSplit(stockTradeSource({ seed: 1 }), 0, 500);
  const b = await readSplit(stockTradeSource({ seed: 1 }), 0, 500);
  const c = await readSplit(stockTradeSource({ seed: 2 }), 0, 500);
  assert.deepEqual(a, b);
  assert.notDeepEqual(c.values, a.values);
});

test('a reader restored from a position continues the exact sequence, prices and clock included', async () => {
  const source = stockTradeSource({ seed: 4 });
  const uninterrupted = await readSplit(source, 0, 3000);
  const restored = await readAcrossRestore(source, 1234, 1766);
  assert.deepEqual(restored.values, uninterrupted.values);
  assert.deepEqual(restored.times, uninterrupted.times);
});

test('event times are transaction dates and values are shares times price to the cent', async () => {
  const { values, times } = await readSplit(stockTradeSource({ seed: 5 }), 0, 5000);
  assert.deepEqual(times, values.map((trade) => trade.transaction_date));
  assert.equal(values[0].transaction_date, START, 'the first trade happens at startTime');
  for (const trade of values) {
    assert.ok(DEFAULT_SYMBOLS.includes(trade.symbol));
    assert.ok(Number.isInteger(trade.shares) && trade.shares >= 1 && trade.shares <= 1000);
    assert.ok(Number.isInteger(trade.transaction_date));
    assert.equal(trade.transaction_value, Math.round(trade.shares * trade.price * 100) / 100);
  }
});

test('a sensible fraction of trades is worth more than 10 000', async () => {
  const { values } = await readSplit(stockTradeSource({ seed: 6 }), 0, 20_000);
  const big = values.filter((trade) => trade.transaction_value > 10_000).length / values.length;
  assert.ok(big >= 0.1 && big <= 0.3, `fraction above 10 000: ${big}`);
});

test('prices wander per symbol but stay plausible', async () => {
  const { values } = await readSplit(stockTradeSource({ seed: 7 }), 0, 50_000);
  const bySymbol = new Map<string, number[]>();
  for (const trade of values) bySymbol.set(trade.symbol, [...(bySymbol.get(trade.symbol) ?? []), trade.price]);
  assert.equal(bySymbol.size, DEFAULT_SYMBOLS.length);
  for (const [symbol, prices] of bySymbol) {
    const first = prices[0];
    assert.ok(new Set(prices).size > 50, `${symbol} price moves`);
    assert.ok(prices.every((p) => p > first * 0.5 && p < first * 2), `${symbol} stays within a plausible range`);
  }
});

test('about the configured fraction arrives out of order and some more than 5 seconds late', async () => {
  const { times } = await readSplit(stockTradeSource({ seed: 8, outOfOrderFraction: 0.05, lateFraction: 0.002 }), 0, 50_000);
  const { outOfOrder, beyond5s } = disorder(times);
  assert.ok(outOfOrder > 0.045 && outOfOrder < 0.056, `out of order: ${outOfOrder}`);
  assert.ok(beyond5s > 0.001 && beyond5s < 0.003, `beyond 5 s: ${beyond5s}`);
});

test('without disorder the event times never go backwards', async () => {
  const { times } = await readSplit(stockTradeSource({ seed: 9, outOfOrderFraction: 0, lateFraction: 0 }), 0, 20_000);
  assert.equal(disorder(times).outOfOrder, 0);
  const hours = (times[times.length - 1] - times[0]) / 3_600_000;
  assert.ok(hours > 0.5 && hours < 0.6, `20 000 trades at 10 per second span ~33 minutes, got ${hours} h`);
});

test('maxRecords bounds the source over all splits, and the splits differ', async () => {
  const source = stockTradeSource({ maxRecords: 1001, splits: 2 });
  assert.equal(source.bounded, true);
  assert.equal(stockTradeSource().bounded, false);
  const [a, b] = await Promise.all([readSplit(source, 0), readSplit(source, 1)]);
  assert.deepEqual([a.values.length, b.values.length, a.ended, b.ended], [501, 500, true, true]);
  assert.notDeepEqual(a.values.slice(0, 20), b.values.slice(0, 20));
});

test('with a speed-up, trades are released as simulated time passes and polls go idle in between', async () => {
  let now = 0;
  const source = stockTradeSource({ seed: 10, speedup: 1200, outOfOrderFraction: 0, lateFraction: 0 });
  const ctx = contextAt(() => now);
  const reader = source.createReader({ id: 'stock-trades-0' }, undefined, ctx);
  const first = await reader.poll(10_000);
  assert.ok(first !== END && first.values.length >= 1 && first.times!.every((t) => t === START));
  const idle = await reader.poll(10_000);
  assert.ok(idle !== END && idle.values.length === 0);
  now += 100; // 100 wall ms = 120 simulated seconds ≈ 1200 trades
  const next = await reader.poll(10_000);
  assert.ok(next !== END);
  assert.ok(next.values.length > 1000 && next.values.length < 1400, `released ${next.values.length}`);
  assert.ok(next.times!.every((t) => t > START && t <= START + 120_000));
});

test('invalid options fail with a ConfigError naming the option', () => {
  const cases: [unknown, string][] = [
    [{ outOfOrderFraction: 1.5 }, 'outOfOrderFraction'],
    [{ outOfOrderFraction: 0.6, lateFraction: 0.6 }, 'lateFraction'],
    [{ symbols: [] }, 'symbols'],
    [{ speedup: 0 }, 'speedup'],
    [{ eventsPerSimulatedSecond: -1 }, 'eventsPerSimulatedSecond'],
    [{ maxRecords: -5 }, 'maxRecords'],
    [{ startTime: '2024-01-01' }, 'startTime'],
    [{ symbol: ['AAPL'] }, 'symbol'],
  ];
  for (const [options, option] of cases) {
    assert.throws(() => stockTradeSource(options as never), (error: unknown) => error instanceof ConfigError && error.option === option);
  }
});

test('trades are typed rows', async () => {
  const { values } = await readSplit(stockTradeSource({ maxRecords: 1 }));
  const trade: StockTrade = values[0];
  assert.deepEqual(Object.keys(trade), ['symbol', 'shares', 'price', 'transaction_date', 'transaction_value']);
});
