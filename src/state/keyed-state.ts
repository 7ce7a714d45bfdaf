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
  update(value: V): void;
  clear(): void;
}

/** A map per key. */
export interface MapState<K, V> {
  get(key: K): V | undefined;
  put(key: K, value: V): void;
  has(key: K): boolean;
  remove(key: K): void;
  /** Live entries: in insertion order on the heap, in key order on lmdb (numbers ascending); do not rely on either. Do not mutate the state while iterating. */
  entries(): IterableIterator<[K, V]>;
  keys(): IterableIterator<K>;
  isEmpty(): boolean;
  clear(): void;
}

/** An append-mostly list per key. */
export interface ListState<V> {
  get(): V[];
  add(value: V): void;
  addAll(values: V[]): void;
  update(values: V[]): void;
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
