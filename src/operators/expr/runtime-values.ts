import { createHash, randomUUID } from 'node:crypto';

/**
 * Helpers on whole values: equality and order for BYTES, ARRAY, MAP and ROW values (primitives are
 * compared inline), item access, collection constructors, CARDINALITY, HASH_CODE, UUID and digests.
 * MAP values are plain objects keyed by `String(key)`; a JavaScript `Map` is accepted on input.
 *
 * @example
 * valuesEqual([1, { a: 2 }], [1, { a: 2 }]) // true
 */

/** Deep SQL equality of two non-null values. @example valuesEqual(new Uint8Array([1]), new Uint8Array([1])) // true */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i] ?? null, b[i] ?? null)) return false;
    return true;
  }
  const x = a instanceof Map ? Object.fromEntries(a) : (a as Record<string, unknown>);
  const y = b instanceof Map ? Object.fromEntries(b) : (b as Record<string, unknown>);
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) if (!Object.hasOwn(y, k) || !valuesEqual(x[k] ?? null, y[k] ?? null)) return false;
  return true;
}

/**
 * Order of two non-null values of one type: bytes unsigned lexicographically, arrays element-wise,
 * everything else by `<`.
 *
 * @example
 * compareValues(new Uint8Array([1, 2]), new Uint8Array([1, 3])) // -1
 */
export function compareValues(a: unknown, b: unknown): number {
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return Math.sign(a.length - b.length);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return Math.sign(a.length - b.length);
  }
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** `arr[i]`, 1-based; NULL outside the array. @example arrayItem(['a', 'b'], 2) // 'b' */
export function arrayItem(arr: readonly unknown[], i: number): unknown {
  return i >= 1 && i <= arr.length ? (arr[i - 1] ?? null) : null;
}

/** `map[key]`; NULL when absent. @example mapItem({ k: 1 }, 'k') // 1 */
export function mapItem(map: object, key: unknown): unknown {
  if (map instanceof Map) return map.get(key) ?? null;
  const k = String(key);
  return Object.hasOwn(map, k) ? ((map as Record<string, unknown>)[k] ?? null) : null;
}

/** MAP[k1, v1, k2, v2 …] as a plain object (a later duplicate key wins). @example mapOf('a', 1, 'b', 2) // { a: 1, b: 2 } */
export function mapOf(...keysAndValues: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keysAndValues.length; i += 2) {
    Object.defineProperty(out, String(keysAndValues[i]), { value: keysAndValues[i + 1], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** CARDINALITY of an array, multiset or map. @example cardinality({ a: 1 }) // 1 */
export function cardinality(v: object): number {
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map) return v.size;
  return Object.keys(v).length;
}

/**
 * HASH_CODE: Java's hashCode for strings, INT-range integers and booleans; other values hash their
 * JSON text as a string.
 *
 * @example
 * hashCode('a') // 97
 */
export function hashCode(v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v) && v === (v | 0)) return v;
  if (typeof v === 'boolean') return v ? 1231 : 1237;
  const s = typeof v === 'string' ? v : v instanceof Uint8Array ? Array.from(v).join(',') : JSON.stringify(v) ?? String(v);
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** UUID(): a random (version 4) UUID. @example uuid().length // 36 */
export const uuid = (): string => randomUUID();

/** MD5 or SHA-256 hex digest of text (UTF-8) or bytes. @example digest('md5', 'a') // '0cc175b9c0f1b6a831c399e269772661' */
export function digest(algorithm: 'md5' | 'sha256', v: string | Uint8Array): string {
  return createHash(algorithm).update(v).digest('hex');
}
