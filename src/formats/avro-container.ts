/**
 * Avro object container files (the `.avro` files every Avro tool reads): the header — magic
 * `Obj\x01`, a metadata map with `avro.schema` and `avro.codec`, a 16-byte sync marker — then blocks
 * of records, each a count, a byte size, the (compressed) records and the sync marker again. Codecs
 * 'null' and 'deflate' (raw deflate, as the specification says).
 */
import { randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { RecordError, type RecordOrigin } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import type { AvroRowCodec } from './avro.ts';
import { parseAvroSchema, type AvroSchema } from './avro-schema.ts';

/** The block compressions written and read. */
export type AvroContainerCodec = 'null' | 'deflate';

const MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01]);

function longBytes(n: number): number[] {
  let z = n >= 0 ? 2 * n : -2 * n - 1;
  const out: number[] = [];
  while (z >= 0x80) { out.push((z % 0x80) | 0x80); z = Math.floor(z / 0x80); }
  out.push(z);
  return out;
}

function stringBytes(text: string | Buffer): Buffer {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return Buffer.concat([Buffer.from(longBytes(bytes.length)), bytes]);
}

/**
 * A container file written block by block: `header()` once, then `block(datums)` per batch.
 *
 * @example
 * const file = new AvroContainerWriter(codec.schema, 'deflate');
 * const bytes = Buffer.concat([file.header(), file.block(rows.map((r) => codec.encode(r)))]);
 */
export class AvroContainerWriter {
  private readonly schema: AvroSchema;
  private readonly codec: AvroContainerCodec;
  private readonly sync = randomBytes(16);

  constructor(schema: AvroSchema, codec: AvroContainerCodec = 'null') {
    this.schema = schema;
    this.codec = codec;
  }

  header(): Buffer {
    const metadata = [
      Buffer.from(longBytes(2)),
      stringBytes('avro.schema'), stringBytes(JSON.stringify(this.schema)),
      stringBytes('avro.codec'), stringBytes(this.codec),
      Buffer.from([0]),
    ];
    return Buffer.concat([MAGIC, ...metadata, this.sync]);
  }

  block(datums: readonly Buffer[]): Buffer {
    if (datums.length === 0) return Buffer.alloc(0);
    const raw = Buffer.concat(datums);
    const data = this.codec === 'deflate' ? deflateRawSync(raw) : raw;
    return Buffer.concat([Buffer.from(longBytes(datums.length)), Buffer.from(longBytes(data.length)), data, this.sync]);
  }
}

/** A cursor over a file's bytes. */
class Reader {
  pos = 0;
  readonly bytes: Buffer;
  readonly origin: RecordOrigin;
  constructor(bytes: Buffer, origin: RecordOrigin) {
    this.bytes = bytes;
    this.origin = origin;
  }
  long(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.bytes.length) throw new RecordError(this.origin, 'truncated Avro container file');
      const byte = this.bytes[this.pos++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
      scale *= 0x80;
    }
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }
  take(length: number): Buffer {
    if (length < 0 || this.pos + length > this.bytes.length) throw new RecordError(this.origin, 'truncated Avro container file');
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
}

/**
 * Every record of a container file, read with the file's own schema resolved to the codec's (the
 * table's): `origin` names the file; errors name the record's index in it.
 *
 * @example
 * const rows = readAvroContainer(await readFile('trades.avro'), codec, { source: 'trades.avro' });
 */
export function readAvroContainer(bytes: Buffer, codec: AvroRowCodec, origin: RecordOrigin): Row[] {
  const reader = new Reader(bytes, origin);
  if (!reader.take(4).equals(MAGIC)) throw new RecordError(origin, 'not an Avro container file (no Obj\\x01 magic)');
  const metadata = new Map<string, Buffer>();
  for (let count = reader.long(); count !== 0; count = reader.long()) {
    if (count < 0) { reader.long(); count = -count; }
    for (let i = 0; i < count; i++) {
      const key = reader.take(reader.long()).toString();
      metadata.set(key, reader.take(reader.long()));
    }
  }
  const sync = reader.take(16);
  const schemaText = metadata.get('avro.schema');
  if (schemaText === undefined) throw new RecordError(origin, 'the Avro container file has no avro.schema');
  const fileCodec = metadata.get('avro.codec')?.toString() ?? 'null';
  if (fileCodec !== 'null' && fileCodec !== 'deflate') throw new RecordError(origin, `Avro codec '${fileCodec}' is not read (only null and deflate)`);
  const writer = parseAvroSchema(JSON.parse(schemaText.toString()) as AvroSchema);
  const rows: Row[] = [];
  while (reader.pos < bytes.length) {
    const count = reader.long();
    const size = reader.long();
    const stored = reader.take(size);
    const data = fileCodec === 'deflate' ? inflateRawSync(stored) : stored;
    let pos = 0;
    for (let i = 0; i < count; i++) {
      const { row, next } = codec.decodeAt(writer, data, pos, { source: origin.source, offset: rows.length + 1 });
      rows.push(row);
      pos = next;
    }
    if (!reader.take(16).equals(sync)) throw new RecordError(origin, `the Avro container file's block ending at byte ${reader.pos} has a wrong sync marker (a damaged file)`);
  }
  return rows;
}
