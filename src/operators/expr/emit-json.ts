import { isBinary, type RowType } from '../../core/data-types.ts';
import { custom, strict, type CallEmitter } from './compiler.ts';
import { fromJsonBytesReader, fromJsonReader, toJsonWriter } from './runtime-json.ts';

/**
 * Code for FROM_JSON and TO_JSON: the schema's reader (or the type's writer) is built once at compile
 * time and called per row.
 *
 * @example
 * JSON_EMITTERS.FROM_JSON // k0(value)
 */
export const JSON_EMITTERS: Readonly<Record<string, CallEmitter>> = {
  FROM_JSON: custom((call, c) => {
    const arg = call.args[0];
    // FROM_JSON(CAST(bytes AS STRING), …): read the bytes themselves (the cast would decode them all).
    const bytes = arg.kind === 'cast' && isBinary(arg.operand.type);
    const json = c.g.atom(c.node(bytes && arg.kind === 'cast' ? arg.operand : arg));
    if (json.isNull) return json;
    const reader = c.g.constant(bytes ? fromJsonBytesReader(call.type as RowType) : fromJsonReader(call.type as RowType));
    return c.g.nullable(json.guards, `${reader}(${json.code})`);
  }),
  TO_JSON: strict(([value], call, c) => `${c.g.constant(toJsonWriter(call.args[0].type))}(${value})`),
};
