import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordOrigin } from '../../core/errors.ts';
import { ConfigError, RecordError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import type { Source, SourceReader, SourceSplit } from '../spi.ts';
import type { FileFormatOptions } from './file-format.ts';
import { fileRowFormat } from './file-format.ts';
import { FileSplitReader } from './file-split-reader.ts';

/**
 * Options of {@link fileSource}: the file format and what to do with records that fail to parse.
 *
 * @example
 * const source = fileSource('data/trades', { format: 'csv', header: true, ignoreParseErrors: true });
 */
export interface FileSourceOptions extends FileFormatOptions {
  /** Skip records that fail to parse (counted in `skipped`) instead of failing the job. */
  readonly ignoreParseErrors?: boolean;
  /** Receives each record that fails to parse (then skipped and counted), e.g. to write it elsewhere. */
  readonly deadLetter?: (rawLine: string, error: RecordError, origin: RecordOrigin) => void;
  readonly name?: string;
}

/** A file source; `skipped` counts the records skipped as unparsable, over all its readers. */
export interface FileSource extends Source<Row> {
  readonly skipped: number;
}

/** A position in a file: the byte offset after the last record returned, and its line number. */
export interface FilePosition {
  readonly offset: number;
  readonly line: number;
}

/**
 * Reads JSON Lines or CSV files as a bounded source, one split per file. A directory stands for
 * the visible files directly in it (sorted; names starting with '.' such as in-progress parts are
 * skipped). Files are read in chunks, never whole. A record that fails to parse fails the job with
 * a RecordError naming `file:line`, unless `ignoreParseErrors` or `deadLetter` is set.
 * A CSV record may span lines inside a quoted field.
 *
 * @example
 * const trades = fileSource('data/trades.csv', { format: 'csv', header: true, schema: { price: 'number' } });
 */
export function fileSource(paths: string | readonly string[], options: FileSourceOptions = {}): FileSource {
  const list = typeof paths === 'string' ? [paths] : [...paths];
  if (list.length === 0) throw new ConfigError('path', 'needs at least one file or directory');
  // Fail on a bad format or missing CSV columns when the job is built, not when the first file opens.
  if (!(options.format === 'csv' && options.header && options.columns === undefined && options.schema === undefined)) {
    fileRowFormat(options);
  }
  const counter = { skipped: 0 };
  return {
    name: options.name ?? `file:${list.join(',')}`,
    bounded: true,
    get skipped() {
      return counter.skipped;
    },
    async splits(): Promise<SourceSplit[]> {
      const files: string[] = [];
      for (const path of list) files.push(...(await filesAt(path)));
      return files.map((file) => ({ id: file }));
    },
    createReader(split: SourceSplit, position: unknown): SourceReader<Row> {
      const start = (position as FilePosition | undefined) ?? { offset: 0, line: 0 };
      return new FileSplitReader(split.id, start, options, counter);
    },
  };
}

async function filesAt(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new ConfigError('path', `'${path}' does not exist`);
  }
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  return names.map((name) => join(path, name));
}
