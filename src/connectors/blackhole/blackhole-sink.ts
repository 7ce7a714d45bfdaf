import type { Sink } from '../spi.ts';

/** A sink that discards records and counts them. */
export interface BlackholeSink<T> extends Sink<T> {
  /** Records written since the sink was created. */
  readonly count: number;
}

/**
 * Discards everything (Flink's blackhole connector): for benchmarks, where the sink must cost
 * nothing, and for jobs run only for their side effects.
 *
 * @example
 * const sink = blackholeSink();
 * // … run a job into it …
 * console.log(`${sink.count} records`);
 */
export function blackholeSink<T = unknown>(): BlackholeSink<T> {
  let count = 0;
  return {
    name: 'blackhole',
    get count() {
      return count;
    },
    open() {},
    write(values: T[]) {
      count += values.length;
    },
    prepareCommit: () => null,
    commit() {},
    abort() {},
    close() {},
  };
}
