import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/core/errors.ts';
import { datagenSource, type DatagenSchema } from '../../../src/connectors/datagen/index.ts';
import { END } from '../../../src/connectors/spi.ts';
import { contextAt, drain, readAcrossRestore, readSplit } from './read-split.ts';

const schema = {
  id: { kind: 'sequence', start: 1 },
  qty: { kind: 'random-int', min: 1, max: 6 },
  price: { kind: 'random-double', min: 10, max: 20, decimals: 2 },
  code: { kind: 'random-string', length: 8 },
  side: { kind: 'one-of', values: ['buy', 'sell'] },
  active: { kind: 'boolean' },
} satisfies DatagenSchema;

test('the same seed gives the same rows and another seed other rows', async () => {
  const a = await readSplit(datagenSource({ schema, seed: 9 }), 0, 200);
  const b = await readSplit(datagenSource({ schema, seed: 9 }), 0, 200);
  const c = await readSplit(datagenSource({ schema, seed: 10 }), 0, 200);
  assert.deepEqual(a.values, b.values);
  assert.notDeepEqual(c.values, a.values);
});

test('a reader restored from a position continues the exact sequence of an uninterrupted reader', async () => {
  const source = datagenSource({ schema, seed: 3, splits: 2 });
  for (const split of [0, 1]) {
    const uninterrupted = await readSplit(source, split, 300);
    const restored = await readAcrossRestore(source, 137, 163, split);
    assert.deepEqual(restored.values, uninterrupted.values);
  }
});

test('generated values respect each field spec', async () => {
  const { values } = await readSplit(datagenSource({ schema }), 0, 2000);
  const sides = new Set<string>();
  const flags = new Set<boolean>();
  values.forEach((row, i) => {
    assert.equal(row.id, i + 1);
    assert.ok(Number.isInteger(row.qty) && row.qty >= 1 && row.qty <= 6);
    assert.ok(row.price >= 10 && row.price <= 20 && Number(row.price.toFixed(2)) === row.price);
    assert.match(row.code, /^[A-Za-z0-9]{8}$/);
    sides.add(row.side);
    flags.add(row.active);
  });
  assert.deepEqual([...sides].sort(), ['buy', 'sell']);
  assert.deepEqual([...flags].sort(), [false, true]);
});

test('numberOfRows bounds the source: the splits together produce exactly that many rows', async () => {
  const source = datagenSource({ schema, numberOfRows: 1000, splits: 3 });
  assert.equal(source.bounded, true);
  const parts = await Promise.all([0, 1, 2].map((i) => readSplit(source, i)));
  assert.ok(parts.every((part) => part.ended));
  assert.deepEqual(parts.map((part) => part.values.length), [334, 333, 333]);
  const ids = parts.flatMap((part) => part.values.map((row) => row.id)).sort((x, y) => x - y);
  assert.deepEqual(ids, Array.from({ length: 1000 }, (_, i) => i + 1), 'sequence values are unique across splits');
});

test('a sequence with an end bounds the source; without an end or a row count it is unbounded', async () => {
  const bounded = datagenSource({ schema: { n: { kind: 'sequence', start: 5, end: 9 } } });
  assert.equal(bounded.bounded, true);
  const read = await readSplit(bounded);
  assert.deepEqual(read.values.map((row) => row.n), [5, 6, 7, 8, 9]);
  assert.equal(read.ended, true);
  assert.equal(datagenSource({ schema }).bounded, false);
});

test('splits produce distinct random sequences', async () => {
  const source = datagenSource({ schema: { code: { kind: 'random-string', length: 12 } }, splits: 2 });
  const [a, b] = await Promise.all([readSplit(source, 0, 50), readSplit(source, 1, 50)]);
  assert.notDeepEqual(a.values, b.values);
});

test('the first timestamp field is the event time and follows the processing-time clock', async () => {
  const source = datagenSource({ schema: { id: { kind: 'sequence' }, ts: { kind: 'timestamp', maxPastMs: 5000 } }, numberOfRows: 100 });
  const ctx = contextAt(() => 1_700_000_000_000);
  const read = await drain(source.createReader((await source.splits(ctx))[0], undefined, ctx));
  assert.equal(read.values.length, 100);
  assert.deepEqual(read.times, read.values.map((row) => row.ts));
  assert.ok(read.times.every((t) => t <= 1_700_000_000_000 && t >= 1_700_000_000_000 - 5000));
});

test('a schema without a timestamp field gives batches without times', async () => {
  const source = datagenSource({ schema: { id: { kind: 'sequence' } } });
  const ctx = contextAt();
  const batch = await source.createReader({ id: 'datagen-0' }, undefined, ctx).poll(3);
  assert.notEqual(batch, END);
  assert.deepEqual(batch !== END && batch, { values: [{ id: 0 }, { id: 1 }, { id: 2 }] });
});

test('invalid options fail with a ConfigError naming the option', () => {
  const cases: [unknown, string][] = [
    [{ schema: { price: { kind: 'random-double', min: 5, max: 1 } } }, 'schema.price.min'],
    [{ schema: { qty: { kind: 'random-int', min: 1.5 } } }, 'schema.qty.min'],
    [{ schema: { x: { kind: 'uuid' } } }, 'schema.x.kind'],
    [{ schema: { s: { kind: 'one-of', values: [] } } }, 'schema.s.values'],
    [{ schema: { s: { kind: 'random-string', lenght: 3 } } }, 'schema.s.lenght'],
    [{ schema: { n: { kind: 'sequence', start: 10, end: 1 } } }, 'schema.n.end'],
    [{ schema: {} }, 'schema'],
    [{ schema, rowsPerSecond: -3 }, 'rowsPerSecond'],
    [{ schema, numberOfRows: 2.5 }, 'numberOfRows'],
    [{ schema, splits: 0 }, 'splits'],
    [{ schema, seed: 'abc' }, 'seed'],
    [{ schema, rowsPerSec: 10 }, 'rowsPerSec'],
  ];
  for (const [options, option] of cases) {
    assert.throws(() => datagenSource(options as never), (error: unknown) => {
      assert.ok(error instanceof ConfigError, `${option}: ${String(error)}`);
      assert.equal(error.option, option);
      assert.ok(error.message.includes(`'${option}'`));
      return true;
    });
  }
});

test('a reader cannot be opened for a foreign split or from a foreign position', () => {
  const source = datagenSource({ schema, splits: 2 });
  const ctx = contextAt();
  assert.throws(() => source.createReader({ id: 'datagen-2' }, undefined, ctx), /split 'datagen-2'/);
  assert.throws(() => source.createReader({ id: 'nexmark-0' }, undefined, ctx), /split 'nexmark-0'/);
  assert.throws(() => source.createReader({ id: 'datagen-0' }, { offset: 3 }, ctx), /cannot resume/);
});

test('throttled polls resolve with an empty batch instead of blocking until the next row is due', async () => {
  let now = 1_000_000;
  const source = datagenSource({ schema, rowsPerSecond: 2 });
  const ctx = contextAt(() => now);
  const reader = source.createReader({ id: 'datagen-0' }, undefined, ctx);
  const first = await reader.poll(100);
  assert.ok(first !== END && first.values.length === 1, 'the first row is due at once');
  // The wait is an async sleep: the poll is still pending when the call returns (a blocking wait
  // would hand back a settled promise, which wins the race below).
  const pending = Symbol('pending');
  const polling = Promise.resolve(reader.poll(100));
  assert.equal(await Promise.race([polling, Promise.resolve(pending)]), pending);
  const idle = await polling;
  assert.ok(idle !== END && idle.values.length === 0, 'nothing is due yet: an empty batch, not END');
  now += 1000; // two more rows are due after one second at 2 rows/s
  const next = await reader.poll(100);
  assert.ok(next !== END);
  assert.deepEqual(next.values.map((row) => row.id), [2, 3]);
});

test('a restored throttled reader resumes at its pace rather than bursting', async () => {
  let now = 5_000;
  const source = datagenSource({ schema, rowsPerSecond: 10 });
  const ctx = contextAt(() => now);
  const reader = source.createReader({ id: 'datagen-0' }, undefined, ctx);
  now += 1000;
  const before = await reader.poll(1000);
  assert.ok(before !== END && before.values.length === 11);
  now += 60_000; // down for a minute
  const restored = source.createReader({ id: 'datagen-0' }, reader.position(), ctx);
  const after = await restored.poll(1000);
  assert.ok(after !== END);
  assert.deepEqual(after.values.map((row) => row.id), [12]);
});
