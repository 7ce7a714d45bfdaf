import { crc32 } from 'node:zlib';
import { SluiceError } from '../core/errors.ts';
import type { StateEntry } from './state-backend.ts';

/**
 * The bytes of one incremental checkpoint file: a header, the entries of one operator's cut, and a
 * trailer with their count and CRC-32, so a truncated or damaged file is noticed instead of
 * restoring part of the state.
 *
 *   'SLS1' then per entry: [address length u16][address][value length u32, 0xffffffff = deleted][value]
 *   then 'SLSE' [entry count u64][CRC-32 of every entry byte u32]
 */

const HEADER = Buffer.from('SLS1', 'latin1');
const TRAILER = 'SLSE';
const TRAILER_BYTES = 16;
const DELETED = 0xffffffff;

/**
 * Encodes entries into chunks, handing each to `write`; a chunk ends at `chunkBytes` or after
 * `sliceMs` of encoding, whichever comes first. Each chunk's write and `pause` are awaited together
 * (one event-loop turn per chunk): the checkpoint writer yields there, so records keep flowing while
 * a large cut is serialised, and no stretch of encoding blocks them for more than about `sliceMs`.
 *
 * @example
 * const { bytes, entries } = await writeStateFile(cut.entries(), (chunk) => file.write(chunk), yieldToRecords);
 */
export async function writeStateFile(
  entries: Iterator<StateEntry>,
  write: (chunk: Buffer) => Promise<void>,
  pause: () => Promise<void>,
  chunkBytes = 4 << 20,
  sliceMs = 5,
): Promise<{ bytes: number; entries: number }> {
  await write(HEADER);
  let bytes = HEADER.length;
  let count = 0;
  let crc = 0;
  let parts: Buffer[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    const chunk = Buffer.concat(parts, size);
    crc = crc32(chunk, crc);
    parts = [];
    bytes += size;
    size = 0;
    await Promise.all([write(chunk), pause()]);
    sliceStart = performance.now();
  };
  let sliceStart = performance.now();
  for (let next = entries.next(); next.done !== true; next = entries.next()) {
    const [address, value] = next.value;
    const head = Buffer.allocUnsafe(6);
    head.writeUInt16BE(address.length, 0);
    head.writeUInt32BE(value === undefined ? DELETED : value.length, 2);
    parts.push(head.subarray(0, 2), address, head.subarray(2));
    size += 6 + address.length;
    if (value !== undefined) {
      parts.push(value);
      size += value.length;
    }
    count++;
    if (size >= chunkBytes || ((count & 255) === 0 && performance.now() - sliceStart >= sliceMs)) await flush();
  }
  if (size > 0) await flush();
  const trailer = Buffer.allocUnsafe(TRAILER_BYTES);
  trailer.write(TRAILER, 0, 'latin1');
  trailer.writeBigUInt64BE(BigInt(count), 4);
  trailer.writeUInt32BE(crc, 12);
  await write(trailer);
  return { bytes: bytes + TRAILER_BYTES, entries: count };
}

/**
 * Checks a state file whole (length, count, checksum), then yields its entries. `name` is for errors.
 *
 * @example
 * for (const [address, value] of readStateFile(bytes, 'state/3-agg.state')) apply(address, value);
 */
export function readStateFile(bytes: Buffer, name: string): IterableIterator<StateEntry> {
  const fail = (problem: string): SluiceError => new SluiceError(`checkpoint state file ${name}: ${problem}`);
  if (bytes.length < HEADER.length + TRAILER_BYTES || !bytes.subarray(0, 4).equals(HEADER)) throw fail('not a Sluice state file (bad header)');
  const end = bytes.length - TRAILER_BYTES;
  if (bytes.toString('latin1', end, end + 4) !== TRAILER) throw fail('truncated (no trailer)');
  const count = Number(bytes.readBigUInt64BE(end + 4));
  if (crc32(bytes.subarray(HEADER.length, end)) !== bytes.readUInt32BE(end + 12)) throw fail('checksum mismatch (damaged data)');
  return (function* entries(): IterableIterator<StateEntry> {
    let at = HEADER.length;
    for (let i = 0; i < count; i++) {
      if (at + 6 > end) throw fail(`ends after ${i} of ${count} entries`);
      const addressLength = bytes.readUInt16BE(at);
      const address = bytes.subarray(at + 2, at + 2 + addressLength);
      const valueLength = bytes.readUInt32BE(at + 2 + addressLength);
      at += 6 + addressLength;
      if (valueLength === DELETED) {
        yield [address, undefined];
        continue;
      }
      yield [address, bytes.subarray(at, at + valueLength)];
      at += valueLength;
    }
    if (at !== end) throw fail(`has ${end - at} bytes after its ${count} entries`);
  })();
}
