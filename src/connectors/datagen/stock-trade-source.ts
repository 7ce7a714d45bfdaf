/**
 * The stock-trade generator: trades on a handful of symbols whose prices follow a per-symbol random
 * walk, with real event-time disorder. A "true" clock advances monotonically (Poisson arrivals);
 * a deterministic fraction of trades is stamped a little in the past (out of order, within a few
 * seconds) and a smaller fraction far in the past (late: beyond a 5-second watermark delay).
 */
import { ConfigError } from '../../core/errors.ts';
import type { Source, SourceContext, SourceReader, SourceSplit } from '../spi.ts';
import { badPosition, GeneratorReader, generatorSplits, shareOf, splitIndexOf, type SplitGenerator } from './generator-reader.ts';
import { checkKnownOptions, describe, numberOption } from './options.ts';
import { isRandomState, Random, type RandomState } from './random.ts';

/**
 * One trade. `transaction_date` is epoch milliseconds and is also the record's event time.
 *
 * @example
 * const trade: StockTrade = { symbol: 'AAPL', shares: 150, price: 185.2, transaction_date: 1704067200000, transaction_value: 27780 };
 */
export type StockTrade = {
  symbol: string;
  shares: number;
  price: number;
  transaction_date: number;
  transaction_value: number;
};

/**
 * Options of {@link stockTradeSource}.
 *
 * @example
 * const options: StockTradeOptions = { seed: 7, speedup: 1200, maxRecords: 100_000 };
 */
export interface StockTradeOptions {
  /** Default 0. */
  readonly seed?: number;
  /** Default {@link DEFAULT_SYMBOLS}. */
  readonly symbols?: readonly string[];
  /** Event time of the first trade, epoch ms; default 2024-01-01T00:00:00Z. */
  readonly startTime?: number;
  /** Mean trades per second of event time over all splits; default 10. */
  readonly eventsPerSimulatedSecond?: number;
  /** Event-time ms replayed per wall-clock ms (1200 = an hour every 3 s); absent = as fast as possible. */
  readonly speedup?: number;
  /** Fraction of trades stamped 1..maxOutOfOrderMs in the past; default 0.05. */
  readonly outOfOrderFraction?: number;
  /** Largest out-of-order shift; default 4000 ms (inside a 5-second watermark delay). */
  readonly maxOutOfOrderMs?: number;
  /** Fraction of trades stamped 6..60 s in the past; default 0.002. */
  readonly lateFraction?: number;
  /** Total trades over all splits; absent = unbounded. */
  readonly maxRecords?: number;
  /** Default 1; each split is an independent market with its own random walk. */
  readonly splits?: number;
}

/** What a stock-trade reader's `position()` returns. */
export interface StockTradePosition {
  readonly emitted: number;
  /** The true event time of the next trade (fractional ms). */
  readonly clock: number;
  /** Natural log of each symbol's current price, in `symbols` order. */
  readonly logPrices: readonly number[];
  readonly random: RandomState;
}

/** The symbols traded when none are given. */
export const DEFAULT_SYMBOLS: readonly string[] = ['AAPL', 'AMZN', 'GOOG', 'MSFT', 'NVDA', 'TSLA'];
/** Late trades are shifted back by a uniform amount in this range (ms). */
export const LATE_SHIFT_MS = { min: 6000, max: 60_000 } as const;

const NAME = 'stock-trades';
const OPTIONS = ['seed', 'symbols', 'startTime', 'eventsPerSimulatedSecond', 'speedup', 'outOfOrderFraction',
  'maxOutOfOrderMs', 'lateFraction', 'maxRecords', 'splits'] as const;
// Roughly where these traded at the start of 2024, so charts look familiar.
const BASE_PRICES: Record<string, number> = { AAPL: 185, AMZN: 150, GOOG: 140, MSFT: 375, NVDA: 490, TSLA: 250, META: 350, NFLX: 480 };
// Mean-reverting log-price walk: stationary spread ≈ SIGMA / sqrt(2·THETA) ≈ 7% around the base.
const SIGMA = 0.001;
const THETA = 0.0001;
// Most trades are small retail lots; a minority are block trades, so that about one trade in six
// is worth more than 10 000.
const BIG_TRADE_FRACTION = 0.15;
const SMALL_SHARES_MAX = 25;
const BIG_SHARES_MIN = 100;
const BIG_SHARES_MAX = 1000;

/**
 * A source of stock trades with out-of-order and late event times.
 *
 * @example
 * const trades = stockTradeSource({ seed: 1, speedup: 1200 }); // an hour of trading every ~3 s
 */
export function stockTradeSource(options: StockTradeOptions = {}): Source<StockTrade> {
  checkKnownOptions(options, OPTIONS, NAME);
  const config = readOptions(options);
  return {
    name: NAME,
    bounded: config.maxRecords !== Number.POSITIVE_INFINITY,
    splits: () => generatorSplits(NAME, config.splits),
    createReader(split: SourceSplit, position: unknown, ctx: SourceContext): SourceReader<StockTrade> {
      const generator = new TradeGenerator(config, splitIndexOf(split, NAME, config.splits));
      if (position !== undefined && position !== null && !generator.restore(position)) throw badPosition(NAME, split, position);
      return new GeneratorReader(generator, () => ctx.now(), config.speedup !== undefined);
    },
  };
}

interface TradeConfig {
  readonly seed: number;
  readonly symbols: readonly string[];
  readonly startTime: number;
  readonly meanGapMs: number;
  readonly speedup: number | undefined;
  readonly outOfOrderFraction: number;
  readonly maxOutOfOrderMs: number;
  readonly lateFraction: number;
  readonly maxRecords: number;
  readonly splits: number;
}

function readOptions(options: StockTradeOptions): TradeConfig {
  const symbols = options.symbols ?? DEFAULT_SYMBOLS;
  if (!Array.isArray(symbols) || symbols.length === 0 || !symbols.every((s) => typeof s === 'string' && s.length > 0)) {
    throw new ConfigError('symbols', `must be a non-empty array of non-empty strings, got ${describe(symbols)}`);
  }
  const splits = numberOption(options.splits, 'splits', 1, { integer: true, min: 1 });
  const rate = numberOption(options.eventsPerSimulatedSecond, 'eventsPerSimulatedSecond', 10, { above: 0 });
  const outOfOrderFraction = numberOption(options.outOfOrderFraction, 'outOfOrderFraction', 0.05, { min: 0, max: 1 });
  const lateFraction = numberOption(options.lateFraction, 'lateFraction', 0.002, { min: 0, max: 1 });
  if (outOfOrderFraction + lateFraction > 1) {
    throw new ConfigError('lateFraction', `plus outOfOrderFraction must not exceed 1, got ${lateFraction} + ${outOfOrderFraction}`);
  }
  return {
    seed: numberOption(options.seed, 'seed', 0, { integer: true }),
    symbols: symbols.slice(),
    startTime: numberOption(options.startTime, 'startTime', Date.UTC(2024, 0, 1), { integer: true }),
    meanGapMs: (1000 * splits) / rate,
    speedup: numberOption(options.speedup, 'speedup', undefined, { above: 0 }),
    outOfOrderFraction,
    maxOutOfOrderMs: numberOption(options.maxOutOfOrderMs, 'maxOutOfOrderMs', 4000, { integer: true, min: 1 }),
    lateFraction,
    maxRecords: numberOption(options.maxRecords, 'maxRecords', Number.POSITIVE_INFINITY, { integer: true, min: 0 }),
    splits,
  };
}

/** A base price for a symbol without a known one: a stable value in [20, 500) derived from its name. */
function basePrice(symbol: string): number {
  const known = BASE_PRICES[symbol];
  if (known !== undefined) return known;
  let hash = 2166136261;
  for (let i = 0; i < symbol.length; i++) hash = Math.imul(hash ^ symbol.charCodeAt(i), 16777619);
  return 20 + ((hash >>> 0) % 480);
}

class TradeGenerator implements SplitGenerator<StockTrade> {
  private readonly config: TradeConfig;
  private readonly random: Random;
  private readonly logBases: number[];
  private readonly share: number;
  private logPrices: number[];
  private clock: number;
  private emitted = 0;

  constructor(config: TradeConfig, index: number) {
    this.config = config;
    this.random = new Random(config.seed, index);
    this.logBases = config.symbols.map((symbol) => Math.log(basePrice(symbol)));
    this.logPrices = this.logBases.slice();
    this.share = shareOf(config.maxRecords, index, config.splits);
    this.clock = config.startTime;
  }

  hasNext(): boolean {
    return this.emitted < this.share;
  }

  nextDueMs(): number {
    return (this.clock - this.config.startTime) / (this.config.speedup ?? 1);
  }

  next(values: StockTrade[], times: number[]): void {
    const { config, random } = this;
    const s = random.nextInt(config.symbols.length);
    const logPrice = this.logPrices[s] + THETA * (this.logBases[s] - this.logPrices[s]) + SIGMA * random.nextGaussian();
    this.logPrices[s] = logPrice;
    const price = Math.max(0.01, Math.round(Math.exp(logPrice) * 100) / 100);
    const shares = random.nextBoolean(BIG_TRADE_FRACTION)
      ? random.nextIntBetween(BIG_SHARES_MIN, BIG_SHARES_MAX)
      : random.nextIntBetween(1, SMALL_SHARES_MAX);
    // The disorder: the trade happened at `clock` but some are stamped (i.e. arrive as if delayed) earlier.
    const roll = random.nextDouble();
    let shift = 0;
    if (roll < config.lateFraction) shift = random.nextIntBetween(LATE_SHIFT_MS.min, LATE_SHIFT_MS.max);
    else if (roll < config.lateFraction + config.outOfOrderFraction) shift = random.nextIntBetween(1, config.maxOutOfOrderMs);
    const time = Math.floor(this.clock) - shift;
    values.push({
      symbol: config.symbols[s],
      shares,
      price,
      transaction_date: time,
      transaction_value: Math.round(shares * price * 100) / 100,
    });
    times.push(time);
    this.emitted++;
    this.clock += random.nextExponential(config.meanGapMs);
  }

  position(): StockTradePosition {
    return { emitted: this.emitted, clock: this.clock, logPrices: this.logPrices.slice(), random: this.random.getState() };
  }

  restore(position: unknown): boolean {
    const { emitted, clock, logPrices, random } = position as Partial<StockTradePosition>;
    if (!Number.isSafeInteger(emitted) || (emitted as number) < 0 || typeof clock !== 'number' || !Number.isFinite(clock)) return false;
    if (!Array.isArray(logPrices) || logPrices.length !== this.logBases.length || !logPrices.every(Number.isFinite)) return false;
    if (!isRandomState(random)) return false;
    this.emitted = emitted as number;
    this.clock = clock;
    this.logPrices = logPrices.slice();
    this.random.setState(random);
    return true;
  }
}
