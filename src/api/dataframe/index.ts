/**
 * The DataFrame API in the style of Spark Structured Streaming: Columns and functions, DataFrames,
 * grouped aggregation with event-time windows, readers and writers. A DataFrame compiles to the
 * SQL AST and shares the SQL binder and the logical plan; the engine (src/engine/dataframe) runs it.
 *
 * @example
 * import { col, fromJson, window } from 'sluice';
 */
export * as functions from './functions.ts';
export { col, column, lit, expr, when, window, sessionWindow, fromJson, toJson, fromAvro, toAvro, struct } from './functions.ts';
export { Column, type ColumnOrValue } from './column.ts';
export { DataFrame, type AggregationInfo, type SortKey } from './dataframe.ts';
export { GroupedData } from './grouped-data.ts';
export { AnalysisException } from './analysis-exception.ts';
export { DataReader } from './readers.ts';
export { DataStreamWriter, DataFrameWriter } from './writers.ts';
export type { StreamingQuery, StreamingQueryProgress, StreamingQueryStatus, StreamingQueryListener } from './streaming-query.ts';
export type { OutputMode, Trigger, ForeachWriter, StreamWriteSpec, BatchWriteSpec } from './writer-specs.ts';
export {
  StructType, type StructField, StringType, IntegerType, LongType, ShortType, ByteType, DoubleType, FloatType, BooleanType,
  TimestampType, DateType, BinaryType, DecimalType, ArrayType, MapType,
} from './spark-types.ts';
