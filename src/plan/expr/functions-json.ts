import { DataTypes, asNullable, typeToString, type DataType, type RowType } from '../../core/data-types.ts';
import { accepts, defineFunction, type FunctionDefinition } from './function-definition.ts';
import { ExprTypeError } from './errors.ts';

/**
 * Spark's JSON conversions, which the DataFrame API's `fromJson` / `toJson` compile to (usable from
 * SQL too):
 * - `FROM_JSON(json, schema)`: the JSON text as a ROW of the schema; malformed text, or a value that
 *   does not fit its field, gives NULL (Spark's PERMISSIVE mode) rather than failing the job.
 * - `TO_JSON(value)`: a ROW, ARRAY or MAP as JSON text.
 *
 * The schema is a literal: the JSON form of a ROW type (what `JSON.stringify` makes of a
 * `DataTypes.ROW(…)`), as the DataFrame API writes it — the type must be known when planning.
 *
 * @example
 * // SELECT FROM_JSON(CAST(value AS STRING), '{"kind":"ROW","nullable":true,"fields":[…]}').symbol FROM …
 */
export const JSON_FUNCTIONS: readonly FunctionDefinition[] = [
  defineFunction({
    name: 'FROM_JSON', syntax: 'FROM_JSON(json, schema-literal)', args: 2, literalArgs: [1], producesNull: true,
    returns: ([text, schema], literals) => (accepts.character(text) && accepts.character(schema) ? rowTypeOfLiteral(literals[1], 'FROM_JSON') : undefined),
  }),
  defineFunction({
    name: 'TO_JSON', syntax: 'TO_JSON(row | array | map)', args: 1,
    returns: ([value]) => (value !== undefined && ['ROW', 'ARRAY', 'MAP', 'MULTISET'].includes(value.kind) ? DataTypes.STRING() : undefined),
  }),
];

/**
 * The ROW type a FROM_JSON schema literal describes.
 *
 * @example
 * fromJsonSchemaLiteral(DataTypes.ROW([{ name: 'a', type: DataTypes.INT() }])) // '{"kind":"ROW",…}'
 */
export function fromJsonSchemaLiteral(type: RowType): string {
  return JSON.stringify(type);
}

/**
 * The ROW type a schema literal (the JSON of a ROW type) describes, made nullable; `fn` names the
 * function in errors.
 *
 * @example
 * rowTypeOfLiteral('{"kind":"ROW","nullable":true,"fields":[]}', 'FROM_JSON') // ROW<>
 */
export function rowTypeOfLiteral(literal: unknown, fn: string): DataType {
  if (typeof literal !== 'string') throw new ExprTypeError(`${fn}: the schema must be a string literal`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(literal);
  } catch {
    throw new ExprTypeError(`${fn}: the schema literal is not a serialized ROW type: ${literal.slice(0, 60)}`);
  }
  const type = parsed as DataType;
  if (typeof type !== 'object' || type === null || type.kind !== 'ROW' || !Array.isArray(type.fields)) {
    throw new ExprTypeError(`${fn}: the schema must be a ROW type, got ${literal.slice(0, 60)}`);
  }
  try {
    typeToString(type);
  } catch {
    throw new ExprTypeError(`${fn}: the schema literal is not a valid ROW type`);
  }
  return asNullable(type);
}
