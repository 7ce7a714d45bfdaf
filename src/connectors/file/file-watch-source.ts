/**
 * A directory watched for new files (Flink's `source.monitor-interval`, Spark's streaming file
 * source): an unbounded source that reads the files in a directory, then lists it again every
 * interval and reads each file that appeared, once. Files are expected to appear whole — written
 * elsewhere and moved in, or written under a name starting with '.' and renamed, as the file sink
 * does — since a file is read to its end once and never looked at again.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { END, type End, type Source, type SourceBatch, type SourceContext, type SourceReader, type SourceSplit } from '../spi.ts';
import { fileDeadLetterSink, type FileSourceOptions } from './file-source.ts';
import { FileSplitReader } from './file-split-reader.ts';

/** The options of a watched file source. @example const options: FileWatchSourceOptions = { format: 'json', monitorIntervalMs: 1000 }; */
export interface FileWatchSourceOptions extends FileSourceOptions {
  /** How often an idle reader lists its directory for new files, in ms. */
  readonly monitorIntervalMs: number;
}

/**
 * Where a watching reader is: the files it read to their end (in the order read), and the file it
 * is reading with the byte offset and line after the last record returned.
 *
 * @example
 * reader.position() // { done: ['in/a.jsonl'], current: { path: 'in/b.jsonl', offset: 8, line: 1 } }
 */
export interface FileWatchPosition {
  readonly done: readonly string[];
  readonly current?: { readonly path: string; readonly offset: number; readonly line: number };
}

/** The longest an idle poll waits before resolving with an empty batch (so the runtime sees an idle source). */
const MAX_IDLE_WAIT_MS = 50;

/**
 * An unbounded source over files and directories, one split per path given: each split reads the
 * visible files (names not starting with '.') oldest first, then every `monitorIntervalMs` picks up
 * files that appeared since. A path that is a file is read once. Positions record the files read,
 * so a restored job neither reads a file twice nor skips one.
 *
 * @example
 * const incoming = fileWatchSource('data/incoming', { format: 'json', monitorIntervalMs: 1000 });
 */
export function fileWatchSource(paths: string | readonly string[], options: FileWatchSourceOptions): Source<Row> {
  const list = typeof paths === 'string' ? [paths] : [...paths];
  if (list.length === 0) throw new ConfigError('path', 'needs at least one file or directory');
  if (!(options.monitorIntervalMs > 0)) throw new ConfigError('source.monitor-interval', `must be a positive duration, got ${options.monitorIntervalMs} ms`);
  const counter = { skipped: 0 };
  return {
    name: options.name ?? `file-watch:${list.join(',')}`,
    bounded: false,
    deadLetterSink: fileDeadLetterSink(options.deadLetterPath),
    async splits(): Promise<SourceSplit[]> {
      for (const path of list) {
        // As Spark: a streaming file source fails at once on a path that does not exist.
        if ((await visibleFiles(path)) === undefined) throw new ConfigError('path', `'${path}' does not exist`);
      }
      return list.map((path) => ({ id: path }));
    },
    createReader(split: SourceSplit, position: unknown, ctx: SourceContext): SourceReader<Row> {
      return new FileWatchReader(split.id, (position as FileWatchPosition | undefined) ?? { done: [] }, options, counter, () => ctx.now());
    },
  };
}

/** Reads one watched path: the file in progress, then the next new one, listing when it runs out. */
class FileWatchReader implements SourceReader<Row> {
  private readonly path: string;
  private readonly options: FileWatchSourceOptions;
  private readonly counter: { skipped: number };
  private readonly now: () => number;
  private readonly done: string[];
  private readonly seen: Set<string>;
  /** Files found by the last listing and not read yet, oldest first. */
  private pending: string[] = [];
  private current: { path: string; reader: FileSplitReader } | undefined;
  private nextListing = Number.NEGATIVE_INFINITY;

  constructor(path: string, position: FileWatchPosition, options: FileWatchSourceOptions, counter: { skipped: number }, now: () => number) {
    this.path = path;
    this.options = options;
    this.counter = counter;
    this.now = now;
    this.done = [...position.done];
    this.seen = new Set(this.done);
    if (position.current !== undefined) this.open(position.current.path, position.current);
  }

  async poll(maxRecords: number): Promise<SourceBatch<Row> | End> {
    for (;;) {
      if (this.current !== undefined) {
        const batch = await this.current.reader.poll(maxRecords);
        if (batch !== END) return batch;
        this.done.push(this.current.path);
        this.current = undefined;
        continue;
      }
      const next = this.pending.shift();
      if (next !== undefined) {
        this.open(next, { offset: 0, line: 0 });
        continue;
      }
      const now = this.now();
      if (now >= this.nextListing) {
        this.nextListing = now + this.options.monitorIntervalMs;
        this.pending = await this.newFiles();
        if (this.pending.length > 0) continue;
      }
      await sleep(Math.max(1, Math.min(MAX_IDLE_WAIT_MS, this.nextListing - now)));
      return { values: [] };
    }
  }

  position(): FileWatchPosition {
    const current = this.current === undefined ? undefined : { path: this.current.path, ...this.current.reader.position() };
    return current === undefined ? { done: [...this.done] } : { done: [...this.done], current };
  }

  async close(): Promise<void> {
    await this.current?.reader.close();
    this.current = undefined;
  }

  private open(path: string, start: { offset: number; line: number }): void {
    this.seen.add(path);
    this.current = { path, reader: new FileSplitReader(path, { offset: start.offset, line: start.line }, this.options, this.counter) };
  }

  /** Visible files not read yet, oldest first (by modification time, then name). */
  private async newFiles(): Promise<string[]> {
    const files = (await visibleFiles(this.path)) ?? [];
    const fresh = files.filter((file) => !this.seen.has(file));
    const times = await Promise.all(fresh.map(async (file) => {
      try {
        return (await stat(file)).mtimeMs;
      } catch {
        return Number.NaN; // gone again since the listing
      }
    }));
    return fresh
      .map((file, i) => ({ file, time: times[i] }))
      .filter((f) => !Number.isNaN(f.time))
      .sort((a, b) => a.time - b.time || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
      .map((f) => f.file);
  }
}

/** The visible files at a path (the path itself when it is a file), or undefined when it does not exist. */
async function visibleFiles(path: string): Promise<string[] | undefined> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return undefined;
  }
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => join(path, entry.name)).sort();
}
