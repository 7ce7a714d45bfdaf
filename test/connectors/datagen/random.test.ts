import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRandomState, Random } from '../../../src/connectors/datagen/random.ts';

function draws(random: Random, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(random.nextUint32());
  return out;
}

test('the same seed gives the same sequence', () => {
  assert.deepEqual(draws(new Random(42), 100), draws(new Random(42), 100));
});

test('different seeds and different streams of one seed give different sequences', () => {
  const base = draws(new Random(42), 20);
  assert.notDeepEqual(draws(new Random(43), 20), base);
  assert.notDeepEqual(draws(new Random(42, 1), 20), base);
  assert.notDeepEqual(draws(new Random(2 ** 40 + 42), 20), base, 'seeds above 2^32 are not truncated');
});

test('a generator restored from a saved state continues exactly where the original was', () => {
  const original = new Random(7);
  draws(original, 13);
  const saved = structuredClone(original.getState());
  const expected = [original.nextDouble(), original.nextGaussian(), original.nextInt(1000), original.nextUint32()];
  const restored = new Random(999);
  restored.setState(saved);
  assert.deepEqual([restored.nextDouble(), restored.nextGaussian(), restored.nextInt(1000), restored.nextUint32()], expected);
});

test('reseeding restarts the sequence of that seed and stream', () => {
  const random = new Random(1, 5);
  const first = draws(random, 10);
  random.reseed(1, 5);
  assert.deepEqual(draws(random, 10), first);
});

test('nextIntBetween stays within both ends and reaches each of them', () => {
  const random = new Random(3);
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const value = random.nextIntBetween(-2, 2);
    assert.ok(value >= -2 && value <= 2 && Number.isInteger(value), `out of range: ${value}`);
    seen.add(value);
  }
  assert.deepEqual([...seen].sort((a, b) => a - b), [-2, -1, 0, 1, 2]);
});

test('doubles lie in [0, 1) and average about one half', () => {
  const random = new Random(11);
  let sum = 0;
  for (let i = 0; i < 20_000; i++) {
    const value = random.nextDouble();
    assert.ok(value >= 0 && value < 1);
    sum += value;
  }
  assert.ok(Math.abs(sum / 20_000 - 0.5) < 0.01, `mean ${sum / 20_000}`);
});

test('exponential draws average their mean', () => {
  const random = new Random(5);
  let sum = 0;
  for (let i = 0; i < 20_000; i++) sum += random.nextExponential(100);
  assert.ok(Math.abs(sum / 20_000 - 100) < 3, `mean ${sum / 20_000}`);
});

test('a malformed state is rejected', () => {
  assert.equal(isRandomState([1, 2, 3]), false);
  assert.equal(isRandomState([1, 2, 3, -1]), false);
  assert.equal(isRandomState(new Random(1).getState()), true);
  assert.throws(() => new Random().setState([1, 2, 3] as never), TypeError);
});
