import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, SluiceError } from '../core/errors.ts';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec.ts';
import { log } from '../core/log.ts';

/** A checkpoint read back: its id and the data that was written. */
export interface StoredCheckpoint {
  readonly id: number;
  readonly data: unknown;
}

/**
 * Where checkpoints are kept. Data must be structured-cloneable (it is written with v8.serialize);
 * what comes back is always a fresh copy.
 *
 * @example
 * const store: CheckpointStore = new CheckpointStorage('.sluice/checkpoints');
 * await store.write(7, { offsets: { trades: [120, 98] } });
 * const newest = await store.latest(); // { id: 7, data: { offsets: … } }
 */
export interface CheckpointStore {
  /** Stores checkpoint `id` completely or not at all; resolves with where it went. */
  write(id: number, data: unknown): Promise<string>;
  /** The newest complete checkpoint, skipping damaged ones; undefined if there is none. */
  latest(): Promise<StoredCheckpoint | undefined>;
  /** One checkpoint's data; rejects if it is missing or damaged. */
  read(id: number): Promise<unknown>;
  /** Ids of the stored checkpoints, oldest first. */
  list(): Promise<number[]>;
  /**
   * Stores a state file (an incremental checkpoint's entries for one operator) completely or not at
   * all: `fill` writes its chunks; what it returns is passed on. Checkpoints refer to state files by
   * name, and several checkpoints may share one.
   */
  writeStateFile<T>(name: string, fill: (write: (chunk: Buffer) => Promise<void>) => Promise<T>): Promise<T>;
  /** A state file's bytes; rejects naming the file if it is missing. */
  readStateFile(name: string): Promise<Buffer>;
  /** Names of the stored state files. */
  listStateFiles(): Promise<string[]>;
  deleteStateFile(name: string): Promise<void>;
}

/** Options shared by the checkpoint stores. */
export interface CheckpointStorageOptions {
  /** How many of the newest checkpoints to keep; older ones are deleted after each write. Default 3. */
  readonly retain?: number;
}

const COMPLETE = /^chk-(\d+)\.ckpt$/;
const PARTIAL = /^chk-(\d+)\.tmp$/;

/**
 * A directory of checkpoint files `chk-00000042.ckpt`. A write goes to a `.tmp` file that is fsynced,
 * renamed into place and the directory fsynced, so a crash leaves either the whole new checkpoint or
 * none of it. Each file carries a length and checksum: a damaged newest file is reported and skipped.
 *
 * @example
 * const storage = new CheckpointStorage('/var/lib/sluice/job-1', { retain: 5 });
 * await storage.write(1, { graph: {}, sources: {} });
 * const restored = await storage.latest();
 */
export class CheckpointStorage implements CheckpointStore {
  readonly dir: string;
  readonly #retain: number;

  constructor(dir: string, options: CheckpointStorageOptions = {}) {
    this.dir = dir;
    this.#retain = validRetain(options.retain);
  }

  async write(id: number, data: unknown): Promise<string> {
    checkId(id);
    const bytes = encodeCheckpoint(data);
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `${fileStem(id)}.tmp`);
    const path = this.pathOf(id);
    try {
      const file = await open(tmp, 'w');
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
    } catch (error) {
      // A full disk (or a file size limit) must not leave half a checkpoint behind: the older ones stay whole.
      await rm(tmp, { force: true }).catch(() => {});
      throw new SluiceError(`cannot write checkpoint ${id} (${bytes.length} bytes) to ${this.dir}: ${writeFailure(error)}; ` +
        'the checkpoints before it are intact', { cause: error });
    }
    await rename(tmp, path);
    await syncDirectory(this.dir);
    await this.#prune(id);
    return path;
  }

  async latest(): Promise<StoredCheckpoint | undefined> {
    const ids = await this.list();
    for (let i = ids.length - 1; i >= 0; i--) {
      try {
        return { id: ids[i], data: decodeCheckpoint(await readFile(this.pathOf(ids[i]))) };
      } catch (error) {
        const older = i > 0 ? `falling back to checkpoint ${ids[i - 1]}` : 'no older checkpoint left';
        log.warn(`checkpoint ${this.pathOf(ids[i])} is unreadable (${(error as Error).message}); ${older}`);
      }
    }
    return undefined;
  }

  async read(id: number): Promise<unknown> {
    const path = this.pathOf(id);
    try {
      return decodeCheckpoint(await readFile(path));
    } catch (error) {
      throw new SluiceError(`checkpoint ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  async list(): Promise<number[]> {
    return (await this.#files()).complete;
  }

  async writeStateFile<T>(name: string, fill: (write: (chunk: Buffer) => Promise<void>) => Promise<T>): Promise<T> {
    const dir = join(this.dir, STATE_DIR);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `${checkedName(name)}.tmp`);
    let result: T;
    let written = 0;
    try {
      const file = await open(tmp, 'w');
      try {
        result = await fill(async (chunk) => {
          await file.write(chunk);
          written += chunk.length;
        });
        await file.sync();
      } finally {
        await file.close();
      }
    } catch (error) {
      // As for a checkpoint file: no partial state file is left, and the checkpoints before stay whole.
      await rm(tmp, { force: true }).catch(() => {});
      throw new SluiceError(`cannot write checkpoint state file ${name} (${written} bytes written) to ${dir}: ${writeFailure(error)}; ` +
        'the checkpoints before it are intact', { cause: error });
    }
    await rename(tmp, join(dir, name));
    await syncDirectory(dir);
    return result;
  }

  async readStateFile(name: string): Promise<Buffer> {
    const path = join(this.dir, STATE_DIR, checkedName(name));
    try {
      return await readFile(path);
    } catch (error) {
      throw new SluiceError(`checkpoint state file ${path} cannot be read: ${(error as Error).message}`, { cause: error });
    }
  }

  async listStateFiles(): Promise<string[]> {
    try {
      return (await readdir(join(this.dir, STATE_DIR))).filter((name) => !name.endsWith('.tmp'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async deleteStateFile(name: string): Promise<void> {
    await rm(join(this.dir, STATE_DIR, checkedName(name)), { force: true });
  }

  /** The file checkpoint `id` is (or would be) stored in. */
  pathOf(id: number): string {
    return join(this.dir, `${fileStem(id)}.ckpt`);
  }

  /** Deletes all but the newest `retain` checkpoints (never `written`) and leftover partial writes older than it. */
  async #prune(written: number): Promise<void> {
    const { complete, partial } = await this.#files();
    const doomed = complete.slice(0, Math.max(0, complete.length - this.#retain)).filter((id) => id !== written);
    for (const id of doomed) await rm(this.pathOf(id), { force: true });
    for (const id of partial) if (id < written) await rm(join(this.dir, `${fileStem(id)}.tmp`), { force: true });
  }

  async #files(): Promise<{ complete: number[]; partial: number[] }> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { complete: [], partial: [] };
      throw error;
    }
    const complete: number[] = [];
    const partial: number[] = [];
    for (const name of names) {
      const done = COMPLETE.exec(name);
      if (done !== null) complete.push(Number(done[1]));
      const tmp = PARTIAL.exec(name);
      if (tmp !== null) partial.push(Number(tmp[1]));
    }
    complete.sort((a, b) => a - b);
    return { complete, partial };
  }
}

/**
 * Checkpoints kept in memory, serialized exactly as on disk (so data that cannot be written fails
 * here too, and a read never aliases what was written). For tests and the TestDriver.
 *
 * @example
 * const store = new MemoryCheckpointStorage();
 * await store.write(1, { n: 1 });
 * (await store.latest())?.data // { n: 1 }
 */
export class MemoryCheckpointStorage implements CheckpointStore {
  readonly #files = new Map<number, Buffer>();
  readonly #retain: number;

  constructor(options: CheckpointStorageOptions = {}) {
    this.#retain = validRetain(options.retain);
  }

  async write(id: number, data: unknown): Promise<string> {
    checkId(id);
    this.#files.set(id, encodeCheckpoint(data));
    const ids = await this.list();
    for (const old of ids.slice(0, Math.max(0, ids.length - this.#retain))) if (old !== id) this.#files.delete(old);
    return `memory:${fileStem(id)}.ckpt`;
  }

  async latest(): Promise<StoredCheckpoint | undefined> {
    const ids = await this.list();
    return ids.length === 0 ? undefined : { id: ids[ids.length - 1], data: await this.read(ids[ids.length - 1]) };
  }

  async read(id: number): Promise<unknown> {
    const bytes = this.#files.get(id);
    if (bytes === undefined) throw new SluiceError(`checkpoint ${id} does not exist`);
    return decodeCheckpoint(bytes);
  }

  async list(): Promise<number[]> {
    return [...this.#files.keys()].sort((a, b) => a - b);
  }

  readonly #stateFiles = new Map<string, Buffer>();

  async writeStateFile<T>(name: string, fill: (write: (chunk: Buffer) => Promise<void>) => Promise<T>): Promise<T> {
    const chunks: Buffer[] = [];
    const result = await fill(async (chunk) => void chunks.push(Buffer.from(chunk)));
    this.#stateFiles.set(checkedName(name), Buffer.concat(chunks));
    return result;
  }

  async readStateFile(name: string): Promise<Buffer> {
    const bytes = this.#stateFiles.get(name);
    if (bytes === undefined) throw new SluiceError(`checkpoint state file memory:${name} does not exist`);
    return bytes;
  }

  async listStateFiles(): Promise<string[]> {
    return [...this.#stateFiles.keys()];
  }

  async deleteStateFile(name: string): Promise<void> {
    this.#stateFiles.delete(name);
  }
}

/** State files live in this sub-directory of a checkpoint directory. */
const STATE_DIR = 'state';

/** A state file name: letters, digits, '.', '_' and '-' only (it becomes a path). */
function checkedName(name: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.')) throw new SluiceError(`not a valid state file name: '${name}'`);
  return name;
}

/** `chk-` and the id padded to 8 digits, so names sort like ids (longer ids still parse). */
function fileStem(id: number): string {
  return `chk-${String(id).padStart(8, '0')}`;
}

function checkId(id: number): void {
  if (!Number.isSafeInteger(id) || id < 0) throw new SluiceError(`a checkpoint id must be a non-negative integer, got ${id}`);
}

function validRetain(retain: number | undefined): number {
  if (retain === undefined) return 3;
  if (!Number.isInteger(retain) || retain < 1) throw new ConfigError('retain', `must be a whole number of at least 1, got ${retain}`);
  return retain;
}

/** What a failed checkpoint write means, in words. */
function writeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'the disk is full (ENOSPC)';
  if (code === 'EDQUOT') return 'the disk quota is exhausted (EDQUOT)';
  if (code === 'EFBIG') return 'the file size limit was reached (EFBIG)';
  return (error as Error).message;
}

/** Makes a rename durable. Windows cannot open a directory for fsync, and does not need to. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
