/**
 * A DataFrame source — Spark's `format(…)`, `option(…)`, `schema(…)`, `load(path)` — as a catalog
 * table the SQL machinery scans through the connector registry. Each format maps Spark's option
 * names and semantics onto a connector's Flink-style options:
 *
 *   kafka       → the `kafka` connector (see source-kafka.ts)
 *   sluice-log  → the in-process log, with the same options and columns as kafka
 *   rate        → the `rate` connector
 *   json, csv   → the `filesystem` connector; streaming watches the directory for new files
 *
 * Option keys are case-insensitive, as in Spark; unknown options fail with the valid ones listed.
 */
import type { RowType } from '../../core/data-types.ts';
import { ConfigError } from '../../core/errors.ts';
import type { TableDescriptor } from '../../catalog/descriptors.ts';
import { closest } from '../../connectors/table-options.ts';
import { fileSourceTable } from './source-files.ts';
import { kafkaSourceTable } from './source-kafka.ts';
import { SparkOptionMap } from './source-option-map.ts';
import { rateSourceTable } from './source-rate.ts';

/**
 * What a DataFrameReader / DataStreamReader collected before `load()`.
 *
 * @example
 * const spec: SparkSourceSpec = { format: 'kafka', options: { 'kafka.bootstrap.servers': 'localhost:9092', 'subscribe': 'trades' },
 *   streaming: true, name: 'trades' };
 */
export interface SparkSourceSpec {
  readonly format: string;
  readonly options: Readonly<Record<string, string>>;
  /** `schema(…)`: required for streaming file sources, refused by kafka and rate. */
  readonly schema?: RowType;
  /** `load(path)` / `json(path)`; file sources also take the `path` option. */
  readonly paths?: readonly string[];
  /** `readStream` (true) or `read` (false, bounded). */
  readonly streaming: boolean;
  /**
   * A streaming read under trigger once / availableNow: streaming defaults and rules (kafka starts at
   * 'latest' unless told, no `endingOffsets`, files need a schema), but the table ends at what the
   * source holds when the query starts — the log's latest offsets, the files there now. Refused by
   * `rate`, which has no end.
   */
  readonly availableNow?: boolean;
  /** The table's name (in plans and errors). */
  readonly name: string;
}

/**
 * The table for a source, and what the micro-batch layer needs besides.
 *
 * @example
 * const { table, columns, maxRecordsPerTrigger } = sparkSourceTable(spec);
 */
export interface SparkSourceResult {
  readonly table: TableDescriptor;
  /**
   * The DataFrame's columns, in order. The table may hold helper columns after them (the Kafka
   * timestamp type's text, from which `timestampType` is computed): project to these.
   */
  readonly columns: readonly string[];
  /** `maxOffsetsPerTrigger` (kafka, sluice-log): at most this many records per micro-batch, over all partitions. */
  readonly maxRecordsPerTrigger?: number;
  /** `maxFilesPerTrigger` (json, csv): at most this many new files per micro-batch. */
  readonly maxFilesPerTrigger?: number;
}

/** The source formats, for errors. @example SPARK_SOURCE_FORMATS // ['csv', 'json', 'kafka', 'rate', 'sluice-log'] */
export const SPARK_SOURCE_FORMATS: readonly string[] = ['csv', 'json', 'kafka', 'rate', 'sluice-log'];

/**
 * The catalog table of a DataFrame source (Spark's format, options, schema and paths).
 *
 * @example
 * const { table } = sparkSourceTable({ format: 'kafka', streaming: true, name: 'stock',
 *   options: { 'kafka.bootstrap.servers': 'localhost:9092', 'subscribe': 'stock_topic' } });
 * table.options // { connector: 'kafka', topic: 'stock_topic', 'properties.bootstrap.servers': 'localhost:9092',
 *               //   'key.format': 'raw', …, 'scan.startup.mode': 'latest-offset' }
 * table.columns.map((c) => c.name) // ['key', 'value', 'topic', 'partition', 'offset', 'timestamp', 'timestampType', …]
 */
export function sparkSourceTable(spec: SparkSourceSpec): SparkSourceResult {
  const format = spec.format.trim().toLowerCase();
  const options = new SparkOptionMap(format, spec.options);
  switch (format) {
    case 'kafka':
    case 'sluice-log':
      return kafkaSourceTable(spec, options, format);
    case 'rate':
      return rateSourceTable(spec, options);
    case 'json':
    case 'csv':
      return fileSourceTable(spec, options, format);
    default: {
      const hint = closest(format, SPARK_SOURCE_FORMATS);
      throw new ConfigError('format', `unknown source format '${spec.format}'.${hint === undefined ? '' : ` Did you mean '${hint}'?`} Available: ${SPARK_SOURCE_FORMATS.join(', ')}`);
    }
  }
}
