import type { RowType } from '../../core/data-types.ts';
import { strict, type CallEmitter } from './compiler.ts';
import { fromJsonReader, toJsonWriter } from './runtime-json.ts';

/**
 * Code for FROM_JSON and TO_JSON: the schema's reader (or the type's writer) is built once at compile
 * time and called per row.
 *
 * @example
 * JSON_EMITTERS.FROM_JSON // k0(value)
 */
export const JSON_EMITTERS: Readonly<Record<string, CallEmitter>> = {
  FROM_JSON: strict(([json], call, c) => `${c.g.constant(fromJsonReader(call.type as RowType))}(${json})`),
  TO_JSON: strict(([value], call, c) => `${c.g.constant(toJsonWriter(call.args[0].type))}(${value})`),
};
