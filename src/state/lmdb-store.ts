import { rmSync } from 'node:fs';
import { open, type Database, type RootDatabase, type Transaction } from 'lmdb';

/**
 * The little of lmdb the state backend uses, behind our own interface: binary keys and values,
 * synchronous reads, synchronous write batches (one transaction each), ordered range reads and
 * read snapshots. The store is working space, rebuilt from checkpoints on restore: it is opened
 * without fsync (a crash loses it anyway; durability comes from the checkpoint files).
 *
 * @example
 * const store = LmdbStore.open('/tmp/sluice-state/op-1');
 * store.write([{ key: Buffer.of(1), value: Buffer.of(2) }]);
 * store.get(Buffer.of(1)) // <Buffer 02>
 * store.destroy();
 */
export class LmdbStore {
  readonly path: string;
  readonly #root: RootDatabase<Buffer, Buffer>;
  /** Entries by address. */
  readonly #data: Database<Buffer, Buffer>;
  /** Addresses written since a checkpoint cut, as [epoch u32][address] → empty. */
  readonly #changes: Database<Buffer, Buffer>;

  private constructor(path: string, root: RootDatabase<Buffer, Buffer>) {
    this.path = path;
    this.#root = root;
    this.#data = root.openDB({ name: 'data', encoding: 'binary', keyEncoding: 'binary' });
    this.#changes = root.openDB({ name: 'changes', encoding: 'binary', keyEncoding: 'binary' });
  }

  /** Opens (creating) the store at `path`, emptied first: its contents come from a checkpoint or nothing. */
  static open(path: string): LmdbStore {
    rmSync(path, { recursive: true, force: true });
    const root = open<Buffer, Buffer>({
      path,
      encoding: 'binary',
      keyEncoding: 'binary',
      maxDbs: 4,
      noSubdir: false, // lmdb would take a path with a '.' in its last part for a file name
      noSync: true,
      noMetaSync: true,
      compression: false,
      cache: false,
    });
    return new LmdbStore(path, root);
  }

  get(key: Buffer, snapshot?: LmdbSnapshot): Buffer | undefined {
    return snapshot === undefined ? this.#data.get(key) : this.#data.get(key, { transaction: snapshot.transaction });
  }

  /**
   * Applies writes (value undefined = delete) in one transaction, and marks each address changed in
   * `epoch` so the next incremental checkpoint includes it.
   */
  write(writes: readonly { key: Buffer; value: Buffer | undefined }[], epoch?: number): void {
    if (writes.length === 0) return;
    this.#root.transactionSync(() => {
      for (const { key, value } of writes) {
        if (value === undefined) this.#data.removeSync(key);
        else this.#data.putSync(key, value);
        if (epoch !== undefined) this.#changes.putSync(changeKey(epoch, key), EMPTY);
      }
    });
  }

  /** Entries with start <= key < end, in key order. */
  *range(start: Buffer, end: Buffer, snapshot?: LmdbSnapshot): IterableIterator<{ key: Buffer; value: Buffer }> {
    const options = snapshot === undefined ? { start, end } : { start, end, transaction: snapshot.transaction };
    for (const entry of this.#data.getRange(options)) yield entry;
  }

  /** Addresses changed in `epoch` or before, as of the snapshot (one may come twice if marked in two epochs). */
  *changedUpTo(epoch: number, snapshot: LmdbSnapshot): IterableIterator<Buffer> {
    const start = changeKey(0, EMPTY);
    const end = changeKey(epoch + 1, EMPTY);
    for (const key of this.#changes.getKeys({ start, end, transaction: snapshot.transaction })) yield (key as Buffer).subarray(4);
  }

  /** Forgets the change marks of every epoch before `epoch` (they are in a checkpoint now). */
  forgetChangesBefore(epoch: number, snapshot: LmdbSnapshot): void {
    const doomed: Buffer[] = [];
    for (const key of this.#changes.getKeys({ start: changeKey(0, EMPTY), end: changeKey(epoch, EMPTY), transaction: snapshot.transaction })) doomed.push(key as Buffer);
    if (doomed.length === 0) return;
    this.#root.transactionSync(() => {
      for (const key of doomed) this.#changes.removeSync(key);
    });
  }

  /** Removes every entry and change mark. */
  clear(): void {
    this.#root.transactionSync(() => {
      this.#data.clearSync();
      this.#changes.clearSync();
    });
  }

  /** A consistent read view as of now; writes after this are not seen through it. Release it with `done()`. */
  snapshot(): LmdbSnapshot {
    return new LmdbSnapshot(this.#data.useReadTransaction());
  }

  /** Number of entries (lmdb keeps the count: no scan). */
  count(): number {
    return (this.#data.getStats() as { entryCount: number }).entryCount;
  }

  /** Closes the store and deletes its files. */
  destroy(): void {
    void this.#root.close();
    rmSync(this.path, { recursive: true, force: true });
  }
}

/**
 * A read snapshot of an {@link LmdbStore}: the consistent cut of an lmdb checkpoint.
 *
 * @example
 * const cut = store.snapshot();
 * for (const entry of store.range(from, to, cut)) write(entry);
 * cut.done();
 */
export class LmdbSnapshot {
  readonly transaction: Transaction;
  #done = false;
  constructor(transaction: Transaction) {
    this.transaction = transaction;
  }
  done(): void {
    if (this.#done) return;
    this.#done = true;
    this.transaction.done();
  }
}

const EMPTY = Buffer.alloc(0);

function changeKey(epoch: number, key: Buffer): Buffer {
  const out = Buffer.allocUnsafe(4 + key.length);
  out.writeUInt32BE(epoch, 0);
  key.copy(out, 4);
  return out;
}
