import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainEntries, loadChain, writeCut, type StateChain } from '../../src/runtime/incremental-state.ts';
import { MemoryCheckpointStorage } from '../../src/state/checkpoint-storage.ts';
import { createStateBackend, parseStateBackendKind } from '../../src/state/create-backend.ts';
import type { ManagedStateBackend, StateBackendKind } from '../../src/state/state-backend.ts';

/**
 * Incremental checkpoints of both backends, checked against a model kept in plain Maps beside the
 * backend: after every checkpoint, the chain of state files restored into a fresh backend must hold
 * exactly what the model held at the cut.
 */

const KINDS: StateBackendKind[] = ['heap', 'lmdb'];
const dir = mkdtempSync(join(tmpdir(), 'sluice-incremental-'));

function backendOf(kind: StateBackendKind, clock: { now: number }): ManagedStateBackend {
  // A tiny cache for lmdb, so reads and writes really reach lmdb.
  return createStateBackend({ kind, dir, cacheSize: 4, flushEvery: 3 }, { now: () => clock.now }, `t-${kind}`);
}

interface Model {
  counts: Map<string, number>;
  windows: Map<string, Map<number, { sum: number }>>;
  rows: Map<string, string[]>;
}

/** Everything a backend holds, read through its public API, in a canonical order. */
function dump(backend: ManagedStateBackend): unknown {
  const counts = backend.valueState<number>('counts');
  const windows = backend.mapState<number, { sum: number }>('windows');
  const rows = backend.listState<string>('rows');
  const sorted = (name: string): string[] => ([...backend.keys(name)] as string[]).sort();
  return {
    counts: sorted('counts').map((k) => { backend.setCurrentKey(k); return [k, counts.value()]; }),
    windows: sorted('windows').map((k) => {
      backend.setCurrentKey(k);
      return [k, [...windows.entries()].sort((a, b) => a[0] - b[0])];
    }),
    rows: sorted('rows').map((k) => { backend.setCurrentKey(k); return [k, rows.get()]; }),
  };
}

function dumpModel(model: Model): unknown {
  const keys = (m: Map<string, unknown>): string[] => [...m.keys()].sort();
  return {
    counts: keys(model.counts).map((k) => [k, model.counts.get(k)]),
    windows: keys(model.windows).map((k) => [k, [...model.windows.get(k)!.entries()].sort((a, b) => a[0] - b[0]).map(([w, v]) => [w, { ...v }])]),
    rows: keys(model.rows).map((k) => [k, model.rows.get(k)!.slice()]),
  };
}

/** A deterministic workload step: counts go up and are cleared, window sums are mutated in place then written back, lists grow and are cleared. */
function step(backend: ManagedStateBackend, model: Model, seed: number): void {
  const counts = backend.valueState<number>('counts');
  const windows = backend.mapState<number, { sum: number }>('windows');
  const rows = backend.listState<string>('rows');
  let x = seed * 7919;
  for (let i = 0; i < 60; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const key = `k${x % 23}`;
    backend.setCurrentKey(key);
    const op = x % 10;
    if (op < 4) {
      const next = (counts.value() ?? 0) + 1;
      counts.update(next);
      model.counts.set(key, next);
    } else if (op === 4) {
      counts.clear();
      model.counts.delete(key);
    } else if (op < 8) {
      const window = (x >> 4) % 3 * 1000;
      const acc = windows.get(window) ?? { sum: 0 };
      acc.sum += i; // in place, as accumulators are; then written back
      windows.put(window, acc);
      const inner = model.windows.get(key) ?? new Map();
      inner.set(window, { sum: acc.sum });
      model.windows.set(key, inner);
    } else if (op === 8) {
      const window = (x >> 4) % 3 * 1000;
      windows.remove(window);
      const inner = model.windows.get(key);
      inner?.delete(window);
      if (inner?.size === 0) model.windows.delete(key);
    } else if ((x >> 8) % 4 === 0) {
      rows.clear();
      model.rows.delete(key);
    } else {
      rows.add(`r${i}`);
      model.rows.set(key, [...(model.rows.get(key) ?? []), `r${i}`]);
    }
  }
}

function copyModel(model: Model): Model {
  return {
    counts: new Map(model.counts),
    windows: new Map([...model.windows].map(([k, v]) => [k, new Map([...v].map(([w, a]) => [w, { ...a }]))])),
    rows: new Map([...model.rows].map(([k, v]) => [k, v.slice()])),
  };
}

async function restoredFrom(kind: StateBackendKind, store: MemoryCheckpointStorage, chain: StateChain): Promise<ManagedStateBackend> {
  const fresh = backendOf(kind, { now: 0 });
  const { states, entries } = chainEntries(await loadChain(store, chain));
  fresh.restoreEntries(states, entries);
  return fresh;
}

for (const kind of KINDS) {
  test(`${kind}: a chain of 5 incremental checkpoints restores correctly before and after compaction`, async () => {
    const store = new MemoryCheckpointStorage();
    const backend = backendOf(kind, { now: 0 });
    const model: Model = { counts: new Map(), windows: new Map(), rows: new Map() };
    let chain: StateChain | undefined;
    for (let checkpoint = 1; checkpoint <= 8; checkpoint++) {
      step(backend, model, checkpoint);
      // Checkpoints 1 and 7 are bases (7 compacts the chain 1..6); the others are increments.
      const full = checkpoint === 1 || checkpoint === 7;
      const cut = backend.beginCheckpoint(full);
      const atCut = copyModel(model);
      // Records keep coming while the cut is written: they must not leak into it.
      step(backend, model, 100 + checkpoint);
      chain = await writeCut(store, `chk-${checkpoint}.state`, cut, chain);
      cut.commit();
      cut.release();
      assert.equal(chain.files.length, checkpoint < 7 ? checkpoint : checkpoint - 6, 'the chain is a base and the increments since');
      assert.equal(chain.files[0].full, true);
      const restored = await restoredFrom(kind, store, chain);
      assert.deepEqual(dump(restored), dumpModel(atCut), `checkpoint ${checkpoint} restores the state at its cut`);
      restored.close();
    }
    // Increments hold only what changed: each is smaller than the base that holds everything.
    const base = chain!.files[0];
    assert.ok(chain!.files.slice(1).every((f) => f.entries < base.entries + 60), 'increments are bounded by the changes');
    backend.close();
  });

  test(`${kind}: an increment holds only the entries changed since the previous checkpoint`, async () => {
    const store = new MemoryCheckpointStorage();
    const backend = backendOf(kind, { now: 0 });
    const counts = backend.valueState<number>('counts');
    for (let i = 0; i < 500; i++) {
      backend.setCurrentKey(`k${i}`);
      counts.update(i);
    }
    const first = backend.beginCheckpoint(true);
    const base = await writeCut(store, 'base.state', first, undefined);
    first.commit();
    first.release();
    for (const i of [3, 77, 250]) {
      backend.setCurrentKey(`k${i}`);
      counts.update(-i);
    }
    const second = backend.beginCheckpoint(false);
    const chain = await writeCut(store, 'inc.state', second, base);
    second.commit();
    second.release();
    assert.equal(chain.files[0].entries, 500);
    assert.equal(chain.files[1].entries, 3);
    const restored = await restoredFrom(kind, store, chain);
    restored.setCurrentKey('k77');
    assert.equal(restored.valueState<number>('counts').value(), -77);
    restored.setCurrentKey('k78');
    assert.equal(restored.valueState<number>('counts').value(), 78);
    restored.close();
    backend.close();
  });

  test(`${kind}: a cut that was never committed goes into the next increment`, async () => {
    const store = new MemoryCheckpointStorage();
    const backend = backendOf(kind, { now: 0 });
    const counts = backend.valueState<number>('counts');
    const base = backend.beginCheckpoint(true);
    let chain = await writeCut(store, 'base.state', base, undefined);
    base.commit();
    base.release();
    backend.setCurrentKey('a');
    counts.update(1);
    const failed = backend.beginCheckpoint(false);
    failed.release(); // the checkpoint failed before it was durable
    backend.setCurrentKey('b');
    counts.update(2);
    const next = backend.beginCheckpoint(false);
    chain = await writeCut(store, 'inc.state', next, chain);
    next.commit();
    next.release();
    const restored = await restoredFrom(kind, store, chain);
    assert.deepEqual(([...restored.keys('counts')] as string[]).sort(), ['a', 'b']);
    restored.close();
    backend.close();
  });

  test(`${kind}: expired TTL entries are left out of a compacting checkpoint`, async () => {
    const clock = { now: 0 };
    const store = new MemoryCheckpointStorage();
    const backend = backendOf(kind, clock);
    const seen = backend.valueState<boolean>('seen', { ttl: 1_000 });
    backend.setCurrentKey('old');
    seen.update(true);
    clock.now = 600;
    backend.setCurrentKey('new');
    seen.update(true);
    clock.now = 1_200; // 'old' expired at 1000, 'new' lives until 1600
    const cut = backend.beginCheckpoint(true);
    const chain = await writeCut(store, 'base.state', cut, undefined);
    cut.commit();
    cut.release();
    assert.equal(chain.files[0].entries, 1, 'only the live entry was written');
    const restored = backendOf(kind, clock);
    const { states, entries } = chainEntries(await loadChain(store, chain));
    restored.restoreEntries(states, entries);
    const restoredSeen = restored.valueState<boolean>('seen', { ttl: 1_000 });
    restored.setCurrentKey('new');
    assert.equal(restoredSeen.value(), true);
    clock.now = 1_600;
    assert.equal(restoredSeen.value(), undefined, 'the restored entry keeps its expiry time');
    restored.close();
    backend.close();
  });

  test(`${kind}: a damaged state file is an error naming it`, async () => {
    const store = new MemoryCheckpointStorage();
    const backend = backendOf(kind, { now: 0 });
    backend.setCurrentKey('a');
    backend.valueState<number>('counts').update(1);
    const cut = backend.beginCheckpoint(true);
    const chain = await writeCut(store, 'base.state', cut, undefined);
    cut.release();
    const bytes = await store.readStateFile('base.state');
    bytes[bytes.length - 20] ^= 0xff;
    assert.throws(() => [...chainEntries({ format: chain.format, files: chain.files, bytes: [bytes] }).entries], /state file base\.state: checksum mismatch/);
    backend.close();
  });
}

test("the backend names: 'rocksdb' points to lmdb, an unknown name lists the choices", () => {
  assert.equal(parseStateBackendKind('LMDB', 'state.backend.type'), 'lmdb');
  assert.equal(parseStateBackendKind('hashmap', 'state.backend.type'), 'heap');
  assert.throws(() => parseStateBackendKind('rocksdb', 'state.backend.type'), /option 'state\.backend\.type': 'rocksdb' is Flink's on-disk backend; Sluice's is 'lmdb'/);
  assert.throws(() => parseStateBackendKind('disk', 'state.backend.type'), /unknown state backend 'disk': use 'heap' \(the default\) or 'lmdb'/);
});
