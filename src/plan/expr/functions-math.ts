import { DataTypes, MAX_DECIMAL_PRECISION, notNull, withNullability, type DataType } from '../../core/data-types.ts';
import { ExprTypeError } from './errors.ts';
import { accepts, defineFunction, signature, type FunctionDefinition } from './function-definition.ts';
import { CALENDAR_UNITS } from './time-units.ts';

/**
 * Numeric functions. Transcendental functions return DOUBLE; ABS, SIGN, ROUND, TRUNCATE, FLOOR and
 * CEIL keep the argument's type family (DECIMAL scales adjusted as Flink does; FLOOR/CEIL of
 * DECIMAL(p, s) is DECIMAL(p, 0)). FLOOR and CEIL also
 * take a time unit (`FLOOR(ts TO HOUR)` → FLOOR(ts, 'HOUR')). ROUND is HALF_UP.
 *
 * @example
 * lookupFunction('ROUND')!.inferReturnType([DataTypes.DECIMAL(10, 4), notNull(DataTypes.INT())], [undefined, 2]) // DECIMAL(9, 2)
 */

const num = accepts.numeric;
const DOUBLE = DataTypes.DOUBLE();
const base = (t: DataType): DataType => (t.kind === 'NULL' ? DOUBLE : withNullability(t, false));

function doubles(name: string, arity: 1 | 2, aliases: string[] = []): FunctionDefinition {
  const args = arity === 1 ? 'x' : 'x, y';
  return signature({ name, aliases, syntax: `${name}(${args})`, required: arity === 1 ? [num] : [num, num], returns: DOUBLE });
}

/** ROUND/TRUNCATE(DECIMAL(p, s), d) → DECIMAL(p - s + d' + 1, d') with d' = d clamped to [0, s]. */
function roundedType(name: string) {
  return (ts: readonly DataType[], lits: readonly unknown[]): DataType => {
    const [x] = ts;
    if (x.kind !== 'DECIMAL') return base(x);
    const digits = ts.length === 1 ? 0 : typeof lits[1] === 'number' ? lits[1] : x.scale;
    const scale = Math.max(0, Math.min(digits, x.scale));
    if (scale === x.scale) return base(x);
    const carry = name === 'ROUND' ? 1 : 0;
    return DataTypes.DECIMAL(Math.min(MAX_DECIMAL_PRECISION, Math.max(1, x.precision - x.scale + scale + carry)), scale);
  };
}

/** FLOOR/CEIL(x) on numbers, or FLOOR/CEIL(t, unit) on DATE/TIME/TIMESTAMP values. */
function floorCeil(name: 'FLOOR' | 'CEIL'): FunctionDefinition {
  return defineFunction({
    name,
    aliases: name === 'CEIL' ? ['CEILING'] : [],
    syntax: `${name}(numeric) | ${name}(datetime TO unit)`,
    args: [1, 2],
    literalArgs: [1],
    returns: ([x, unit], lits) => {
      if (unit === undefined) {
        if (!num(x)) return undefined;
        // Calcite's ARG0_OR_EXACT_NO_SCALE (which Flink keeps): DECIMAL(p, s) → DECIMAL(p, 0). The
        // precision stays p, so the one extra integer digit a carry may need (CEIL(9.5) = 10) fits.
        return x.kind === 'DECIMAL' ? DataTypes.DECIMAL(x.precision, 0) : base(x);
      }
      if (!accepts.datetime(x) || !accepts.character(unit)) return undefined;
      checkUnit(name, lits[1], CALENDAR_UNITS);
      return base(x);
    },
  });
}

/**
 * Fails unless `unit` is one of `allowed`.
 *
 * @example
 * checkUnit('EXTRACT', 'YEAR', EXTRACT_UNITS)
 */
export function checkUnit(fn: string, unit: unknown, allowed: ReadonlySet<string>): string {
  if (typeof unit !== 'string' || !allowed.has(unit)) {
    throw new ExprTypeError(`${fn}: unsupported time unit ${String(unit)} (expects one of ${[...allowed].join(', ')})`);
  }
  return unit;
}

/** The math function definitions. */
export const MATH_FUNCTIONS: readonly FunctionDefinition[] = [
  signature({ name: 'ABS', syntax: 'ABS(numeric)', required: [num], returns: ([x]) => base(x) }),
  signature({ name: 'SIGN', syntax: 'SIGN(numeric)', required: [num], returns: ([x]) => base(x) }),
  signature({ name: 'ROUND', syntax: 'ROUND(numeric [, digits])', required: [num], optional: [accepts.integer], returns: roundedType('ROUND') }),
  signature({ name: 'TRUNCATE', aliases: ['TRUNC'], syntax: 'TRUNCATE(numeric [, digits])', required: [num], optional: [accepts.integer], returns: roundedType('TRUNCATE') }),
  floorCeil('FLOOR'),
  floorCeil('CEIL'),
  doubles('POWER', 2, ['POW']),
  doubles('SQRT', 1),
  doubles('CBRT', 1),
  doubles('EXP', 1),
  doubles('LN', 1),
  doubles('LOG10', 1),
  doubles('LOG2', 1),
  signature({ name: 'LOG', syntax: 'LOG(x) | LOG(base, x)', required: [num], optional: [num], returns: DOUBLE }),
  ...['SIN', 'COS', 'TAN', 'COT', 'ASIN', 'ACOS', 'ATAN', 'SINH', 'COSH', 'TANH', 'DEGREES', 'RADIANS'].map((n) => doubles(n, 1)),
  doubles('ATAN2', 2),
  defineFunction({
    name: 'RAND', syntax: 'RAND([seed])', args: [0, 1], deterministic: false, custom: true,
    returns: (ts) => (ts.every((t) => accepts.integer(t)) ? notNull(DOUBLE) : undefined),
  }),
  defineFunction({
    name: 'RAND_INTEGER', syntax: 'RAND_INTEGER([seed,] bound)', args: [1, 2], deterministic: false,
    returns: (ts) => (ts.every((t) => accepts.integer(t)) ? DataTypes.INT() : undefined),
  }),
  signature({ name: 'PI', syntax: 'PI()', required: [], returns: DOUBLE }),
  signature({ name: 'E', syntax: 'E()', required: [], returns: DOUBLE }),
];
