import { DataTypes, isBinary, leastRestrictive, notNull, withNullability, type DataType } from '../../core/data-types.ts';
import { comparisonType } from './coercion.ts';
import { ExprTypeError } from './errors.ts';
import { accepts, defineFunction, signature, type FunctionDefinition } from './function-definition.ts';
import { JSON_PATH_FUNCTIONS } from './functions-json-path.ts';

/**
 * Conditional, JSON, collection-constructor and miscellaneous functions. COALESCE, IFNULL, NULLIF,
 * IF and the constructors are null-aware; GREATEST and LEAST give NULL when any argument is NULL
 * (Flink's behaviour). JSON_VALUE, JSON_QUERY and JSON_EXISTS are in functions-json-path.ts.
 *
 * @example
 * lookupFunction('COALESCE')!.inferReturnType([DataTypes.INT(), notNull(DataTypes.BIGINT())]) // BIGINT NOT NULL
 */

const str = accepts.character;
const all = (ts: readonly DataType[], common: DataType | undefined) => ts.map(() => common);

function coalesce(name: string, args: number | [number, number]): FunctionDefinition {
  return defineFunction({
    name, syntax: name === 'COALESCE' ? 'COALESCE(value, …)' : `${name}(value, default)`, args, custom: true,
    returns: (ts) => {
      const common = leastRestrictive(ts);
      return common && withNullability(common, ts.every((t) => t.nullable));
    },
    coerce: (ts, ret) => all(ts, ret),
  });
}

function extreme(name: string): FunctionDefinition {
  return defineFunction({
    name, syntax: `${name}(value, …)`, args: [1, Infinity],
    returns: (ts) => {
      const common = leastRestrictive(ts);
      return common && comparisonType(common, common, true) !== undefined ? common : undefined;
    },
    coerce: (ts, ret) => all(ts, ret),
  });
}

/** ROW(a, b) has fields EXPR$0, EXPR$1 … as in Flink; a binder with aliases can build the CallExpr with its own ROW type. */
const rowConstructor = defineFunction({
  name: 'ROW', syntax: 'ROW(value, …)', args: [1, Infinity], custom: true,
  returns: (ts) => notNull(DataTypes.ROW(ts.map((type, i) => ({ name: `EXPR$${i}`, type })))),
});

/**
 * Spark's `named_struct('a', x, 'b', y)`: a ROW whose field names are the string literals before each
 * value (what the DataFrame API's `struct(…)` builds).
 */
const namedStruct = defineFunction({
  name: 'NAMED_STRUCT', syntax: "NAMED_STRUCT('name', value, …)", args: [2, Infinity], custom: true,
  returns: (ts, literals) => {
    if (ts.length % 2 !== 0) throw new ExprTypeError("NAMED_STRUCT takes pairs: 'name', value, …");
    const fields: { name: string; type: DataType }[] = [];
    for (let i = 0; i < ts.length; i += 2) {
      const name = literals[i];
      if (typeof name !== 'string') throw new ExprTypeError(`NAMED_STRUCT: argument ${i + 1} must be a string literal (a field name)`);
      if (fields.some((f) => f.name === name)) throw new ExprTypeError(`NAMED_STRUCT: field '${name}' given twice`);
      fields.push({ name, type: ts[i + 1] });
    }
    return notNull(DataTypes.ROW(fields));
  },
});

const arrayConstructor = defineFunction({
  name: 'ARRAY', syntax: 'ARRAY[value, …]', args: [1, Infinity], custom: true,
  returns: (ts) => {
    const element = leastRestrictive(ts);
    return element && notNull(DataTypes.ARRAY(element));
  },
  coerce: (ts, ret) => all(ts, ret.kind === 'ARRAY' ? ret.element : undefined),
});

const mapConstructor = defineFunction({
  name: 'MAP', syntax: 'MAP[key, value, …]', args: [2, Infinity], custom: true,
  returns: (ts) => {
    if (ts.length % 2 !== 0) return undefined;
    const key = leastRestrictive(ts.filter((_, i) => i % 2 === 0));
    const value = leastRestrictive(ts.filter((_, i) => i % 2 === 1));
    return key && value && notNull(DataTypes.MAP(key, value));
  },
  coerce: (ts, ret) => (ret.kind === 'MAP' ? ts.map((_, i) => (i % 2 === 0 ? ret.key : ret.value)) : []),
});

/** The conditional, JSON, constructor and miscellaneous definitions. */
export const CONDITIONAL_FUNCTIONS: readonly FunctionDefinition[] = [
  coalesce('COALESCE', [1, Infinity]),
  coalesce('IFNULL', 2),
  defineFunction({
    name: 'NULLIF', syntax: 'NULLIF(value, value)', args: 2, custom: true,
    returns: ([a, b]) => {
      const common = comparisonType(a, b, false);
      return common && withNullability(common, true);
    },
    coerce: (ts, ret) => all(ts, ret),
  }),
  defineFunction({
    name: 'IF', syntax: 'IF(condition, then, else)', args: 3, custom: true,
    returns: ([c, a, b]) => (accepts.boolean(c) ? leastRestrictive([a, b]) : undefined),
    coerce: (_ts, ret) => [undefined, ret, ret],
  }),
  extreme('GREATEST'),
  extreme('LEAST'),
  ...JSON_PATH_FUNCTIONS,
  rowConstructor,
  namedStruct,
  arrayConstructor,
  mapConstructor,
  signature({
    name: 'CARDINALITY', syntax: 'CARDINALITY(array | map)', required: [(t) => t !== undefined && ['ARRAY', 'MAP', 'MULTISET', 'NULL'].includes(t.kind)],
    returns: DataTypes.INT(),
  }),
  signature({ name: 'HASH_CODE', syntax: 'HASH_CODE(value)', required: [accepts.any], returns: DataTypes.INT() }),
  defineFunction({ name: 'UUID', syntax: 'UUID()', args: 0, deterministic: false, custom: true, returns: () => notNull(DataTypes.CHAR(36)) }),
  signature({ name: 'MD5', syntax: 'MD5(string)', required: [(t) => str(t) || (t !== undefined && isBinary(t))], returns: DataTypes.CHAR(32) }),
  signature({ name: 'SHA256', syntax: 'SHA256(string)', required: [(t) => str(t) || (t !== undefined && isBinary(t))], returns: DataTypes.CHAR(64) }),
];
