import { SluiceError } from '../core/errors.ts';
import type { ListState, MapState, StateTtl, ValueState } from './keyed-state.ts';
import { keySlot } from './key-slot.ts';
import type { ManagedStateBackend, StateBackendContext, StateCut, StateEntry, StateInfo } from './state-backend.ts';
import { applyHeapEntries, beginHeapCut } from './heap-cut.ts';
import { type Entry, HeapListState, HeapMapState, HeapValueState, type KeyCursor, purgeExpired, type Table } from './heap-states.ts';
import { checkRestoredKinds, checkTtl, kindConflict, openHandle, type StateKind } from './named-state.ts';

/** Tag of the snapshot layout, checked on restore so a foreign snapshot fails loudly. */
const FORMAT = 'sluice.heap-state/1';

/**
 * One named state in a snapshot. Entries are `[key, value]`, or `[key, value, expiresAt]` for a TTL
 * state; for a map state `value` is itself a list of such entries.
 */
interface StateSnapshot {
  name: string;
  kind: StateKind;
  entries: unknown[][];
}

interface HeapSnapshot {
  format: typeof FORMAT;
  states: StateSnapshot[];
}

/**
 * Keyed state in the JavaScript heap: per state name a Map from key slot to entry. Fast, bounded by
 * memory, and the default backend.
 *
 * Handles are meant to be taken once (in `open`) and then follow the key set by `setCurrentKey`;
 * each handle call is a single Map lookup. Values are held by reference (an accumulator can be
 * mutated in place); `snapshot` and `restore` deep-copy, so a snapshot never changes afterwards.
 * TTL is processing time (`ctx.now()`): expired entries are never returned, are dropped when touched,
 * and are purged by `snapshot`.
 *
 * @example
 * const backend = new HeapStateBackend({ now: () => Date.now() });
 * const count = backend.valueState<number>('count', { ttl: 60_000 });
 * backend.setCurrentKey('AAPL');
 * count.update((count.value() ?? 0) + 1);
 * const restored = new HeapStateBackend({ now: () => Date.now() });
 * restored.restore(backend.snapshot());
 */
export class HeapStateBackend implements ManagedStateBackend {
  readonly kind = 'heap';
  readonly #tables = new Map<string, Table>();
  readonly #cursor: KeyCursor;
  /** Whether changes are tracked for increments (see Table.changed). */
  #tracking = false;

  constructor(ctx: StateBackendContext) {
    this.#cursor = { key: undefined, slot: undefined, now: () => ctx.now() };
  }

  /** Keys are kept as given: do not mutate a composite key after passing it here. */
  setCurrentKey(key: unknown): void {
    this.#cursor.key = key;
    this.#cursor.slot = keySlot(key);
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

  *keys(name: string): IterableIterator<unknown> {
    const table = this.#tables.get(name);
    if (table === undefined) return;
    purgeExpired(table, this.#cursor.now());
    for (const entry of table.entries.values()) yield entry.key;
  }

  /** Key-state pairs with live entries: a key that has two states counts twice. */
  size(): number {
    const now = this.#cursor.now();
    let total = 0;
    for (const table of this.#tables.values()) {
      purgeExpired(table, now);
      total += table.entries.size;
    }
    return total;
  }

  snapshot(): unknown {
    const now = this.#cursor.now();
    const states: StateSnapshot[] = [];
    for (const table of this.#tables.values()) {
      purgeExpired(table, now);
      const withExpiry = table.ttl !== undefined;
      const entries: unknown[][] = [];
      for (const entry of table.entries.values()) {
        const value = table.kind === 'map' ? entryList((entry.value as Map<unknown, Entry>).values(), withExpiry) : entry.value;
        entries.push(withExpiry && table.kind !== 'map' ? [entry.key, value, entry.expiresAt] : [entry.key, value]);
      }
      states.push({ name: table.name, kind: table.kind, entries });
    }
    // One deep copy of the whole structure: values may be mutable accumulators.
    const snapshot: HeapSnapshot = { format: FORMAT, states };
    return structuredClone(snapshot);
  }

  restore(snapshot: unknown): void {
    const states = validSnapshot(snapshot).states;
    checkRestoredKinds(states, (name) => this.#tables.get(name));
    const copy = structuredClone(states);
    // Tables are cleared in place, not replaced: handles taken before the restore stay valid.
    for (const table of this.#tables.values()) table.entries.clear();
    for (const state of copy) {
      const table = this.#tables.get(state.name) ?? this.#createTable(state.name, state.kind);
      for (const item of state.entries) {
        const value = state.kind === 'map' ? entryMap(item[1] as unknown[][]) : item[1];
        table.entries.set(keySlot(item[0]), { key: item[0], value, expiresAt: expiryOf(item) });
      }
    }
  }

  /** The first cut of a backend that was not restored is a base, whatever `full` says. */
  beginCheckpoint(full: boolean): StateCut {
    this.#tracking = true;
    return beginHeapCut([...this.#tables.values()], full, this.#cursor.now());
  }

  restoreEntries(states: readonly StateInfo[], entries: Iterable<StateEntry>): void {
    checkRestoredKinds(states, (name) => this.#tables.get(name));
    this.#tracking = true; // the next checkpoint adds to the restored chain
    for (const table of this.#tables.values()) {
      table.entries.clear();
      table.changed = new Set();
    }
    applyHeapEntries(states, entries, (info) => this.#tables.get(info.name) ?? this.#createTable(info.name, info.kind));
  }

  /** Nothing to release: the heap is garbage-collected. */
  close(): void {}

  #handle(name: string, kind: StateKind, ttl: StateTtl | undefined): unknown {
    checkTtl(name, ttl);
    const table = this.#tables.get(name) ?? this.#createTable(name, kind);
    if (table.kind !== kind) throw kindConflict(name, table.kind, kind);
    return openHandle(table, name, ttl, () =>
      kind === 'value' ? new HeapValueState(table, this.#cursor)
      : kind === 'map' ? new HeapMapState(table, this.#cursor)
      : new HeapListState(table, this.#cursor));
  }

  #createTable(name: string, kind: StateKind): Table {
    const changed = this.#tracking ? new Set<unknown>() : undefined;
    const table: Table = { name, kind, entries: new Map(), ttl: undefined, handle: undefined, changed, owes: undefined, capture: undefined };
    this.#tables.set(name, table);
    return table;
  }
}

/** Map entries as snapshot rows. */
function entryList(items: Iterable<Entry>, withExpiry: boolean): unknown[][] {
  const rows: unknown[][] = [];
  for (const item of items) rows.push(withExpiry ? [item.key, item.value, item.expiresAt] : [item.key, item.value]);
  return rows;
}

/** Snapshot rows back into a map state's inner Map. */
function entryMap(rows: unknown[][]): Map<unknown, Entry> {
  const inner = new Map<unknown, Entry>();
  for (const row of rows) inner.set(keySlot(row[0]), { key: row[0], value: row[1], expiresAt: expiryOf(row) });
  return inner;
}

function expiryOf(row: unknown[]): number {
  return row.length > 2 ? (row[2] as number) : Number.POSITIVE_INFINITY;
}

function validSnapshot(snapshot: unknown): HeapSnapshot {
  const candidate = snapshot as Partial<HeapSnapshot> | null | undefined;
  if (candidate?.format !== FORMAT || !Array.isArray(candidate.states)) {
    throw new SluiceError(`not a heap state backend snapshot (expected format '${FORMAT}')`);
  }
  return candidate as HeapSnapshot;
}
