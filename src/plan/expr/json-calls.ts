import { DataTypes, asNullable, canCast, typeToString, typesEqual, type DataType } from '../../core/data-types.ts';
import { call, cast } from './build.ts';
import { ExprTypeError } from './errors.ts';
import type { CallExpr, Expr } from './expr.ts';
import { checkJsonValueReturning, type JsonQueryBehavior, type JsonWrapper } from './functions-json-path.ts';
import { nullLiteral, stringLiteral } from './literals.ts';

/** JSON_VALUE's ON EMPTY / ON ERROR clause: NULL, ERROR, or DEFAULT with a value. */
export type JsonValueOnEmptyOrError = { readonly behavior: 'NULL' | 'ERROR' } | { readonly behavior: 'DEFAULT'; readonly value: Expr };

/** The optional parts of JSON_VALUE; each defaults as in SQL (STRING, NULL ON EMPTY, NULL ON ERROR). */
export interface JsonValueOptions {
  readonly returning?: DataType;
  readonly onEmpty?: JsonValueOnEmptyOrError;
  readonly onError?: JsonValueOnEmptyOrError;
}

/** The optional parts of JSON_QUERY; each defaults as in SQL (WITHOUT ARRAY WRAPPER, NULL ON EMPTY, NULL ON ERROR). */
export interface JsonQueryOptions {
  readonly wrapper?: JsonWrapper;
  readonly onEmpty?: JsonQueryBehavior;
  readonly onError?: JsonQueryBehavior;
}

const NULL_BEHAVIOR: JsonValueOnEmptyOrError = { behavior: 'NULL' };

/**
 * A JSON_VALUE call (see functions-json-path.ts for the semantics). A DEFAULT value is cast to the
 * RETURNING type, as Calcite does (`DEFAULT FALSE ON EMPTY` of a STRING result gives 'FALSE').
 *
 * @example
 * jsonValueCall(field(t, 'profile'), stringLiteral('$.visits'), { returning: DataTypes.INT(), onEmpty: { behavior: 'DEFAULT', value: numericLiteral('0') } })
 */
export function jsonValueCall(json: Expr, path: Expr, options: JsonValueOptions = {}): CallExpr {
  const { returning, onEmpty, onError } = options;
  if (returning === undefined && onEmpty === undefined && onError === undefined) return call('JSON_VALUE', [json, path]);
  const type = asNullable(returning ?? DataTypes.STRING());
  checkJsonValueReturning(type);
  const clause = (b: JsonValueOnEmptyOrError = NULL_BEHAVIOR): Expr[] => [stringLiteral(b.behavior), b.behavior === 'DEFAULT' ? defaultValue(b.value, type) : nullLiteral()];
  return call('JSON_VALUE', [json, path, nullLiteral(type), ...clause(onEmpty), ...clause(onError)]);
}

/**
 * A JSON_QUERY call (see functions-json-path.ts for the semantics).
 *
 * @example
 * jsonQueryCall(field(t, 'profile'), stringLiteral('$.tags'), { wrapper: 'CONDITIONAL', onEmpty: 'EMPTY ARRAY' })
 */
export function jsonQueryCall(json: Expr, path: Expr, options: JsonQueryOptions = {}): CallExpr {
  const { wrapper, onEmpty, onError } = options;
  if (wrapper === undefined && onEmpty === undefined && onError === undefined) return call('JSON_QUERY', [json, path]);
  return call('JSON_QUERY', [json, path, stringLiteral(wrapper ?? 'WITHOUT'), stringLiteral(onEmpty ?? 'NULL'), stringLiteral(onError ?? 'NULL')]);
}

function defaultValue(value: Expr, type: DataType): Expr {
  if (value.type.kind === 'NULL' || typesEqual(value.type, type, true)) return value;
  if (!canCast(value.type, type)) {
    throw new ExprTypeError(`JSON_VALUE: the DEFAULT value of type ${typeToString(asNullable(value.type))} cannot be cast to the RETURNING type ${typeToString(type)}`);
  }
  return cast(value, type);
}
