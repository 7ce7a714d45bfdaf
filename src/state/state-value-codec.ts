import { Packr } from 'msgpackr';

/**
 * The fast binary codec for state values (MessagePack through msgpackr, with structured-clone
 * extensions so Maps, Sets, Dates, bigints and undefined survive as they do in the heap backend's
 * structuredClone). One place, so the lmdb backend and the checkpoint files agree on the bytes.
 *
 * @example
 * const bytes = encodeStateValue({ acc: [3, 12.5], emitted: [3, 12.5] });
 * decodeStateValue(bytes) // { acc: [3, 12.5], emitted: [3, 12.5] }
 */
const packr = new Packr({ structuredClone: true, moreTypes: true, useRecords: true });

/** Encodes one state value (see the module comment). */
export function encodeStateValue(value: unknown): Buffer {
  return packr.pack(value);
}

/** Decodes what {@link encodeStateValue} wrote. */
export function decodeStateValue(bytes: Uint8Array): unknown {
  return packr.unpack(bytes);
}
