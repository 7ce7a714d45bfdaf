import type { ListState, MapState, StateTtl, ValueState } from '../state/keyed-state.ts';
import { ForwardingStateBackend } from '../state/forwarding-backend.ts';

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
export class OpenedStates extends ForwardingStateBackend {
  readonly #opened = new Set<string>();

  /** The opened states as `name:kind`, sorted, comma-separated (TTL left out: changing it keeps the state usable). */
  describe(): string {
    return [...this.#opened].sort().join(', ');
  }

  override valueState<V>(name: string, ttl?: StateTtl): ValueState<V> {
    this.#opened.add(`${name}:value`);
    return super.valueState<V>(name, ttl);
  }

  override mapState<K, V>(name: string, ttl?: StateTtl): MapState<K, V> {
    this.#opened.add(`${name}:map`);
    return super.mapState<K, V>(name, ttl);
  }

  override listState<V>(name: string, ttl?: StateTtl): ListState<V> {
    this.#opened.add(`${name}:list`);
    return super.listState<V>(name, ttl);
  }
}
