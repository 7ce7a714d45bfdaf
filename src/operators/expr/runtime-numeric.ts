import { ExprEvalError } from '../../plan/expr/errors.ts';

/**
 * Numeric helpers called by generated code: division with Flink's errors, DECIMAL rounding (HALF_UP),
 * ROUND/TRUNCATE to digits, Java-style number text, and seeded random numbers.
 *
 * DECIMAL values are doubles. Rounding reads the scaled value to 15 significant digits first, so
 * 1.005 rounds to 1.01 (the decimal the user wrote) rather than 1.00 (what its binary value is).
 *
 * @example
 * roundDecimal(0.1 + 0.2, 2) // 0.3
 */

const POW10 = Array.from({ length: 40 }, (_, i) => 10 ** i);

/** Rounds HALF_UP (away from zero on .5) to `digits` decimal places; negative digits round to tens, hundreds… */
export function roundHalfUp(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const f = digits >= 0 ? POW10[digits] ?? 10 ** digits : 1 / (POW10[-digits] ?? 10 ** -digits);
  const scaled = x * f;
  if (Number.isInteger(scaled)) return x;
  const clean = Math.abs(Number(scaled.toPrecision(15)));
  const rounded = Math.floor(clean + 0.5) * Math.sign(scaled);
  return digits >= 0 ? rounded / f : rounded * (POW10[-digits] ?? 10 ** -digits);
}

/** A DECIMAL result rounded to its scale. @example roundDecimal(2.675, 2) // 2.68 */
export const roundDecimal = (x: number, scale: number): number => roundHalfUp(x, scale);

/** TRUNCATE(x, d): drops digits past `digits` (toward zero). @example truncateTo(-1.289, 2) // -1.28 */
export function truncateTo(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  const scaled = x * f;
  if (Number.isInteger(scaled)) return x;
  return Math.trunc(Number(scaled.toPrecision(15))) / f;
}

function divisionByZero(op: string, a: number): never {
  throw new ExprEvalError(`'${op}': division by zero (${a} ${op} 0)`);
}

/** INT / INT: truncates toward zero and wraps at 32 bits, like Java. @example divInt(-7, 2) // -3 */
export function divInt(a: number, b: number): number {
  if (b === 0) divisionByZero('/', a);
  return (a / b) | 0;
}

/** BIGINT / BIGINT, truncating toward zero. @example divLong(7, 2) // 3 */
export function divLong(a: number, b: number): number {
  if (b === 0) divisionByZero('/', a);
  return Math.trunc(a / b);
}

/** DECIMAL division rounded to the result scale. @example divDecimal(1, 3, 6) // 0.333333 */
export function divDecimal(a: number, b: number, scale: number): number {
  if (b === 0) divisionByZero('/', a);
  return roundHalfUp(a / b, scale);
}

/** Integer or DECIMAL remainder (sign of the dividend); zero divisor is an error. @example modExact(-7, 3) // -1 */
export function modExact(a: number, b: number): number {
  if (b === 0) divisionByZero('%', a);
  return a % b;
}

/**
 * Java's `Double.toString`: `1.0`, `0.001`, `1.0E7`, `1.5E-4`, `NaN`, `Infinity` — how Flink prints
 * DOUBLE and FLOAT values (FLOAT values are doubles here, so they print their double's digits).
 *
 * @example
 * formatDouble(1e10) // '1.0E10'
 */
export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = x.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`;
}

/** A DECIMAL(p, s) value as text with exactly `s` fraction digits. @example formatDecimal(5, 2) // '5.00' */
export function formatDecimal(x: number, scale: number): string {
  return x.toFixed(scale);
}

/**
 * A deterministic random-number source for `RAND(seed)` (mulberry32): the same seed gives the same
 * sequence in every run.
 *
 * @example
 * const next = seededRandom(42); next() // the same first value in every run
 */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The larger of two comparable values (numbers, strings, booleans). @example greatest2('a', 'b') // 'b' */
export const greatest2 = <T>(a: T, b: T): T => (b > a ? b : a);
/** The smaller of two comparable values. @example least2(3, 1) // 1 */
export const least2 = <T>(a: T, b: T): T => (b < a ? b : a);
