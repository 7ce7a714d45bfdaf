import type { ListState, MapState, StateTtl, ValueState } from './keyed-state.ts';

/**
 * Where an operator keeps its keyed state. The heap backend keeps it in maps; an lmdb backend (later)
 * keeps it on disk. Operators only see this interface, so they run on either.
 *
 * Keys are any value; the backend normalises them with {@link keyId} so that equal composite keys
 * (arrays, objects) address the same state.
 *
 * @example
 * const backend: StateBackend = new HeapStateBackend({ now: () => Date.now() });
 * const total = backend.valueState<number>('total');
 * backend.setCurrentKey('AAPL');
 * total.update(150);
 */
export interface StateBackend {
  setCurrentKey(key: unknown): void;
  currentKey(): unknown;
  valueState<V>(name: string, ttl?: StateTtl): ValueState<V>;
  mapState<K, V>(name: string, ttl?: StateTtl): MapState<K, V>;
  listState<V>(name: string, ttl?: StateTtl): ListState<V>;
  /** The keys that have an entry in the named state. */
  keys(name: string): IterableIterator<unknown>;
  /** Number of keys with live entries across all states (a metric). */
  size(): number;
  /** A structured-cloneable copy of everything, taken between batches. */
  snapshot(): unknown;
  /** Replaces the contents with a snapshot taken by the same kind of backend. */
  restore(snapshot: unknown): void;
}

/** What a backend needs from its surroundings. */
export interface StateBackendContext {
  /** Processing time in epoch milliseconds, for TTL. */
  now(): number;
}

/**
 * The identity of a key: primitives as themselves (tagged by type), composites as JSON.
 *
 * @example
 * keyId(['AAPL', 3]) === keyId(['AAPL', 3]) // true
 */
export function keyId(key: unknown): string {
  switch (typeof key) {
    case 'string': return `s${key}`;
    case 'number': return `n${key}`;
    case 'boolean': return key ? 'T' : 'F';
    case 'bigint': return `b${key}`;
    case 'undefined': return 'u';
    default: return key === null ? 'N' : `j${JSON.stringify(key)}`;
  }
}
