/**
 * The payload file for Kafka's producer perf tool: distinct JSON stock trades, one per line, about
 * 100 bytes each, built so that a known fraction of the lines passes the benchmark's filter
 * (`transaction_value > 10000`). The tool sends a randomly chosen line per record, so the share of
 * passing records in the topic is that fraction up to sampling noise; the exact count is read back
 * from the topic (see topic-check.ts).
 */
import { writeFileSync } from 'node:fs';

/** The filter the Sluice job applies; the payload lines are built around it. */
export const VALUE_THRESHOLD = 10_000;

/** A trade as it is written to the input topic. */
export interface BenchTrade {
  readonly symbol: string;
  readonly shares: number;
  readonly price: number;
  readonly transaction_date: number;
  readonly transaction_value: number;
}

const SYMBOLS = ['AAPL', 'AMZN', 'GOOG', 'MSFT', 'NVDA', 'TSLA'] as const;
const BASE_PRICE = [185, 150, 140, 370, 480, 240] as const;
const START = Date.UTC(2024, 0, 1);

/** mulberry32: a small seeded generator, so the file is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `lines` distinct trades; line i passes the filter when (i mod 100) < passPercent, so exactly
 * passPercent % of the lines pass. Shares are drawn below or above the threshold's share count.
 *
 * @example
 * const trades = benchTrades(100_000, 30); // 30 000 of them have transaction_value > 10 000
 */
export function benchTrades(lines: number, passPercent: number, seed = 11): BenchTrade[] {
  const random = seeded(seed);
  const out: BenchTrade[] = new Array(lines);
  for (let i = 0; i < lines; i++) {
    const s = i % SYMBOLS.length;
    const price = Math.round(BASE_PRICE[s] * (0.9 + 0.2 * random()) * 100) / 100;
    const atThreshold = VALUE_THRESHOLD / price;
    const passes = i % 100 < passPercent;
    // Passing: 1.05×..4× the threshold's shares; failing: 1..0.95× of it (never on the boundary).
    const shares = passes
      ? Math.ceil(atThreshold * (1.05 + 2.95 * random()))
      : Math.max(1, Math.floor(atThreshold * 0.95 * random()));
    const value = Math.round(shares * price * 100) / 100;
    // The transaction date makes every line distinct.
    out[i] = { symbol: SYMBOLS[s], shares, price, transaction_date: START + i * 137, transaction_value: value };
  }
  return out;
}

/**
 * Writes the trades as JSON lines and returns the file's facts.
 *
 * @example
 * const { lines, passing } = writePayloadFile('/tmp/trades.jsonl', 100_000, 30);
 */
export function writePayloadFile(path: string, lines: number, passPercent: number): { lines: number; passing: number; meanBytes: number } {
  const trades = benchTrades(lines, passPercent);
  const text = trades.map((t) => JSON.stringify(t)).join('\n') + '\n';
  writeFileSync(path, text);
  const passing = trades.filter((t) => t.transaction_value > VALUE_THRESHOLD).length;
  return { lines, passing, meanBytes: (Buffer.byteLength(text) - lines) / lines };
}
