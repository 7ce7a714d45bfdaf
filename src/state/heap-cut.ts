import { keyOfSlot, keySlot } from './key-slot.ts';
import type { Entry, Table } from './heap-states.ts';
import { addressPrefix, decodeAddress, encodeKeyPart, stateAddress } from './state-key-codec.ts';
import { decodeStateValue, encodeStateValue } from './state-value-codec.ts';
import type { StateCut, StateEntry, StateInfo } from './state-backend.ts';

/**
 * The heap backend's incremental checkpoint. The cut is one pointer swap per state: the set of key
 * slots changed since the previous cut becomes the cut's `pending` set and a fresh set starts. The
 * entries are encoded later, while records flow; a handle that touches a slot the cut still owes
 * first saves it as it was (copy on access, heap-states.ts `touch`), so what is written is the state
 * at the cut. A full cut (a compaction base) owes every slot.
 *
 * @example
 * const cut = beginHeapCut([...tables.values()], false, now);
 */
export function beginHeapCut(tables: readonly Table[], full: boolean, now: number): StateCut {
  // Without changes tracked since a base there is nothing to add an increment to: this cut is a base.
  if (tables.some((t) => t.changed === undefined)) full = true;
  const states: StateInfo[] = tables.map((t) => ({ name: t.name, kind: t.kind, expiring: t.ttl !== undefined }));
  const captured: StateEntry[] = [];
  const owed: Set<unknown>[] = [];
  for (let i = 0; i < tables.length; i++) {
    const table = tables[i];
    const slots = full ? new Set(table.entries.keys()) : table.changed!;
    if (table.pending !== undefined) for (const slot of table.pending) slots.add(slot); // an unfinished earlier cut
    table.changed = new Set();
    table.pending = slots;
    owed.push(slots);
    table.capture = (slot) => {
      slots.delete(slot);
      encodeSlot(i, table, slot, full, now, captured);
    };
  }
  let released = false;
  const release = (committed: boolean): void => {
    if (released) return;
    released = true;
    for (let i = 0; i < tables.length; i++) {
      const table = tables[i];
      // Not committed: what the cut owed goes into the next increment instead.
      if (!committed && !full) for (const slot of owed[i]) table.changed!.add(slot);
      table.pending = undefined;
      table.capture = undefined;
    }
  };
  let committed = false;
  return {
    states,
    full,
    *entries() {
      for (let i = 0; i < tables.length; i++) {
        const table = tables[i];
        const slots = owed[i];
        for (const slot of slots) {
          slots.delete(slot);
          encodeSlot(i, table, slot, full, now, captured);
          while (captured.length > 0) yield captured.pop()!;
        }
      }
      while (captured.length > 0) yield captured.pop()!;
    },
    commit: () => { committed = true; },
    release: () => release(committed),
  };
}

/**
 * The entries of one slot as they are now: its value (or list), or for a map state a deletion of
 * the whole key followed by its live items; a deletion if the slot has no live entry.
 */
function encodeSlot(index: number, table: Table, slot: unknown, full: boolean, now: number, out: StateEntry[]): void {
  const entry = table.entries.get(slot);
  const prefix = addressPrefix(index, encodeKeyPart(entry === undefined ? keyOfSlot(slot) : entry.key));
  const expiring = table.ttl !== undefined;
  if (table.kind !== 'map') {
    const live = entry !== undefined && (!expiring || entry.expiresAt > now);
    if (live) out.push([prefix, encodeStateValue(expiring ? [entry.expiresAt, entry.value] : entry.value)]);
    else if (!full) out.push([prefix, undefined]);
    return;
  }
  // Pushed in reverse (the caller pops): the key's deletion must come before its items.
  const items: StateEntry[] = [];
  if (entry !== undefined) {
    for (const item of (entry.value as Map<unknown, Entry>).values()) {
      if (expiring && item.expiresAt <= now) continue;
      items.push([stateAddress(prefix, encodeKeyPart(item.key)), encodeStateValue(expiring ? [item.expiresAt, item.value] : item.value)]);
    }
  }
  for (let i = items.length - 1; i >= 0; i--) out.push(items[i]);
  if (!full) out.push([prefix, undefined]);
}

/**
 * Applies checkpoint entries to heap tables (found or made by `tableOf`), in order.
 *
 * @example
 * applyHeapEntries(states, entries, (info) => backend.tableFor(info));
 */
export function applyHeapEntries(states: readonly StateInfo[], entries: Iterable<StateEntry>, tableOf: (info: StateInfo) => Table): void {
  const tables = states.map(tableOf);
  for (const [address, value] of entries) {
    const table = tables[address[0]];
    const info = states[address[0]];
    const { key, namespace, hasNamespace } = decodeAddress(address);
    const slot = keySlot(key);
    if (value === undefined) {
      if (!hasNamespace) table.entries.delete(slot);
      else {
        const inner = table.entries.get(slot)?.value as Map<unknown, Entry> | undefined;
        inner?.delete(keySlot(namespace));
        if (inner?.size === 0) table.entries.delete(slot);
      }
      continue;
    }
    const decoded = decodeStateValue(value);
    const item: Entry = info.expiring
      ? { key: hasNamespace ? namespace : key, value: (decoded as unknown[])[1], expiresAt: (decoded as number[])[0] }
      : { key: hasNamespace ? namespace : key, value: decoded, expiresAt: Number.POSITIVE_INFINITY };
    if (!hasNamespace) {
      table.entries.set(slot, item);
      continue;
    }
    let holder = table.entries.get(slot);
    if (holder === undefined) {
      holder = { key, value: new Map(), expiresAt: Number.POSITIVE_INFINITY };
      table.entries.set(slot, holder);
    }
    (holder.value as Map<unknown, Entry>).set(keySlot(namespace), item);
  }
}
