/**
 * Option checks shared by the generators. Each failure is a ConfigError naming the option by its
 * full path (`schema.price.min`, `splits`), so a typo in a job points at itself.
 */
import { ConfigError } from '../../core/errors.ts';

/** Bounds for a numeric option; `above` is an exclusive lower bound. */
export interface NumberBounds {
  readonly min?: number;
  readonly above?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/**
 * Fails when `options` is not a plain object or has a key outside `known`.
 *
 * @example
 * checkKnownOptions({ seed: 1, sead: 2 }, ['seed'], 'datagen') // throws: option 'sead': unknown…
 */
export function checkKnownOptions(options: unknown, known: readonly string[], where: string, prefix = ''): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigError(prefix.replace(/\.$/, '') || where, `must be an object of ${where} options`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ConfigError(`${prefix}${key}`, `unknown ${where} option (known: ${known.join(', ')})`);
    }
  }
}

/**
 * The option's value, or `fallback` when absent; fails when it is not a number within `bounds`.
 *
 * @example
 * numberOption(options.splits, 'splits', 1, { min: 1, integer: true }) // 1 when absent
 */
export function numberOption(value: unknown, option: string, fallback: number, bounds?: NumberBounds): number;
export function numberOption(value: unknown, option: string, fallback: undefined, bounds?: NumberBounds): number | undefined;
export function numberOption(value: unknown, option: string, fallback: number | undefined, bounds: NumberBounds = {}): number | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(option, `must be a finite number, got ${describe(value)}`);
  }
  if (bounds.integer && !Number.isSafeInteger(value)) throw new ConfigError(option, `must be an integer, got ${value}`);
  if (bounds.min !== undefined && value < bounds.min) throw new ConfigError(option, `must be at least ${bounds.min}, got ${value}`);
  if (bounds.above !== undefined && value <= bounds.above) throw new ConfigError(option, `must be greater than ${bounds.above}, got ${value}`);
  if (bounds.max !== undefined && value > bounds.max) throw new ConfigError(option, `must be at most ${bounds.max}, got ${value}`);
  return value;
}

/** A short rendering of a bad value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined || typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
