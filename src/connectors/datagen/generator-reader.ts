/**
 * The reader every generator shares: it asks a {@link SplitGenerator} for records and, when the
 * source is paced (rows per second, or event time replayed at a speed-up), releases each record
 * only once its moment has come on the processing-time clock.
 *
 * Waiting is an async sleep of at most {@link MAX_POLL_WAIT_MS}; if nothing is due by then, poll
 * resolves with an empty batch so the runtime can see the source is idle and run its timers.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SluiceError } from '../../core/errors.ts';
import { END, type End, type SourceBatch, type SourceReader, type SourceSplit } from '../spi.ts';

/** The longest a paced poll waits before resolving with an empty batch. */
export const MAX_POLL_WAIT_MS = 50;

/** One generator shard: a deterministic sequence of records with a checkpointable position. */
export interface SplitGenerator<T> {
  /** False once a bounded shard has produced all its records. */
  hasNext(): boolean;
  /**
   * When the next record is due, in milliseconds of pacing time (any origin: the reader only
   * compares differences). Consulted only when the source is paced.
   */
  nextDueMs(): number;
  /** Appends the next record and its event time. */
  next(values: T[], times: number[]): void;
  /** Structured-cloneable: given back to the generator's factory to continue after the last record. */
  position(): unknown;
}

/**
 * Reads a generator, pacing it against `now` when `paced` is true.
 *
 * @example
 * const reader = new GeneratorReader(generator, () => Date.now(), true);
 * const batch = await reader.poll(500); // the records due so far, or [] after a short wait
 */
export class GeneratorReader<T> implements SourceReader<T> {
  private readonly generator: SplitGenerator<T>;
  private readonly now: () => number;
  private readonly paced: boolean;
  private readonly withTimes: boolean;
  // Pacing time = dueOrigin + (now - openedAt): a restored reader resumes at its own pace
  // instead of bursting to catch up on the time it was down.
  private readonly openedAt: number;
  private readonly dueOrigin: number;

  constructor(generator: SplitGenerator<T>, now: () => number, paced: boolean, withTimes = true) {
    this.generator = generator;
    this.now = now;
    this.paced = paced;
    this.withTimes = withTimes;
    this.openedAt = paced ? now() : 0;
    this.dueOrigin = paced && generator.hasNext() ? generator.nextDueMs() : 0;
  }

  poll(maxRecords: number): Promise<SourceBatch<T> | End> | SourceBatch<T> | End {
    if (!this.generator.hasNext()) return END;
    const limit = Math.max(1, Math.floor(maxRecords));
    if (!this.paced) return this.take(limit, Number.POSITIVE_INFINITY);
    const batch = this.take(limit, this.pacingTime());
    if (batch.values.length > 0) return batch;
    const wait = Math.min(MAX_POLL_WAIT_MS, Math.max(1, this.generator.nextDueMs() - this.pacingTime()));
    return sleep(wait).then(() => this.take(limit, this.pacingTime()));
  }

  position(): unknown {
    return this.generator.position();
  }

  close(): void {}

  private pacingTime(): number {
    return this.dueOrigin + (this.now() - this.openedAt);
  }

  private take(limit: number, dueBy: number): SourceBatch<T> {
    const values: T[] = [];
    const times: number[] = [];
    const generator = this.generator;
    while (values.length < limit && generator.hasNext() && (dueBy === Number.POSITIVE_INFINITY || generator.nextDueMs() <= dueBy)) {
      generator.next(values, times);
    }
    return this.withTimes ? { values, times } : { values };
  }
}

/**
 * The splits of a generator: `count` shards named `<name>-<index>`.
 *
 * @example
 * generatorSplits('nexmark', 2) // [{ id: 'nexmark-0' }, { id: 'nexmark-1' }]
 */
export function generatorSplits(name: string, count: number): SourceSplit[] {
  const splits: SourceSplit[] = [];
  for (let i = 0; i < count; i++) splits.push({ id: `${name}-${i}` });
  return splits;
}

/**
 * The shard index of a split made by {@link generatorSplits}; fails for a split of another source
 * or of a different split count (a checkpoint from a job with other options).
 *
 * @example
 * splitIndexOf({ id: 'nexmark-1' }, 'nexmark', 2) // 1
 */
export function splitIndexOf(split: SourceSplit, name: string, count: number): number {
  const prefix = `${name}-`;
  const index = split.id.startsWith(prefix) ? Number(split.id.slice(prefix.length)) : Number.NaN;
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new SluiceError(`${name}: split '${split.id}' is not one of its ${count} splits`);
  }
  return index;
}

/**
 * How many of `total` records fall to shard `index` of `count` when records are dealt round-robin
 * (record r goes to shard r mod count).
 *
 * @example
 * shareOf(10, 0, 3) // 4 (records 0, 3, 6, 9)
 */
export function shareOf(total: number, index: number, count: number): number {
  if (total === Number.POSITIVE_INFINITY) return total;
  return total > index ? Math.ceil((total - index) / count) : 0;
}

/**
 * The error for a position this generator did not write (a checkpoint from another source or version).
 *
 * @example
 * throw badPosition('nexmark', split, position);
 */
export function badPosition(name: string, split: SourceSplit, position: unknown): SluiceError {
  return new SluiceError(`${name}: cannot resume split '${split.id}' from position ${JSON.stringify(position)}`);
}
