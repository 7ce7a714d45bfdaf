import { SluiceError } from '../core/errors.ts';
import type { StateTtl } from './keyed-state.ts';
import { keySlot } from './key-slot.ts';
import { LmdbStore } from './lmdb-store.ts';
import { addressPrefix, encodeKeyPart, stateAddress, decodeKeyPart } from './state-key-codec.ts';
import { decodeStateValue, encodeStateValue } from './state-value-codec.ts';

/**
 * The write-back cache in front of an {@link LmdbStore}: the part of the lmdb backend that makes a
 * synchronous, batched hot path fast. Reads go to the cache, then to lmdb (a synchronous get of a
 * memory-mapped page); writes change the cached object and mark it dirty; dirty entries go to lmdb
 * together in one write transaction once there are `flushEvery` of them (or before a checkpoint cut,
 * a range read or a count). After a flush the oldest clean entries are evicted down to half of
 * `cacheSize`, so the heap holds a bounded number of entries however large the state is.
 *
 * Internal to src/state: the handles in lmdb-states.ts and the backend use it.
 */

/** A cached value or list entry; `value` is ABSENT when the key has none. */
export interface CachedEntry {
  readonly key: unknown;
  readonly slot: unknown;
  readonly address: Buffer;
  value: unknown;
  expiresAt: number;
  dirty: boolean;
  /** Whether lmdb holds an entry at `address` (as of the last flush). */
  stored: boolean;
}

/** A map item of a cached map. */
export interface CachedItem {
  readonly key: unknown;
  readonly slot: unknown;
  value: unknown;
  expiresAt: number;
  dirty: boolean;
  stored: boolean;
}

/** One key's map state, loaded whole by one range read. */
export interface CachedMap {
  readonly key: unknown;
  readonly slot: unknown;
  readonly prefix: Buffer;
  readonly items: Map<unknown, CachedItem>;
  /** Items that are not ABSENT. */
  live: number;
  /** Items lmdb holds (as of the last flush). */
  stored: number;
}

/** One named state of the backend. */
export interface LmdbTable {
  readonly name: string;
  readonly kind: 'value' | 'map' | 'list';
  readonly index: number;
  ttl: StateTtl | undefined;
  handle: unknown;
  readonly entries: Map<unknown, CachedEntry>;
  readonly maps: Map<unknown, CachedMap>;
}

/** The key the backend is set to; `bytes` is encoded on first need, once per key change. */
export interface LmdbCursor {
  key: unknown;
  slot: unknown;
  bytes: Uint8Array | undefined;
  now(): number;
}

export const ABSENT: unique symbol = Symbol('absent');

interface Dirty {
  readonly table: LmdbTable;
  readonly entry: CachedEntry | undefined;
  readonly map: CachedMap | undefined;
  readonly item: CachedItem | undefined;
}

/** Tuning of the cache. */
export interface LmdbCacheOptions {
  /** Entries kept in the JavaScript heap (hot keys). Default 50 000. */
  readonly cacheSize?: number;
  /** Dirty entries written together in one lmdb transaction; a cut flushes at most this many. Default 2 048. */
  readonly flushEvery?: number;
}

/**
 * The hot entries of an lmdb backend in the JavaScript heap, written back to lmdb in batches.
 *
 * @example
 * const cache = new LmdbCache(LmdbStore.open(dir), cursor, tables, {});
 * const entry = cache.entry(table); // the current key's entry, loaded from lmdb on a miss
 */
export class LmdbCache {
  readonly store: LmdbStore;
  readonly cursor: LmdbCursor;
  /** Epoch of the change marks (incremental checkpoints); advanced by each cut. */
  epoch = 0;
  /**
   * Whether writes are marked for the next increment: only once there is a chain to add to (after a
   * first cut, which is always a base, or a restore). Before that the marks would be wasted writes.
   */
  trackChanges = false;
  /** Entries written with a change mark since the last cut (an estimate of the next increment). */
  changedSinceCut = 0;
  /** Keys with stored entries, per (state, key) pair. */
  storedKeys = 0;
  #dirty: Dirty[] = [];
  #cached = 0;
  readonly #cacheSize: number;
  readonly #flushEvery: number;
  readonly #tables: LmdbTable[];

  constructor(store: LmdbStore, cursor: LmdbCursor, tables: LmdbTable[], options: LmdbCacheOptions) {
    this.store = store;
    this.cursor = cursor;
    this.#tables = tables;
    this.#cacheSize = positive(options.cacheSize ?? 50_000, 'cacheSize');
    this.#flushEvery = positive(options.flushEvery ?? 2_048, 'flushEvery');
  }

  /** The current key's bytes. */
  keyBytes(): Uint8Array {
    return (this.cursor.bytes ??= encodeKeyPart(this.cursor.key));
  }

  /** The current key's value/list entry (ABSENT value when it has none). */
  entry(table: LmdbTable): CachedEntry {
    const cursor = this.cursor;
    let entry = table.entries.get(cursor.slot);
    if (entry !== undefined) return entry;
    const address = stateAddress(addressPrefix(table.index, this.keyBytes()));
    const bytes = this.store.get(address);
    entry = { key: cursor.key, slot: cursor.slot, address, value: ABSENT, expiresAt: Number.POSITIVE_INFINITY, dirty: false, stored: bytes !== undefined };
    if (bytes !== undefined) this.#decodeInto(table, bytes, entry);
    table.entries.set(cursor.slot, entry);
    this.#cached++;
    return entry;
  }

  /** The current key's map, loaded whole. */
  map(table: LmdbTable): CachedMap {
    const cursor = this.cursor;
    let map = table.maps.get(cursor.slot);
    if (map !== undefined) return map;
    const prefix = addressPrefix(table.index, this.keyBytes());
    map = { key: cursor.key, slot: cursor.slot, prefix, items: new Map(), live: 0, stored: 0 };
    for (const { key, value } of this.store.range(prefix, prefixEnd(prefix))) {
      const userKey = decodeKeyPart(key.subarray(prefix.length));
      const item: CachedItem = { key: userKey, slot: keySlot(userKey), value: ABSENT, expiresAt: Number.POSITIVE_INFINITY, dirty: false, stored: true };
      this.#decodeInto(table, value, item);
      map.items.set(item.slot, item);
      map.live++;
      map.stored++;
    }
    table.maps.set(cursor.slot, map);
    this.#cached += 1 + map.items.size;
    return map;
  }

  /** Call after changing an entry: it will be written at the next flush. */
  touchEntry(table: LmdbTable, entry: CachedEntry): void {
    if (entry.dirty) return;
    entry.dirty = true;
    this.#push({ table, entry, map: undefined, item: undefined });
  }

  /** Call after changing a map item. */
  touchItem(table: LmdbTable, map: CachedMap, item: CachedItem): void {
    if (item.dirty) return;
    item.dirty = true;
    this.#push({ table, entry: undefined, map, item });
  }

  /** Adds an item to a cached map (counted for eviction). */
  addItem(map: CachedMap, item: CachedItem): void {
    map.items.set(item.slot, item);
    this.#cached++;
  }

  /** Writes every dirty entry to lmdb in one transaction, then evicts if the cache is over its size. */
  flush(): void {
    const dirty = this.#dirty;
    if (dirty.length > 0) {
      this.#dirty = [];
      const writes: { key: Buffer; value: Buffer | undefined }[] = new Array(dirty.length);
      for (let i = 0; i < dirty.length; i++) writes[i] = this.#write(dirty[i]);
      this.store.write(writes, this.trackChanges ? this.epoch : undefined);
      if (this.trackChanges) this.changedSinceCut += writes.length;
    }
    if (this.#cached > this.#cacheSize) this.#evict(this.#cacheSize >> 1);
  }

  /** Drops every cached entry (after a flush: nothing dirty is lost). */
  dropAll(): void {
    this.flush();
    this.#evict(0);
  }

  /** Encodes a value as stored: `[expiresAt, value]` for a TTL state. */
  encode(table: LmdbTable, value: unknown, expiresAt: number): Buffer {
    return encodeStateValue(table.ttl === undefined ? value : [expiresAt, value]);
  }

  #decodeInto(table: LmdbTable, bytes: Buffer, into: { value: unknown; expiresAt: number }): void {
    const decoded = decodeStateValue(bytes);
    if (table.ttl === undefined) into.value = decoded;
    else {
      into.expiresAt = (decoded as [number, unknown])[0];
      into.value = (decoded as [number, unknown])[1];
    }
  }

  #push(dirty: Dirty): void {
    this.#dirty.push(dirty);
    if (this.#dirty.length >= this.#flushEvery) this.flush();
  }

  #write(dirty: Dirty): { key: Buffer; value: Buffer | undefined } {
    const { table, entry, map, item } = dirty;
    if (entry !== undefined) {
      entry.dirty = false;
      const present = entry.value !== ABSENT;
      if (present !== entry.stored) this.storedKeys += present ? 1 : -1;
      entry.stored = present;
      return { key: entry.address, value: present ? this.encode(table, entry.value, entry.expiresAt) : undefined };
    }
    const owner = map!;
    const it = item!;
    it.dirty = false;
    const present = it.value !== ABSENT;
    if (present !== it.stored) {
      const before = owner.stored;
      owner.stored += present ? 1 : -1;
      if (before === 0) this.storedKeys++;
      else if (owner.stored === 0) this.storedKeys--;
    }
    it.stored = present;
    if (!present && owner.items.get(it.slot) === it) {
      owner.items.delete(it.slot);
      this.#cached--;
    }
    const address = stateAddress(owner.prefix, encodeKeyPart(it.key));
    return { key: address, value: present ? this.encode(table, it.value, it.expiresAt) : undefined };
  }

  /** Evicts the oldest cached entries until at most `keep` remain; nothing dirty is evicted. */
  #evict(keep: number): void {
    for (const table of this.#tables) {
      for (const [slot, entry] of table.entries) {
        if (this.#cached <= keep) return;
        if (entry.dirty) continue;
        table.entries.delete(slot);
        this.#cached--;
      }
      for (const [slot, map] of table.maps) {
        if (this.#cached <= keep) return;
        let dirty = false;
        for (const item of map.items.values()) if (item.dirty) dirty = true;
        if (dirty) continue;
        table.maps.delete(slot);
        this.#cached -= 1 + map.items.size;
      }
    }
  }
}

/** The first address after every address that starts with `prefix`. */
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] !== 0xff) {
      end[i]++;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.of(0xff, 0xff, 0xff, 0xff);
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new SluiceError(`lmdb state backend option '${name}' must be a whole number of at least 1, got ${value}`);
  return value;
}
