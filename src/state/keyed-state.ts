/**
 * Keyed state as an operator sees it: named states scoped to the key the backend is currently set to.
 * The shapes follow Flink's ValueState / MapState / ListState.
 *
 * @example
 * const count = backend.valueState<number>('count');
 * backend.setCurrentKey('AAPL');
 * count.update((count.value() ?? 0) + 1);
 */
export interface ValueState<V> {
  /** The value for the current key, or undefined if none (or expired). */
  value(): V | undefined;
  /** Sets the value for the current key. */
  update(value: V): void;
  /** Removes the current key's value. */
  clear(): void;
}

/** A map per key. */
export interface MapState<K, V> {
  /** The entry's value for the current key, or undefined if none (or expired). */
  get(key: K): V | undefined;
  /** Sets an entry of the current key's map. */
  put(key: K, value: V): void;
  /** Whether the current key's map has a live entry for `key`. */
  has(key: K): boolean;
  /** Removes an entry of the current key's map. */
  remove(key: K): void;
  /** Live entries: in insertion order on the heap, in key order on lmdb (numbers ascending); do not rely on either. Do not mutate the state while iterating. */
  entries(): IterableIterator<[K, V]>;
  /** The live entries' keys, in the same order as entries(): insertion order on the heap, key order on lmdb; do not rely on either. */
  keys(): IterableIterator<K>;
  /** Whether the current key's map has no live entry. */
  isEmpty(): boolean;
  /** Removes the current key's whole map. */
  clear(): void;
}

/** An append-mostly list per key. */
export interface ListState<V> {
  /** The current key's list (empty if none). */
  get(): V[];
  /** Appends one value to the current key's list. */
  add(value: V): void;
  /** Appends values to the current key's list, in order. */
  addAll(values: V[]): void;
  /** Replaces the current key's list. */
  update(values: V[]): void;
  /** Removes the current key's list. */
  clear(): void;
}

/**
 * Time-to-live of state entries, measured in processing time as in Flink.
 *
 * @example
 * const seen = backend.valueState<boolean>('seen', { ttl: 60_000 });
 */
export interface StateTtl {
  /** Milliseconds after the last write (or read, with `updateOn: 'read-and-write'`) before an entry expires. */
  readonly ttl: number;
  /** Which accesses refresh the entry's clock; default 'create-and-write'. */
  readonly updateOn?: 'create-and-write' | 'read-and-write';
}
