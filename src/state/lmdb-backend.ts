import { SluiceError } from '../core/errors.ts';
import type { ListState, MapState, StateTtl, ValueState } from './keyed-state.ts';
import { keySlot } from './key-slot.ts';
import { LmdbCache, type LmdbCacheOptions, type LmdbCursor, type LmdbTable } from './lmdb-cache.ts';
import { LmdbListState, LmdbMapState, LmdbValueState } from './lmdb-states.ts';
import { LmdbStore, type LmdbSnapshot } from './lmdb-store.ts';
import { checkRestoredKinds, checkTtl, kindConflict, openHandle } from './named-state.ts';
import { decodeAddress, stateRangeEnd } from './state-key-codec.ts';
import { decodeStateValue } from './state-value-codec.ts';
import type { ManagedStateBackend, StateBackendContext, StateCut, StateEntry, StateInfo } from './state-backend.ts';
import { prefixEnd } from './lmdb-cache.ts';

/** Tag of the full-snapshot layout, checked on restore so a foreign snapshot fails loudly. */
const FORMAT = 'sluice.lmdb-state/1';

interface LmdbFullSnapshot {
  format: typeof FORMAT;
  states: StateInfo[];
  /** Address and value bytes, alternating. */
  entries: Uint8Array[];
}

/** Options of {@link LmdbStateBackend}. */
export interface LmdbStateBackendOptions extends LmdbCacheOptions {
  /** The lmdb environment's directory; emptied when the backend opens (state comes from checkpoints). */
  readonly path: string;
}

/**
 * Keyed state in lmdb (memory-mapped B+tree files), for state larger than memory. Entries are
 * addressed state, key group, key, namespace (state-key-codec.ts), so one key's map entries and one
 * state are range reads; values are MessagePack. A write-back cache (lmdb-cache.ts) keeps hot keys
 * and batches writes, so the synchronous hot path rarely touches lmdb at all.
 *
 * Checkpoints are incremental: `beginCheckpoint` flushes the cache and takes an lmdb read
 * snapshot (the consistent cut, a few microseconds); the changed addresses are recorded in lmdb
 * itself (a second database, by epoch), so the cut's entries are read from the snapshot later while
 * new writes go on. TTL is processing time as in the heap backend: an expired entry is never
 * returned, is removed when touched, and a full (compacting) checkpoint leaves it out.
 *
 * @example
 * const backend = new LmdbStateBackend({ now: () => Date.now() }, { path: '/tmp/sluice-state/agg-1' });
 * const count = backend.valueState<number>('count');
 * backend.setCurrentKey('AAPL');
 * count.update((count.value() ?? 0) + 1);
 * backend.close();
 */
export class LmdbStateBackend implements ManagedStateBackend {
  readonly kind = 'lmdb';
  readonly #tables: LmdbTable[] = [];
  readonly #byName = new Map<string, LmdbTable>();
  readonly #cursor: LmdbCursor;
  readonly #options: LmdbStateBackendOptions;
  /** Opened with the first state: an operator without keyed state has no lmdb environment. */
  #opened: LmdbCache | undefined;
  #closed = false;

  constructor(ctx: StateBackendContext, options: LmdbStateBackendOptions) {
    this.#cursor = { key: undefined, slot: undefined, bytes: undefined, now: () => ctx.now() };
    this.#options = options;
  }

  get #cache(): LmdbCache {
    this.#checkOpen();
    return (this.#opened ??= new LmdbCache(LmdbStore.open(this.#options.path), this.#cursor, this.#tables, this.#options));
  }

  setCurrentKey(key: unknown): void {
    this.#cursor.key = key;
    this.#cursor.slot = keySlot(key);
    this.#cursor.bytes = undefined;
  }

  currentKey(): unknown {
    return this.#cursor.key;
  }

  valueState<V>(name: string, ttl?: StateTtl): ValueState<V> {
    return this.#handle(name, 'value', ttl) as ValueState<V>;
  }

  mapState<K, V>(name: string, ttl?: StateTtl): MapState<K, V> {
    return this.#handle(name, 'map', ttl) as MapState<K, V>;
  }

  listState<V>(name: string, ttl?: StateTtl): ListState<V> {
    return this.#handle(name, 'list', ttl) as ListState<V>;
  }

  /** Keys with a live entry in the named state, in address order (a range read). */
  *keys(name: string): IterableIterator<unknown> {
    const table = this.#byName.get(name);
    if (table === undefined) return;
    this.#cache.flush();
    const now = this.#cursor.now();
    let previous: Buffer | undefined;
    for (const { key, value } of this.#cache.store.range(Buffer.of(table.index), stateRangeEnd(table.index))) {
      if (table.ttl !== undefined && (decodeStateValue(value) as [number])[0] <= now) continue;
      const address = decodeAddress(key);
      const keyEnd = key.length - (address.hasNamespace ? namespaceLength(key) : 0);
      if (previous !== undefined && previous.equals(key.subarray(0, keyEnd))) continue;
      previous = Buffer.from(key.subarray(0, keyEnd));
      yield address.key;
    }
  }

  /**
   * Key-state pairs with stored entries (a key in two states counts twice), kept as a running count:
   * no scan. Unlike the heap backend's count, an expired entry counts until it is removed.
   */
  size(): number {
    if (this.#opened === undefined) return 0;
    if (this.#closed) return this.#opened.storedKeys; // the job's final status is read after close
    this.#opened.flush();
    return this.#opened.storedKeys;
  }

  /** Everything as address/value bytes (for the operator harness and the TestDriver; checkpoints use cuts). */
  snapshot(): unknown {
    const cut = this.beginCheckpoint(true);
    const entries: Uint8Array[] = [];
    try {
      for (const [address, value] of cut.entries()) entries.push(Uint8Array.from(address), Uint8Array.from(value!));
    } finally {
      cut.release();
    }
    const snapshot: LmdbFullSnapshot = { format: FORMAT, states: [...cut.states], entries };
    return snapshot;
  }

  restore(snapshot: unknown): void {
    const candidate = snapshot as Partial<LmdbFullSnapshot> | null | undefined;
    if (candidate?.format !== FORMAT || !Array.isArray(candidate.states) || !Array.isArray(candidate.entries)) {
      throw new SluiceError(`not an lmdb state backend snapshot (expected format '${FORMAT}')`);
    }
    const entries = candidate.entries;
    this.restoreEntries(candidate.states, (function* pairs(): IterableIterator<StateEntry> {
      for (let i = 0; i < entries.length; i += 2) yield [Buffer.from(entries[i]), Buffer.from(entries[i + 1])];
    })());
  }

  /** The first cut of a backend that was not restored is a base, whatever `full` says. */
  beginCheckpoint(full: boolean): StateCut {
    this.#checkOpen();
    if (this.#opened === undefined) return emptyCut(full);
    const cache = this.#opened;
    cache.flush();
    // Without marks since a base there is nothing to add an increment to: this cut is a base.
    if (!cache.trackChanges) full = true;
    cache.trackChanges = true;
    const snapshot = cache.store.snapshot();
    const epoch = cache.epoch++;
    const states: StateInfo[] = this.#tables.map((t) => ({ name: t.name, kind: t.kind, expiring: t.ttl !== undefined }));
    const ttlStates = this.#tables.filter((t) => t.ttl !== undefined).map((t) => t.index);
    const now = this.#cursor.now();
    const estimatedEntries = full ? cache.storedKeys : cache.changedSinceCut;
    cache.changedSinceCut = 0;
    return {
      states,
      full,
      estimatedEntries,
      entries: () => (full ? liveEntries(cache.store, snapshot, ttlStates, now) : changedEntries(cache.store, snapshot, epoch)),
      commit: () => cache.store.forgetChangesBefore(epoch + 1, snapshot),
      release: () => snapshot.done(),
    };
  }

  restoreEntries(states: readonly StateInfo[], entries: Iterable<StateEntry>): void {
    if (states.length === 0 && this.#opened === undefined) return;
    checkRestoredKinds(states, (name) => this.#byName.get(name));
    const cache = this.#cache;
    cache.dropAll();
    cache.store.clear();
    const remap = states.map((s) => this.#table(s.name, s.kind).index);
    let batch: { key: Buffer; value: Buffer | undefined }[] = [];
    for (const [address, value] of entries) {
      const index = remap[address[0]];
      if (index === undefined) throw new SluiceError(`a checkpoint entry names state #${address[0]}, which its checkpoint does not list`);
      const key = index === address[0] ? address : Buffer.concat([Buffer.of(index), address.subarray(1)]);
      if (value === undefined && this.#tables[index].kind === 'map' && !decodeAddress(key).hasNamespace) {
        cache.store.write(batch);
        batch = [];
        const doomed = [...cache.store.range(key, prefixEnd(key))].map((e) => ({ key: e.key, value: undefined }));
        cache.store.write(doomed);
        continue;
      }
      batch.push({ key, value });
      if (batch.length >= 10_000) {
        cache.store.write(batch);
        batch = [];
      }
    }
    cache.store.write(batch);
    cache.storedKeys = this.#countKeys();
    cache.trackChanges = true; // the next checkpoint adds to the restored chain
  }

  close(): void {
    if (this.#closed) return;
    this.#opened?.flush();
    this.#closed = true;
    this.#opened?.store.destroy();
  }

  /** Distinct (state, key) pairs stored: one scan, at restore. */
  #countKeys(): number {
    let count = 0;
    let previous: Buffer | undefined;
    for (const { key } of this.#cache.store.range(Buffer.of(0), Buffer.of(0xff))) {
      const keyEnd = key.length - (decodeAddress(key).hasNamespace ? namespaceLength(key) : 0);
      const head = key.subarray(0, keyEnd);
      if (previous !== undefined && previous.equals(head)) continue;
      previous = Buffer.from(head);
      count++;
    }
    return count;
  }

  #handle(name: string, kind: LmdbTable['kind'], ttl: StateTtl | undefined): unknown {
    this.#checkOpen();
    checkTtl(name, ttl);
    const table = this.#table(name, kind);
    return openHandle(table, name, ttl, () =>
      kind === 'value' ? new LmdbValueState(table, this.#cache)
      : kind === 'map' ? new LmdbMapState(table, this.#cache)
      : new LmdbListState(table, this.#cache));
  }

  #table(name: string, kind: LmdbTable['kind']): LmdbTable {
    const existing = this.#byName.get(name);
    if (existing !== undefined) {
      if (existing.kind !== kind) throw kindConflict(name, existing.kind, kind);
      return existing;
    }
    if (this.#tables.length >= 255) throw new SluiceError(`an operator may have at most 255 named states; '${name}' is one too many`);
    const table: LmdbTable = { name, kind, index: this.#tables.length, ttl: undefined, handle: undefined, entries: new Map(), maps: new Map() };
    this.#tables.push(table);
    this.#byName.set(name, table);
    return table;
  }

  #checkOpen(): void {
    if (this.#closed) throw new SluiceError('the lmdb state backend is closed');
  }
}

/** The cut of a backend that never held state. */
function emptyCut(full: boolean): StateCut {
  return { states: [], full, estimatedEntries: 0, entries: () => [][Symbol.iterator](), commit: () => {}, release: () => {} };
}

/** Every live entry as of the snapshot (a compaction base): expired TTL entries are left out. */
function* liveEntries(store: LmdbStore, snapshot: LmdbSnapshot, ttlStates: readonly number[], now: number): IterableIterator<StateEntry> {
  for (const { key, value } of store.range(Buffer.of(0), Buffer.of(0xff), snapshot)) {
    if (ttlStates.includes(key[0]) && (decodeStateValue(value) as [number])[0] <= now) continue;
    yield [Buffer.from(key), Buffer.from(value)];
  }
}

/** The entries changed in or before `epoch`, as of the snapshot (undefined value: deleted). */
function* changedEntries(store: LmdbStore, snapshot: LmdbSnapshot, epoch: number): IterableIterator<StateEntry> {
  for (const address of store.changedUpTo(epoch, snapshot)) {
    const copy = Buffer.from(address);
    const value = store.get(copy, snapshot);
    yield [copy, value === undefined ? undefined : Buffer.from(value)];
  }
}

/** Bytes of the namespace part of an address that has one. */
function namespaceLength(address: Buffer): number {
  return address.length - 5 - address.readUInt16BE(3);
}
