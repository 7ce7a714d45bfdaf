/**
 * The reference point: the seed query (1-hour tumbling SUM(shares), AVG(price) per symbol, 5-second
 * bounded out-of-orderness watermark, late records dropped) as one hand-written loop over the same
 * JSON bytes. It is what "as fast as JavaScript can do this" means for the engine's ratio.
 */
const HOUR = 3_600_000;
const DELAY = 5_000;
/** The engine advances watermarks once per batch (like Flink's periodic watermarks); so does the loop. */
const BATCH = 4096;

interface Acc { shares: number; priceSum: number; count: number }

export function runHandLoop(records: Buffer[]): { windows: number; checksum: number; late: number } {
  const open = new Map<number, Map<string, Acc>>(); // window start -> symbol -> accumulator
  let maxTs = Number.NEGATIVE_INFINITY;
  let watermark = Number.NEGATIVE_INFINITY;
  let windows = 0;
  let checksum = 0;
  let late = 0;
  const fire = (upTo: number): void => {
    for (const [start, bySymbol] of open) {
      if (start + HOUR - 1 > upTo) continue;
      for (const acc of bySymbol.values()) {
        windows++;
        checksum += acc.shares + acc.priceSum / acc.count;
      }
      open.delete(start);
    }
  };
  for (let i = 0; i < records.length; i++) {
    const trade = JSON.parse(records[i].toString('utf8')) as { symbol: string; shares: number; price: number; transaction_date: number };
    const ts = trade.transaction_date;
    const start = ts - (((ts % HOUR) + HOUR) % HOUR);
    if (start + HOUR - 1 <= watermark) {
      late++;
    } else {
      let bySymbol = open.get(start);
      if (bySymbol === undefined) open.set(start, (bySymbol = new Map()));
      const acc = bySymbol.get(trade.symbol);
      if (acc === undefined) bySymbol.set(trade.symbol, { shares: trade.shares, priceSum: trade.price, count: 1 });
      else {
        acc.shares += trade.shares;
        acc.priceSum += trade.price;
        acc.count++;
      }
    }
    if (ts > maxTs) maxTs = ts;
    if ((i + 1) % BATCH === 0 && maxTs - DELAY > watermark) {
      watermark = maxTs - DELAY;
      if (open.size > 1) fire(watermark);
    }
  }
  fire(Number.POSITIVE_INFINITY);
  return { windows, checksum, late };
}
