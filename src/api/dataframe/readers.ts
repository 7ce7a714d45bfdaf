import { toMillis } from '../../core/duration.ts';
import { scanTable, type Relation } from '../sql/planner/index.ts';
import { analysisError } from './analysis-exception.ts';
import { NO_POS, identifier } from './ast.ts';
import { DataFrame } from './dataframe.ts';
import { BuildContext, INPUT, item, planContext, planStep, selectOver } from './frame-planning.ts';
import type { DataFrameSession } from './session.ts';
import { sparkSourceTable, type SparkSourceResult } from './source-options.ts';
import { StructType } from './spark-types.ts';
import { OptionsBuilder } from './options-builder.ts';


/**
 * Spark's DataStreamReader (`spark.readStream`) and DataFrameReader (`spark.read`): a source format,
 * options with Spark's names, an optional schema, then `load()`. The result reads the source through
 * the same table connectors SQL uses.
 *
 * @example
 * const df = spark.readStream.format('kafka')
 *   .option('kafka.bootstrap.servers', 'localhost:9092').option('subscribe', 'stock_topic').load();
 */
export class DataReader extends OptionsBuilder {
  readonly #session: DataFrameSession;
  readonly #streaming: boolean;
  #format = '';
  #schema: StructType | undefined;

  constructor(session: DataFrameSession, streaming: boolean) {
    super();
    this.#session = session;
    this.#streaming = streaming;
  }

  /** 'kafka', 'sluice-log' (the in-process log, Kafka's shape), 'rate', 'json', 'csv'. */
  format(source: string): this {
    this.#format = source.toLowerCase();
    return this;
  }



  /** The schema of file sources (required for streaming ones, as in Spark). */
  schema(schema: StructType): this {
    this.#schema = schema;
    return this;
  }

  /** The DataFrame over the source; `path` for file sources. */
  load(path?: string): DataFrame {
    if (this.#format === '') throw analysisError(new Error('call format(…) before load()'), 'load');
    const format = this.#format;
    const options = { ...this.optionValues };
    const schema = this.#schema?.toRowType();
    const streaming = this.#streaming;
    const paths = path === undefined ? (options['path'] === undefined ? undefined : [options['path']]) : [path];
    const session = this.#session;
    const name = `${format}_source`;
    const describe = (build: BuildContext): SparkSourceResult => {
      // A streaming query with trigger once / availableNow reads what the source holds when it starts.
      const availableNow = streaming && build.boundedNow;
      const spec = {
        format, name, streaming, options, ...(availableNow ? { availableNow } : {}),
        ...(schema === undefined ? {} : { schema }), ...(paths === undefined ? {} : { paths }),
      };
      try {
        return sparkSourceTable(spec);
      } catch (error) {
        throw analysisError(error, `${streaming ? 'readStream' : 'read'}.format('${format}').load`);
      }
    };
    const limit = describe(new BuildContext()).maxRecordsPerTrigger;
    const build = (b: BuildContext): Relation => {
      try {
        const described = describe(b);
        const table = described.table;
        const monitor = table.options['source.monitor-interval'];
        if (monitor !== undefined) b.pollIntervalMs = Math.max(b.pollIntervalMs, toMillis(monitor, 'source.monitor-interval'));
        const { table: _, columns } = described;
        const scanned = scanTable(table, { pos: NO_POS, qualifier: name, hints: [] }, planContext(session, b));
        // Helper columns of the table (what a computed column reads) are not the DataFrame's.
        if (columns.length === scanned.columns.length) return scanned;
        return planStep(session, b, { [INPUT]: scanned }, selectOver(INPUT, columns.map((c) => item(identifier(c), c))), 'load');
      } catch (error) {
        throw analysisError(error, 'load');
      }
    };
    return new DataFrame(session, build, { streaming, ...(streaming && limit !== undefined ? { maxRecordsPerTrigger: limit } : {}) });
  }

  /** JSON lines files. */
  json(path: string): DataFrame {
    return this.format('json').load(path);
  }

  /** CSV files. */
  csv(path: string): DataFrame {
    return this.format('csv').load(path);
  }
}
