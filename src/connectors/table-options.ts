/**
 * The options of a SQL table's WITH clause: how a connector declares them (key, type, default,
 * description) and how one value is checked and read. Every value is text, as in Flink.
 * Keys may be patterns: `#` stands for a column name (`fields.#.kind`), a trailing `*` for any
 * suffix (`properties.*`, passed through to a client).
 */
import { toMillis } from '../core/duration.ts';
import { ConfigError } from '../core/errors.ts';
import { closest } from '../core/suggest.ts';

/** What kind of text an option takes. 'map-prefix' is free text under a pattern key such as `properties.*`. */
export type OptionType = 'string' | 'int' | 'number' | 'duration' | 'boolean' | 'enum' | 'map-prefix';

/**
 * One option a connector (or format) understands.
 *
 * @example
 * const mode: OptionSpec = { key: 'scan.startup.mode', type: 'enum', values: ['earliest-offset', 'latest-offset'],
 *   default: 'earliest-offset', description: 'where reading starts' };
 */
export interface OptionSpec {
  readonly key: string;
  readonly type: OptionType;
  readonly required?: boolean;
  /** The allowed values of an 'enum' (matched case-insensitively, read back in this spelling). */
  readonly values?: readonly string[];
  /** Lower bound of an 'int' or 'number'. */
  readonly min?: number;
  /** Upper bound of an 'int' or 'number'. */
  readonly max?: number;
  /** Applied when the option is absent. */
  readonly default?: string;
  readonly description: string;
}

/** Validated options: every key known, every value well-formed, defaults applied. */
export type TableOptions = Readonly<Record<string, string>>;

/**
 * True when `key` is an instance of the spec's key (`fields.price.kind` of `fields.#.kind`);
 * `columns`, when given, are the names `#` may stand for.
 *
 * @example
 * keyMatches('fields.#.kind', 'fields.price.kind') // true
 * keyMatches('properties.*', 'properties.group.id') // true
 */
export function keyMatches(pattern: string, key: string, columns?: readonly string[]): boolean {
  if (pattern === key) return true;
  if (pattern.endsWith('*')) return key.startsWith(pattern.slice(0, -1)) && key.length > pattern.length - 1;
  const hash = pattern.indexOf('#');
  if (hash < 0) return false;
  const before = pattern.slice(0, hash);
  const after = pattern.slice(hash + 1);
  if (!key.startsWith(before) || !key.endsWith(after) || key.length <= before.length + after.length) return false;
  return columns === undefined || columns.includes(key.slice(before.length, key.length - after.length));
}

/**
 * The column a `#` key names (`price` for `fields.price.kind`), or undefined.
 *
 * @example
 * columnOfKey('fields.#.kind', 'fields.price.kind') // 'price'
 */
export function columnOfKey(pattern: string, key: string): string | undefined {
  const hash = pattern.indexOf('#');
  if (hash < 0 || !keyMatches(pattern, key)) return undefined;
  return key.slice(hash, key.length - (pattern.length - hash - 1));
}

/**
 * Checks one value against its spec and returns it in canonical spelling (an enum value as declared,
 * a boolean in lower case). The error names the option and says what is allowed.
 *
 * @example
 * checkOptionValue({ key: 'scan.startup.mode', type: 'enum', values: ['earliest-offset'], description: '' }, 'scan.startup.mode', 'EARLIEST-OFFSET')
 * // 'earliest-offset'
 */
export function checkOptionValue(spec: OptionSpec, key: string, value: string): string {
  switch (spec.type) {
    case 'string': case 'map-prefix':
      return value;
    case 'boolean': {
      const lower = value.trim().toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw new ConfigError(key, `must be 'true' or 'false', got '${value}'`);
      return lower;
    }
    case 'int': case 'number': {
      const text = value.trim();
      const n = Number(text);
      const integer = spec.type === 'int';
      if (text === '' || !Number.isFinite(n) || (integer && !/^[+-]?\d+$/.test(text))) {
        throw new ConfigError(key, `must be ${integer ? 'an integer' : 'a number'}, got '${value}'`);
      }
      if (spec.min !== undefined && n < spec.min) throw new ConfigError(key, `must be at least ${spec.min}, got ${text}`);
      if (spec.max !== undefined && n > spec.max) throw new ConfigError(key, `must be at most ${spec.max}, got ${text}`);
      return text;
    }
    case 'duration':
      durationMillis(value, key);
      return value.trim();
    case 'enum': {
      const values = spec.values ?? [];
      const found = values.find((v) => v.toLowerCase() === value.trim().toLowerCase());
      if (found !== undefined) return found;
      const hint = closest(value, values);
      throw new ConfigError(key, `'${value}' is not one of ${values.join(', ')}${hint === undefined ? '' : `; did you mean '${hint}'?`}`);
    }
  }
}

/**
 * Milliseconds of a duration option: Flink's `10 s`, `5 min`, `1h`, or a bare number of milliseconds.
 *
 * @example
 * durationMillis('5 min', 'scan.topic-partition-discovery.interval') // 300000
 */
export function durationMillis(value: string, key: string): number {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  return toMillis(text, key);
}

// Lives in core (the engine's configuration keys use it too); re-exported for the connectors.
export { closest } from '../core/suggest.ts';

// ---- reading validated options -------------------------------------------------------------------

/**
 * A validated option as a number (int, number), or undefined when absent.
 *
 * @example
 * numberOf({ 'number-of-rows': '10' }, 'number-of-rows') // 10
 */
export function numberOf(options: TableOptions, key: string): number | undefined {
  const text = options[key];
  return text === undefined ? undefined : Number(text);
}

/**
 * A validated boolean option, or `fallback` when absent.
 *
 * @example
 * booleanOf({ 'standard-error': 'true' }, 'standard-error') // true
 */
export function booleanOf(options: TableOptions, key: string, fallback = false): boolean {
  const text = options[key];
  return text === undefined ? fallback : text.toLowerCase() === 'true';
}

/**
 * A validated duration option in milliseconds, or undefined when absent.
 *
 * @example
 * millisOf({ 'fields.ts.max-past': '5 s' }, 'fields.ts.max-past') // 5000
 */
export function millisOf(options: TableOptions, key: string): number | undefined {
  const text = options[key];
  return text === undefined ? undefined : durationMillis(text, key);
}

/**
 * The options under a prefix with the prefix removed (`properties.` → `{ 'group.id': … }`).
 *
 * @example
 * withPrefix({ 'properties.group.id': 'g', 'topic': 't' }, 'properties.') // { 'group.id': 'g' }
 */
export function withPrefix(options: TableOptions, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(options)) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = options[key];
  return out;
}
