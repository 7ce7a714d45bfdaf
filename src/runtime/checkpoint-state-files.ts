import type { CheckpointStore } from '../state/checkpoint-storage.ts';
import type { ManagedStateBackend, StateCut } from '../state/state-backend.ts';
import { chainEntries, isStateChain, loadChain, needsBase, writeCut, type StateChain } from './incremental-state.ts';
import type { CheckpointData } from './job-checkpoint.ts';
import type { GraphSnapshot } from './job-graph.ts';

/** What writing one checkpoint's cuts gave: the operators' snapshots pointing at their chains, and the totals. */
export interface WrittenCuts {
  readonly operators: GraphSnapshot['operators'];
  readonly chains: ReadonlyMap<string, StateChain>;
  readonly bytes: number;
  readonly bases: number;
}

/**
 * The state files of a job's checkpoints, apart from the runner's loop: each operator's chain (a base
 * and its increments) as of the last completed checkpoint, which files each retained checkpoint refers
 * to, and the deletion of files none does.
 *
 * @example
 * const files = new CheckpointStateFiles(store);
 * const written = await files.write(7, cuts, snapshot.operators);
 * files.completed(7, written.chains);
 * await files.deleteUnreferenced();
 */
export class CheckpointStateFiles {
  readonly #store: CheckpointStore;
  /** Each operator's state chain as of the last completed checkpoint. */
  readonly #chains = new Map<string, StateChain>();
  /** State files each retained checkpoint refers to (garbage collection of state files). */
  readonly #filesOf = new Map<number, string[]>();

  constructor(store: CheckpointStore) {
    this.#store = store;
  }

  /** Whether the operator's next cut must be a new base (see incremental-state.ts's needsBase). */
  needsBase(operator: string, maxIncrements: number): boolean {
    return needsBase(this.#chains.get(operator), { maxIncrements });
  }

  /** Writes each operator's cut to a state file of its own (only what changed, or a new base). */
  async write(id: number, cuts: ReadonlyMap<string, StateCut>, snapshotOperators: GraphSnapshot['operators']): Promise<WrittenCuts> {
    const chains = new Map<string, StateChain>();
    const operators: GraphSnapshot['operators'] = { ...snapshotOperators };
    let bytes = 0;
    let bases = 0;
    let index = 0;
    for (const [operator, cut] of cuts) {
      const name = `chk-${id}-${index++}-${operator.replace(/[^A-Za-z0-9_.-]/g, '_')}.state`;
      const chain = await writeCut(this.#store, name, cut, this.#chains.get(operator));
      const file = chain.files[chain.files.length - 1];
      bytes += file.bytes;
      if (file.full) bases++;
      chains.set(operator, chain);
      operators[operator] = { ...snapshotOperators[operator], state: chain };
    }
    return { operators, chains, bytes, bases };
  }

  /** Records the chains of a checkpoint whose manifest is written: the next increments build on them. */
  completed(id: number, chains: ReadonlyMap<string, StateChain>): void {
    for (const [operator, chain] of chains) this.#chains.set(operator, chain);
    this.#filesOf.set(id, [...chains.values()].flatMap((c) => c.files.map((f) => f.name)));
  }

  /**
   * Rewrites an operator's chain as one base read from the chain itself: its entries are applied to
   * a scratch backend, whose full cut becomes the base the next checkpoint's increment adds to. For
   * a task with a changelog, whose cuts are always increments (a base cut would leave out deletes the
   * changelog needs). Call after `deleteUnreferenced`: the base is referenced from the next checkpoint
   * on. The scratch restore is synchronous: the stream waits while it runs.
   */
  async rebase(id: number, operator: string, scratch: () => ManagedStateBackend): Promise<void> {
    const chain = this.#chains.get(operator);
    if (chain === undefined || chain.files.length <= 1) return;
    this.#chains.set(operator, await compactChain(this.#store, `chk-${id}-base-${operator.replace(/[^A-Za-z0-9_.-]/g, '_')}.state`, chain, scratch));
  }

  /** Reads the state files a restored checkpoint refers to (the graph's restore is synchronous). */
  async load(graph: GraphSnapshot): Promise<GraphSnapshot> {
    const operators: GraphSnapshot['operators'] = { ...graph.operators };
    for (const [uid, saved] of Object.entries(graph.operators)) {
      if (!isStateChain(saved.state)) continue;
      this.#chains.set(uid, saved.state);
      operators[uid] = { ...saved, state: await loadChain(this.#store, saved.state) };
    }
    return { ...graph, operators };
  }

  /** Deletes the state files no retained checkpoint refers to (compacted chains, pruned checkpoints). */
  async deleteUnreferenced(): Promise<void> {
    const store = this.#store;
    const retained = await store.list();
    const referenced = new Set<string>();
    for (const id of retained) {
      let files = this.#filesOf.get(id);
      if (files === undefined) {
        let data: CheckpointData;
        try {
          data = (await store.read(id)) as CheckpointData;
        } catch {
          return; // an unreadable checkpoint: delete nothing rather than something it may need
        }
        files = Object.values(data.graph.operators).flatMap((o) => (isStateChain(o.state) ? o.state.files.map((f) => f.name) : []));
        this.#filesOf.set(id, files);
      }
      for (const name of files) referenced.add(name);
    }
    for (const id of [...this.#filesOf.keys()]) if (!retained.includes(id)) this.#filesOf.delete(id);
    for (const name of await store.listStateFiles()) if (!referenced.has(name)) await store.deleteStateFile(name);
  }
}

/**
 * A chain rewritten as one base (state file `name`): its entries applied, in order, to a scratch
 * backend whose full cut is written. Synchronous while the entries are applied.
 *
 * @example
 * const compacted = await compactChain(store, 'chk-9-base-agg.state', chain, () => new HeapStateBackend({ now: Date.now }));
 */
export async function compactChain(store: CheckpointStore, name: string, chain: StateChain, scratch: () => ManagedStateBackend): Promise<StateChain> {
  const { states, entries } = chainEntries(await loadChain(store, chain));
  const backend = scratch();
  try {
    backend.restoreEntries(states, entries);
    const cut = backend.beginCheckpoint(true);
    try {
      return await writeCut(store, name, cut, undefined);
    } finally {
      cut.release();
    }
  } finally {
    backend.close();
  }
}
