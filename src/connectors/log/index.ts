// The in-process log: Kafka's topics, partitions, offsets and consumer groups in memory, with a
// source and an exactly-once sink, so multi-stage jobs run embedded as they would on Kafka.
export { InProcessLog, defaultLog } from './in-process-log.ts';
export type { LogKey, LogRecord, LogRecordInput, RecordMetadata, TopicPartitionOffset } from './log-record.ts';
export { murmur2, partitionForKey } from './murmur2.ts';
export { logSource, type LogPosition, type LogSource, type LogSourceOptions, type LogSplit } from './log-source.ts';
export { logSink, type LogSinkOptions } from './log-sink.ts';
export { isInProcessLogConnector } from './in-process-connectors.ts';
