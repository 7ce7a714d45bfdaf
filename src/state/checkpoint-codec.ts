import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';

/**
 * The bytes of one checkpoint: a 16-byte header (magic, payload length, CRC-32 of the payload) and
 * the v8-serialized data. v8.deserialize does not reliably notice a truncated or damaged payload —
 * it may return part of the data — so the length and checksum are what make "is this checkpoint
 * complete?" a safe question.
 */

const MAGIC = 'SLK1';
const HEADER_BYTES = 16;

/**
 * Serializes checkpoint data with its header.
 *
 * @example
 * const bytes = encodeCheckpoint({ offsets: [1, 2] });
 * decodeCheckpoint(bytes) // { offsets: [1, 2] }
 */
export function encodeCheckpoint(data: unknown): Buffer {
  const payload = serialize(data);
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  out.write(MAGIC, 0, 'latin1');
  out.writeBigUInt64LE(BigInt(payload.length), 4);
  out.writeUInt32LE(crc32(payload), 12);
  payload.copy(out, HEADER_BYTES);
  return out;
}

/**
 * Checks and deserializes checkpoint bytes; throws an Error saying what is wrong if they are not a
 * complete checkpoint.
 *
 * @example
 * decodeCheckpoint(encodeCheckpoint('x').subarray(0, 20)) // throws: truncated
 */
export function decodeCheckpoint(bytes: Uint8Array): unknown {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < HEADER_BYTES || buffer.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a Sluice checkpoint (bad header)');
  const length = Number(buffer.readBigUInt64LE(4));
  if (buffer.length - HEADER_BYTES !== length) {
    throw new Error(`truncated or padded: header says ${length} bytes of data, file has ${buffer.length - HEADER_BYTES}`);
  }
  const payload = buffer.subarray(HEADER_BYTES);
  if (crc32(payload) !== buffer.readUInt32LE(12)) throw new Error('checksum mismatch (damaged data)');
  return deserialize(payload);
}
