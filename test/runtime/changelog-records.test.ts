// The changelog's record encoding without a broker: a backend's cuts logged as records and replayed into
// a fresh backend (whose states open in another order) give the same state, deletes included; the
// operator record and the watermark metadata survive their round trips, and what is not theirs is
// refused or ignored as documented.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ChangelogStates, cutRecords, decodeOperatorRecord, encodeOperatorRecord, isOperatorRecordKey, OPERATOR_RECORD_KEY, teeCut, type ChangelogRecord,
} from '../../src/runtime/changelog/changelog-records.ts';
import { decodeWatermarkMetadata, encodeWatermarkMetadata } from '../../src/runtime/changelog/watermark-metadata.ts';
import { createStateBackend } from '../../src/state/create-backend.ts';
import type { ManagedStateBackend, StateEntry } from '../../src/state/state-backend.ts';

const now = { now: () => 1_000 };

/** Takes a cut, logs it through teeCut (as a checkpoint does while writing its state file) and commits it. */
function logCut(backend: ManagedStateBackend, registry: ChangelogStates, into: ChangelogRecord[]): void {
  const cut = backend.beginCheckpoint(false);
  const logged = teeCut(cut, registry.remap(cut.states), (record) => into.push(record));
  for (const _entry of logged.entries()) { /* the state file writer pulls them */ }
  logged.commit();
  logged.release();
}

for (const kind of ['heap', 'lmdb'] as const) {
  test(`${kind}: cuts logged as changelog records restore a backend whose states open in another order, deletes included`, () => {
    const source = createStateBackend({ kind }, now, `changelog-${kind}-a`);
    const restored = createStateBackend({ kind }, now, `changelog-${kind}-b`);
    try {
      const registry = new ChangelogStates([]);
      const records: ChangelogRecord[] = [];
      const count = source.valueState<number>('count');
      const windows = source.mapState<number, number>('windows');
      for (const key of ['AAPL', 'MSFT', 'GOOG']) {
        source.setCurrentKey(key);
        count.update(key.length);
        windows.put(10, 1);
        windows.put(20, 2);
      }
      logCut(source, registry, records);
      source.setCurrentKey('MSFT');
      count.clear(); // a delete the changelog must carry
      windows.remove(10);
      source.setCurrentKey('AAPL');
      count.update(42);
      logCut(source, registry, records);

      // Another run opens the states the other way round: indexes differ, names do not.
      const windowsB = restored.mapState<number, number>('windows');
      const countB = restored.valueState<number>('count');
      const entries: StateEntry[] = records.map((r) => [r.key, r.value ?? undefined]);
      restored.restoreEntries(registry.states, entries);
      const read = (key: string): unknown => {
        restored.setCurrentKey(key);
        return { count: countB.value(), w10: windowsB.get(10), w20: windowsB.get(20) };
      };
      assert.deepEqual(read('AAPL'), { count: 42, w10: 1, w20: 2 });
      assert.deepEqual(read('MSFT'), { count: undefined, w10: undefined, w20: 2 });
      assert.deepEqual(read('GOOG'), { count: 4, w10: 1, w20: 2 });
      assert.ok(records.some((r) => r.value === null), 'the deletes went to the changelog as null values');
    } finally {
      source.close();
      restored.close();
    }
  });
}

test('the changelog numbering of states stays fixed and grows with new states', () => {
  const registry = new ChangelogStates([{ name: 'count', kind: 'value', expiring: false }]);
  const map = { name: 'windows', kind: 'map', expiring: false } as const;
  const value = { name: 'count', kind: 'value', expiring: false } as const;
  assert.deepEqual(registry.remap([map, value]), [1, 0]);
  assert.deepEqual(registry.remap([value]), [0]);
  assert.deepEqual(registry.states.map((s) => s.name), ['count', 'windows']);
  const address = Buffer.from([1, 9, 9]);
  assert.deepEqual([...cutRecords([[address, undefined]], [0, 1])], [{ key: Buffer.from([1, 9, 9]), value: null }]);
  assert.deepEqual([...cutRecords([[Buffer.from([0, 7]), Buffer.from('v')]], [1])], [{ key: Buffer.from([1, 7]), value: Buffer.from('v') }]);
});

test('the operator record round-trips its states, timers, snapshot and step, and a foreign value is refused naming where it was', () => {
  const record = {
    states: [{ name: 'count', kind: 'value', expiring: false }] as const,
    vertex: { operator: { firedUpTo: 5_000 }, state: undefined, timers: { format: 't', event: [[1, 'AAPL']] }, metrics: { recordsIn: 3 }, watermark: -Infinity },
    step: { id: 'window', kind: 'window', stateful: true },
  };
  const decoded = decodeOperatorRecord(encodeOperatorRecord(record), 'app-w-changelog', 0, 7);
  assert.deepEqual(decoded, record);
  assert.ok(isOperatorRecordKey(Buffer.from(OPERATOR_RECORD_KEY)));
  assert.ok(!isOperatorRecordKey(Buffer.from([0xff])), 'an address is never the reserved key');
  assert.throws(() => decodeOperatorRecord(Buffer.from([0xc1]), 'app-w-changelog', 0, 7), /changelog 'app-w-changelog' partition 0 offset 7/);
});

test('a split watermark travels in the offset metadata, -Infinity included; foreign metadata is ignored, broken Sluice metadata refused', () => {
  for (const state of [{ maxTimestamp: 1_700_000_000_123, ended: false }, { maxTimestamp: -Infinity, ended: true }]) {
    assert.deepEqual(decodeWatermarkMetadata(encodeWatermarkMetadata(state)), state);
  }
  assert.equal(encodeWatermarkMetadata(undefined), '');
  assert.equal(decodeWatermarkMetadata(''), undefined);
  assert.equal(decodeWatermarkMetadata('committed by another tool'), undefined);
  assert.throws(() => decodeWatermarkMetadata('sluice.wm/1 {"maxTimestamp":'), /split watermark in the offset's metadata is not readable/);
});
