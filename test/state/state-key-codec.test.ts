// The byte form of state keys (state/state-key-codec.ts): every key part decodes to what was encoded,
// and numbers sort as their bytes do (the lmdb backend's range reads and window-end order rely on it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressPrefix, decodeAddress, decodeKeyPart, encodeKeyPart, keyGroupOf, KEY_GROUPS, stateAddress } from '../../src/state/state-key-codec.ts';
import { checkProperty, fc } from '../fuzz/property.ts';

const EDGES = [0, 1, -1, 1.5, -1.5, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, Infinity, -Infinity];

test('numbers round-trip, -0 is 0, NaN stays NaN', () => {
  for (const value of EDGES) assert.equal(decodeKeyPart(encodeKeyPart(value)), value);
  assert.ok(Object.is(decodeKeyPart(encodeKeyPart(-0)), 0));
  assert.ok(Number.isNaN(decodeKeyPart(encodeKeyPart(Number.NaN)) as number));
});

test('number keys sort by their bytes as by their values', () => {
  checkProperty(fc.array(fc.double({ noNaN: true }), { minLength: 2, maxLength: 30 }), (values) => {
    const sorted = [...new Set(values.map((v) => (v === 0 ? 0 : v)))].sort((a, b) => a - b);
    const bytes = sorted.map((v) => Buffer.from(encodeKeyPart(v)));
    for (let i = 1; i < bytes.length; i++) assert.ok(Buffer.compare(bytes[i - 1], bytes[i]) < 0, `${sorted[i - 1]} sorts before ${sorted[i]}`);
    for (const v of sorted) assert.equal(decodeKeyPart(encodeKeyPart(v)), v);
  }, 300);
});

test('strings, booleans, null, undefined, bigints and composite keys round-trip', () => {
  for (const value of ['', 'AAPL', 'ünïcödé', true, false, null, undefined, 12345678901234567890n, ['AAPL', 3], { a: 1 }]) {
    assert.deepEqual(decodeKeyPart(encodeKeyPart(value)), value);
  }
});

test('an address splits back into state, key and namespace; the key group is in range', () => {
  const key = encodeKeyPart('AAPL');
  const address = stateAddress(addressPrefix(3, key), encodeKeyPart(60_000));
  assert.deepEqual(decodeAddress(address), { state: 3, key: 'AAPL', namespace: 60_000, hasNamespace: true });
  const group = keyGroupOf(key);
  assert.ok(Number.isInteger(group) && group >= 0 && group < KEY_GROUPS);
});
