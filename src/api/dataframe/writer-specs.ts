import type { Row } from '../../core/row.ts';
import type { DataFrame } from './dataframe.ts';

/** Spark's output modes: which rows of the result table each micro-batch writes. */
export type OutputMode = 'append' | 'update' | 'complete';

/**
 * When micro-batches run: as fast as possible (default), every interval, or once over what is
 * available now (`availableNow` in as many batches as needed, `once` in one) and then stop.
 *
 * @example
 * const t: Trigger = { processingTime: '1 second' };
 */
export type Trigger =
  | { readonly processingTime: string | number }
  | { readonly availableNow: true }
  | { readonly once: true }
  | { readonly continuous: string | number };

/** Spark's ForeachWriter: open per partition and epoch, process each row, close. */
export interface ForeachWriter {
  /** Before a partition's rows of a batch; return false to skip them. */
  open?(partitionId: number, epochId: number): boolean | Promise<boolean>;
  /** One row of the batch. */
  process(row: Row): void | Promise<void>;
  /** After the partition's rows, with the error that stopped them, if any. */
  close?(error: Error | null): void | Promise<void>;
}

/** Everything `writeStream…start()` collected. */
export interface StreamWriteSpec {
  readonly format: string;
  readonly options: Readonly<Record<string, string>>;
  readonly outputMode: OutputMode;
  readonly trigger?: Trigger;
  readonly queryName?: string;
  readonly path?: string;
  /** `foreachBatch`: called with each micro-batch as a batch DataFrame. */
  readonly foreachBatch?: (batch: DataFrame, batchId: number) => void | Promise<void>;
  /** `foreach`: called for each row of each micro-batch. */
  readonly foreach?: ForeachWriter | ((row: Row) => void | Promise<void>);
}

/** Everything `write…save()` collected. */
export interface BatchWriteSpec {
  readonly format: string;
  readonly options: Readonly<Record<string, string>>;
  readonly mode: 'append' | 'overwrite' | 'error' | 'errorifexists' | 'ignore';
  readonly path?: string;
}
