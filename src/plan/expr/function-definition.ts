import {
  isBinary, isCharacter, isIntegral, isInterval, isNumeric, isTimestamp, typeToString, withNullability, type DataType,
} from '../../core/data-types.ts';
import { ExprTypeError } from './errors.ts';

/**
 * A built-in scalar function's signature: arity, how nulls flow through it, and Flink's return type
 * rule. The compiler in src/operators/expr/ has one code emitter per definition name.
 *
 * @example
 * lookupFunction('CHAR_LENGTH')!.inferReturnType([DataTypes.STRING()]) // INT
 */
export interface FunctionDefinition {
  /** Canonical upper-case name (operators by their symbol: '+', '=', '||'). */
  readonly name: string;
  /** Other names that resolve here (CEILING → CEIL). */
  readonly aliases: readonly string[];
  /** How it is called, for error messages and docs: `SUBSTRING(string, start [, length])`. */
  readonly syntax: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** False when two calls with the same arguments may differ (RAND, NOW, UUID). */
  readonly deterministic: boolean;
  /** 'strict': any NULL argument gives NULL. 'custom': the function handles NULL itself (COALESCE, IF …). */
  readonly nullHandling: 'strict' | 'custom';
  /** Argument positions that must be literals (time units, TO_TIMESTAMP_LTZ's precision). */
  readonly literalArgs: readonly number[];
  /** For strict functions: whether non-null arguments can still give NULL (REGEXP_EXTRACT without a match). */
  producesNull(argTypes: readonly DataType[]): boolean;
  /**
   * The result type for these argument types, or an {@link ExprTypeError} naming the function and the
   * types. `literals[i]` is argument i's value when it is a literal (undefined otherwise).
   */
  inferReturnType(argTypes: readonly DataType[], literals?: readonly unknown[]): DataType;
  /** The types arguments are implicitly coerced to (undefined: left as is). */
  operandTypes(argTypes: readonly DataType[], returnType: DataType): readonly (DataType | undefined)[];
}

/** What {@link defineFunction} needs; everything but `name`, `syntax`, `args` and `returns` has a default. */
export interface FunctionSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly syntax: string;
  /** Exact arity, or [min, max] (max may be Infinity). */
  readonly args: number | readonly [number, number];
  readonly deterministic?: boolean;
  /** True for null-aware functions; their `returns` gives the full type, nullability included. */
  readonly custom?: boolean;
  readonly producesNull?: boolean | ((argTypes: readonly DataType[]) => boolean);
  readonly literalArgs?: readonly number[];
  /** The base result type, or undefined when the argument types do not fit (a generic error follows). */
  returns(argTypes: readonly DataType[], literals: readonly unknown[]): DataType | undefined;
  coerce?(argTypes: readonly DataType[], returnType: DataType): readonly (DataType | undefined)[];
}

/**
 * Builds a {@link FunctionDefinition}: checks arity and literal arguments, turns a rejected signature
 * into "cannot apply 'F' to A and B (expects …)", and for strict functions makes the result nullable
 * when an argument is (or when the function produces nulls).
 *
 * @example
 * const upper = defineFunction({ name: 'UPPER', syntax: 'UPPER(string)', args: 1, returns: ([s]) => (accepts.character(s) ? DataTypes.STRING() : undefined) });
 */
export function defineFunction(spec: FunctionSpec): FunctionDefinition {
  const [minArgs, maxArgs] = typeof spec.args === 'number' ? [spec.args, spec.args] : spec.args;
  const produces = spec.producesNull ?? false;
  const producesNull = typeof produces === 'function' ? produces : () => produces;
  return Object.freeze({
    name: spec.name,
    aliases: spec.aliases ?? [],
    syntax: spec.syntax,
    minArgs,
    maxArgs,
    deterministic: spec.deterministic ?? true,
    nullHandling: spec.custom ? 'custom' : 'strict',
    literalArgs: spec.literalArgs ?? [],
    producesNull,
    inferReturnType(argTypes: readonly DataType[], literals: readonly unknown[] = []): DataType {
      const n = argTypes.length;
      if (n < minArgs || n > maxArgs) {
        const expected = minArgs === maxArgs ? `${minArgs}` : maxArgs === Infinity ? `at least ${minArgs}` : `${minArgs} to ${maxArgs}`;
        throw new ExprTypeError(`${spec.name} takes ${expected} argument${expected === '1' ? '' : 's'}, got ${n} (expects ${spec.syntax})`);
      }
      for (const i of spec.literalArgs ?? []) {
        if (i < n && literals[i] === undefined) throw new ExprTypeError(`${spec.name}: argument ${i + 1} must be a literal (expects ${spec.syntax})`);
      }
      const base = spec.returns(argTypes, literals);
      if (base === undefined) throw cannotApply(spec.name, argTypes, spec.syntax);
      if (spec.custom) return base;
      return withNullability(base, argTypes.some((t) => t.nullable) || producesNull(argTypes));
    },
    operandTypes(argTypes: readonly DataType[], returnType: DataType) {
      return spec.coerce ? spec.coerce(argTypes, returnType) : [];
    },
  });
}

/**
 * The standard type-check failure: "cannot apply '+' to STRING and INT".
 *
 * @example
 * throw cannotApply('+', [DataTypes.STRING(), DataTypes.INT()]);
 */
export function cannotApply(name: string, argTypes: readonly DataType[], syntax?: string): ExprTypeError {
  const names = argTypes.map((t) => typeToString(withNullability(t, true)));
  const list = names.length === 0 ? 'no arguments' : names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return new ExprTypeError(`cannot apply '${name}' to ${list}${syntax === undefined ? '' : ` (expects ${syntax})`}`);
}

const orNull = (p: (t: DataType) => boolean) => (t: DataType | undefined): boolean => t !== undefined && (t.kind === 'NULL' || p(t));

/**
 * Argument families for signatures; each also accepts the untyped NULL.
 *
 * @example
 * accepts.numeric(DataTypes.INT()) // true
 */
export const accepts = Object.freeze({
  any: orNull(() => true),
  numeric: orNull(isNumeric),
  integer: orNull(isIntegral),
  character: orNull(isCharacter),
  binary: orNull(isBinary),
  boolean: orNull((t) => t.kind === 'BOOLEAN'),
  /** DATE, TIMESTAMP, TIMESTAMP_LTZ. */
  dateOrTimestamp: orNull((t) => t.kind === 'DATE' || isTimestamp(t)),
  /** TIMESTAMP, TIMESTAMP_LTZ. */
  timestamp: orNull(isTimestamp),
  /** DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ. */
  datetime: orNull((t) => t.kind === 'DATE' || t.kind === 'TIME' || isTimestamp(t)),
  interval: orNull(isInterval),
});

/** A predicate on one argument's type. */
export type ArgCheck = (t: DataType | undefined) => boolean;

/** A signature given as argument families: `required`, then `optional`, then any number of `rest`. */
export interface SignatureSpec extends Omit<FunctionSpec, 'args' | 'returns'> {
  readonly required: readonly ArgCheck[];
  readonly optional?: readonly ArgCheck[];
  readonly rest?: ArgCheck;
  /** The result type (nullability is derived), or a function of the argument types and literals. */
  readonly returns: DataType | ((argTypes: readonly DataType[], literals: readonly unknown[]) => DataType | undefined);
}

/**
 * A function whose arguments each belong to a family (see {@link accepts}).
 *
 * @example
 * signature({ name: 'REPEAT', syntax: 'REPEAT(string, n)', required: [accepts.character, accepts.integer], returns: DataTypes.STRING() })
 */
export function signature(spec: SignatureSpec): FunctionDefinition {
  const optional = spec.optional ?? [];
  const min = spec.required.length;
  const max = spec.rest === undefined ? min + optional.length : Infinity;
  const checks = [...spec.required, ...optional];
  const returns = spec.returns;
  return defineFunction({
    ...spec,
    args: [min, max],
    returns: (ts, lits) => {
      for (let i = 0; i < ts.length; i++) {
        const check = i < checks.length ? checks[i] : spec.rest;
        if (check === undefined || !check(ts[i])) return undefined;
      }
      return typeof returns === 'function' ? returns(ts, lits) : returns;
    },
  });
}
