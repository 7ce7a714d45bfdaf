import { ConfigError } from '../../core/errors.ts';
import { csvFormat } from '../../formats/csv.ts';
import type { RowFormat, SimpleSchema, TimestampEncoding } from '../../formats/format.ts';
import { jsonFormat } from '../../formats/json.ts';

/** The format options the file connectors share. */
export interface FileFormatOptions {
  /** 'json' (JSON Lines, the default) or 'csv'. */
  readonly format?: 'json' | 'csv';
  /** Typed columns (JSON and CSV). */
  readonly schema?: SimpleSchema;
  /** CSV: the columns in field order (default: the header line, or the schema's keys). */
  readonly columns?: readonly string[];
  /** CSV: the first line of each file is a header (the source skips it; the sink writes it). */
  readonly header?: boolean;
  readonly delimiter?: string;
  readonly quote?: string;
  readonly nullLiteral?: string;
  readonly timestampFormat?: TimestampEncoding;
}

/**
 * The row format for file options; `columns` overrides the configured column list (a CSV header).
 *
 * @example
 * fileRowFormat({ format: 'csv', columns: ['symbol', 'price'] }).decode('AAPL,1', origin)
 */
export function fileRowFormat(options: FileFormatOptions, columns = options.columns): RowFormat {
  const format = options.format ?? 'json';
  if (format === 'json') return jsonFormat({ schema: options.schema, timestampFormat: options.timestampFormat });
  if (format === 'csv') {
    return csvFormat({
      columns, schema: options.schema, delimiter: options.delimiter, quote: options.quote,
      nullLiteral: options.nullLiteral, timestampFormat: options.timestampFormat,
    });
  }
  throw new ConfigError('format', `must be 'json' or 'csv', got '${String(format)}'`);
}
