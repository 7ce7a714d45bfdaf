import type { ListState, MapState, StateTtl, ValueState } from '../state/keyed-state.ts';
import type { StateBackend } from '../state/state-backend.ts';

/**
 * A state backend seen through a note-taker: every state an operator opens (its name and kind) is
 * written down, so a checkpoint can record which states a step uses and a restore can tell when a new
 * version of the step opens different ones (a renamed state would otherwise start empty while the old
 * one is silently ignored). Everything else goes straight to the backend.
 *
 * @example
 * const opened = new OpenedStates(backend);
 * opened.valueState('count');
 * opened.describe() // 'count:value'
 */
export class OpenedStates implements StateBackend {
  readonly #backend: StateBackend;
  readonly #opened = new Set<string>();

  constructor(backend: StateBackend) {
    this.#backend = backend;
  }

  /** The opened states as `name:kind`, sorted, comma-separated (TTL left out: changing it keeps the state usable). */
  describe(): string {
    return [...this.#opened].sort().join(', ');
  }

  setCurrentKey(key: unknown): void {
    this.#backend.setCurrentKey(key);
  }

  currentKey(): unknown {
    return this.#backend.currentKey();
  }

  valueState<V>(name: string, ttl?: StateTtl): ValueState<V> {
    this.#opened.add(`${name}:value`);
    return this.#backend.valueState<V>(name, ttl);
  }

  mapState<K, V>(name: string, ttl?: StateTtl): MapState<K, V> {
    this.#opened.add(`${name}:map`);
    return this.#backend.mapState<K, V>(name, ttl);
  }

  listState<V>(name: string, ttl?: StateTtl): ListState<V> {
    this.#opened.add(`${name}:list`);
    return this.#backend.listState<V>(name, ttl);
  }

  keys(name: string): IterableIterator<unknown> {
    return this.#backend.keys(name);
  }

  size(): number {
    return this.#backend.size();
  }

  snapshot(): unknown {
    return this.#backend.snapshot();
  }

  restore(snapshot: unknown): void {
    this.#backend.restore(snapshot);
  }
}
