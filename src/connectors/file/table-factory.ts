/**
 * The `filesystem` table connector (Flink's name): a directory or file of JSON Lines or CSV, read as
 * a bounded source — or, with Flink's `source.monitor-interval`, watched for new files as an
 * unbounded one — and written by the exactly-once part-file sink. Values are read into the engine's
 * representation by the table's column types (`'2024-01-01 10:00:00'` → epoch ms for TIMESTAMP(3))
 * and written back as Flink's formats write them.
 */
import { DataTypes, notNull } from '../../core/data-types.ts';
import { ConfigError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { mapSink, mapSource } from '../mapped-connectors.ts';
import type { Sink, Source } from '../spi.ts';
import type { TableContext, TableFactory } from '../table-factory.ts';
import { tableFormat } from '../table-formats.ts';
import { booleanOf, millisOf, type TableOptions } from '../table-options.ts';
import { avroFileSink, avroFileSource } from './avro-files.ts';
import { fileSink } from './file-sink.ts';
import { fileSource, type FileSourceOptions } from './file-source.ts';
import { fileWatchSource } from './file-watch-source.ts';

/**
 * `'connector' = 'filesystem'`.
 *
 * @example
 * // CREATE TABLE trades (symbol STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = 'data/trades.csv', 'format' = 'csv')
 * const source = filesystemTableFactory.createSource!(ctx);
 */
export const filesystemTableFactory: TableFactory = {
  identifier: 'filesystem',
  description: 'JSON Lines, CSV or Avro files: a bounded source, and a sink of part files committed with checkpoints',
  sourceCapability: 'insert-only',
  sinkCapability: 'insert-only',
  options: [
    { key: 'path', type: 'string', required: true, description: 'a file or a directory (the source reads its visible files; the sink writes part files into it)' },
    { key: 'format', type: 'enum', values: ['json', 'csv', 'avro'], required: true, description: 'the file format (avro: object container files)' },
    { key: 'source.monitor-interval', type: 'duration', description: 'watch the path: list it this often and read each new file once (the table becomes unbounded); absent = read the files there once' },
    { key: 'csv.header', type: 'boolean', description: "CSV: each file's first line is a header — skipped when read, written with each part file" },
  ],
  metadata: [
    { key: 'file.path', type: notNull(DataTypes.STRING()), readable: true, writable: false, description: 'the path of the file the row was read from' },
    { key: 'file.name', type: notNull(DataTypes.STRING()), readable: true, writable: false, description: 'the name of the file the row was read from' },
  ],
  createSource: createFileTableSource,
  createSink: createFileTableSink,
};

function createFileTableSource(ctx: TableContext): Source<Row> {
  const format = tableFormat(ctx.options, 'format', ctx.schema);
  if (format.avro !== undefined) {
    if (ctx.metadataColumns.length > 0 || ctx.options['source.monitor-interval'] !== undefined) {
      throw new ConfigError('format', `Avro files are read once, without metadata columns or 'source.monitor-interval' (table '${ctx.table}')`);
    }
    return avroFileSource(ctx.options['path'], format.avro, `filesystem:${ctx.table}`);
  }
  const { csv } = format;
  const options: FileSourceOptions = {
    ...fileLayout(ctx, format),
    schema: format.simpleSchema,
    // The typed columns are read in the file reader, so a value that does not fit names its file:line.
    convert: (row, origin) => format.read(row, origin),
    // Every unparsable line comes here: comments and (with ignore-parse-errors) bad records are
    // skipped, anything else fails the job with its file:line.
    deadLetter(line, error) {
      if (format.name === 'csv' && csv.allowComments && line.trimStart().startsWith('#')) return false; // a comment, not a bad record
      if (!format.ignoreParseErrors) throw error;
    },
  };
  const monitorIntervalMs = millisOf(ctx.options, 'source.monitor-interval');
  const metadata = ctx.metadataColumns;
  if (monitorIntervalMs !== undefined) {
    // A watching split spans many files, so the split cannot name the file of a row.
    if (metadata.length > 0) throw new ConfigError(metadata[0].name, `metadata '${metadata[0].key}' is not available with 'source.monitor-interval' (table '${ctx.table}')`);
    return fileWatchSource(ctx.options['path'], { ...options, monitorIntervalMs });
  }
  const source = fileSource(ctx.options['path'], options);
  if (metadata.length === 0) return source;
  return mapSource(source as Source<Row>, (split) => {
    const path = split.id;
    const name = path.slice(path.lastIndexOf('/') + 1);
    return (row) => {
      for (const column of metadata) row[column.name] = column.key === 'file.path' ? path : name;
      return row;
    };
  });
}

/** 'csv.header', refused for JSON files. */
function csvHeader(options: TableOptions, table: string): boolean {
  const header = booleanOf(options, 'csv.header');
  if (header && options['format'] !== 'csv') throw new ConfigError('csv.header', `applies to 'csv' files, but the format is '${options['format']}' (table '${table}')`);
  return header;
}

/** How a table's files are laid out, the same for reading and writing: format, columns, CSV header and quoting. */
function fileLayout(ctx: TableContext, format: ReturnType<typeof tableFormat>) {
  const { csv } = format;
  return {
    format: format.name as 'json' | 'csv',
    columns: format.columns,
    header: csvHeader(ctx.options, ctx.table),
    delimiter: csv.delimiter,
    quote: csv.quote,
    nullLiteral: csv.nullLiteral,
    name: `filesystem:${ctx.table}`,
  };
}

function createFileTableSink(ctx: TableContext): Sink<Row> {
  const format = tableFormat(ctx.options, 'format', ctx.schema);
  if (format.avro !== undefined) {
    return avroFileSink(ctx.options['path'], format.avro, (ctx.options['avro.codec'] ?? 'null') as 'null' | 'deflate', `filesystem:${ctx.table}`);
  }
  const sink = fileSink(ctx.options['path'], fileLayout(ctx, format));
  const write = format.write;
  return mapSink(sink, (values: Row[], times) => {
    const out = new Array<Row>(values.length);
    for (let i = 0; i < values.length; i++) out[i] = write(values[i]);
    return { values: out, times };
  });
}
