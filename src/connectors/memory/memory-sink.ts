import type { Sink } from '../spi.ts';

/** A memory sink: a two-phase-commit sink whose committed output can be read back. */
export interface MemorySink<T> extends Sink<T> {
  /** Committed values, in commit order (what a reader of the sink's output may see). */
  readonly values: T[];
  /** The event timestamps of `values`. */
  readonly times: number[];
  /** Everything written, committed or not (debugging; includes writes later aborted). */
  readonly written: T[];
  /** A copy of the committed values. */
  toArray(): T[];
}

/** What `prepareCommit` returns and the checkpoint keeps: the rows themselves, so a restore can commit them. */
interface MemoryPrepared<T> {
  readonly token: string;
  readonly values: T[];
  readonly times: number[];
}

let sinkCounter = 0;

/** Commits that happened in this process (tokens are unique per sink object and prepare). */
const committedTokens = new Set<string>();

/**
 * Collects results in memory, like Flink's `collect()` or PyFlink's `to_pandas()`. Rows become
 * visible in `.values` when the checkpoint that covers them commits; a commit that runs again after
 * a restore adds nothing twice — even into a new sink object: the "external system" of a memory sink
 * is the process's memory, so which commits happened is remembered per process, not per object (a
 * job restarted in the same process with a fresh sink does not deliver the restored checkpoint's rows
 * again). One sink object may be shared by several tasks.
 *
 * @example
 * const sink = memorySink<Row>();
 * // … run a job into it …
 * console.log(sink.values);
 */
export function memorySink<T>(name = 'memory'): MemorySink<T> {
  const values: T[] = [];
  const times: number[] = [];
  const written: T[] = [];
  let pendingValues: T[] = [];
  let pendingTimes: number[] = [];
  // Tokens are unique per sink object and per prepare, so tasks sharing the sink never collide.
  const sinkId = ++sinkCounter;
  let prepareCount = 0;

  return {
    name,
    values,
    times,
    written,
    toArray: () => values.slice(),
    open() {},
    write(batch: T[], batchTimes: number[]) {
      for (let i = 0; i < batch.length; i++) {
        pendingValues.push(batch[i]);
        pendingTimes.push(batchTimes[i]);
        written.push(batch[i]);
      }
    },
    prepareCommit(checkpointId: number): MemoryPrepared<T> | null {
      if (pendingValues.length === 0) return null;
      const prepared = { token: `${sinkId}:${checkpointId}:${++prepareCount}`, values: pendingValues, times: pendingTimes };
      pendingValues = [];
      pendingTimes = [];
      return prepared;
    },
    commit(_checkpointId: number, prepared: unknown) {
      const p = prepared as MemoryPrepared<T> | null;
      if (p === null || p === undefined || committedTokens.has(p.token)) return;
      committedTokens.add(p.token);
      for (let i = 0; i < p.values.length; i++) {
        values.push(p.values[i]);
        times.push(p.times[i]);
      }
    },
    abort() {
      pendingValues = [];
      pendingTimes = [];
    },
    close() {},
  };
}
