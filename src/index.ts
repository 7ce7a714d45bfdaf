// Sluice's public API: what `import … from 'sluice'` gives. The CLI and examples use only this.

// Dataflow API (Bytewax / Kafka Streams style)
export {
  Dataflow, Stream, KeyedStream, WindowedStream, WindowResultStream, tumbling, sliding, session, cumulate,
  type WatermarkOptions, type WindowedOptions, type WindowOptions,
} from './api/dataflow/index.ts';
export { count, sum, avg, min, max, reduce, aggregates } from './plan/aggregate-functions.ts';
export type { AggregateFunction, KeyedProcessFunction, ProcessContext, StateAccess, TimerAccess } from './plan/functions.ts';
export type { WindowResult, WindowSpec, TimeWindow, LatenessPolicy } from './plan/windows.ts';
export type { LogicalPlan, PlanNode } from './plan/nodes.ts';
export type { ValueState, MapState, ListState, StateTtl } from './state/keyed-state.ts';

// SQL API (Flink SQL): TableEnvironment, tables and results
export {
  TableEnvironment, EnvironmentSettings, StatementSet, type TableEnvironmentOptions, type FunctionOptions,
} from './engine/table-environment.ts';
export { Table, type PrintOptions } from './engine/sql-table.ts';
export type { TableResult } from './engine/sql-table-result.ts';
export type { CollectOptions } from './engine/sql-collect.ts';
export type { ResultFormat, ResultColumn } from './engine/sql-print.ts';
export { parseScript, parseStatement, SqlParseError } from './api/sql/index.ts';
export type { Statement } from './api/sql/index.ts';
export { SqlValidationError } from './api/sql/planner/index.ts';
export { DataTypes, type DataType } from './core/data-types.ts';

// DataFrame API (Spark Structured Streaming)
export { SparkSession, SparkSessionBuilder, StreamingQueryManager } from './engine/dataframe/spark-session.ts';
export * from './api/dataframe/index.ts';

// Running jobs
export { run, start, taskCheckpointDir, type RunOptions, type JobHandle, type UiEndpoint } from './engine/run.ts';
export type { UiOptions } from './server/ui-options.ts';
export { configureLogging, parseLogLevel, type LoggingOptions } from './engine/logging.ts';
export { setLogOutput, withLogContext, LOG_LEVELS, type LogFields, type LogLevel, type LogOutput } from './core/log.ts';
export { checkTaskThreads } from './engine/task-threads.ts';
export { planFingerprint, startApplicationMember, type ApplicationMember, type ApplicationMemberOptions, type ApplicationOptions } from './engine/application.ts';
export { mergeTaskStatuses } from './engine/application-status.ts';
export { runStaticTasks, StaticTasks, type StaticTasksOptions, type RepartitionTopicOptions, type RunningSubTopology } from './engine/scaled-job.ts';
export { cutPlan, describeSubTopologies, type SubTopology, type Exchange } from './runtime/sub-topologies.ts';
export { checkParallelPlan } from './runtime/parallel-plan.ts';
export type { JobResult } from './runtime/job-runner.ts';
export type { InputProgress, JobStatus, SourceStatus } from './runtime/job-status.ts';
export type { ChangelogOptions, RestoreStatus } from './runtime/changelog/changelog-options.ts';
export { ChangelogStandby, type StandbyOptions } from './runtime/changelog/changelog-standby.ts';
export { CheckpointStorage, MemoryCheckpointStorage, type CheckpointStore } from './state/checkpoint-storage.ts';
export { parseStateBackendKind, type StateBackendChoice } from './state/create-backend.ts';
export type { StateBackendKind } from './state/state-backend.ts';
export { STATE_CONFIG_KEYS, stateRunOptions } from './engine/state-config.ts';

// Connectors
export type { Source, SourceReader, SourceSplit, SourceBatch, Sink, SinkContext, SourceContext } from './connectors/spi.ts';
export { END } from './connectors/spi.ts';
export * from './connectors/datagen/index.ts';
export * from './connectors/memory/index.ts';
export * from './connectors/console/index.ts';
export * from './connectors/blackhole/index.ts';
export * from './connectors/file/index.ts';
export * from './connectors/log/index.ts';
export * from './connectors/kafka/index.ts';

// Core
export type { Row } from './core/row.ts';
export type { Batch } from './core/batch.ts';
export { ConfigError, PlanError, RecordError, SluiceError, type RecordOrigin } from './core/errors.ts';
export { toMillis, type Duration } from './core/duration.ts';
export { CONFIG_KEYS, checkSetting, type ConfigKey } from './core/config-keys.ts';
export { formatTimestamp, parseTimestamp } from './core/timestamp-format.ts';
