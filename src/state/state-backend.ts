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
  /** The keys that have an entry in the named state (insertion order on the heap, address order on lmdb). */
  keys(name: string): IterableIterator<unknown>;
  /** Number of keys with live entries across all states (a metric). */
  size(): number;
  /** A structured-cloneable copy of everything, taken between batches. */
  snapshot(): unknown;
  /** Replaces the contents with a snapshot taken by the same kind of backend. */
  restore(snapshot: unknown): void;
}

/**
 * What the runtime needs of a backend beyond what operators see: incremental checkpoints and
 * closing. Both backends (heap, lmdb) implement it.
 *
 * @example
 * const backend: ManagedStateBackend = new HeapStateBackend({ now: () => Date.now() });
 * const cut = backend.beginCheckpoint(false);
 */
export interface ManagedStateBackend extends StateBackend {
  /** Which backend this is (shown in the job status). */
  readonly kind: StateBackendKind;
  /**
   * The synchronous part of an incremental checkpoint: marks a consistent cut and returns it. Its
   * entries are read afterwards, while records keep flowing; writes after the cut are not in it.
   * `full`: every live entry (a compaction base); otherwise only what changed since the previous cut.
   */
  beginCheckpoint(full: boolean): StateCut;
  /** Empties the backend and applies checkpoint entries in order (a base, then its increments). */
  restoreEntries(states: readonly StateInfo[], entries: Iterable<StateEntry>): void;
  /** Releases what the backend holds outside the heap (files, an lmdb environment). */
  close(): void;
}

/** A named state as an incremental checkpoint records it: its address index and kind. */
export interface StateInfo {
  readonly name: string;
  readonly kind: 'value' | 'map' | 'list';
  /** Values are stored as `[expiresAt, value]` (a state with TTL). */
  readonly expiring: boolean;
}

/**
 * One entry of an incremental checkpoint: the address (state-key-codec.ts) and the encoded value, or
 * undefined when the entry was deleted. A deleted address without a namespace in a map state deletes
 * all of that key's map entries.
 */
export type StateEntry = readonly [address: Buffer, value: Buffer | undefined];

/**
 * A consistent cut of a backend, taken synchronously by {@link StateBackend.beginCheckpoint}.
 *
 * @example
 * const cut = backend.beginCheckpoint(false);
 * for (const entry of cut.entries()) { write(entry); if (timeToYield()) await yieldToRecords(); }
 * cut.release();
 */
export interface StateCut {
  /** What the addresses' state index means, index by index. */
  readonly states: readonly StateInfo[];
  /** True when the entries are every live entry rather than the changes since the previous cut. */
  readonly full: boolean;
  /** About how many entries the cut holds (known at the cut, without reading them). */
  readonly estimatedEntries: number;
  /** The entries as of the cut; may be pulled across event-loop turns while the backend keeps changing. */
  entries(): IterableIterator<StateEntry>;
  /** The checkpoint holding this cut is durable: the next increment starts from here. */
  commit(): void;
  /**
   * Ends the cut (frees a read snapshot, stops copy-on-access). Without `commit` first, what it held
   * goes into the next increment again.
   */
  release(): void;
}

/** Which backend keeps an operator's keyed state. */
export type StateBackendKind = 'heap' | 'lmdb';

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
