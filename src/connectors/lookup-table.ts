/**
 * What a table offers as the dimension of a lookup join (`JOIN dim FOR SYSTEM_TIME AS OF s.proc_time`):
 * today the whole table, loaded before the job reads input and reloaded on a schedule (Flink's FULL
 * lookup cache). Per-key lookups (caches NONE and PARTIAL) are planned.
 */
import type { Row } from '../core/row.ts';

/**
 * A lookup join's table, read whole.
 *
 * @example
 * const dim: LookupTable = { name: 'jdbc:customers', loadAll: async () => [{ id: 1, name: 'Ann' }], reloadIntervalMs: 60_000 };
 */
export interface LookupTable {
  readonly name: string;
  /** Every row of the table, typed by its schema (retries included: a rejection fails the job). */
  loadAll(): Promise<Row[]>;
  /** Reload the table this often (processing time); absent = loaded once. */
  readonly reloadIntervalMs?: number;
  /** 'FIXED_DELAY' (default): the interval counts from the end of the last load; 'FIXED_RATE': from its start. */
  readonly reloadMode?: 'FIXED_DELAY' | 'FIXED_RATE';
}
