const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const encoder = new TextEncoder();

/**
 * Kafka's murmur2 hash (as in its Java client's `Utils.murmur2`), over the key's UTF-8 bytes, as a
 * signed 32-bit integer. Using the same hash as Kafka's default partitioner means a key lands on the
 * same partition number in the in-process log as on a real broker with the same partition count.
 *
 * @example
 * murmur2('21') // -973932308
 */
export function murmur2(key: string | Uint8Array): number {
  const data = typeof key === 'string' ? encoder.encode(key) : key;
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const rest = length & 3;
  if (rest === 3) h ^= data[whole + 2] << 16;
  if (rest >= 2) h ^= data[whole + 1] << 8;
  if (rest >= 1) {
    h ^= data[whole];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * The partition for a key, as Kafka's default partitioner computes it: `toPositive(murmur2(key)) % n`.
 *
 * @example
 * partitionForKey('AAPL', 3) // always the same partition of 3
 */
export function partitionForKey(key: string | Uint8Array, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}
