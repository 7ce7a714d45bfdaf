import type { CheckpointStore } from '../state/checkpoint-storage.ts';
import type { StateCut, StateEntry, StateInfo } from '../state/state-backend.ts';
import { readStateFile, writeStateFile } from '../state/state-file.ts';

/**
 * An operator's keyed state in a checkpoint, as Flink's incremental RocksDB checkpoints keep it: a
 * chain of state files, a base (every live entry) and the increments after it (what changed), which
 * later checkpoints share. A checkpoint's manifest holds only this reference; the files live beside
 * the checkpoints (CheckpointStore.writeStateFile). Compaction writes a new base, after which the old
 * chain is garbage once no retained checkpoint refers to it.
 */

/** Tag of an operator's state reference in a checkpoint. */
export const INCREMENTAL_STATE = 'sluice.state-chain/1';

/** One state file of a chain. */
export interface StateFileRef {
  readonly name: string;
  /** The states its addresses refer to, by index (each file keeps its own: indexes may differ between runs). */
  readonly states: readonly StateInfo[];
  /** A base (every live entry) rather than an increment. */
  readonly full: boolean;
  readonly bytes: number;
  readonly entries: number;
}

/** What a checkpoint stores for one operator's keyed state: the chain to apply, base first. */
export interface StateChain {
  readonly format: typeof INCREMENTAL_STATE;
  readonly files: readonly StateFileRef[];
}

/** A chain with its files read, ready for a synchronous restore. */
export interface LoadedStateChain {
  readonly format: typeof INCREMENTAL_STATE;
  readonly files: readonly StateFileRef[];
  readonly bytes: readonly Buffer[];
}

/** When to write a base instead of another increment. */
export interface CompactionPolicy {
  /** At most this many increments after a base. */
  readonly maxIncrements: number;
}

/**
 * Whether an operator's next cut should be full: no chain yet, too many increments, or increments
 * that together outweigh their base (restoring would read more than the state's size).
 *
 * @example
 * const full = needsBase(chains.get('agg-1'), { maxIncrements: 8 });
 */
export function needsBase(chain: StateChain | undefined, policy: CompactionPolicy): boolean {
  if (chain === undefined || chain.files.length === 0) return true;
  const increments = chain.files.length - 1;
  if (increments >= policy.maxIncrements) return true;
  let incrementBytes = 0;
  for (let i = 1; i < chain.files.length; i++) incrementBytes += chain.files[i].bytes;
  return incrementBytes > Math.max(chain.files[0].bytes, 1 << 20);
}

/**
 * Writes a cut's entries to a new state file, yielding to the event loop between chunks so records
 * keep flowing, and returns the chain that results: the cut appended to `previous`, or a new chain
 * when the cut is full.
 *
 * @example
 * const chain = await writeCut(store, '7-agg-1.state', cut, chains.get('agg-1'));
 */
export async function writeCut(store: CheckpointStore, name: string, cut: StateCut, previous: StateChain | undefined): Promise<StateChain> {
  const written = await store.writeStateFile(name, (write) => writeStateFile(cut.entries(), write, yieldToRecords));
  const file: StateFileRef = { name, states: cut.states, full: cut.full, bytes: written.bytes, entries: written.entries };
  const files = cut.full || previous === undefined ? [file] : [...previous.files, file];
  return { format: INCREMENTAL_STATE, files };
}

/**
 * Reads every file of a chain (before the synchronous restore).
 *
 * @example
 * const loaded = await loadChain(store, chain);
 */
export async function loadChain(store: CheckpointStore, chain: StateChain): Promise<LoadedStateChain> {
  const bytes: Buffer[] = [];
  for (const file of chain.files) bytes.push(await store.readStateFile(file.name));
  return { format: INCREMENTAL_STATE, files: chain.files, bytes };
}

/**
 * The entries of a loaded chain in the order they apply, each file's addresses re-based onto the
 * state list of the first file (`states` of the result).
 *
 * @example
 * const { states, entries } = chainEntries(loaded);
 * backend.restoreEntries(states, entries);
 */
export function chainEntries(chain: LoadedStateChain): { states: StateInfo[]; entries: IterableIterator<StateEntry> } {
  const states: StateInfo[] = [];
  const indexOf = (info: StateInfo): number => {
    let index = states.findIndex((s) => s.name === info.name);
    if (index < 0) index = states.push(info) - 1;
    return index;
  };
  const remaps = chain.files.map((file) => file.states.map(indexOf));
  function* entries(): IterableIterator<StateEntry> {
    for (let f = 0; f < chain.files.length; f++) {
      const remap = remaps[f];
      for (const [address, value] of readStateFile(chain.bytes[f], chain.files[f].name)) {
        const index = remap[address[0]];
        yield [index === address[0] ? address : Buffer.concat([Buffer.of(index), address.subarray(1)]), value];
      }
    }
  }
  return { states, entries: entries() };
}

/** True if a checkpoint's operator state is a chain reference. */
export function isStateChain(state: unknown): state is StateChain {
  return (state as StateChain | null | undefined)?.format === INCREMENTAL_STATE && Array.isArray((state as StateChain).files);
}

/** Lets queued I/O and the job's polling run before the next chunk. */
function yieldToRecords(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
