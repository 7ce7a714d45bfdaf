import { SluiceError } from '../core/errors.ts';

/**
 * The byte form of a state entry's address, shared by the lmdb backend (its lmdb keys) and the
 * incremental checkpoint files of both backends:
 *
 *   [state index: u8][key group: u16 BE][key length: u16 BE][key][namespace]
 *
 * State first, then key group, then key, then namespace (a map state's user key, e.g. a window end),
 * so that one key's map entries, one key group, and one state are each a contiguous range of an
 * ordered store. The key's length makes the key part prefix-free. A value encodes as a type tag and
 * a payload; numbers are sortable big-endian doubles, so the map entries of a key come back in
 * numeric order of their user keys (window ends ascending).
 */

/** Key groups: the unit a keyed state would be split into across tasks (Flink's maxParallelism). */
export const KEY_GROUPS = 128;
/** lmdb's largest key (its default build); an address longer than this is refused with a clear error. */
export const MAX_ADDRESS_BYTES = 1978;

const HEADER = 5;
const DOUBLE = new Float64Array(1);
const DOUBLE_BYTES = new Uint8Array(DOUBLE.buffer);
/** Which byte of DOUBLE_BYTES is the i-th most significant: the platform's byte order, found once. */
const BIG_ENDIAN_ORDER = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? [7, 6, 5, 4, 3, 2, 1, 0] : [0, 1, 2, 3, 4, 5, 6, 7];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A decoded address. `namespace` is absent for value and list states. */
export interface StateAddress {
  readonly state: number;
  readonly key: unknown;
  readonly namespace?: unknown;
  readonly hasNamespace: boolean;
}

/**
 * The bytes of one key or namespace value.
 *
 * @example
 * decodeKeyPart(encodeKeyPart(['AAPL', 3])) // ['AAPL', 3]
 */
export function encodeKeyPart(value: unknown): Uint8Array {
  switch (typeof value) {
    case 'string': return tagged(0x73, encoder.encode(value));
    case 'number': {
      // The double's bytes big-endian, through one scratch array (a DataView per key costs more
      // than the rest of the encoding); -0 and 0 are one key, as in keyId.
      DOUBLE[0] = value === 0 ? 0 : value;
      const out = new Uint8Array(9);
      out[0] = 0x6e;
      for (let i = 0; i < 8; i++) out[1 + i] = DOUBLE_BYTES[BIG_ENDIAN_ORDER[i]];
      // Sortable doubles: flip all bits of negatives, only the sign bit of positives.
      if (out[1] & 0x80) for (let i = 1; i < 9; i++) out[i] ^= 0xff;
      else out[1] |= 0x80;
      return out;
    }
    case 'boolean': return Uint8Array.of(value ? 0x54 : 0x46);
    case 'bigint': return tagged(0x62, encoder.encode(value.toString()));
    case 'undefined': return Uint8Array.of(0x75);
    default:
      if (value === null) return Uint8Array.of(0x4e);
      return tagged(0x6a, encoder.encode(JSON.stringify(value)));
  }
}

/**
 * The value {@link encodeKeyPart} encoded.
 *
 * @example
 * decodeKeyPart(encodeKeyPart(1.5)) // 1.5
 */
export function decodeKeyPart(bytes: Uint8Array): unknown {
  const body = bytes.subarray(1);
  switch (bytes[0]) {
    case 0x73: return decoder.decode(body);
    case 0x6e: {
      const negative = (body[0] & 0x80) === 0;
      for (let i = 0; i < 8; i++) DOUBLE_BYTES[BIG_ENDIAN_ORDER[i]] = negative ? body[i] ^ 0xff : body[i];
      if (!negative) DOUBLE_BYTES[BIG_ENDIAN_ORDER[0]] &= 0x7f;
      return DOUBLE[0];
    }
    case 0x54: return true;
    case 0x46: return false;
    case 0x62: return BigInt(decoder.decode(body));
    case 0x75: return undefined;
    case 0x4e: return null;
    case 0x6a: return JSON.parse(decoder.decode(body));
    default: throw new SluiceError(`state key bytes with an unknown type tag 0x${(bytes[0] ?? 0).toString(16)}`);
  }
}

/**
 * The key group of an encoded key: FNV-1a over its bytes.
 *
 * @example
 * keyGroupOf(encodeKeyPart('AAPL')) // a number in [0, 128)
 */
export function keyGroupOf(key: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key[i], 0x01000193);
  return (hash >>> 0) % KEY_GROUPS;
}

/**
 * The address prefix of (state, key): what every entry of that key in that state starts with.
 *
 * @example
 * const prefix = addressPrefix(0, encodeKeyPart('AAPL'));
 */
export function addressPrefix(state: number, key: Uint8Array): Buffer {
  if (key.length > 0xffff) throw tooLong(state, key.length);
  const out = Buffer.allocUnsafe(HEADER + key.length);
  out[0] = state;
  out.writeUInt16BE(keyGroupOf(key), 1);
  out.writeUInt16BE(key.length, 3);
  out.set(key, HEADER);
  return out;
}

/**
 * A full address: the prefix of (state, key) followed by a namespace (a map state's user key).
 *
 * @example
 * const address = stateAddress(addressPrefix(1, encodeKeyPart('AAPL')), encodeKeyPart(60_000));
 */
export function stateAddress(prefix: Buffer, namespace?: Uint8Array): Buffer {
  const length = prefix.length + (namespace?.length ?? 0);
  if (length > MAX_ADDRESS_BYTES) throw tooLong(prefix[0], length);
  if (namespace === undefined) return prefix;
  const out = Buffer.allocUnsafe(length);
  prefix.copy(out, 0);
  out.set(namespace, prefix.length);
  return out;
}

/**
 * Splits an address into state index, key and namespace.
 *
 * @example
 * decodeAddress(stateAddress(addressPrefix(2, encodeKeyPart('a')))) // { state: 2, key: 'a', hasNamespace: false }
 */
export function decodeAddress(address: Uint8Array): StateAddress {
  const view = Buffer.from(address.buffer, address.byteOffset, address.byteLength);
  const keyLength = view.readUInt16BE(3);
  const key = decodeKeyPart(view.subarray(HEADER, HEADER + keyLength));
  const rest = view.subarray(HEADER + keyLength);
  if (rest.length === 0) return { state: view[0], key, hasNamespace: false };
  return { state: view[0], key, namespace: decodeKeyPart(rest), hasNamespace: true };
}

/** The first byte after every address of state `state`: the end of its range. */
export function stateRangeEnd(state: number): Buffer {
  return Buffer.of(state + 1);
}

function tagged(tag: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 1);
  out[0] = tag;
  out.set(body, 1);
  return out;
}

function tooLong(state: number, length: number): SluiceError {
  return new SluiceError(`state #${state}: a key of ${length} bytes is longer than the lmdb backend's limit of ${MAX_ADDRESS_BYTES} bytes (use a shorter key)`);
}
