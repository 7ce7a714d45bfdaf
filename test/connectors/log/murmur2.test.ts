import { test } from 'node:test';
import assert from 'node:assert/strict';
import { murmur2, partitionForKey } from '../../../src/connectors/log/murmur2.ts';

test('murmur2 matches the values of Kafka’s own hash tests', () => {
  const cases: Record<string, number> = {
    '21': -973932308,
    foobar: -790332482,
    'a-little-bit-long-string': -985981536,
    'a-little-bit-longer-string': -1486304829,
    lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8: -58897971,
    abc: 479470107,
  };
  for (const [key, hash] of Object.entries(cases)) assert.equal(murmur2(key), hash, key);
  assert.equal(murmur2(new TextEncoder().encode('abc')), 479470107);
});

test('a key always maps to the same partition in range', () => {
  for (const key of ['AAPL', 'MSFT', '', 'ü']) {
    const p = partitionForKey(key, 7);
    assert.ok(p >= 0 && p < 7);
    assert.equal(partitionForKey(key, 7), p);
  }
  assert.equal(partitionForKey('foobar', 10), (-790332482 & 0x7fffffff) % 10);
});
