/**
 * The `filesystem` table connector (Flink's name): a directory or file of JSON Lines or CSV, read as
 * a bounded source and written by the exactly-once part-file sink. Values are read into the engine's
 * representation by the table's column types (`'2024-01-01 10:00:00'` → epoch ms for TIMESTAMP(3))
 * and written back as Flink's formats write them.
 */
import { DataTypes, notNull } from '../../core/data-types.ts';
import { RecordError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { mapSink, mapSource } from '../mapped-connectors.ts';
import type { Sink, Source } from '../spi.ts';
import type { TableContext, TableFactory } from '../table-factory.ts';
import { tableFormat } from '../table-formats.ts';
import { fileSink } from './file-sink.ts';
import { fileSource } from './file-source.ts';

/**
 * `'connector' = 'filesystem'`.
 *
 * @example
 * // CREATE TABLE trades (symbol STRING, ts TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = 'data/trades.csv', 'format' = 'csv')
 * const source = filesystemTableFactory.createSource!(ctx);
 */
export const filesystemTableFactory: TableFactory = {
  identifier: 'filesystem',
  description: 'JSON Lines or CSV files: a bounded source, and a sink of part files committed with checkpoints',
  sourceCapability: 'insert-only',
  sinkCapability: 'insert-only',
  options: [
    { key: 'path', type: 'string', required: true, description: 'a file or a directory (the source reads its visible files; the sink writes part files into it)' },
    { key: 'format', type: 'enum', values: ['json', 'csv'], required: true, description: 'the file format' },
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
  const { csv } = format;
  const source = fileSource(ctx.options['path'], {
    format: format.name as 'json' | 'csv',
    schema: format.simpleSchema,
    columns: format.columns,
    delimiter: csv.delimiter,
    quote: csv.quote,
    nullLiteral: csv.nullLiteral,
    name: `filesystem:${ctx.table}`,
    // Every unparsable line comes here: comments and (with ignore-parse-errors) bad records are
    // skipped, anything else fails the job with its file:line.
    deadLetter(line, error) {
      if (format.name === 'csv' && csv.allowComments && line.trimStart().startsWith('#')) return;
      if (!format.ignoreParseErrors) throw error;
    },
  });
  const metadata = ctx.metadataColumns;
  return mapSource(source as Source<Row>, (split) => {
    const path = split.id;
    const name = path.slice(path.lastIndexOf('/') + 1);
    return (input, origin) => {
      let row: Row;
      try {
        row = format.read(input, origin);
      } catch (error) {
        if (error instanceof RecordError && format.ignoreParseErrors) return undefined;
        throw error;
      }
      for (const column of metadata) row[column.name] = column.key === 'file.path' ? path : name;
      return row;
    };
  });
}

function createFileTableSink(ctx: TableContext): Sink<Row> {
  const format = tableFormat(ctx.options, 'format', ctx.schema);
  const { csv } = format;
  const sink = fileSink(ctx.options['path'], {
    format: format.name as 'json' | 'csv',
    columns: format.columns,
    delimiter: csv.delimiter,
    quote: csv.quote,
    nullLiteral: csv.nullLiteral,
    name: `filesystem:${ctx.table}`,
  });
  const write = format.write;
  return mapSink(sink, (values: Row[], times) => {
    const out = new Array<Row>(values.length);
    for (let i = 0; i < values.length; i++) out[i] = write(values[i]);
    return { values: out, times };
  });
}
