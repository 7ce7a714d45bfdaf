import type { ListState, MapState, StateTtl, ValueState } from './keyed-state.ts';
import type { StateBackend } from './state-backend.ts';

/**
 * A StateBackend that hands every call to another one: the base of views that change a few calls
 * (the runtime's note of which states an operator opens, the TestDriver's view of an operator's
 * state) and pass the rest through unchanged.
 *
 * @example
 * class CountingReads extends ForwardingStateBackend {
 *   reads = 0;
 *   override valueState<V>(name: string, ttl?: StateTtl): ValueState<V> {
 *     this.reads++;
 *     return super.valueState<V>(name, ttl);
 *   }
 * }
 */
export class ForwardingStateBackend implements StateBackend {
  protected readonly backend: StateBackend;

  constructor(backend: StateBackend) {
    this.backend = backend;
  }

  setCurrentKey(key: unknown): void {
    this.backend.setCurrentKey(key);
  }

  currentKey(): unknown {
    return this.backend.currentKey();
  }

  valueState<V>(name: string, ttl?: StateTtl): ValueState<V> {
    return this.backend.valueState<V>(name, ttl);
  }

  mapState<K, V>(name: string, ttl?: StateTtl): MapState<K, V> {
    return this.backend.mapState<K, V>(name, ttl);
  }

  listState<V>(name: string, ttl?: StateTtl): ListState<V> {
    return this.backend.listState<V>(name, ttl);
  }

  keys(name: string): IterableIterator<unknown> {
    return this.backend.keys(name);
  }

  size(): number {
    return this.backend.size();
  }

  snapshot(): unknown {
    return this.backend.snapshot();
  }

  restore(snapshot: unknown): void {
    this.backend.restore(snapshot);
  }
}
