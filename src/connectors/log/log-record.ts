/** A record key, as Kafka has it: text or bytes, or null for none. */
export type LogKey = string | Uint8Array | null;

/**
 * A record to append. `value` is any structured-cloneable value (text for the JSON format, as
 * Kafka would hold bytes); `timestamp` defaults to the log's clock at append time.
 *
 * @example
 * const input: LogRecordInput = { key: 'AAPL', value: '{"price":101.5}', timestamp: 1704103200000 };
 */
export interface LogRecordInput {
  readonly key?: LogKey;
  readonly value: unknown;
  readonly timestamp?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A record in the log, with its place in it (Kafka's ConsumerRecord), as `read` hands it out.
 *
 * @example
 * const record: LogRecord = log.read('trades', 0, 0, 1)[0];
 */
export interface LogRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: LogKey;
  readonly value: unknown;
  readonly timestamp: number;
  readonly headers: Readonly<Record<string, string>> | undefined;
}

/** Where an appended record went. */
export interface RecordMetadata {
  readonly partition: number;
  readonly offset: number;
}

/** An offset to commit for a consumer group: the next offset the group will read. */
export interface TopicPartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/**
 * The stored records of one partition as parallel columns (see `InProcessLog.view`): the record at
 * offset `o` has its value at `values[o - base]`, and so on. Read-only.
 *
 * @example
 * const view: PartitionView = log.view('trades', 0);
 * for (let i = 0; i < view.values.length; i++) console.log(view.base + i, view.values[i]);
 */
export interface PartitionView {
  /** The offset of index 0: the first offset still stored. */
  readonly base: number;
  readonly values: readonly unknown[];
  readonly keys: readonly LogKey[];
  readonly timestamps: readonly number[];
  readonly headers: readonly (Readonly<Record<string, string>> | undefined)[];
}
