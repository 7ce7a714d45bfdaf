/**
 * A small seeded pseudo-random generator for the data generators: sfc32 (Chris Doty-Humphrey's
 * "small fast chaotic" generator, 128 bits of state) seeded through a murmur-style hash.
 *
 * Why not Math.random: generated data must be reproducible from a seed, and a reader restored from
 * a checkpoint must continue the exact sequence, so the whole state is readable and settable as four
 * plain numbers (structured-cloneable, fits in a checkpoint).
 */

/** The full state of a {@link Random}: four unsigned 32-bit integers. */
export type RandomState = readonly [number, number, number, number];

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
// Distinct starting constants, so the three state words come from three independent hash chains
// and two different (seed, stream) pairs collide only if all 96 bits do.
const CHAIN_KEYS = [0x9e3779b9, 0x85ebca6b, 0xc2b2ae35] as const;

/** murmur3's 32-bit finaliser: a bijection that spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A seeded generator. `stream` picks an independent sequence for the same seed (a split index, an
 * event number), so shards never share values by accident.
 *
 * @example
 * const random = new Random(42);
 * random.nextInt(6);               // 0..5, the same every run for seed 42
 * const saved = random.getState();
 * const again = new Random(0); again.setState(saved); // continues exactly where `random` is
 */
export class Random {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed = 0, stream = 0) {
    this.reseed(seed, stream);
  }

  /**
   * Restarts the sequence for `(seed, stream)` without allocating; both may be any safe integers
   * (negative and above 2^32 included).
   *
   * @example
   * random.reseed(42, eventNumber); // a sequence that depends only on the seed and the event number
   */
  reseed(seed: number, stream = 0): void {
    const seedLo = seed >>> 0;
    const seedHi = Math.floor(seed / TWO_POW_32) >>> 0;
    const streamLo = stream >>> 0;
    const streamHi = Math.floor(stream / TWO_POW_32) >>> 0;
    const words = [0, 0, 0];
    for (let i = 0; i < 3; i++) {
      let h = fmix32((seedLo + CHAIN_KEYS[i]) >>> 0);
      h = fmix32(h ^ seedHi);
      h = fmix32(h ^ streamLo);
      words[i] = fmix32(h ^ streamHi);
    }
    this.a = words[0];
    this.b = words[1];
    this.c = words[2];
    this.d = 1;
    // sfc32 mixes weakly in its first outputs; the usual remedy is to discard a dozen.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next value in [0, 2^32). */
  nextUint32(): number {
    const t0 = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    const c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    const t = (t0 + this.d) | 0;
    this.c = (c + t) | 0;
    return t >>> 0;
  }

  /** A double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / TWO_POW_53;
  }

  /** An integer in [0, bound); `bound` is a positive safe integer. */
  nextInt(bound: number): number {
    return Math.floor(this.nextDouble() * bound);
  }

  /** An integer in [min, max], both ends included. */
  nextIntBetween(min: number, max: number): number {
    return min + Math.floor(this.nextDouble() * (max - min + 1));
  }

  /** True with probability `p`. */
  nextBoolean(p = 0.5): boolean {
    return this.nextDouble() < p;
  }

  /** A standard normal value (Box–Muller; the second value is dropped so the state stays four numbers). */
  nextGaussian(): number {
    const u = 1 - this.nextDouble(); // (0, 1]: log(0) is not allowed
    const v = this.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An exponentially distributed value with the given mean (gaps between Poisson arrivals). */
  nextExponential(mean: number): number {
    return -Math.log(1 - this.nextDouble()) * mean;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(values: readonly T[]): T {
    return values[this.nextInt(values.length)];
  }

  /** A copy of the state, for a checkpoint. */
  getState(): RandomState {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  /** Continues from a state returned by {@link getState}. */
  setState(state: RandomState): void {
    if (!isRandomState(state)) throw new TypeError(`not a random generator state: ${JSON.stringify(state)}`);
    this.a = state[0] | 0;
    this.b = state[1] | 0;
    this.c = state[2] | 0;
    this.d = state[3] | 0;
  }
}

/** True when `value` has the shape {@link Random.getState} returns. */
export function isRandomState(value: unknown): value is RandomState {
  return (
    Array.isArray(value) &&
    value.length === 4 &&
    value.every((word) => Number.isInteger(word) && word >= 0 && word < TWO_POW_32)
  );
}
