import { keyOfSlot, keySlot } from './key-slot.ts';
import type { Entry, Table } from './heap-states.ts';
import { addressPrefix, decodeAddress, encodeKeyPart, stateAddress } from './state-key-codec.ts';
import { decodeStateValue, encodeStateValue } from './state-value-codec.ts';
import type { StateCut, StateEntry, StateInfo } from './state-backend.ts';

/**
 * The heap backend's incremental checkpoint. The cut is one pointer swap per state: the set of key
 * slots changed since the previous cut becomes what the cut owes and a fresh set starts; a full cut
 * (a compaction base) owes every slot and walks the live Map. Nothing is copied at the cut. The
 * entries are encoded later, while records flow; a handle that touches a slot the cut still owes
 * first saves it as it is (copy on access, heap-states.ts `touch`), which is as it was at the cut.
 * A slot created after a full cut is touched before it exists, so it is saved as absent: nothing.
 *
 * @example
 * const cut = beginHeapCut([...tables.values()], false, now);
 */
export function beginHeapCut(tables: readonly Table[], full: boolean, now: number): StateCut {
  // Without changes tracked since a base there is nothing to add an increment to: this cut is a base.
  if (tables.some((t) => t.changed === undefined)) full = true;
  const states: StateInfo[] = tables.map((t) => ({ name: t.name, kind: t.kind, expiring: t.ttl !== undefined }));
  const captured: StateEntry[] = [];
  /** Per table: the changed slots of an increment (undefined for a full cut), and the slots written out. */
  const changed: (Set<unknown> | undefined)[] = [];
  const done: Set<unknown>[] = [];
  for (let i = 0; i < tables.length; i++) {
    const table = tables[i];
    const slots = full ? undefined : table.changed!;
    const written = new Set<unknown>();
    changed.push(slots);
    done.push(written);
    table.changed = new Set();
    table.owes = slots === undefined ? (slot) => !written.has(slot) : (slot) => slots.has(slot) && !written.has(slot);
    table.capture = (slot) => {
      written.add(slot);
      encodeSlot(i, table, slot, full, now, captured);
    };
  }
  let estimatedEntries = 0;
  for (let i = 0; i < tables.length; i++) estimatedEntries += changed[i]?.size ?? tables[i].entries.size;
  let released = false;
  let committed = false;
  const release = (): void => {
    if (released) return;
    released = true;
    for (let i = 0; i < tables.length; i++) {
      const table = tables[i];
      // Not committed: what the cut held goes into the next increment instead.
      const slots = changed[i];
      if (!committed && slots !== undefined) for (const slot of slots) table.changed!.add(slot);
      table.owes = undefined;
      table.capture = undefined;
    }
  };
  return {
    states,
    full,
    estimatedEntries,
    *entries() {
      for (let i = 0; i < tables.length; i++) {
        const table = tables[i];
        const written = done[i];
        // A live walk: slots added while it runs were touched (saved as absent) and are skipped.
        const slots = changed[i] ?? table.entries.keys();
        for (const slot of slots) {
          if (written.has(slot)) continue;
          written.add(slot);
          encodeSlot(i, table, slot, full, now, captured);
          while (captured.length > 0) yield captured.pop()!;
        }
      }
      while (captured.length > 0) yield captured.pop()!;
    },
    commit: () => { committed = true; },
    release,
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
