/**
 * Spark's rate source: rows `{ timestamp, value }` where value counts 0, 1, 2, … at a steady rate
 * (after an optional ramp-up) and timestamp is when the value was due on the processing-time clock.
 * The values are dealt over `partitions` splits round-robin (split p yields p, p + n, p + 2n, …);
 * a split's position is how many values it yielded plus the start time, so a restored job gives
 * every value the same timestamp again and catches up on the values due while it was down.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, SluiceError } from '../../core/errors.ts';
import type { End, Source, SourceBatch, SourceContext, SourceReader, SourceSplit } from '../spi.ts';
import { RateSchedule } from './rate-schedule.ts';

/** One generated row; `timestamp` is epoch milliseconds. @example const row: RateRow = { timestamp: 1704103200000, value: 0 }; */
export interface RateRow {
  timestamp: number;
  value: number;
}

/**
 * @example
 * const options: RateSourceOptions = { rowsPerSecond: 100, rampUpSeconds: 5, partitions: 2 };
 */
export interface RateSourceOptions {
  /** Values per second over all partitions once ramped up; default 1. */
  readonly rowsPerSecond?: number;
  /** Whole seconds over which the rate grows linearly to `rowsPerSecond`; default 0. */
  readonly rampUpSeconds?: number;
  /** How many splits the values are dealt over; default 1. */
  readonly partitions?: number;
  readonly name?: string;
}

/**
 * A split of the rate source; `startTime` is when value 0 was due (fixed when the job first lists the splits).
 *
 * @example
 * const split: RateSplit = { id: 'rate-1', partition: 1, startTime: 1704103200000 };
 */
export interface RateSplit extends SourceSplit {
  readonly partition: number;
  readonly startTime: number;
}

/**
 * Where a split is: it yielded `emitted` values of a source started at `startTime` with `partitions` splits.
 *
 * @example
 * reader.position() // { emitted: 42, startTime: 1704103200000, partitions: 2 }
 */
export interface RatePosition {
  readonly emitted: number;
  readonly startTime: number;
  readonly partitions: number;
}

/** The longest a poll waits for the next value before resolving with an empty batch. */
const MAX_WAIT_MS = 50;

/**
 * The rate source (unbounded).
 *
 * @example
 * const ticks = rateSource({ rowsPerSecond: 10, partitions: 2 });
 * // split 'rate-0' yields { value: 0 }, { value: 2 }, …; split 'rate-1' yields 1, 3, …
 */
export function rateSource(options: RateSourceOptions = {}): Source<RateRow> {
  const partitions = options.partitions ?? 1;
  if (!Number.isInteger(partitions) || partitions < 1) throw new ConfigError('number-of-partitions', `must be a positive integer, got ${partitions}`);
  const rowsPerSecond = options.rowsPerSecond ?? 1;
  const rampUpSeconds = options.rampUpSeconds ?? 0;
  // Checks the options when the job is built (each reader builds its own, for its cached second).
  new RateSchedule(rowsPerSecond, rampUpSeconds);
  const name = options.name ?? 'rate';
  return {
    name,
    bounded: false,
    splits(ctx: SourceContext): RateSplit[] {
      const startTime = ctx.now();
      return Array.from({ length: partitions }, (_, partition) => ({ id: `rate-${partition}`, partition, startTime }));
    },
    createReader(split: SourceSplit, position: unknown, ctx: SourceContext): SourceReader<RateRow> {
      const partition = partitionOf(split, partitions, name);
      const restored = position as RatePosition | undefined;
      if (restored !== undefined && (restored.partitions !== partitions || !Number.isInteger(restored.emitted))) {
        throw new SluiceError(`${name}: cannot resume split '${split.id}' from ${JSON.stringify(position)}: the source now has ${partitions} partitions`);
      }
      const startTime = restored?.startTime ?? (split as Partial<RateSplit>).startTime ?? ctx.now();
      return new RateSplitReader(new RateSchedule(rowsPerSecond, rampUpSeconds), partition, partitions, startTime, restored?.emitted ?? 0, () => ctx.now());
    },
  };
}

function partitionOf(split: SourceSplit, partitions: number, name: string): number {
  const partition = (split as Partial<RateSplit>).partition ?? Number(split.id.slice('rate-'.length));
  if (!Number.isInteger(partition) || partition < 0 || partition >= partitions || split.id !== `rate-${partition}`) {
    throw new SluiceError(`${name}: split '${split.id}' is not one of its ${partitions} splits`);
  }
  return partition;
}

/** Yields the values of one partition that are due by now. */
class RateSplitReader implements SourceReader<RateRow> {
  private readonly schedule: RateSchedule;
  private readonly partition: number;
  private readonly partitions: number;
  private readonly startTime: number;
  private readonly now: () => number;
  private emitted: number;

  constructor(schedule: RateSchedule, partition: number, partitions: number, startTime: number, emitted: number, now: () => number) {
    this.schedule = schedule;
    this.partition = partition;
    this.partitions = partitions;
    this.startTime = startTime;
    this.emitted = emitted;
    this.now = now;
  }

  poll(maxRecords: number): Promise<SourceBatch<RateRow>> | SourceBatch<RateRow> | End {
    const batch = this.take(maxRecords);
    if (batch.values.length > 0) return batch;
    const wait = Math.min(MAX_WAIT_MS, Math.max(1, this.dueAt(this.emitted) - this.now()));
    return sleep(wait).then(() => this.take(maxRecords));
  }

  position(): RatePosition {
    return { emitted: this.emitted, startTime: this.startTime, partitions: this.partitions };
  }

  close(): void {}

  private take(maxRecords: number): SourceBatch<RateRow> {
    const now = this.now();
    const limit = Math.max(1, Math.floor(maxRecords));
    const values: RateRow[] = [];
    const times: number[] = [];
    while (values.length < limit) {
      const due = this.dueAt(this.emitted);
      if (due > now) break;
      values.push({ timestamp: due, value: this.partition + this.emitted * this.partitions });
      times.push(due);
      this.emitted++;
    }
    return { values, times };
  }

  /** When this partition's `index`-th value is due. */
  private dueAt(index: number): number {
    return this.startTime + this.schedule.offsetOf(this.partition + index * this.partitions);
  }
}
