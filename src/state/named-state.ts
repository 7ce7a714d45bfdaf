import { ConfigError, SluiceError } from '../core/errors.ts';
import type { StateTtl } from './keyed-state.ts';

/**
 * The rules every backend applies when an operator opens a named state or a checkpoint restores
 * one: one name has one kind, asking again returns the same handle with the same TTL, and a TTL is a
 * positive number of milliseconds. Shared so that the heap and lmdb backends cannot drift apart.
 */

/** Which interface a named state implements; one name has exactly one kind. */
export type StateKind = 'value' | 'map' | 'list';

/** What the rules need of a backend's table for one named state. */
export interface NamedStateTable {
  readonly kind: StateKind;
  /** Set when an operator asks for the state, with `updateOn` filled in; a restored table has none until then. */
  ttl: StateTtl | undefined;
  handle: unknown;
}

/**
 * Rejects a TTL that is not a positive, finite number of milliseconds.
 *
 * @example
 * checkTtl('seen', { ttl: 0 }); // throws: ttl of state 'seen' must be a positive number of milliseconds, got 0
 */
export function checkTtl(name: string, ttl: StateTtl | undefined): void {
  if (ttl !== undefined && !(ttl.ttl > 0 && Number.isFinite(ttl.ttl))) {
    throw new ConfigError(`ttl of state '${name}'`, `must be a positive number of milliseconds, got ${ttl.ttl}`);
  }
}

/**
 * The table's handle, made by `create` the first time; asking again with a different TTL is an
 * error, since the entries already written follow the first one.
 *
 * @example
 * const handle = openHandle(table, name, ttl, () => new HeapValueState(table, cursor));
 */
export function openHandle(table: NamedStateTable, name: string, ttl: StateTtl | undefined, create: () => unknown): unknown {
  if (table.handle !== undefined) {
    if (!sameTtl(table.ttl, ttl)) throw new SluiceError(`state '${name}' was already opened with a different TTL`);
    return table.handle;
  }
  table.ttl = ttl === undefined ? undefined : { ttl: ttl.ttl, updateOn: ttl.updateOn ?? 'create-and-write' };
  table.handle = create();
  return table.handle;
}

/**
 * The error for a name used as two kinds of state.
 *
 * @example
 * throw kindConflict('acc', 'value', 'map'); // state 'acc' is a value state; it cannot also be used as a map state
 */
export function kindConflict(name: string, existing: StateKind, requested: StateKind): SluiceError {
  return new SluiceError(`state '${name}' is a ${existing} state; it cannot also be used as a ${requested} state`);
}

/**
 * Checks every restored state's kind against the states already opened, before a restore touches
 * anything, so a failed restore leaves the backend as it was.
 *
 * @example
 * checkRestoredKinds(snapshot.states, (name) => tables.get(name));
 */
export function checkRestoredKinds(states: Iterable<{ readonly name: string; readonly kind: StateKind }>, existing: (name: string) => { readonly kind: StateKind } | undefined): void {
  for (const state of states) {
    const table = existing(state.name);
    if (table !== undefined && table.kind !== state.kind) throw kindConflict(state.name, table.kind, state.kind);
  }
}

function sameTtl(a: StateTtl | undefined, b: StateTtl | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.ttl === b.ttl && (a.updateOn ?? 'create-and-write') === (b.updateOn ?? 'create-and-write');
}
