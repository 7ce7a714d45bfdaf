import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { metadata, physical, tableDescriptor, type ColumnDescriptor, type TableDescriptor } from '../../catalog/descriptors.ts';
import { DataTypes, isBinary, isCharacter, type DataType, type RowType } from '../../core/data-types.ts';
import { ConfigError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { formatConsoleBatch } from '../../connectors/console/spark-show.ts';
import { AnalysisException } from '../../api/dataframe/analysis-exception.ts';
import type { DataFrame } from '../../api/dataframe/dataframe.ts';
import type { ForeachWriter, StreamWriteSpec } from '../../api/dataframe/writer-specs.ts';
import type { ConnectorRegistry } from '../connector-registry.ts';
import type { BatchTarget } from './micro-batch-sink.ts';

/** What building a target needs of the session and the query. */
export interface TargetContext {
  readonly registry: ConnectorRegistry;
  readonly rowType: RowType;
  readonly spec: StreamWriteSpec;
  readonly queryName: string;
  /** Set when the query has a checkpointLocation (the kafka sink is then exactly-once). */
  readonly checkpointLocation?: string;
  /** Where the console sink writes. */
  readonly out: { write(text: string): unknown };
  /** Calls `fn` with a batch DataFrame over rows (foreachBatch). */
  withBatchDataFrame(rows: Row[], type: RowType, fn: (df: DataFrame) => Promise<void>): Promise<void>;
  /** The memory sink's table: replaced with these rows after each batch. */
  setMemoryTable(name: string, rows: readonly Row[], type: RowType): void;
  /** Rows the memory table holds now. */
  memoryTable(name: string): readonly Row[];
}

/**
 * The target of a streaming query's `format`: console, memory, foreachBatch, foreach and noop see
 * whole batches; kafka, sluice-log, json and csv are the table connectors' sinks.
 *
 * @example
 * const target = streamTarget({ registry, rowType, spec, queryName: 'q', out: process.stdout, ...rest });
 */
export function streamTarget(ctx: TargetContext): BatchTarget {
  const { spec } = ctx;
  const options = spec.options;
  const columns = ctx.rowType.fields.map((f) => ({ name: f.name, type: f.type }));
  switch (spec.format.toLowerCase()) {
    case 'console': {
      const numRows = intOption(options, 'numRows', 20);
      const truncate = options['truncate'] === undefined ? true : options['truncate'] === 'false' ? false : options['truncate'] === 'true' ? true : intOption(options, 'truncate', 20);
      return { kind: 'batch', name: 'console', writeBatch: (batchId, rows) => { ctx.out.write(formatConsoleBatch(batchId, columns, rows, { numRows, truncate })); } };
    }
    case 'memory': {
      if (spec.queryName === undefined) throw new AnalysisException("queryName must be specified for memory sink: writeStream.queryName('<table>')");
      const name = spec.queryName;
      ctx.setMemoryTable(name, [], ctx.rowType);
      return {
        kind: 'batch', name: `memory:${name}`,
        writeBatch: (_batchId, rows) => {
          const next = spec.outputMode === 'complete' ? rows : [...ctx.memoryTable(name), ...rows];
          ctx.setMemoryTable(name, next, ctx.rowType);
        },
      };
    }
    case 'foreachbatch': {
      const fn = spec.foreachBatch!;
      return { kind: 'batch', name: 'foreachBatch', writeBatch: (batchId, rows) => ctx.withBatchDataFrame(rows, ctx.rowType, async (df) => { await fn(df, batchId); }) };
    }
    case 'foreach': return foreachTarget(spec.foreach!);
    case 'noop': return { kind: 'batch', name: 'noop', writeBatch: () => {} };
    case 'kafka': case 'sluice-log': return { kind: 'sink', sink: ctx.registry.createSink(logSinkTable(ctx)) };
    case 'json': case 'csv': {
      if (spec.outputMode !== 'append') throw new AnalysisException(`Data source ${spec.format} does not support ${spec.outputMode} output mode: file sinks take outputMode('append')`);
      const path = spec.path ?? options['path'];
      if (path === undefined) throw new AnalysisException(`'path' is not specified: start('<directory>') or option('path', …) for the ${spec.format} sink`);
      // Spark's rule, and more than form here: part files are named by checkpoint, so a query run
      // without a checkpoint starts at part 1 again and would replace what an earlier run wrote.
      if (ctx.checkpointLocation === undefined) {
        throw new AnalysisException(`checkpointLocation must be specified for the ${spec.format} sink: option('checkpointLocation', '<directory>'), where the query keeps which input its files hold`);
      }
      const table = tableDescriptor({
        name: ctx.queryName, columns: ctx.rowType.fields.map((f) => physical(f.name, f.type)),
        options: { connector: 'filesystem', path, format: spec.format, ...(spec.format === 'csv' && options['header'] !== undefined ? { 'csv.header': options['header'] } : {}) },
      });
      return { kind: 'sink', sink: ctx.registry.createSink(table) };
    }
    default:
      throw new AnalysisException(`unknown sink format '${spec.format}' (use console, kafka, sluice-log, memory, json, csv, noop, foreachBatch or foreach)`);
  }
}

/**
 * Spark's Kafka sink on the kafka table connector: a `value` column (string or binary), optionally
 * `key`; the topic from the `topic` option. Exactly-once (one transaction per micro-batch, committed
 * with the checkpoint) when the query has a checkpointLocation, else at-least-once.
 */
function logSinkTable(ctx: TargetContext): TableDescriptor {
  const { spec, rowType } = ctx;
  const options = spec.options;
  const topic = options['topic'];
  if (topic === undefined) throw new AnalysisException(`the ${spec.format} sink needs option('topic', …) (a per-row topic column is not supported)`);
  const fields = new Map(rowType.fields.map((f) => [f.name, f.type]));
  const value = fields.get('value');
  if (value === undefined) throw new AnalysisException(`Required attribute 'value' not found: the ${spec.format} sink writes a 'value' column (string or binary); select one, e.g. toJson(…).alias('value')`);
  const extra = [...fields.keys()].filter((n) => n !== 'value' && n !== 'key' && n !== 'timestamp');
  if (extra.length > 0) throw new AnalysisException(`the ${spec.format} sink writes columns key, value (and timestamp); drop or fold the others into value: ${extra.join(', ')}`);
  for (const [name, type] of fields) {
    if ((name === 'value' || name === 'key') && !textOrBytes(type)) throw new AnalysisException(`${name} attribute type must be a string or binary; cast it: col('${name}').cast('string')`);
  }
  const hasKey = fields.has('key');
  const columns: ColumnDescriptor[] = [];
  if (hasKey) columns.push(physical('key', fields.get('key')!));
  columns.push(physical('value', value));
  if (fields.has('timestamp')) columns.push(metadata('timestamp', DataTypes.TIMESTAMP_LTZ(3), { key: 'timestamp' }));
  const connectorOptions: Record<string, string> = { connector: spec.format, topic, format: 'raw' };
  if (hasKey) Object.assign(connectorOptions, { 'key.format': 'raw', 'key.fields': 'key', 'value.fields-include': 'EXCEPT_KEY' });
  if (spec.format === 'kafka') {
    for (const [k, v] of Object.entries(options)) if (k.startsWith('kafka.')) connectorOptions[`properties.${k.slice('kafka.'.length)}`] = v;
    if (connectorOptions['properties.bootstrap.servers'] === undefined) throw new ConfigError('kafka.bootstrap.servers', 'is required for the kafka sink');
    connectorOptions['sink.delivery-guarantee'] = ctx.checkpointLocation === undefined ? 'at-least-once' : 'exactly-once';
    // The transactional id (and its commit marker) belongs to the query, which is its checkpoint
    // location: queries with other locations (the default name is the same for all) must not fence
    // each other's producers or reset each other's markers; a restart on the same location must.
    if (ctx.checkpointLocation !== undefined) connectorOptions['sink.transactional-id-prefix'] = `sluice-${ctx.queryName}-${locationHash(ctx.checkpointLocation)}`;
  } else if (options['partitions'] !== undefined) {
    connectorOptions['sink.partitions'] = options['partitions'];
  }
  return tableDescriptor({ name: ctx.queryName, columns, options: connectorOptions });
}

function foreachTarget(writer: ForeachWriter | ((row: Row) => void | Promise<void>)): BatchTarget {
  const w: ForeachWriter = typeof writer === 'function' ? { process: writer } : writer;
  return {
    kind: 'batch', name: 'foreach',
    async writeBatch(batchId, rows) {
      const open = w.open === undefined ? true : await w.open(0, batchId);
      if (!open) return;
      try {
        for (const row of rows) await w.process(row);
      } catch (error) {
        await w.close?.(error as Error);
        throw error;
      }
      await w.close?.(null);
    },
  };
}

/**
 * A short stable hash of a checkpoint location (as an absolute path): what ties a restarted query to
 * its earlier run (its id, its transactional ids).
 *
 * @example
 * locationHash('/tmp/ckpt') === locationHash('/tmp/../tmp/ckpt') // true
 */
export function locationHash(location: string): string {
  return createHash('sha256').update(resolve(location)).digest('hex').slice(0, 12);
}

function textOrBytes(type: DataType): boolean {
  return isCharacter(type) || isBinary(type);
}

function intOption(options: Readonly<Record<string, string>>, key: string, fallback: number): number {
  const text = options[key];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(key, `must be a non-negative integer, got '${text}'`);
  return n;
}
