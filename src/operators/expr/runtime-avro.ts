import type { RowType } from '../../core/data-types.ts';
import { SluiceError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { avroRowCodec } from '../../formats/avro.ts';

const ORIGIN = { source: 'FROM_AVRO' };

/**
 * FROM_AVRO's reader for one schema, built once per compiled expression: binary Avro written with
 * `schema` (its JSON text) → a row of `type`. Bytes that are not a datum of the schema throw, as
 * Spark's from_avro does in its default FAILFAST mode.
 *
 * @example
 * fromAvroReader(DataTypes.ROW([{ name: 'n', type: notNull(DataTypes.INT()) }]), '{"type":"record","name":"r","fields":[{"name":"n","type":"int"}]}')(Buffer.from([2])) // { n: 1 }
 */
export function fromAvroReader(type: RowType, schema: string): (bytes: Uint8Array) => Row {
  let parsed: unknown;
  try {
    parsed = JSON.parse(schema);
  } catch {
    throw new SluiceError(`FROM_AVRO: the schema is not JSON: ${schema.slice(0, 60)}`);
  }
  const codec = avroRowCodec(type, { schema: parsed as never, option: 'FROM_AVRO' });
  return (bytes) => codec.decode(bytes, ORIGIN);
}

/**
 * TO_AVRO's writer for one row type: a row → binary Avro of the schema Flink derives for the type.
 *
 * @example
 * toAvroWriter(DataTypes.ROW([{ name: 'n', type: notNull(DataTypes.INT()) }]))({ n: 1 }) // <Buffer 02>
 */
export function toAvroWriter(type: RowType): (row: Row) => Uint8Array {
  const codec = avroRowCodec(type, { option: 'TO_AVRO' });
  return (row) => codec.encode(row);
}
