import { typeToString, asNullable, type DataType } from '../../core/data-types.ts';
import { ExprEvalError, ExprTypeError } from '../../plan/expr/errors.ts';
import { JSON_EMPTY, JsonPathError, resolveJsonPath, type JsonPath } from './json-path.ts';
import { roundHalfUp } from './runtime-numeric.ts';

/**
 * JSON_VALUE's and JSON_QUERY's lookups, called by generated code. Each gives the result, or
 * {@link JSON_EMPTY} / a {@link JsonPathError}, which the generated code turns into the ON EMPTY /
 * ON ERROR behavior (see emit-json-path.ts). Semantics follow Flink's SqlJsonUtils: JSON null is
 * empty; JSON_VALUE of an object or array, or JSON_QUERY of a scalar, is empty in lax mode and an
 * error in strict mode.
 *
 * @example
 * jsonValueOf('{"n":12}', parseJsonPath('$.n'), jsonScalarConverter(DataTypes.INT())) // 12
 */

/** Turns a JSON scalar into the RETURNING type's value, or a JsonPathError when it does not fit. */
export type JsonScalarConverter = (v: string | number | boolean) => unknown;

const INTEGER_RANGE: Record<string, readonly [number, number]> = {
  TINYINT: [-128, 127], SMALLINT: [-32768, 32767], INT: [-2147483648, 2147483647], BIGINT: [-(2 ** 63), 2 ** 63 - 1],
};

/**
 * The conversion of a JSON scalar to JSON_VALUE's RETURNING type: text as is (numbers and booleans
 * as their JSON text) for character types; a JSON boolean for BOOLEAN; a JSON number for numeric
 * types (an integer in range for integer types, rounded HALF_UP to the scale for DECIMAL). Text is
 * not parsed as a number or boolean: Flink fails the job there; here it is an error for ON ERROR.
 *
 * @example
 * jsonScalarConverter(DataTypes.INT())(12.5) // JsonPathError: cannot return 12.5 as INT
 */
export function jsonScalarConverter(type: DataType): JsonScalarConverter {
  const mismatch = (v: unknown) => new JsonPathError(`cannot return ${JSON.stringify(v)} as ${typeToString(asNullable(type))}`);
  switch (type.kind) {
    case 'CHAR': case 'VARCHAR': return (v) => (typeof v === 'string' ? v : String(v));
    case 'BOOLEAN': return (v) => (typeof v === 'boolean' ? v : mismatch(v));
    case 'FLOAT': case 'DOUBLE': return (v) => (typeof v === 'number' ? v : mismatch(v));
    case 'TINYINT': case 'SMALLINT': case 'INT': case 'BIGINT': {
      const [min, max] = INTEGER_RANGE[type.kind];
      return (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : mismatch(v));
    }
    case 'DECIMAL': {
      const limit = 10 ** (type.precision - type.scale);
      return (v) => {
        const x = typeof v === 'number' ? roundHalfUp(v, type.scale) : NaN;
        return Math.abs(x) < limit ? x : mismatch(v);
      };
    }
    default: throw new ExprTypeError(`JSON_VALUE: RETURNING ${typeToString(asNullable(type))} is not supported`);
  }
}

/**
 * JSON_VALUE's lookup: the scalar at `path` converted by `convert`, JSON_EMPTY, or a JsonPathError.
 *
 * @example
 * jsonValueOf('{"a":{}}', parseJsonPath('lax $.a'), toText) // JSON_EMPTY
 */
export function jsonValueOf(text: string, path: JsonPath | null, convert: JsonScalarConverter): unknown {
  const v = resolveJsonPath(text, path);
  if (v === JSON_EMPTY || v instanceof JsonPathError) return v;
  if (v === null) return JSON_EMPTY;
  if (typeof v === 'object') return path?.lax ? JSON_EMPTY : new JsonPathError(`strict path mode requires a scalar value, got ${jsonText(v)}`);
  return convert(v as string | number | boolean);
}

/**
 * JSON_QUERY's lookup: the object or array at `path` (wrapped in an array as `wrapper` says) as JSON
 * text, JSON_EMPTY, or a JsonPathError. Object keys come out sorted, as Flink's Jackson writes them.
 *
 * @example
 * jsonQueryOf('{"t":"gold"}', parseJsonPath('$.t'), 'UNCONDITIONAL') // '["gold"]'
 */
export function jsonQueryOf(text: string, path: JsonPath | null, wrapper: string): unknown {
  const v = resolveJsonPath(text, path);
  if (v === JSON_EMPTY || v instanceof JsonPathError) return v;
  if (v === null) return JSON_EMPTY;
  const wrapped = wrapper === 'UNCONDITIONAL' || (wrapper === 'CONDITIONAL' && !Array.isArray(v)) ? [v] : v;
  if (typeof wrapped !== 'object') return path?.lax ? JSON_EMPTY : new JsonPathError(`strict path mode requires an array or object, got ${jsonText(v)}`);
  return jsonText(wrapped);
}

/** JSON text with every object's keys in sorted order (Java's String order: by UTF-16 code units). */
function jsonText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(jsonText).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${jsonText(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * ERROR ON EMPTY / ERROR ON ERROR: throws the failure as an evaluation error.
 *
 * @example
 * jsonFail('JSON_VALUE', JSON_EMPTY) // throws "JSON_VALUE: empty result is not allowed"
 */
export function jsonFail(fn: string, failure: unknown): never {
  const problem = failure instanceof JsonPathError ? failure.message : 'empty result is not allowed';
  throw new ExprEvalError(`${fn}: ${problem}`);
}

/**
 * A DEFAULT … ON EMPTY value that failed to evaluate falls through to ON ERROR (as Flink documents):
 * the evaluation error becomes a JsonPathError; anything else is rethrown.
 *
 * @example
 * let r: unknown;
 * try { r = evaluateDefault(); } catch (e) { r = jsonDefaultFailed(e); }
 */
export function jsonDefaultFailed(e: unknown): JsonPathError {
  if (e instanceof ExprEvalError) return new JsonPathError(e.message);
  throw e;
}
