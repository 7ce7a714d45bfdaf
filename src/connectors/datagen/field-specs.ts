/**
 * The field generators of the `datagen` source (Flink's datagen connector): what each kind of field
 * produces, how its options are checked, and the row type a schema implies.
 */
import { ConfigError } from '../../core/errors.ts';
import { checkKnownOptions, describe, numberOption } from './options.ts';
import type { Random } from './random.ts';

/** `start`, `start + 1`, … over the whole source (shards interleave); ends the source after `end`. */
export type SequenceField = { readonly kind: 'sequence'; readonly start?: number; readonly end?: number };
/** A uniform integer in [min, max] (defaults 0 and 2^31 - 1). */
export type RandomIntField = { readonly kind: 'random-int'; readonly min?: number; readonly max?: number };
/** A uniform double in [min, max) (defaults 0 and 1), rounded to `decimals` places when given. */
export type RandomDoubleField = { readonly kind: 'random-double'; readonly min?: number; readonly max?: number; readonly decimals?: number };
/** A string of `length` (default 10) random letters and digits. */
export type RandomStringField = { readonly kind: 'random-string'; readonly length?: number };
/** One of the given values, uniformly. */
export type OneOfField<V = unknown> = { readonly kind: 'one-of'; readonly values: readonly V[] };
/**
 * Epoch milliseconds: processing time now, minus a random amount up to `maxPastMs` (default 0).
 * The first timestamp field of a schema is also the records' event time.
 */
export type TimestampField = { readonly kind: 'timestamp'; readonly maxPastMs?: number };
/** true or false, evenly. */
export type BooleanField = { readonly kind: 'boolean' };

/**
 * How one field is generated.
 *
 * @example
 * const price: FieldSpec = { kind: 'random-double', min: 1, max: 500, decimals: 2 };
 */
export type FieldSpec =
  | SequenceField
  | RandomIntField
  | RandomDoubleField
  | RandomStringField
  | OneOfField
  | TimestampField
  | BooleanField;

/**
 * Field name → how to generate it.
 *
 * @example
 * const schema = { id: { kind: 'sequence', start: 1, end: 100 }, side: { kind: 'one-of', values: ['buy', 'sell'] } } satisfies DatagenSchema;
 */
export type DatagenSchema = { readonly [field: string]: FieldSpec };

/** The value type a field spec produces. */
export type FieldValue<F> = F extends { readonly kind: 'one-of'; readonly values: readonly (infer V)[] }
  ? V
  : F extends { readonly kind: 'random-string' }
    ? string
    : F extends { readonly kind: 'boolean' }
      ? boolean
      : F extends { readonly kind: 'sequence' | 'random-int' | 'random-double' | 'timestamp' }
        ? number
        : unknown;

/**
 * The row type a schema produces.
 *
 * @example
 * type Order = DatagenRow<{ id: { kind: 'sequence' }; side: { kind: 'one-of'; values: ['buy', 'sell'] } }>;
 * // { id: number; side: 'buy' | 'sell' }
 */
export type DatagenRow<S extends DatagenSchema> = { -readonly [K in keyof S]: FieldValue<S[K]> };

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const INT_MAX = 2147483647;

/** A checked field, in one object shape for every kind so the row loop stays monomorphic. */
export interface CompiledField {
  readonly name: string;
  readonly kind: FieldSpec['kind'];
  /** sequence: start; random-int/double: min; timestamp: maxPastMs; random-string: length. */
  readonly low: number;
  /** sequence: end (Infinity when open); random-int/double: max. */
  readonly high: number;
  /** random-double: 10^decimals, or 0 for no rounding. */
  readonly scale: number;
  readonly values: readonly unknown[];
}

/**
 * Checks a schema and compiles it; errors name the option, e.g. `schema.price.min`.
 *
 * @example
 * compileSchema({ n: { kind: 'random-int', min: 1, max: 6 } })[0].high // 6
 */
export function compileSchema(schema: unknown): CompiledField[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new ConfigError('schema', `must be an object of field name → field spec, got ${describe(schema)}`);
  }
  const names = Object.keys(schema);
  if (names.length === 0) throw new ConfigError('schema', 'must have at least one field');
  return names.map((name) => compileField(name, (schema as Record<string, unknown>)[name]));
}

function compileField(name: string, spec: unknown): CompiledField {
  const path = `schema.${name}`;
  if (typeof spec !== 'object' || spec === null) throw new ConfigError(path, `must be a field spec object, got ${describe(spec)}`);
  const kind = (spec as { kind?: unknown }).kind;
  const options = spec as Record<string, unknown>;
  const field = (low: number, high: number, scale = 0, values: readonly unknown[] = []): CompiledField =>
    ({ name, kind: kind as FieldSpec['kind'], low, high, scale, values });
  const known = (...keys: string[]) => checkKnownOptions(spec, ['kind', ...keys], `'${String(kind)}' field`, `${path}.`);
  switch (kind) {
    case 'sequence': {
      known('start', 'end');
      const start = numberOption(options.start, `${path}.start`, 0, { integer: true });
      const end = numberOption(options.end, `${path}.end`, undefined, { integer: true, min: start });
      return field(start, end ?? Number.POSITIVE_INFINITY);
    }
    case 'random-int': {
      known('min', 'max');
      const min = numberOption(options.min, `${path}.min`, 0, { integer: true });
      const max = numberOption(options.max, `${path}.max`, Math.max(min, INT_MAX), { integer: true });
      if (max < min) throw new ConfigError(`${path}.min`, `must not exceed max (${max}), got ${min}`);
      return field(min, max);
    }
    case 'random-double': {
      known('min', 'max', 'decimals');
      const min = numberOption(options.min, `${path}.min`, 0);
      const max = numberOption(options.max, `${path}.max`, Math.max(min, 1));
      if (max < min) throw new ConfigError(`${path}.min`, `must not exceed max (${max}), got ${min}`);
      const decimals = numberOption(options.decimals, `${path}.decimals`, undefined, { integer: true, min: 0, max: 15 });
      return field(min, max, decimals === undefined ? 0 : 10 ** decimals);
    }
    case 'random-string': {
      known('length');
      return field(numberOption(options.length, `${path}.length`, 10, { integer: true, min: 0, max: 1_000_000 }), 0);
    }
    case 'one-of': {
      known('values');
      const values = options.values;
      if (!Array.isArray(values) || values.length === 0) {
        throw new ConfigError(`${path}.values`, `must be a non-empty array, got ${describe(values)}`);
      }
      return field(0, 0, 0, values.slice());
    }
    case 'timestamp': {
      known('maxPastMs');
      return field(numberOption(options.maxPastMs, `${path}.maxPastMs`, 0, { integer: true, min: 0 }), 0);
    }
    case 'boolean':
      known();
      return field(0, 0);
    default:
      throw new ConfigError(
        `${path}.kind`,
        `must be one of sequence, random-int, random-double, random-string, one-of, timestamp, boolean; got ${describe(kind)}`,
      );
  }
}

/**
 * One field's value for the row with global index `row`. Draws from `random` in a fixed order per
 * kind, so the sequence depends only on the seed and the schema.
 *
 * @example
 * fieldValue(fields[0], 7, random, Date.now)
 */
export function fieldValue(field: CompiledField, row: number, random: Random, now: () => number): unknown {
  switch (field.kind) {
    case 'sequence':
      return field.low + row;
    case 'random-int':
      return random.nextIntBetween(field.low, field.high);
    case 'random-double': {
      const value = field.low + random.nextDouble() * (field.high - field.low);
      return field.scale === 0 ? value : Math.round(value * field.scale) / field.scale;
    }
    case 'random-string': {
      let text = '';
      for (let i = 0; i < field.low; i++) text += ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
      return text;
    }
    case 'one-of':
      return random.pick(field.values);
    case 'timestamp':
      return field.low === 0 ? now() : now() - random.nextIntBetween(0, field.low);
    case 'boolean':
      return random.nextBoolean();
  }
}
