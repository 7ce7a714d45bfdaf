import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordOrigin } from '../../core/errors.ts';
import { ConfigError, describeOrigin, RecordError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { mapSink } from '../mapped-connectors.ts';
import type { Sink, Source, SourceReader, SourceSplit } from '../spi.ts';
import { fileSink } from './file-sink.ts';
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
  /**
   * Receives each record that fails to parse (then skipped and counted), e.g. to write it elsewhere;
   * returning false says the line is no record at all (a comment): skipped, not counted.
   */
  readonly deadLetter?: (rawLine: string, error: RecordError, origin: RecordOrigin) => void | boolean;
  /**
   * A directory for the records that fail to parse: each goes there as a JSON line
   * `{ error, origin, time, record }` (the original text), in part files committed with the job's
   * checkpoints (as the file sink's), so a replay after a crash never writes one twice.
   */
  readonly deadLetterPath?: string;
  /**
   * Turns each parsed record into the row the source emits (a table's typed columns); a RecordError it
   * throws is handled like a parse error, and names the record's file:line.
   */
  readonly convert?: (row: Row, origin: RecordOrigin) => Row;
  readonly name?: string;
}

/** A record of a file that did not parse, on its way to the dead-letter directory. */
export interface FileDeadLetter {
  readonly record: string;
  readonly error: RecordError;
  /** When it failed (epoch ms). */
  readonly time: number;
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
 * a RecordError naming `file:line`, unless `ignoreParseErrors`, `deadLetter` or `deadLetterPath` is set.
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
    deadLetterSink: fileDeadLetterSink(options.deadLetterPath),
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

/**
 * The dead-letter directory of a file source as a file sink: one JSON line per dead letter, made
 * visible when the checkpoint that holds it completes.
 *
 * @example
 * const sink = fileDeadLetterSink('out/dead-letters');
 */
export function fileDeadLetterSink(path: string | undefined): Sink<unknown> | undefined {
  if (path === undefined) return undefined;
  const rows = (letters: FileDeadLetter[], times: number[]) => ({
    values: letters.map((d): Row => ({ error: d.error.message, origin: describeOrigin(d.error.origin), time: new Date(d.time).toISOString(), record: d.record })),
    times,
  });
  return mapSink(fileSink(path, { format: 'json' }), rows, { name: `file-dead-letters:${path}` }) as Sink<unknown>;
}

/** The files a path stands for: itself, or a directory's visible files, sorted. */
export async function filesAt(path: string): Promise<string[]> {
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
