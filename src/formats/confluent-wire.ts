/**
 * The Confluent schema-registry wire format: a magic byte 0, the writer schema's id as a 4-byte
 * big-endian integer, then the datum (binary Avro here). Readers find the writer's schema by the id.
 */
import { RecordError, type RecordOrigin } from '../core/errors.ts';

/** The bytes before the datum. */
export const CONFLUENT_HEADER_SIZE = 5;

/**
 * The writer schema id of a record in the wire format; a RecordError naming `origin` when the bytes
 * are too short or the magic byte is not 0.
 *
 * @example
 * confluentSchemaId(Buffer.from([0, 0, 0, 0, 42, 2]), { source: 'trades', partition: 0, offset: 7 }) // 42
 */
export function confluentSchemaId(bytes: Uint8Array, origin: RecordOrigin): number {
  if (bytes.length < CONFLUENT_HEADER_SIZE) {
    throw new RecordError(origin, `truncated record: ${bytes.length} bytes, fewer than the 5 of the schema-registry header (magic byte and schema id)`);
  }
  if (bytes[0] !== 0) {
    throw new RecordError(origin, `wrong magic byte 0x${bytes[0].toString(16).padStart(2, '0')}: not in the schema-registry wire format (expected 0x00 and a schema id)`);
  }
  return ((bytes[1] << 24) >>> 0) + (bytes[2] << 16) + (bytes[3] << 8) + bytes[4];
}

/**
 * The schema id of a record if it looks like the wire format, else undefined (no error: for
 * finding which ids a batch needs before decoding it).
 *
 * @example
 * peekConfluentSchemaId(Buffer.from('{"a":1}')) // undefined
 */
export function peekConfluentSchemaId(bytes: unknown): number | undefined {
  if (!(bytes instanceof Uint8Array) || bytes.length < CONFLUENT_HEADER_SIZE || bytes[0] !== 0) return undefined;
  return ((bytes[1] << 24) >>> 0) + (bytes[2] << 16) + (bytes[3] << 8) + bytes[4];
}

/**
 * A datum framed in the wire format.
 *
 * @example
 * confluentFrame(42, Buffer.from([2])) // <Buffer 00 00 00 00 2a 02>
 */
export function confluentFrame(schemaId: number, datum: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(CONFLUENT_HEADER_SIZE + datum.length);
  out[0] = 0;
  out.writeUInt32BE(schemaId, 1);
  out.set(datum, CONFLUENT_HEADER_SIZE);
  return out;
}
