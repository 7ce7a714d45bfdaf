import { DataTypes, asNullable, canCast, isCharacter, isIntegral, typeToString, type DataType } from '../../core/data-types.ts';
import { ExprTypeError } from './errors.ts';
import type { Expr } from './expr.ts';
import { accepts, defineFunction, signature, type FunctionDefinition } from './function-definition.ts';

/**
 * The SQL/JSON query functions, with Flink's semantics (its SqlJsonUtils, after Calcite):
 * - a path is `lax` or `strict` (the default when the path has no prefix). A strict path that finds
 *   nothing, or text that is not JSON, is an *error*; a lax path gives *empty* instead. JSON null is
 *   empty in both modes.
 * - JSON_VALUE returns a scalar (as STRING, or as the RETURNING type); an object or array is empty in
 *   lax mode and an error in strict mode. `NULL | ERROR | DEFAULT expr ON EMPTY` and `… ON ERROR`
 *   choose the result for those cases (NULL when omitted).
 * - JSON_QUERY returns an object or array as JSON text, optionally wrapped in an array (WITH
 *   [CONDITIONAL | UNCONDITIONAL] ARRAY WRAPPER); a scalar is empty (lax) or an error (strict).
 *   `NULL | ERROR | EMPTY ARRAY | EMPTY OBJECT ON EMPTY` / `ON ERROR` choose the result.
 * - JSON_EXISTS: whether the path has a value (false for text that is not JSON).
 *
 * The clauses are literal arguments after (json, path) — what the binder builds through
 * `jsonValueCall` / `jsonQueryCall` (json-calls.ts):
 * - JSON_VALUE(json, path, returning, onEmpty, emptyDefault, onError, errorDefault): `returning` is a
 *   NULL literal of the RETURNING type, the behaviors are 'NULL' | 'ERROR' | 'DEFAULT', the defaults
 *   are expressions of the RETURNING type (a NULL literal unless the behavior is DEFAULT).
 * - JSON_QUERY(json, path, wrapper, onEmpty, onError): wrapper 'WITHOUT' | 'CONDITIONAL' |
 *   'UNCONDITIONAL', behaviors 'NULL' | 'ERROR' | 'EMPTY ARRAY' | 'EMPTY OBJECT'.
 * Both accept just (json, path), with the defaults.
 *
 * @example
 * jsonValueCall(field(t, 'profile'), stringLiteral('$.visits'), { returning: DataTypes.INT() }).type // INT
 */

/** JSON_VALUE's ON EMPTY / ON ERROR behaviors. */
export const JSON_VALUE_BEHAVIORS = ['NULL', 'ERROR', 'DEFAULT'] as const;
/** One of {@link JSON_VALUE_BEHAVIORS}. */
export type JsonValueBehavior = (typeof JSON_VALUE_BEHAVIORS)[number];
/** JSON_QUERY's ON EMPTY / ON ERROR behaviors. */
export const JSON_QUERY_BEHAVIORS = ['NULL', 'ERROR', 'EMPTY ARRAY', 'EMPTY OBJECT'] as const;
/** One of {@link JSON_QUERY_BEHAVIORS}. */
export type JsonQueryBehavior = (typeof JSON_QUERY_BEHAVIORS)[number];
/** JSON_QUERY's array wrappers: WITHOUT, WITH CONDITIONAL (only what is not an array yet), WITH UNCONDITIONAL. */
export const JSON_WRAPPERS = ['WITHOUT', 'CONDITIONAL', 'UNCONDITIONAL'] as const;
/** One of {@link JSON_WRAPPERS}. */
export type JsonWrapper = (typeof JSON_WRAPPERS)[number];

const str = accepts.character;
const oneOf = <T extends string>(values: readonly T[]) => (v: unknown): v is T => values.includes(v as T);
const isValueBehavior = oneOf(JSON_VALUE_BEHAVIORS);
const isQueryBehavior = oneOf(JSON_QUERY_BEHAVIORS);
const isWrapper = oneOf(JSON_WRAPPERS);

/**
 * Fails unless JSON_VALUE can return `type`: Flink's STRING, BOOLEAN, INT and DOUBLE, and also the
 * other character, integer and approximate types and DECIMAL.
 *
 * @example
 * checkJsonValueReturning(DataTypes.DATE()) // throws: RETURNING DATE is not supported
 */
export function checkJsonValueReturning(type: DataType): void {
  const ok = isCharacter(type) || isIntegral(type) || ['BOOLEAN', 'FLOAT', 'DOUBLE', 'DECIMAL'].includes(type.kind);
  if (!ok) {
    throw new ExprTypeError(`JSON_VALUE: RETURNING ${typeToString(asNullable(type))} is not supported (expects STRING, BOOLEAN, an integer type, FLOAT, DOUBLE or DECIMAL)`);
  }
}

function jsonValueType(ts: readonly DataType[], lits: readonly unknown[]): DataType | undefined {
  if (!str(ts[0]) || !str(ts[1])) return undefined;
  if (ts.length === 2) return asNullable(DataTypes.STRING());
  if (ts.length !== 7 || !isValueBehavior(lits[3]) || !isValueBehavior(lits[5])) return undefined;
  const returning = ts[2];
  checkJsonValueReturning(returning);
  if (![ts[4], ts[6]].every((d) => d.kind === 'NULL' || canCast(d, returning))) return undefined;
  return asNullable(returning);
}

function jsonQueryType(ts: readonly DataType[], lits: readonly unknown[]): DataType | undefined {
  if (!str(ts[0]) || !str(ts[1])) return undefined;
  if (ts.length === 5 && !(isWrapper(lits[2]) && isQueryBehavior(lits[3]) && isQueryBehavior(lits[4]))) return undefined;
  return ts.length === 2 || ts.length === 5 ? asNullable(DataTypes.STRING()) : undefined;
}

/** The JSON path function definitions (null-aware: a NULL json or path gives NULL, the clauses decide the rest). */
export const JSON_PATH_FUNCTIONS: readonly FunctionDefinition[] = [
  defineFunction({
    name: 'JSON_VALUE', args: [2, 7], custom: true, literalArgs: [2, 3, 5], returns: jsonValueType,
    syntax: 'JSON_VALUE(json, path [RETURNING type] [{NULL | ERROR | DEFAULT value} ON EMPTY] [{NULL | ERROR | DEFAULT value} ON ERROR])',
  }),
  defineFunction({
    name: 'JSON_QUERY', args: [2, 5], custom: true, literalArgs: [2, 3, 4], returns: jsonQueryType,
    syntax: 'JSON_QUERY(json, path [{WITHOUT | WITH [CONDITIONAL | UNCONDITIONAL]} [ARRAY] WRAPPER] [{NULL | ERROR | EMPTY ARRAY | EMPTY OBJECT} ON EMPTY] [… ON ERROR])',
  }),
  signature({ name: 'JSON_EXISTS', syntax: 'JSON_EXISTS(json, path)', required: [str, str], returns: DataTypes.BOOLEAN() }),
];

/**
 * SQL text for a JSON_VALUE or JSON_QUERY call with clauses (undefined for the plain two-argument
 * form), for EXPLAIN: `JSON_VALUE(j, '$.n' RETURNING INT DEFAULT 0 ON EMPTY NULL ON ERROR)`.
 *
 * @example
 * jsonCallText('JSON_QUERY', args, exprToString) // "JSON_QUERY(j, '$.a' WITH CONDITIONAL ARRAY WRAPPER NULL ON EMPTY NULL ON ERROR)"
 */
export function jsonCallText(name: string, args: readonly Expr[], print: (e: Expr) => string): string | undefined {
  const word = (e: Expr) => String(e.kind === 'literal' ? e.value : print(e));
  const head = `${name}(${print(args[0])}, ${print(args[1])}`;
  if (name === 'JSON_VALUE' && args.length === 7) {
    const behavior = (b: Expr, value: Expr) => (word(b) === 'DEFAULT' ? `DEFAULT ${print(value)}` : word(b));
    return `${head} RETURNING ${typeToString(asNullable(args[2].type))} ${behavior(args[3], args[4])} ON EMPTY ${behavior(args[5], args[6])} ON ERROR)`;
  }
  if (name === 'JSON_QUERY' && args.length === 5) {
    const wrapper = word(args[2]) === 'WITHOUT' ? 'WITHOUT' : `WITH ${word(args[2])}`;
    return `${head} ${wrapper} ARRAY WRAPPER ${word(args[3])} ON EMPTY ${word(args[4])} ON ERROR)`;
  }
  return undefined;
}
