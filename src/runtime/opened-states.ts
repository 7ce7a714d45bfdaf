import type { ListState, MapState, StateTtl, ValueState } from '../state/keyed-state.ts';
import { ForwardingStateBackend } from '../state/forwarding-backend.ts';

/** A state an operator opened: its name, kind and TTL. */
export interface OpenedState {
  readonly name: string;
  readonly kind: 'value' | 'map' | 'list';
  readonly ttl: StateTtl | undefined;
}

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
  /** Each opened state with the TTL it was opened with (reading it again needs the same TTL). */
  readonly #handles = new Map<string, OpenedState>();

  /** The states the operator opened, with their kinds and TTLs (what queryable state reads). */
  states(): readonly OpenedState[] {
    return [...this.#handles.values()];
  }

  /** The opened states as `name:kind`, sorted, comma-separated (TTL left out: changing it keeps the state usable). */
  describe(): string {
    return [...this.#opened].sort().join(', ');
  }

  override valueState<V>(name: string, ttl?: StateTtl): ValueState<V> {
    this.#opened.add(`${name}:value`);
    this.#handles.set(name, { name, kind: 'value', ttl });
    return super.valueState<V>(name, ttl);
  }

  override mapState<K, V>(name: string, ttl?: StateTtl): MapState<K, V> {
    this.#opened.add(`${name}:map`);
    this.#handles.set(name, { name, kind: 'map', ttl });
    return super.mapState<K, V>(name, ttl);
  }

  override listState<V>(name: string, ttl?: StateTtl): ListState<V> {
    this.#opened.add(`${name}:list`);
    this.#handles.set(name, { name, kind: 'list', ttl });
    return super.listState<V>(name, ttl);
  }
}
