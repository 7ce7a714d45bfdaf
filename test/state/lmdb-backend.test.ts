import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStateBackend } from '../../src/state/create-backend.ts';
import type { ManagedStateBackend } from '../../src/state/state-backend.ts';
import { registerStateBackendContract } from './backend-contract.ts';

/**
 * An lmdb backend with a cache of 2 entries that writes through at once, so every access really
 * reaches lmdb.
 */
function lmdbBackend(now: () => number): ManagedStateBackend {
  return createStateBackend({ kind: 'lmdb', cacheSize: 2, flushEvery: 1 }, { now }, 'lmdb-backend-test');
}

registerStateBackendContract(lmdbBackend, /not an lmdb state backend snapshot/);

// What only lmdb promises: key order, and a size() that is a running count.

/** A backend on a clock the test moves by hand. */
function backendAt(start = 0): { backend: ManagedStateBackend; clock: { now: number } } {
  const clock = { now: start };
  return { backend: lmdbBackend(() => clock.now), clock };
}

test('on lmdb map state lists entries in key order (numbers ascending)', () => {
  const { backend } = backendAt();
  const windows = backend.mapState<number, string>('windows');
  backend.setCurrentKey('a');
  windows.put(2000, 'second');
  windows.put(1000, 'first');
  windows.put(2000, 'second!');
  assert.deepEqual([...windows.entries()], [[1000, 'first'], [2000, 'second!']]);
  assert.deepEqual([...windows.keys()], [1000, 2000]);
});

test('on lmdb size() is a running count: an expired entry counts until it is removed', () => {
  const { backend, clock } = backendAt(0);
  const v = backend.valueState<number>('v', { ttl: 50 });
  backend.setCurrentKey('early');
  v.update(1);
  clock.now = 30;
  backend.setCurrentKey('late');
  v.update(2);
  clock.now = 60;
  assert.equal(backend.size(), 2);
  assert.deepEqual([...backend.keys('v')], ['late'], 'keys() still leaves the expired entry out');
});
