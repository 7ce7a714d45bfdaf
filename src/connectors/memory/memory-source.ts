import { ConfigError } from '../../core/errors.ts';
import type { End, Source, SourceBatch, SourceReader, SourceSplit } from '../spi.ts';
import { END } from '../spi.ts';

/**
 * Options of {@link memorySource}.
 *
 * @example
 * const source = memorySource(trades, { splits: 2 });
 */
export interface MemorySourceOptions<T> {
  /** Event timestamps: one per value, or a function of the value and its index. */
  readonly times?: readonly number[] | ((value: T, index: number) => number);
  /** Number of splits; the array is cut into that many contiguous ranges. Default 1. */
  readonly splits?: number;
  readonly name?: string;
}

/** A contiguous range `[start, end)` of the array. */
interface MemorySplit extends SourceSplit {
  readonly start: number;
  readonly end: number;
}

/**
 * A bounded source over an array, for tests and examples. Each split reads a contiguous range; its
 * position is the index of the next value, so a restore continues exactly where the checkpoint was.
 * All splits are listed whatever the task; the runtime spreads them over tasks.
 *
 * @example
 * const trades = memorySource([{ symbol: 'AAPL', price: 101.5 }], { times: [1704103200000] });
 */
export function memorySource<T>(values: readonly T[], options: MemorySourceOptions<T> = {}): Source<T> {
  const splitCount = options.splits ?? 1;
  if (!Number.isInteger(splitCount) || splitCount < 1) throw new ConfigError('splits', `must be a positive integer, got ${splitCount}`);
  const times = options.times;
  if (Array.isArray(times) && times.length !== values.length) {
    throw new ConfigError('times', `needs one timestamp per value: ${values.length} values, ${times.length} times`);
  }
  const timeAt: ((index: number) => number) | undefined =
    times === undefined ? undefined : typeof times === 'function' ? (i) => times(values[i], i) : (i) => (times as readonly number[])[i];

  return {
    name: options.name ?? 'memory',
    bounded: true,
    splits(): MemorySplit[] {
      const splits: MemorySplit[] = [];
      const size = Math.ceil(values.length / splitCount);
      for (let i = 0; i < splitCount; i++) {
        splits.push({ id: `memory-${i}`, start: Math.min(i * size, values.length), end: Math.min((i + 1) * size, values.length) });
      }
      return splits;
    },
    createReader(split: SourceSplit, position: unknown): SourceReader<T> {
      const { start, end } = split as MemorySplit;
      let next = typeof position === 'number' ? position : start;
      return {
        poll(maxRecords: number): SourceBatch<T> | End {
          if (next >= end) return END;
          const stop = Math.min(end, next + Math.max(1, maxRecords));
          const batch = values.slice(next, stop);
          let batchTimes: number[] | undefined;
          if (timeAt !== undefined) {
            batchTimes = new Array<number>(stop - next);
            for (let i = next; i < stop; i++) batchTimes[i - next] = timeAt(i);
          }
          next = stop;
          return batchTimes === undefined ? { values: batch } : { values: batch, times: batchTimes };
        },
        position: () => next,
        close() {},
      };
    },
  };
}
