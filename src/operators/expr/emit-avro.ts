import type { RowType } from '../../core/data-types.ts';
import { strict, type CallEmitter } from './compiler.ts';
import { fromAvroReader, toAvroWriter } from './runtime-avro.ts';

/**
 * Code for FROM_AVRO and TO_AVRO: the schema's compiled reader (or the type's writer) is built once
 * at compile time and called per row.
 *
 * @example
 * AVRO_EMITTERS.FROM_AVRO // k0(value)
 */
export const AVRO_EMITTERS: Readonly<Record<string, CallEmitter>> = {
  FROM_AVRO: strict(([bytes], call, c) => {
    const schema = call.args[2];
    const text = schema.kind === 'literal' ? String(schema.value) : '';
    return `${c.g.constant(fromAvroReader(call.type as RowType, text))}(${bytes})`;
  }),
  TO_AVRO: strict(([value], call, c) => `${c.g.constant(toAvroWriter(call.args[0].type as RowType))}(${value})`),
};
