/**
 * The stock pipeline's result computed without the engine: one hand-written loop over the trades
 * (as bench/seed-query-hand-loop.ts does for the benchmark), so the golden file is checked against
 * a computation that shares no code with the job it tests.
 *
 * The semantics it restates: a watermark of `max timestamp − 5 s` advanced once per batch (the
 * engine's periodic emission), a trade whose 1-hour window has already closed (window end − 1 ≤
 * watermark) is dropped, every window still open fires at the end of the bounded input.
 */
import { END, stockTradeSource, type StockTrade } from 'sluice';

const HOUR = 3_600_000;
const DELAY = 5_000;

interface Accumulator { shares: number; priceSum: number; count: number }

/**
 * The trades the generator produces for a seed: the job's input, read straight from the source.
 *
 * @example
 * const trades = await generatedTrades(42, 1000);
 */
export async function generatedTrades(seed: number, count: number): Promise<StockTrade[]> {
  const source = stockTradeSource({ seed, maxRecords: count });
  const context = { taskIndex: 0, parallelism: 1, now: () => 0 };
  const [split] = await source.splits(context);
  const reader = source.createReader(split, undefined, context);
  const trades: StockTrade[] = [];
  for (;;) {
    const batch = await reader.poll(8192);
    if (batch === END) return trades;
    trades.push(...(batch.values as StockTrade[]));
  }
}

/**
 * The lines the job prints for `trades`, in Flink's print format, sorted (the order in which windows
 * of one watermark fire is not part of the semantics), and how many trades arrived late.
 *
 * @example
 * const { lines, late } = referenceWindows(trades, 4096);
 */
export function referenceWindows(trades: readonly StockTrade[], batchSize: number): { lines: string[]; late: number } {
  const open = new Map<string, Accumulator>(); // `${start}|${symbol}` -> accumulator
  const lines: string[] = [];
  let late = 0;
  let maxTimestamp = Number.NEGATIVE_INFINITY;
  let watermark = Number.NEGATIVE_INFINITY;
  const fire = (upTo: number): void => {
    for (const [key, acc] of open) {
      const [start, symbol] = key.split('|');
      if (Number(start) + HOUR - 1 > upTo) continue;
      lines.push(`+I[${symbol}, ${timestampText(Number(start))}, ${acc.shares}, ${javaDouble(acc.priceSum / acc.count)}]`);
      open.delete(key);
    }
  };
  trades.forEach((trade, i) => {
    const ts = trade.transaction_date;
    const start = Math.floor(ts / HOUR) * HOUR;
    if (start + HOUR - 1 <= watermark) late++;
    else {
      const key = `${start}|${trade.symbol}`;
      const acc = open.get(key);
      if (acc === undefined) open.set(key, { shares: trade.shares, priceSum: trade.price, count: 1 });
      else {
        acc.shares += trade.shares;
        acc.priceSum += trade.price;
        acc.count++;
      }
    }
    maxTimestamp = Math.max(maxTimestamp, ts);
    const batchEnds = (i + 1) % batchSize === 0 || i === trades.length - 1;
    if (batchEnds && maxTimestamp - DELAY > watermark) {
      watermark = maxTimestamp - DELAY;
      fire(watermark);
    }
  });
  fire(Number.POSITIVE_INFINITY);
  return { lines: lines.sort(), late };
}

/** `2024-01-01 10:00:00.000`: a UTC timestamp as Flink prints a TIMESTAMP(3). */
function timestampText(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** A double as Java's Double.toString writes one in this value range (an integral value keeps `.0`). */
function javaDouble(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}
