import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SluiceError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { quoteCsvField } from '../../formats/csv-text.ts';
import type { RowFormat } from '../../formats/format.ts';
import type { Sink, SinkContext } from '../spi.ts';
import type { FileFormatOptions } from './file-format.ts';
import { fileRowFormat } from './file-format.ts';

/**
 * Options of {@link fileSink}: the file format.
 *
 * @example
 * const sink = fileSink('out/trades', { format: 'csv', header: true });
 */
export interface FileSinkOptions extends FileFormatOptions {
  readonly name?: string;
}

/** What prepareCommit hands to commit (and the checkpoint keeps): the part's two names in the directory. */
interface PreparedPart {
  readonly inProgress: string;
  readonly final: string;
}

// Text is gathered and written in large pieces; the write promise is what backpressure waits on.
const FLUSH_AT = 256 * 1024;

/**
 * Writes rows to part files in the directory `path`, made visible atomically per checkpoint (Flink's
 * FileSink): rows go to a hidden `.part-<task>-<checkpoint>.<ext>.inprogress` file; `prepareCommit`
 * fsyncs and closes it; `commit` renames it to `part-<task>-<checkpoint>.<ext>` (`.jsonl` or `.csv`).
 * A commit whose part is already renamed does nothing, so a re-run after restore is safe; `abort`
 * and `close` delete the part not yet prepared. Rows written after the last checkpoint never appear,
 * so a bounded job must take a final checkpoint. Give each job its own directory: a job started
 * afresh numbers its checkpoints from 1 again and would replace the parts of an earlier run.
 *
 * @example
 * const sink = fileSink('out/trades', { format: 'json' });
 * // after checkpoint 3 commits: out/trades/part-0-3.jsonl
 */
export function fileSink(path: string, options: FileSinkOptions = {}): Sink<Row> {
  const format: RowFormat = fileRowFormat(options);
  const header = format.name === 'csv' && options.header
    ? `${(options.columns ?? Object.keys(options.schema ?? {})).map((c) => quoteCsvField(c, options.delimiter, options.quote)).join(options.delimiter ?? ',')}\n`
    : '';
  return partFileSink(path, {
    extension: format.name === 'csv' ? 'csv' : 'jsonl',
    header: () => header,
    encode(values) {
      let text = '';
      for (let i = 0; i < values.length; i++) text += `${format.encode(values[i])}\n`;
      return text;
    },
  }, options.name);
}

/** How a part file's content is made: its extension, what opens each part, a batch of rows' bytes. */
export interface PartFileEncoder {
  readonly extension: string;
  /** Written at the start of each part file ('' for none). */
  header(): string | Uint8Array;
  encode(values: readonly Row[]): string | Uint8Array;
}

/**
 * The part-file sink of {@link fileSink} for any encoding (Avro container files use it): rows are
 * encoded per batch by `encoder` and written to the checkpoint's in-progress part, made visible at
 * commit.
 *
 * @example
 * const sink = partFileSink('out/trades', { extension: 'avro', header: () => container.header(), encode: (rows) => container.block(rows.map(encode)) });
 */
export function partFileSink(path: string, encoder: PartFileEncoder, name?: string): Sink<Row> {
  const extension = encoder.extension;
  let task = 0;
  let opened = false;
  let nextId = 1; // the checkpoint the rows being written will belong to, if no id is skipped
  let handle: FileHandle | undefined;
  let handleName = '';
  let buffered: (string | Uint8Array)[] = [];
  let bufferedSize = 0;
  let io: Promise<void> = Promise.resolve(); // writes run one after another

  const finalName = (id: number) => `part-${task}-${id}.${extension}`;
  const inProgressName = (id: number) => `.${finalName(id)}.inprogress`;

  function flush(): Promise<void> {
    if (bufferedSize === 0) return io;
    const chunks = buffered;
    buffered = [];
    bufferedSize = 0;
    io = io.then(async () => {
      if (handle === undefined) {
        handleName = inProgressName(nextId);
        handle = await open(join(path, handleName), 'w');
        const header = encoder.header();
        if (header.length > 0) await write(handle, header);
      }
      // One write per flush: text joined (the JSON and CSV sinks), bytes concatenated.
      await write(handle, chunks.every((c) => typeof c === 'string') ? chunks.join('') : Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))));
    });
    return io;
  }

  async function discardCurrent(): Promise<void> {
    buffered = [];
    bufferedSize = 0;
    await io.catch(() => {});
    io = Promise.resolve();
    if (handle === undefined) return;
    await handle.close().catch(() => {});
    handle = undefined;
    await unlink(join(path, handleName)).catch(() => {});
  }

  return {
    name: name ?? `file:${path}`,
    async open(ctx: SinkContext) {
      if (opened && task !== ctx.taskIndex) {
        throw new SluiceError(`file sink ${path}: one sink instance per task (already open for task ${task})`);
      }
      opened = true;
      task = ctx.taskIndex;
      const restored = ctx.restoredCheckpointId ?? 0;
      nextId = restored + 1;
      await mkdir(path, { recursive: true });
      // Parts of this task newer than the restored checkpoint were never prepared into it: garbage.
      const ours = new RegExp(`^\\.part-${task}-(\\d+)\\.${extension}\\.inprogress$`);
      for (const name of await readdir(path)) {
        const match = ours.exec(name);
        if (match && Number(match[1]) > restored) await unlink(join(path, name)).catch(() => {});
      }
    },
    write(values: Row[]) {
      const chunk = encoder.encode(values);
      if (chunk.length === 0) return;
      buffered.push(chunk);
      bufferedSize += chunk.length;
      if (bufferedSize >= FLUSH_AT) return flush();
    },
    async prepareCommit(checkpointId: number): Promise<PreparedPart | null> {
      await flush();
      const id = nextId;
      nextId = checkpointId + 1;
      if (handle === undefined) return null;
      const current = handle;
      handle = undefined;
      await current.sync();
      await current.close();
      const prepared = { inProgress: inProgressName(checkpointId), final: finalName(checkpointId) };
      if (id !== checkpointId) await rename(join(path, handleName), join(path, prepared.inProgress));
      return prepared;
    },
    async commit(checkpointId: number, prepared: unknown) {
      const part = prepared as PreparedPart | null;
      if (part === null || part === undefined) return;
      try {
        await rename(join(path, part.inProgress), join(path, part.final));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        const committed = await stat(join(path, part.final)).then(() => true, () => false);
        if (committed) return; // renamed by an earlier run of this commit
        throw new SluiceError(`file sink ${path}: cannot commit checkpoint ${checkpointId}: neither ${part.inProgress} nor ${part.final} exists`);
      }
      await syncDirectory(path);
    },
    abort: discardCurrent,
    close: discardCurrent,
  };
}

function write(handle: FileHandle, data: string | Uint8Array): Promise<unknown> {
  return typeof data === 'string' ? handle.write(data) : handle.write(data);
}

/** Makes a rename durable; best effort (not every platform can open a directory). */
async function syncDirectory(path: string): Promise<void> {
  try {
    const dir = await open(path, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // The rename happened; only its durability across a power cut is unconfirmed.
  }
}
