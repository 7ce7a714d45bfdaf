/**
 * The Nexmark source: the benchmark's auction events. Event numbers are dealt round-robin over the
 * splits (event n goes to split n mod splits), so together the splits produce exactly the sequence
 * one split would, with event time advancing evenly across them.
 */
import type { Source, SourceContext, SourceReader, SourceSplit } from '../../spi.ts';
import { badPosition, GeneratorReader, generatorSplits, shareOf, splitIndexOf, type SplitGenerator } from '../generator-reader.ts';
import { checkKnownOptions, numberOption } from '../options.ts';
import { NexmarkEvents } from './events.ts';
import type { NexmarkEvent } from './model.ts';

/**
 * Options of {@link nexmarkSource}.
 *
 * @example
 * const options: NexmarkOptions = { eventsPerSecond: 10_000, maxEvents: 1_000_000, splits: 4 };
 */
export interface NexmarkOptions {
  /** Default 0. */
  readonly seed?: number;
  /** Events per second of event time over all splits; default 10 000. */
  readonly eventsPerSecond?: number;
  /** Event time of the first event, epoch ms; default 2024-01-01T00:00:00Z. */
  readonly firstEventTime?: number;
  /** Total events over all splits; absent = unbounded. */
  readonly maxEvents?: number;
  /** Default 1. */
  readonly splits?: number;
  /** Event-time ms replayed per wall-clock ms (1 = real time); absent = as fast as possible. */
  readonly speedup?: number;
}

/** What a Nexmark reader's `position()` returns: the events are a function of their number. */
export interface NexmarkPosition {
  /** Events this split has produced. */
  readonly emitted: number;
}

const NAME = 'nexmark';
const OPTIONS = ['seed', 'eventsPerSecond', 'firstEventTime', 'maxEvents', 'splits', 'speedup'] as const;

/**
 * A source of Nexmark events `{ event_type, person, auction, bid }`; event time is the part's `dateTime`.
 *
 * @example
 * const events = nexmarkSource({ maxEvents: 100_000 });
 * // per 50 events: 1 person, 3 auctions, 46 bids; ids start at 1000
 */
export function nexmarkSource(options: NexmarkOptions = {}): Source<NexmarkEvent> {
  checkKnownOptions(options, OPTIONS, NAME);
  const clock = {
    seed: numberOption(options.seed, 'seed', 0, { integer: true }),
    eventsPerSecond: numberOption(options.eventsPerSecond, 'eventsPerSecond', 10_000, { above: 0 }),
    firstEventTime: numberOption(options.firstEventTime, 'firstEventTime', Date.UTC(2024, 0, 1), { integer: true }),
  };
  const maxEvents = numberOption(options.maxEvents, 'maxEvents', Number.POSITIVE_INFINITY, { integer: true, min: 0 });
  const splitCount = numberOption(options.splits, 'splits', 1, { integer: true, min: 1 });
  const speedup = numberOption(options.speedup, 'speedup', undefined, { above: 0 });
  return {
    name: NAME,
    bounded: maxEvents !== Number.POSITIVE_INFINITY,
    splits: () => generatorSplits(NAME, splitCount),
    createReader(split: SourceSplit, position: unknown, ctx: SourceContext): SourceReader<NexmarkEvent> {
      const index = splitIndexOf(split, NAME, splitCount);
      const generator = new NexmarkGenerator(new NexmarkEvents(clock), index, splitCount, shareOf(maxEvents, index, splitCount), speedup ?? 1);
      if (position !== undefined && position !== null && !generator.restore(position)) throw badPosition(NAME, split, position);
      return new GeneratorReader(generator, () => ctx.now(), speedup !== undefined);
    },
  };
}

class NexmarkGenerator implements SplitGenerator<NexmarkEvent> {
  private readonly events: NexmarkEvents;
  private readonly index: number;
  private readonly splitCount: number;
  private readonly share: number;
  private readonly speedup: number;
  private readonly firstTime: number;
  private emitted = 0;

  constructor(events: NexmarkEvents, index: number, splitCount: number, share: number, speedup: number) {
    this.events = events;
    this.index = index;
    this.splitCount = splitCount;
    this.share = share;
    this.speedup = speedup;
    this.firstTime = events.timeOf(0);
  }

  hasNext(): boolean {
    return this.emitted < this.share;
  }

  nextDueMs(): number {
    return (this.events.timeOf(this.nextNumber()) - this.firstTime) / this.speedup;
  }

  next(values: NexmarkEvent[], times: number[]): void {
    const n = this.nextNumber();
    values.push(this.events.event(n));
    times.push(this.events.timeOf(n));
    this.emitted++;
  }

  position(): NexmarkPosition {
    return { emitted: this.emitted };
  }

  restore(position: unknown): boolean {
    const { emitted } = position as Partial<NexmarkPosition>;
    if (!Number.isSafeInteger(emitted) || (emitted as number) < 0) return false;
    this.emitted = emitted as number;
    return true;
  }

  private nextNumber(): number {
    return this.index + this.emitted * this.splitCount;
  }
}
