import { DataTypes } from '../../core/data-types.ts';
import { accepts, defineFunction, type FunctionDefinition } from './function-definition.ts';
import { rowTypeOfLiteral } from './functions-json.ts';

/**
 * Spark's Avro conversions, which the DataFrame API's `fromAvro` / `toAvro` compile to:
 * - `FROM_AVRO(bytes, row-type-literal, avro-schema-literal)`: binary Avro written with the schema
 *   as a ROW (the row type is the schema's, worked out by the DataFrame API, so the plan knows it
 *   without reading Avro); bytes that are not a datum of the schema fail the job (Spark's default
 *   FAILFAST mode).
 * - `TO_AVRO(row)`: a ROW as binary Avro with the schema derived from its type (Flink's mapping).
 *
 * @example
 * // df.select(fromAvro(col('value'), '{"type":"record","name":"t","fields":[…]}').alias('data'))
 */
export const AVRO_FUNCTIONS: readonly FunctionDefinition[] = [
  defineFunction({
    name: 'FROM_AVRO', syntax: 'FROM_AVRO(bytes, row-type-literal, avro-schema-literal)', args: 3, literalArgs: [1, 2],
    returns: ([bytes, type, schema], literals) =>
      (accepts.binary(bytes) && accepts.character(type) && accepts.character(schema) ? rowTypeOfLiteral(literals[1], 'FROM_AVRO') : undefined),
  }),
  defineFunction({
    name: 'TO_AVRO', syntax: 'TO_AVRO(row)', args: 1,
    returns: ([value]) => (value !== undefined && value.kind === 'ROW' ? DataTypes.BYTES() : undefined),
  }),
];
