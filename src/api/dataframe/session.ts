import type { Row } from '../../core/row.ts';
import type { DataFrame } from './dataframe.ts';
import type { PlanningSession } from './frame-planning.ts';
import type { StreamingQuery } from './streaming-query.ts';
import type { BatchWriteSpec, StreamWriteSpec } from './writer-specs.ts';

/**
 * What DataFrames need of their SparkSession (src/engine/spark-session.ts implements it): planning,
 * and running — the engine starts jobs, so the API layer only describes them.
 *
 * @example
 * const session: DataFrameSession = SparkSession.builder().getOrCreate(); // the engine's implementation
 */
export interface DataFrameSession extends PlanningSession {
  /** The catalog function computing a tumbling window's start (windows over columns without a watermark). */
  readonly windowStartFunction: string;
  /** Runs a bounded DataFrame to the end and returns its rows. */
  collect(df: DataFrame): Promise<Row[]>;
  /** Prints a bounded DataFrame as Spark's show() does. */
  show(df: DataFrame, options: { numRows: number; truncate: boolean | number; vertical: boolean }): Promise<void>;
  /** Starts a streaming query. */
  startStream(df: DataFrame, spec: StreamWriteSpec): StreamingQuery;
  /** Writes a bounded DataFrame once. */
  writeBatch(df: DataFrame, spec: BatchWriteSpec): Promise<void>;
}
