import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deserialize, serialize } from 'node:v8';
import type { ManagedStateBackend } from '../../src/state/state-backend.ts';

/** Makes a fresh, empty backend whose processing-time clock is `now`. */
export type BackendFactory = (now: () => number) => ManagedStateBackend;

/** Where a backend legitimately differs from the others: what it promises, and the tests hold it to. */
export interface BackendPromises {
  /** The error restoring a snapshot of another format gives. */
  readonly foreignSnapshotError: RegExp;
  /**
   * The order keys() and a map's entries() list in: 'insertion' (first written first, the heap) or
   * 'key' (the encoded address: a map's numeric keys ascending; keys() by key group first, so only
   * the set of keys() is checked).
   */
  readonly order: 'insertion' | 'key';
  /** Whether size() still counts an expired entry until it is touched (lmdb's running count) or leaves it out (the heap's scan). */
  readonly sizeCountsExpired: boolean;
}

/**
 * Registers the tests every StateBackend must pass, for the backend `make` builds: keyed value, map
 * and list state, TTL, snapshot and restore. Where backends legitimately differ (the listing order,
 * size() after expiry) each test asserts what all promise, then what this backend promises.
 *
 * @example
 * registerStateBackendContract((now) => new HeapStateBackend({ now }), {
 *   foreignSnapshotError: /not a heap state backend snapshot/, order: 'insertion', sizeCountsExpired: false,
 * });
 */
export function registerStateBackendContract(make: BackendFactory, promises: BackendPromises): void {
  /** A backend on a clock the test moves by hand. */
  function backendAt(start = 0): { backend: ManagedStateBackend; clock: { now: number } } {
    const clock = { now: start };
    return { backend: make(() => clock.now), clock };
  }

  test('value state is scoped to the current key', () => {
    const { backend } = backendAt();
    const count = backend.valueState<number>('count');
    backend.setCurrentKey('AAPL');
    count.update(1);
    backend.setCurrentKey('MSFT');
    assert.equal(count.value(), undefined);
    count.update(7);
    backend.setCurrentKey('AAPL');
    assert.equal(count.value(), 1);
    count.clear();
    assert.equal(count.value(), undefined);
    backend.setCurrentKey('MSFT');
    assert.equal(count.value(), 7);
  });

  test('equal composite keys address the same state and keys() yields the original keys', () => {
    const { backend } = backendAt();
    const total = backend.valueState<number>('total');
    backend.setCurrentKey(['AAPL', 3]);
    total.update(10);
    backend.setCurrentKey(['AAPL', 3]);
    assert.equal(total.value(), 10);
    backend.setCurrentKey(1);
    total.update(1);
    backend.setCurrentKey('1');
    assert.equal(total.value(), undefined, 'the number 1 and the string "1" are different keys');
    total.update(2);
    // Every backend lists these three keys; in which order is the backend's promise.
    assert.deepEqual(new Set(backend.keys('total')), new Set([['AAPL', 3], 1, '1']));
    assert.equal([...backend.keys('total')].length, 3);
    if (promises.order === 'insertion') assert.deepEqual([...backend.keys('total')], [['AAPL', 3], 1, '1']);
    assert.equal(backend.currentKey(), '1');
  });

  test('a string key cannot collide with a composite key', () => {
    const { backend } = backendAt();
    const v = backend.valueState<string>('v');
    backend.setCurrentKey(['x']);
    v.update('array');
    for (const text of ['\u0000j["x"]', 'j["x"]', '["x"]']) {
      backend.setCurrentKey(text);
      assert.equal(v.value(), undefined, JSON.stringify(text));
    }
  });

  test('asking for the same name twice returns the same state handle', () => {
    const { backend } = backendAt();
    assert.equal(backend.valueState('a'), backend.valueState('a'));
    assert.equal(backend.mapState('m'), backend.mapState('m'));
    assert.equal(backend.listState('l'), backend.listState('l'));
  });

  test('asking for a name as a different kind of state is an error naming the state', () => {
    const { backend } = backendAt();
    backend.valueState('acc');
    assert.throws(() => backend.mapState('acc'), /state 'acc' is a value state; it cannot also be used as a map state/);
    assert.throws(() => backend.listState('acc'), /'acc'/);
  });

  test('asking for a state again with a different TTL is an error', () => {
    const { backend } = backendAt();
    backend.valueState('seen', { ttl: 1000 });
    assert.equal(backend.valueState('seen', { ttl: 1000, updateOn: 'create-and-write' }), backend.valueState('seen', { ttl: 1000 }));
    assert.throws(() => backend.valueState('seen', { ttl: 2000 }), /state 'seen' was already opened with a different TTL/);
  });

  test('a TTL that is not a positive number is rejected', () => {
    const { backend } = backendAt();
    assert.throws(() => backend.valueState('x', { ttl: 0 }), /ttl of state 'x'/);
    assert.throws(() => backend.valueState('y', { ttl: Number.NaN }), /must be a positive number/);
  });

  test("map state keeps entries per key, listed in the backend's order", () => {
    const { backend } = backendAt();
    const windows = backend.mapState<number, string>('windows');
    backend.setCurrentKey('a');
    assert.equal(windows.isEmpty(), true);
    windows.put(2000, 'second');
    windows.put(1000, 'first');
    windows.put(2000, 'second!');
    assert.equal(windows.get(2000), 'second!');
    assert.equal(windows.has(1000), true);
    assert.equal(windows.has(3000), false);
    const listed: [number, string][] = promises.order === 'insertion' ? [[2000, 'second!'], [1000, 'first']] : [[1000, 'first'], [2000, 'second!']];
    assert.deepEqual([...windows.entries()], listed);
    assert.deepEqual([...windows.keys()], listed.map(([key]) => key), 'keys() lists in the order of entries()');
    backend.setCurrentKey('b');
    assert.equal(windows.isEmpty(), true);
    assert.equal(windows.get(1000), undefined);
    backend.setCurrentKey('a');
    windows.remove(2000);
    assert.deepEqual([...windows.keys()], [1000]);
  });

  test('map state with composite user keys finds them by value', () => {
    const { backend } = backendAt();
    const byWindow = backend.mapState<[number, number], number>('w');
    backend.setCurrentKey('k');
    byWindow.put([0, 1000], 5);
    assert.equal(byWindow.get([0, 1000]), 5);
    assert.deepEqual([...byWindow.keys()], [[0, 1000]]);
  });

  test('a map emptied by remove no longer lists its key', () => {
    const { backend } = backendAt();
    const m = backend.mapState<string, number>('m');
    backend.setCurrentKey('a');
    m.put('x', 1);
    backend.setCurrentKey('b');
    m.put('y', 2);
    m.remove('y');
    assert.deepEqual([...backend.keys('m')], ['a']);
    backend.setCurrentKey('a');
    m.clear();
    assert.deepEqual([...backend.keys('m')], []);
  });

  test('list state appends, replaces and returns copies', () => {
    const { backend } = backendAt();
    const buffer = backend.listState<number>('buffer');
    backend.setCurrentKey('a');
    assert.deepEqual(buffer.get(), []);
    buffer.add(1);
    buffer.addAll([2, 3]);
    const got = buffer.get();
    got.push(99);
    assert.deepEqual(buffer.get(), [1, 2, 3], 'mutating the returned array does not change the state');
    const replacement = [7];
    buffer.update(replacement);
    replacement.push(8);
    assert.deepEqual(buffer.get(), [7]);
    buffer.update([]);
    assert.deepEqual([...backend.keys('buffer')], []);
  });

  test('value state hands back the stored object so accumulators can be mutated in place', () => {
    const { backend } = backendAt();
    const acc = backend.valueState<{ sum: number }>('acc');
    backend.setCurrentKey('a');
    acc.update({ sum: 1 });
    acc.value()!.sum += 4;
    assert.equal(acc.value()!.sum, 5);
  });

  test('keys() of an unknown state is empty and size() counts key-state pairs', () => {
    const { backend } = backendAt();
    assert.deepEqual([...backend.keys('nope')], []);
    const a = backend.valueState<number>('a');
    const b = backend.listState<number>('b');
    backend.setCurrentKey('x');
    a.update(1);
    b.add(1);
    backend.setCurrentKey('y');
    a.update(2);
    assert.equal(backend.size(), 3);
  });

  test('a value expires ttl milliseconds after its last write', () => {
    const { backend, clock } = backendAt(1000);
    const seen = backend.valueState<boolean>('seen', { ttl: 100 });
    backend.setCurrentKey('a');
    seen.update(true);
    clock.now = 1099;
    assert.equal(seen.value(), true);
    clock.now = 1050;
    seen.update(true); // a write refreshes the clock
    clock.now = 1149;
    assert.equal(seen.value(), true, 'a read does not refresh by default, but the write at 1050 did');
    clock.now = 1150;
    assert.equal(seen.value(), undefined);
    assert.deepEqual([...backend.keys('seen')], [], 'the expired entry was removed');
  });

  test("with updateOn 'read-and-write' a read refreshes the entry", () => {
    const { backend, clock } = backendAt(0);
    const seen = backend.valueState<number>('seen', { ttl: 100, updateOn: 'read-and-write' });
    backend.setCurrentKey('a');
    seen.update(1);
    clock.now = 90;
    assert.equal(seen.value(), 1);
    clock.now = 180;
    assert.equal(seen.value(), 1, 'the read at 90 extended the life to 190');
    clock.now = 270;
    assert.equal(seen.value(), 1);
    clock.now = 370;
    assert.equal(seen.value(), undefined);
  });

  test('map state entries with TTL expire one by one', () => {
    const { backend, clock } = backendAt(0);
    const m = backend.mapState<string, number>('m', { ttl: 100 });
    backend.setCurrentKey('k');
    m.put('old', 1);
    clock.now = 60;
    m.put('new', 2);
    clock.now = 100;
    assert.equal(m.get('old'), undefined);
    assert.equal(m.has('old'), false);
    assert.equal(m.get('new'), 2);
    assert.deepEqual([...m.entries()], [['new', 2]]);
    clock.now = 160;
    assert.deepEqual([...m.keys()], []);
    assert.equal(m.isEmpty(), true);
    assert.deepEqual([...backend.keys('m')], []);
  });

  test('an expired list starts afresh when added to', () => {
    const { backend, clock } = backendAt(0);
    const l = backend.listState<string>('l', { ttl: 10 });
    backend.setCurrentKey('k');
    l.add('a');
    clock.now = 10;
    l.add('b');
    assert.deepEqual(l.get(), ['b']);
    clock.now = 19;
    l.add('c');
    clock.now = 28;
    assert.deepEqual(l.get(), ['b', 'c'], 'each add refreshes the whole list');
  });

  test('expired entries are left out of keys() and snapshots, and of size() unless it is a running count', () => {
    const { backend, clock } = backendAt(0);
    const v = backend.valueState<number>('v', { ttl: 50 });
    backend.setCurrentKey('early');
    v.update(1);
    clock.now = 30;
    backend.setCurrentKey('late');
    v.update(2);
    clock.now = 60;
    assert.deepEqual([...backend.keys('v')], ['late']);
    assert.equal(backend.size(), promises.sizeCountsExpired ? 2 : 1);
    const restored = make(() => 60);
    restored.restore(backend.snapshot());
    assert.deepEqual([...restored.keys('v')], ['late']);
  });

  test('a snapshot is a copy: later changes, even in place, do not reach it', () => {
    const { backend } = backendAt();
    const acc = backend.valueState<{ sum: number }>('acc');
    const m = backend.mapState<string, number[]>('m');
    backend.setCurrentKey('a');
    acc.update({ sum: 1 });
    m.put('x', [1]);
    const snapshot = backend.snapshot();
    acc.value()!.sum = 100;
    m.get('x')!.push(2);
    backend.setCurrentKey('b');
    acc.update({ sum: 5 });
    const restored = make(() => 0);
    restored.restore(snapshot);
    const acc2 = restored.valueState<{ sum: number }>('acc');
    const m2 = restored.mapState<string, number[]>('m');
    restored.setCurrentKey('a');
    assert.deepEqual(acc2.value(), { sum: 1 });
    assert.deepEqual(m2.get('x'), [1]);
    assert.deepEqual([...restored.keys('acc')], ['a']);
  });

  test('a snapshot survives v8 serialization and restores every kind of state', () => {
    const { backend } = backendAt();
    const v = backend.valueState<Map<string, number>>('v');
    const m = backend.mapState<[number, number], { n: bigint }>('m');
    const l = backend.listState<Date>('l');
    backend.setCurrentKey({ symbol: 'AAPL' });
    v.update(new Map([['x', 1]]));
    m.put([0, 10], { n: 3n });
    l.addAll([new Date(5)]);
    const restored = make(() => 0);
    restored.restore(deserialize(serialize(backend.snapshot())));
    restored.setCurrentKey({ symbol: 'AAPL' });
    assert.deepEqual(restored.valueState('v').value(), new Map([['x', 1]]));
    assert.deepEqual(restored.mapState('m').get([0, 10]), { n: 3n });
    assert.deepEqual(restored.listState('l').get(), [new Date(5)]);
  });

  test('restore replaces everything and keeps handles taken before it working', () => {
    const { backend: source } = backendAt();
    source.valueState<number>('count');
    source.setCurrentKey('a');
    source.valueState<number>('count').update(1);
    const snapshot = source.snapshot();

    const { backend } = backendAt();
    const count = backend.valueState<number>('count');
    const other = backend.listState<number>('other');
    backend.setCurrentKey('z');
    count.update(9);
    other.add(1);
    backend.restore(snapshot);
    assert.deepEqual([...backend.keys('count')], ['a']);
    assert.deepEqual([...backend.keys('other')], []);
    backend.setCurrentKey('a');
    assert.equal(count.value(), 1);
    count.update(2);
    const again = make(() => 0);
    again.restore(snapshot);
    again.setCurrentKey('a');
    assert.equal(again.valueState<number>('count').value(), 1, 'restoring does not let the state alias the snapshot');
  });

  test('restored TTL entries keep their expiry time', () => {
    const { backend, clock } = backendAt(0);
    backend.valueState<number>('v', { ttl: 100 });
    backend.setCurrentKey('a');
    backend.valueState<number>('v', { ttl: 100 }).update(1);
    const later = { now: 50 };
    const restored = make(() => later.now);
    restored.restore(backend.snapshot());
    const v = restored.valueState<number>('v', { ttl: 100 });
    restored.setCurrentKey('a');
    assert.equal(v.value(), 1);
    later.now = 100;
    assert.equal(v.value(), undefined);
    assert.equal(clock.now, 0);
  });

  test('restore rejects a foreign snapshot and a kind clash without changing anything', () => {
    const { backend } = backendAt();
    const v = backend.valueState<number>('x');
    backend.setCurrentKey('k');
    v.update(1);
    assert.throws(() => backend.restore({ hello: 1 }), promises.foreignSnapshotError);
    const { backend: other } = backendAt();
    other.mapState('x');
    other.setCurrentKey('k');
    other.mapState<string, number>('x').put('a', 1);
    assert.throws(() => backend.restore(other.snapshot()), /state 'x' is a value state; it cannot also be used as a map state/);
    assert.equal(v.value(), 1);
  });

  test('a state restored before it is opened is checked for its kind when opened', () => {
    const { backend: source } = backendAt();
    source.setCurrentKey('k');
    source.listState<number>('l').add(1);
    const { backend } = backendAt();
    backend.restore(source.snapshot());
    assert.throws(() => backend.valueState('l'), /state 'l' is a list state/);
    backend.setCurrentKey('k');
    assert.deepEqual(backend.listState<number>('l').get(), [1]);
  });
}
