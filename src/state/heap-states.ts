import type { ListState, MapState, StateTtl, ValueState } from './keyed-state.ts';
import { keySlot } from './key-slot.ts';
import type { StateKind } from './named-state.ts';

/**
 * The state handles of the heap backend and the tables behind them. Internal to src/state: operators
 * see only the interfaces in keyed-state.ts.
 */

/**
 * One key's entry in a table. For a map state `value` is a Map of {@link Entry} by user-key slot and
 * `expiresAt` is unused (map entries expire one by one). Without TTL `expiresAt` is Infinity.
 */
export interface Entry {
  key: unknown;
  value: unknown;
  expiresAt: number;
}

/** All entries of one named state, by key slot. */
export interface Table {
  readonly name: string;
  readonly kind: StateKind;
  readonly entries: Map<unknown, Entry>;
  /** Set when an operator asks for the state; a table filled by restore has none until then. */
  ttl: StateTtl | undefined;
  handle: ValueState<unknown> | MapState<unknown, unknown> | ListState<unknown> | undefined;
  /**
   * Key slots touched since the last checkpoint cut: what the next increment holds. Undefined until
   * there is a chain to add to (a first cut, always a base, or a restore).
   */
  changed: Set<unknown> | undefined;
  /**
   * While a checkpoint cut is being written: whether the cut still owes a slot (not yet written out),
   * and what saves one as it was at the cut before a handle touches (and maybe mutates) it (copy on
   * access).
   */
  owes: ((slot: unknown) => boolean) | undefined;
  capture: ((slot: unknown) => void) | undefined;
}

/**
 * Every handle call starts here: saves the slot's entry for a checkpoint in flight if the cut still
 * owes it, and marks the slot changed for the next increment.
 *
 * @example
 * touch(table, cursor.slot);
 */
export function touch(table: Table, slot: unknown): void {
  if (table.owes !== undefined && table.owes(slot)) table.capture!(slot);
  table.changed?.add(slot);
}

/**
 * The key the backend is set to, shared by the backend and every handle so that a handle call is one
 * Map lookup: `setCurrentKey` computes the slot once per key change, not once per state access.
 */
export interface KeyCursor {
  key: unknown;
  slot: unknown;
  now(): number;
}

/** Milliseconds to live, or 0 for no TTL. */
function ttlMillis(table: Table): number {
  return table.ttl === undefined ? 0 : table.ttl.ttl;
}

/**
 * Drops the expired entries of a TTL table (map states: expired map entries, then empty maps).
 * Used by snapshot, size and keys, where every entry is visited anyway.
 *
 * @example
 * purgeExpired(table, clock.now());
 */
export function purgeExpired(table: Table, now: number): void {
  if (ttlMillis(table) === 0) return;
  for (const [slot, entry] of table.entries) {
    if (table.kind === 'map') {
      const inner = entry.value as Map<unknown, Entry>;
      for (const [userSlot, item] of inner) {
        if (item.expiresAt > now) continue;
        touch(table, slot);
        inner.delete(userSlot);
      }
      if (inner.size === 0) table.entries.delete(slot);
    } else if (entry.expiresAt <= now) {
      touch(table, slot);
      table.entries.delete(slot);
    }
  }
}

/** The current key's entry if it is live; refreshes it on read when the TTL says so. */
function liveEntry(table: Table, cursor: KeyCursor): Entry | undefined {
  const entry = table.entries.get(cursor.slot);
  if (entry === undefined || table.ttl === undefined) return entry;
  const now = cursor.now();
  if (entry.expiresAt <= now) {
    table.entries.delete(cursor.slot);
    return undefined;
  }
  if (table.ttl.updateOn === 'read-and-write') entry.expiresAt = now + table.ttl.ttl;
  return entry;
}

/** Expiry time for an entry written now. */
function expiryFromNow(table: Table, cursor: KeyCursor): number {
  const ttl = ttlMillis(table);
  return ttl === 0 ? Number.POSITIVE_INFINITY : cursor.now() + ttl;
}

/**
 * A single value per key. Values are kept by reference: `value()` returns the object `update` stored.
 *
 * @example
 * const count = backend.valueState<number>('count'); // a HeapValueState behind the interface
 */
export class HeapValueState<V> implements ValueState<V> {
  readonly #table: Table;
  readonly #cursor: KeyCursor;
  constructor(table: Table, cursor: KeyCursor) {
    this.#table = table;
    this.#cursor = cursor;
  }
  value(): V | undefined {
    touch(this.#table, this.#cursor.slot);
    return liveEntry(this.#table, this.#cursor)?.value as V | undefined;
  }
  update(value: V): void {
    touch(this.#table, this.#cursor.slot);
    const expiresAt = expiryFromNow(this.#table, this.#cursor);
    const entry = this.#table.entries.get(this.#cursor.slot);
    if (entry === undefined) this.#table.entries.set(this.#cursor.slot, { key: this.#cursor.key, value, expiresAt });
    else {
      entry.value = value;
      entry.expiresAt = expiresAt;
    }
  }
  clear(): void {
    touch(this.#table, this.#cursor.slot);
    this.#table.entries.delete(this.#cursor.slot);
  }
}

/**
 * A list per key; with TTL the whole list expires together, and any write refreshes it.
 *
 * @example
 * const buffered = backend.listState<Row>('rows');
 * buffered.add(row);
 */
export class HeapListState<V> implements ListState<V> {
  readonly #table: Table;
  readonly #cursor: KeyCursor;
  constructor(table: Table, cursor: KeyCursor) {
    this.#table = table;
    this.#cursor = cursor;
  }
  /** A copy, so that pushing onto the result cannot change the state behind the backend's back. */
  get(): V[] {
    touch(this.#table, this.#cursor.slot);
    const entry = liveEntry(this.#table, this.#cursor);
    return entry === undefined ? [] : (entry.value as V[]).slice();
  }
  add(value: V): void {
    touch(this.#table, this.#cursor.slot);
    this.#writable().push(value);
  }
  addAll(values: V[]): void {
    touch(this.#table, this.#cursor.slot);
    const list = this.#writable();
    for (let i = 0; i < values.length; i++) list.push(values[i]);
  }
  update(values: V[]): void {
    touch(this.#table, this.#cursor.slot);
    if (values.length === 0) this.clear();
    else this.#table.entries.set(this.#cursor.slot, { key: this.#cursor.key, value: values.slice(), expiresAt: expiryFromNow(this.#table, this.#cursor) });
  }
  clear(): void {
    touch(this.#table, this.#cursor.slot);
    this.#table.entries.delete(this.#cursor.slot);
  }
  /** The live list to append to (a fresh one if absent or expired), with its clock refreshed. */
  #writable(): V[] {
    const ttl = ttlMillis(this.#table);
    const now = ttl === 0 ? 0 : this.#cursor.now();
    const expiresAt = ttl === 0 ? Number.POSITIVE_INFINITY : now + ttl;
    const entry = this.#table.entries.get(this.#cursor.slot);
    if (entry === undefined || (ttl !== 0 && entry.expiresAt <= now)) {
      const list: V[] = [];
      this.#table.entries.set(this.#cursor.slot, { key: this.#cursor.key, value: list, expiresAt });
      return list;
    }
    entry.expiresAt = expiresAt;
    return entry.value as V[];
  }
}

/**
 * A map per key; with TTL each map entry expires on its own. An emptied map removes the key.
 *
 * @example
 * const windows = backend.mapState<number, Acc>('windows');
 * windows.put(windowEnd, acc);
 */
export class HeapMapState<K, V> implements MapState<K, V> {
  readonly #table: Table;
  readonly #cursor: KeyCursor;
  constructor(table: Table, cursor: KeyCursor) {
    this.#table = table;
    this.#cursor = cursor;
  }
  get(key: K): V | undefined {
    touch(this.#table, this.#cursor.slot);
    return this.#liveItem(key)?.value as V | undefined;
  }
  put(key: K, value: V): void {
    touch(this.#table, this.#cursor.slot);
    const expiresAt = expiryFromNow(this.#table, this.#cursor);
    let inner = this.#table.entries.get(this.#cursor.slot)?.value as Map<unknown, Entry> | undefined;
    if (inner === undefined) {
      inner = new Map();
      this.#table.entries.set(this.#cursor.slot, { key: this.#cursor.key, value: inner, expiresAt: Number.POSITIVE_INFINITY });
    }
    const userSlot = keySlot(key);
    const item = inner.get(userSlot);
    if (item === undefined) inner.set(userSlot, { key, value, expiresAt });
    else {
      item.value = value;
      item.expiresAt = expiresAt;
    }
  }
  has(key: K): boolean {
    touch(this.#table, this.#cursor.slot);
    return this.#liveItem(key) !== undefined;
  }
  remove(key: K): void {
    touch(this.#table, this.#cursor.slot);
    const inner = this.#inner();
    if (inner === undefined) return;
    inner.delete(keySlot(key));
    if (inner.size === 0) this.#table.entries.delete(this.#cursor.slot);
  }
  *entries(): IterableIterator<[K, V]> {
    touch(this.#table, this.#cursor.slot);
    const inner = this.#liveInner();
    if (inner !== undefined) for (const item of inner.values()) yield [item.key as K, item.value as V];
  }
  *keys(): IterableIterator<K> {
    touch(this.#table, this.#cursor.slot);
    const inner = this.#liveInner();
    if (inner !== undefined) for (const item of inner.values()) yield item.key as K;
  }
  isEmpty(): boolean {
    touch(this.#table, this.#cursor.slot);
    return this.#liveInner() === undefined;
  }
  clear(): void {
    touch(this.#table, this.#cursor.slot);
    this.#table.entries.delete(this.#cursor.slot);
  }

  #inner(): Map<unknown, Entry> | undefined {
    return this.#table.entries.get(this.#cursor.slot)?.value as Map<unknown, Entry> | undefined;
  }

  /** One live map entry, dropping it if expired and refreshing it on read if configured. */
  #liveItem(key: K): Entry | undefined {
    const inner = this.#inner();
    if (inner === undefined) return undefined;
    const userSlot = keySlot(key);
    const item = inner.get(userSlot);
    if (item === undefined || this.#table.ttl === undefined) return item;
    const now = this.#cursor.now();
    if (item.expiresAt <= now) {
      inner.delete(userSlot);
      if (inner.size === 0) this.#table.entries.delete(this.#cursor.slot);
      return undefined;
    }
    if (this.#table.ttl.updateOn === 'read-and-write') item.expiresAt = now + this.#table.ttl.ttl;
    return item;
  }

  /** The current key's map with expired entries dropped (and live ones refreshed on read), or undefined if empty. */
  #liveInner(): Map<unknown, Entry> | undefined {
    const inner = this.#inner();
    if (inner === undefined || this.#table.ttl === undefined) return inner;
    const now = this.#cursor.now();
    const refreshTo = this.#table.ttl.updateOn === 'read-and-write' ? now + this.#table.ttl.ttl : 0;
    for (const [userSlot, item] of inner) {
      if (item.expiresAt <= now) inner.delete(userSlot);
      else if (refreshTo !== 0) item.expiresAt = refreshTo;
    }
    if (inner.size > 0) return inner;
    this.#table.entries.delete(this.#cursor.slot);
    return undefined;
  }
}
