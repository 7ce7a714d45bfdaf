import type { ListState, MapState, ValueState } from './keyed-state.ts';
import { keySlot } from './key-slot.ts';
import { ABSENT, type CachedEntry, type CachedItem, type CachedMap, type LmdbCache, type LmdbTable } from './lmdb-cache.ts';

/**
 * The state handles of the lmdb backend, over its write-back cache (lmdb-cache.ts). They follow the
 * heap backend's semantics exactly (the same operator tests run on both): values are returned by
 * reference from the cache, so an operator must `update` after changing one (as Flink requires);
 * with TTL, expired entries are never returned and are removed when touched.
 */

/** Expiry for an entry written now, or Infinity without TTL. */
function expiryFromNow(table: LmdbTable, cache: LmdbCache): number {
  return table.ttl === undefined ? Number.POSITIVE_INFINITY : cache.cursor.now() + table.ttl.ttl;
}

/** The current key's entry if live, refreshing it on read when the TTL says so. */
function liveEntry(table: LmdbTable, cache: LmdbCache): CachedEntry | undefined {
  const entry = cache.entry(table);
  if (entry.value === ABSENT) return undefined;
  if (table.ttl === undefined) return entry;
  const now = cache.cursor.now();
  if (entry.expiresAt <= now) {
    entry.value = ABSENT;
    cache.touchEntry(table, entry);
    return undefined;
  }
  if (table.ttl.updateOn === 'read-and-write') {
    entry.expiresAt = now + table.ttl.ttl;
    cache.touchEntry(table, entry);
  }
  return entry;
}

/** Changes the current key's entry, then marks it dirty (in that order: marking may flush). */
function setEntry(table: LmdbTable, cache: LmdbCache, value: unknown): void {
  const entry = cache.entry(table);
  entry.value = value;
  entry.expiresAt = expiryFromNow(table, cache);
  cache.touchEntry(table, entry);
}

function clearEntry(table: LmdbTable, cache: LmdbCache): void {
  const entry = cache.entry(table);
  if (entry.value === ABSENT) return;
  entry.value = ABSENT;
  cache.touchEntry(table, entry);
}

/**
 * @example
 * const count = backend.valueState<number>('count'); // an LmdbValueState behind the interface
 */
export class LmdbValueState<V> implements ValueState<V> {
  readonly #table: LmdbTable;
  readonly #cache: LmdbCache;
  constructor(table: LmdbTable, cache: LmdbCache) {
    this.#table = table;
    this.#cache = cache;
  }
  value(): V | undefined {
    return liveEntry(this.#table, this.#cache)?.value as V | undefined;
  }
  update(value: V): void {
    setEntry(this.#table, this.#cache, value);
  }
  clear(): void {
    clearEntry(this.#table, this.#cache);
  }
}

/**
 * A list per key, stored as one lmdb value; with TTL the whole list expires together.
 *
 * @example
 * const rows = backend.listState<Row>('rows');
 * rows.add(row);
 */
export class LmdbListState<V> implements ListState<V> {
  readonly #table: LmdbTable;
  readonly #cache: LmdbCache;
  constructor(table: LmdbTable, cache: LmdbCache) {
    this.#table = table;
    this.#cache = cache;
  }
  get(): V[] {
    const entry = liveEntry(this.#table, this.#cache);
    return entry === undefined ? [] : (entry.value as V[]).slice();
  }
  add(value: V): void {
    const entry = this.#writable();
    (entry.value as V[]).push(value);
    this.#cache.touchEntry(this.#table, entry);
  }
  addAll(values: V[]): void {
    const entry = this.#writable();
    const list = entry.value as V[];
    for (let i = 0; i < values.length; i++) list.push(values[i]);
    this.#cache.touchEntry(this.#table, entry);
  }
  update(values: V[]): void {
    if (values.length === 0) this.clear();
    else setEntry(this.#table, this.#cache, values.slice());
  }
  clear(): void {
    clearEntry(this.#table, this.#cache);
  }
  /**
   * The entry whose live list to append to (a fresh one if absent or expired), with its clock
   * refreshed. The caller marks it dirty after appending: a flush in between would write the list
   * without the new values.
   */
  #writable(): CachedEntry {
    const entry = this.#cache.entry(this.#table);
    const expiresAt = expiryFromNow(this.#table, this.#cache);
    const expired = this.#table.ttl !== undefined && entry.expiresAt <= this.#cache.cursor.now();
    if (entry.value === ABSENT || expired) entry.value = [];
    entry.expiresAt = expiresAt;
    return entry;
  }
}

/**
 * A map per key: each map entry is its own lmdb entry under the key's address prefix (a window's
 * accumulator is one entry), and one range read loads a key's map into the cache.
 *
 * @example
 * const windows = backend.mapState<number, Acc>('windows');
 * windows.put(windowEnd, acc);
 */
export class LmdbMapState<K, V> implements MapState<K, V> {
  readonly #table: LmdbTable;
  readonly #cache: LmdbCache;
  constructor(table: LmdbTable, cache: LmdbCache) {
    this.#table = table;
    this.#cache = cache;
  }
  get(key: K): V | undefined {
    return this.#liveItem(this.#cache.map(this.#table), key)?.value as V | undefined;
  }
  put(key: K, value: V): void {
    const map = this.#cache.map(this.#table);
    const slot = keySlot(key);
    let item = map.items.get(slot);
    if (item === undefined) {
      item = { key, slot, value: ABSENT, expiresAt: 0, dirty: false, stored: false };
      this.#cache.addItem(map, item);
    }
    if (item.value === ABSENT) map.live++;
    item.value = value;
    item.expiresAt = expiryFromNow(this.#table, this.#cache);
    this.#cache.touchItem(this.#table, map, item);
  }
  has(key: K): boolean {
    return this.#liveItem(this.#cache.map(this.#table), key) !== undefined;
  }
  remove(key: K): void {
    const map = this.#cache.map(this.#table);
    const item = map.items.get(keySlot(key));
    if (item !== undefined) this.#drop(map, item);
  }
  *entries(): IterableIterator<[K, V]> {
    for (const item of this.#liveItems()) yield [item.key as K, item.value as V];
  }
  *keys(): IterableIterator<K> {
    for (const item of this.#liveItems()) yield item.key as K;
  }
  isEmpty(): boolean {
    return this.#liveItems().length === 0;
  }
  clear(): void {
    const map = this.#cache.map(this.#table);
    for (const item of [...map.items.values()]) this.#drop(map, item);
  }

  #drop(map: CachedMap, item: CachedItem): void {
    if (item.value === ABSENT) return;
    item.value = ABSENT;
    map.live--;
    this.#cache.touchItem(this.#table, map, item);
  }

  /** One live item, dropping it if expired and refreshing it on read if configured. */
  #liveItem(map: CachedMap, key: K): CachedItem | undefined {
    const item = map.items.get(keySlot(key));
    if (item === undefined || item.value === ABSENT) return undefined;
    return this.#live(map, item, this.#cache.cursor.now()) ? item : undefined;
  }

  #live(map: CachedMap, item: CachedItem, now: number): boolean {
    const ttl = this.#table.ttl;
    if (ttl === undefined) return true;
    if (item.expiresAt <= now) {
      this.#drop(map, item);
      return false;
    }
    if (ttl.updateOn === 'read-and-write') {
      item.expiresAt = now + ttl.ttl;
      this.#cache.touchItem(this.#table, map, item);
    }
    return true;
  }

  /** A copy of the live items in key order, so writes while the caller iterates are safe. */
  #liveItems(): CachedItem[] {
    const map = this.#cache.map(this.#table);
    const now = this.#table.ttl === undefined ? 0 : this.#cache.cursor.now();
    const out: CachedItem[] = [];
    for (const item of map.items.values()) if (item.value !== ABSENT && this.#live(map, item, now)) out.push(item);
    return out;
  }
}
