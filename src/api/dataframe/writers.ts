import type { Row } from '../../core/row.ts';
import { AnalysisException } from './analysis-exception.ts';
import type { DataFrame } from './dataframe.ts';
import type { StreamingQuery } from './streaming-query.ts';
import type { BatchWriteSpec, ForeachWriter, OutputMode, StreamWriteSpec, Trigger } from './writer-specs.ts';
import { OptionsBuilder } from './options-builder.ts';

const OUTPUT_MODES: readonly OutputMode[] = ['append', 'update', 'complete'];

/**
 * Spark's DataStreamWriter: where and how a streaming query writes — `format` (console, kafka,
 * memory, json, csv, sluice-log), `outputMode`, `trigger`, `option('checkpointLocation', dir)`,
 * `foreachBatch`, `foreach` — then `start()`. Options are checked when the query starts.
 *
 * @example
 * const query = agg.writeStream.outputMode('update').format('console').option('truncate', 'false').start();
 * await query.awaitTermination();
 */
export class DataStreamWriter extends OptionsBuilder {
  readonly #df: DataFrame;
  #format = 'console';
  #mode: OutputMode = 'append';
  #trigger: Trigger | undefined;
  #name: string | undefined;
  #foreachBatch: StreamWriteSpec['foreachBatch'];
  #foreach: StreamWriteSpec['foreach'];

  constructor(df: DataFrame) {
    super();
    this.#df = df;
  }

  /** 'append' (default), 'update' or 'complete'. */
  outputMode(mode: OutputMode | string): this {
    const m = mode.toLowerCase() as OutputMode;
    if (!OUTPUT_MODES.includes(m)) throw new AnalysisException(`Unknown output mode ${mode}. Accepted output modes are 'append', 'complete', 'update'`);
    this.#mode = m;
    return this;
  }

  /** The sink: 'console', 'kafka', 'memory', 'json', 'csv', 'sluice-log', 'noop'. */
  format(source: string): this {
    this.#format = source.toLowerCase();
    return this;
  }



  /** `{ processingTime: '1 second' }`, `{ availableNow: true }` or `{ once: true }`. */
  trigger(trigger: Trigger): this {
    this.#trigger = trigger;
    return this;
  }

  /** The query's name (the memory sink's table name). */
  queryName(name: string): this {
    this.#name = name;
    return this;
  }

  /** Calls `fn` with each micro-batch's rows as a batch DataFrame and the batch id. */
  foreachBatch(fn: (batch: DataFrame, batchId: number) => void | Promise<void>): this {
    this.#foreachBatch = fn;
    this.#format = 'foreachBatch';
    return this;
  }

  /** Calls a writer (open/process/close) or a function for each output row. */
  foreach(writer: ForeachWriter | ((row: Row) => void | Promise<void>)): this {
    this.#foreach = writer;
    this.#format = 'foreach';
    return this;
  }

  /** Starts the query; `path` is the file sinks' output directory. */
  start(path?: string): StreamingQuery {
    const spec: StreamWriteSpec = {
      format: this.#format, options: { ...this.optionValues }, outputMode: this.#mode,
      ...(this.#trigger === undefined ? {} : { trigger: this.#trigger }),
      ...(this.#name === undefined ? {} : { queryName: this.#name }),
      ...(path === undefined ? (this.optionValues['path'] === undefined ? {} : { path: this.optionValues['path'] }) : { path }),
      ...(this.#foreachBatch === undefined ? {} : { foreachBatch: this.#foreachBatch }),
      ...(this.#foreach === undefined ? {} : { foreach: this.#foreach }),
    };
    return this.#df.session.startStream(this.#df, spec);
  }
}

/**
 * Spark's DataFrameWriter for batch DataFrames: `df.write.format('json').mode('overwrite').save(dir)`.
 *
 * @example
 * await df.write.format('csv').option('header', 'true').save('/tmp/out');
 */
export class DataFrameWriter extends OptionsBuilder {
  readonly #df: DataFrame;
  #format = 'json';
  #mode: BatchWriteSpec['mode'] = 'errorifexists';

  constructor(df: DataFrame) {
    super();
    this.#df = df;
  }

  /** The output format: 'json', 'csv', 'sluice-log' or 'memory'. */
  format(source: string): this {
    this.#format = source.toLowerCase();
    return this;
  }

  /** 'append', 'overwrite', 'error' / 'errorifexists' (default) or 'ignore'. */
  mode(mode: BatchWriteSpec['mode']): this {
    this.#mode = mode;
    return this;
  }


  /** Writes the DataFrame to `path` (files) or the format's target, honouring the save mode. */
  async save(path?: string): Promise<void> {
    await this.#df.session.writeBatch(this.#df, { format: this.#format, options: { ...this.optionValues }, mode: this.#mode, ...(path === undefined ? {} : { path }) });
  }

  /** Writes JSON Lines files into the directory `path`. */
  json(path: string): Promise<void> {
    return this.format('json').save(path);
  }

  /** Writes CSV files into the directory `path`. */
  csv(path: string): Promise<void> {
    return this.format('csv').save(path);
  }
}
