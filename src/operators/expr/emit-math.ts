import { isIntegral } from '../../core/data-types.ts';
import type { CallExpr } from '../../plan/expr/expr.ts';
import { MILLIS_PER_DAY as DAY, UNIT_MILLIS } from '../../plan/expr/time-units.ts';
import { argType, custom, literalArg, strict, type CallEmitter, type ExprCompiler } from './compiler.ts';
import { seededRandom } from './runtime-numeric.ts';

/**
 * Code for the math functions: `Math.*` inline, HALF_UP rounding and truncation through helpers,
 * and FLOOR/CEIL to a time unit (fixed-length units inline, calendar units through helpers).
 * RAND(seed) with a literal seed gets its own deterministic generator per call site.
 *
 * @example
 * MATH_EMITTERS.SQRT // `Math.sqrt(x)`
 */

const MATH: Record<string, string> = {
  POWER: 'Math.pow', SQRT: 'Math.sqrt', CBRT: 'Math.cbrt', EXP: 'Math.exp', LN: 'Math.log', LOG10: 'Math.log10', LOG2: 'Math.log2',
  SIN: 'Math.sin', COS: 'Math.cos', TAN: 'Math.tan', ASIN: 'Math.asin', ACOS: 'Math.acos', ATAN: 'Math.atan', ATAN2: 'Math.atan2',
  SINH: 'Math.sinh', COSH: 'Math.cosh', TANH: 'Math.tanh',
};

/** FLOOR/CEIL(x TO unit) on DATE (days), TIME (ms of day) or TIMESTAMP (epoch ms) values. */
function toUnit(fn: 'floor' | 'ceil', [x]: readonly string[], call: CallExpr, c: ExprCompiler): string {
  const unit = literalArg(call, 1) as string;
  const kind = argType(call, 0).kind;
  const fixed = UNIT_MILLIS[unit];
  if (kind === 'DATE') {
    if (fixed !== undefined && fixed <= DAY) return x; // a date is already on every sub-day boundary
    return `(${c.g.helper(fn === 'floor' ? 'floorTo' : 'ceilTo')}(${JSON.stringify(unit)}, ${x} * ${DAY}) / ${DAY})`;
  }
  if (fixed !== undefined && unit !== 'WEEK') return `(Math.${fn}(${x} / ${fixed}) * ${fixed})`;
  return `${c.g.helper(fn === 'floor' ? 'floorTo' : 'ceilTo')}(${JSON.stringify(unit)}, ${x})`;
}

function floorCeil(fn: 'floor' | 'ceil'): CallEmitter {
  return strict((args, call, c) => {
    if (args.length === 2) return toUnit(fn, args, call, c);
    return isIntegral(argType(call, 0)) ? args[0] : `Math.${fn}(${args[0]})`;
  });
}

/** A generator for a literal seed, or Math.random. */
function randomSource(call: CallExpr, seedIndex: number, c: ExprCompiler): string {
  const seed = literalArg(call, seedIndex);
  return typeof seed === 'number' ? `${c.g.constant(seededRandom(seed))}()` : 'Math.random()';
}

function rounding(helper: 'roundHalfUp' | 'truncateTo'): CallEmitter {
  return strict(([x, digits], call, c) => {
    if (isIntegral(argType(call, 0)) && (digits === undefined || (typeof literalArg(call, 1) === 'number' && (literalArg(call, 1) as number) >= 0))) return x;
    return `${c.g.helper(helper)}(${x}, ${digits ?? 0})`;
  });
}

/** The math function emitters by name. */
export const MATH_EMITTERS: Readonly<Record<string, CallEmitter>> = {
  ...Object.fromEntries(Object.entries(MATH).map(([name, fn]) => [name, strict((args) => `${fn}(${args.join(', ')})`)])),
  ABS: strict(([x], call) => (argType(call, 0).kind === 'INT' ? `(Math.abs(${x}) | 0)` : `Math.abs(${x})`)),
  SIGN: strict(([x]) => `Math.sign(${x})`),
  ROUND: rounding('roundHalfUp'),
  TRUNCATE: rounding('truncateTo'),
  FLOOR: floorCeil('floor'),
  CEIL: floorCeil('ceil'),
  LOG: strict((args) => (args.length === 1 ? `Math.log(${args[0]})` : `(Math.log(${args[1]}) / Math.log(${args[0]}))`)),
  COT: strict(([x]) => `(1 / Math.tan(${x}))`),
  DEGREES: strict(([x]) => `(${x} * ${180 / Math.PI})`),
  RADIANS: strict(([x]) => `(${x} * ${Math.PI / 180})`),
  RAND: custom((call, c) => ({ code: randomSource(call, 0, c), guards: [] })),
  RAND_INTEGER: strict((args, call, c) => `Math.floor(${randomSource(call, args.length === 2 ? 0 : -1, c)} * ${args[args.length - 1]})`),
  PI: strict(() => 'Math.PI'),
  E: strict(() => 'Math.E'),
};
