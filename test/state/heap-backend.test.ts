import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeapStateBackend } from '../../src/state/heap-backend.ts';
import { registerStateBackendContract } from './backend-contract.ts';

registerStateBackendContract((now) => new HeapStateBackend({ now }), /not a heap state backend snapshot/);

// What only the heap promises: insertion order, and a size() that leaves expired entries out.

/** A backend on a clock the test moves by hand. */
function backendAt(start = 0): { backend: HeapStateBackend; clock: { now: number } } {
  const clock = { now: start };
  return { backend: new HeapStateBackend({ now: () => clock.now }), clock };
}

test('on the heap keys() lists the keys in the order they were first written', () => {
  const { backend } = backendAt();
  const total = backend.valueState<number>('total');
  backend.setCurrentKey(['AAPL', 3]);
  total.update(10);
  backend.setCurrentKey(1);
  total.update(1);
  backend.setCurrentKey('1');
  total.update(2);
  backend.setCurrentKey(['AAPL', 3]);
  total.update(11);
  assert.deepEqual([...backend.keys('total')], [['AAPL', 3], 1, '1']);
});

test('on the heap map state lists entries in insertion order', () => {
  const { backend } = backendAt();
  const windows = backend.mapState<number, string>('windows');
  backend.setCurrentKey('a');
  windows.put(2000, 'second');
  windows.put(1000, 'first');
  windows.put(2000, 'second!');
  assert.deepEqual([...windows.entries()], [[2000, 'second!'], [1000, 'first']]);
  assert.deepEqual([...windows.keys()], [2000, 1000]);
});

test('on the heap size() leaves expired entries out', () => {
  const { backend, clock } = backendAt(0);
  const v = backend.valueState<number>('v', { ttl: 50 });
  backend.setCurrentKey('early');
  v.update(1);
  clock.now = 30;
  backend.setCurrentKey('late');
  v.update(2);
  clock.now = 60;
  assert.equal(backend.size(), 1);
});
