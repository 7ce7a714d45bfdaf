/**
 * Sources and sinks on an {@link InProcessLog} live in one thread's memory: a job using one cannot
 * run as tasks in worker threads (each would see a log of its own). The CLI asks before it spreads
 * a job over threads.
 */
import type { InProcessLog } from './in-process-log.ts';

const made = new WeakSet<object>();

/**
 * Registers a log source or sink (returns it unchanged).
 *
 * @example
 * const source = markInProcessLog({ name: 'log:trades', bounded: false, splits, createReader });
 */
export function markInProcessLog<T extends object>(connector: T): T {
  made.add(connector);
  return connector;
}

/**
 * True for a source or sink made by `logSource` / `logSink` (the {@link InProcessLog}).
 *
 * @example
 * isInProcessLogConnector(logSource(log, { topic: 'trades' })); // true
 */
export function isInProcessLogConnector(value: unknown): boolean {
  return typeof value === 'object' && value !== null && made.has(value);
}
