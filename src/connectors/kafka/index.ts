// The Kafka connector: a source and a two-phase-commit sink on a real broker, through
// @platformatic/kafka behind the thin client in client.ts.
export { isInternalTopic, resetApplication, type ApplicationResetOptions, type ApplicationResetReport } from './application-reset.ts';
export { KafkaClient, parseBootstrapServers, type KafkaConnectionOptions, type NewTopic, type OffsetSpec, type TopicPartition } from './client.ts';
export { kafkaCodec, KAFKA_FORMATS, type KafkaCodec, type KafkaFormat, type KafkaFormatSettings } from './codecs.ts';
export { DEAD_LETTER_HEADERS } from './dead-letter.ts';
export { FLINK_KAFKA_OPTIONS, fromFlinkOptions, sinkOptionsFromFlink, sourceOptionsFromFlink, type FlinkOptions } from './flink-options.ts';
export { isKafkaSource, kafkaSource, type KafkaSource, type KafkaSplit } from './kafka-source.ts';
export { kafkaSink } from './kafka-sink.ts';
export type { DeliveryGuarantee, KafkaPartitioner, KafkaSinkOptions } from './sink-options.ts';
export type { BoundedMode, KafkaMessage, KafkaSourceOptions, PartitionOffset, StartupMode } from './source-options.ts';
export type { KafkaPosition } from './split-reader.ts';
export type { PreparedTransaction } from './transactions.ts';
