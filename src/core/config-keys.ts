import { toMillis } from './duration.ts';
import { ConfigError } from './errors.ts';
import { closest } from './suggest.ts';

/**
 * The engine's configuration keys (Flink's names): one registry with each key's type, default and
 * meaning, checked wherever a session setting is made — SQL `SET`, TableEnvironment settings, a
 * SparkSession's conf. A key under one of the engine's prefixes that is not listed here is an error
 * with a did-you-mean, never silently ignored: `SET 'table.exec.state.tll' = '1 h'` must not leave a
 * Flink user with state that grows for ever. Keys outside those prefixes (`table.dml-sync`,
 * `spark.*`, a client's own settings) are not the engine's and pass through.
 *
 * Adding a key is one line in {@link CONFIG_KEYS}; code reads it with {@link durationSetting} and friends.
 */

/** What text a key takes. */
export type ConfigKeyType =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'duration' }
  | { readonly kind: 'string' }
  | { readonly kind: 'int'; readonly min: number }
  | { readonly kind: 'enum'; readonly values: readonly string[] };

/** One known key. */
export interface ConfigKey {
  readonly key: string;
  readonly type: ConfigKeyType;
  /** The default as text ('' when there is none). */
  readonly default: string;
  readonly description: string;
}

/** The prefixes under which every key must be known. */
export const CHECKED_PREFIXES: readonly string[] = ['table.exec.', 'state.', 'execution.', 'pipeline.'];

const BOOLEAN: ConfigKeyType = { kind: 'boolean' };
const DURATION: ConfigKeyType = { kind: 'duration' };
const STRING: ConfigKeyType = { kind: 'string' };
const oneOf = (...values: string[]): ConfigKeyType => ({ kind: 'enum', values });
const key = (name: string, type: ConfigKeyType, fallback: string, description: string): ConfigKey =>
  Object.freeze({ key: name, type, default: fallback, description });

/** Every key the engine honours under {@link CHECKED_PREFIXES}. */
export const CONFIG_KEYS: readonly ConfigKey[] = Object.freeze([
  key('execution.runtime-mode', oneOf('streaming', 'batch'), 'streaming', 'streaming (changelogs, unbounded inputs) or batch (bounded inputs, final results)'),
  key('execution.checkpointing.interval', DURATION, '', 'time between checkpoints of the jobs a TableEnvironment starts (default: the runner\'s, 10 s with a checkpoint directory)'),
  key('execution.savepoint.ignore-unclaimed-state', BOOLEAN, 'false', 'restore a changed job: drop state no step claims, start steps whose state changed shape empty (--allow-non-restored-state)'),
  key('pipeline.name', STRING, '', 'the name of the jobs a TableEnvironment starts (default: insert-into_<tables>)'),
  key('pipeline.auto-watermark-interval', DURATION, '', 'accepted for Flink scripts; Sluice advances watermarks after every batch of records, not on an interval'),
  key('table.exec.source.idle-timeout', DURATION, '0', 'a source partition without records this long stops holding the watermark back (0: never)'),
  key('table.exec.emit.allow-lateness', DURATION, '0', 'how long after a window fired late records still update it'),
  key('table.exec.emit.early-fire.enabled', BOOLEAN, 'false', 'window aggregates emit changed windows at every checkpoint, before they are final'),
  key('table.exec.emit.early-fire.delay', DURATION, '', "accepted for Flink scripts; early results follow the checkpoint interval"),
  key('table.exec.state.ttl', DURATION, '0', 'state of a key of a non-windowed GROUP BY or deduplication not written for this long expires (0: never)'),
  // Read by engine/state-config.ts; 'rocksdb' is accepted here so that its error can point to lmdb.
  key('state.backend.type', oneOf('heap', 'hashmap', 'lmdb', 'rocksdb'), 'heap', "where keyed state lives: 'heap' (Flink's 'hashmap') or 'lmdb' (on disk, larger than memory)"),
  key('state.backend.lmdb.localdir', STRING, '', "the lmdb backend's working directory (default: a temporary directory)"),
  key('state.checkpoints.num-retained', { kind: 'int', min: 1 }, '3', 'checkpoints kept in the checkpoint directory'),
]);

const BY_KEY = new Map(CONFIG_KEYS.map((k) => [k.key, k]));

/**
 * Whether a key is the engine's to check (it is under one of {@link CHECKED_PREFIXES}).
 *
 * @example
 * isCheckedKey('table.exec.state.ttl') // true
 * isCheckedKey('table.dml-sync')       // false
 */
export function isCheckedKey(name: string): boolean {
  return CHECKED_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/**
 * Checks one setting: an unknown key under the engine's prefixes, or a value of the wrong type, is a
 * ConfigError naming the key (with a did-you-mean for a misspelt key). Other keys pass.
 *
 * @example
 * checkSetting('table.exec.state.ttl', '1 h');   // fine
 * checkSetting('table.exec.state.tll', '1 h');   // throws: … did you mean 'table.exec.state.ttl'?
 * checkSetting('table.exec.state.ttl', 'soon');  // throws: 'soon' is not a duration …
 */
export function checkSetting(name: string, value: string): void {
  const spec = BY_KEY.get(name);
  if (spec === undefined) {
    if (!isCheckedKey(name)) return;
    const hint = closest(name, CONFIG_KEYS.map((k) => k.key));
    const prefix = CHECKED_PREFIXES.find((p) => name.startsWith(p))!;
    const known = CONFIG_KEYS.filter((k) => k.key.startsWith(prefix)).map((k) => k.key);
    throw new ConfigError(name, `unknown configuration key${hint === undefined ? '' : `; did you mean '${hint}'?`} ` +
      `Sluice knows these ${prefix}* keys: ${known.join(', ') || '(none)'}`);
  }
  parseValue(spec, value);
}

/**
 * A duration setting in milliseconds (bare digits are milliseconds, as Flink reads them), or
 * undefined when it is not set.
 *
 * @example
 * durationSetting(new Map([['table.exec.state.ttl', '1 h']]), 'table.exec.state.ttl') // 3600000
 */
export function durationSetting(config: ReadonlyMap<string, string>, name: string): number | undefined {
  const value = config.get(name);
  return value === undefined ? undefined : (parseValue(specOf(name, 'duration'), value) as number);
}

/**
 * A boolean setting, or undefined when it is not set.
 *
 * @example
 * booleanSetting(new Map([['execution.savepoint.ignore-unclaimed-state', 'TRUE']]), 'execution.savepoint.ignore-unclaimed-state') // true
 */
export function booleanSetting(config: ReadonlyMap<string, string>, name: string): boolean | undefined {
  const value = config.get(name);
  return value === undefined ? undefined : (parseValue(specOf(name, 'boolean'), value) as boolean);
}

function specOf(name: string, kind: ConfigKeyType['kind']): ConfigKey {
  const spec = BY_KEY.get(name);
  if (spec === undefined || spec.type.kind !== kind) throw new Error(`internal: '${name}' is not a registered ${kind} key`);
  return spec;
}

function parseValue(spec: ConfigKey, value: string): unknown {
  const text = value.trim();
  const type = spec.type;
  switch (type.kind) {
    case 'string':
      return value;
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw new ConfigError(spec.key, `must be 'true' or 'false', got '${value}'`);
      return lower === 'true';
    }
    case 'duration':
      if (/^\d+$/.test(text)) return Number(text);
      return toMillis(text, spec.key);
    case 'int': {
      const n = Number(text);
      if (!/^-?\d+$/.test(text) || n < type.min) throw new ConfigError(spec.key, `must be a whole number of at least ${type.min}, got '${value}'`);
      return n;
    }
    case 'enum': {
      const match = type.values.find((v) => v === text.toLowerCase());
      if (match === undefined) {
        const hint = closest(text, type.values);
        throw new ConfigError(spec.key, `'${value}' is not one of ${type.values.join(', ')}${hint === undefined ? '' : `; did you mean '${hint}'?`}`);
      }
      return match;
    }
  }
}

/**
 * Session settings (what SET and RESET change): a Map that checks every key and value it is given
 * with {@link checkSetting}, so a bad setting fails where it is made, whoever makes it.
 *
 * @example
 * const config = new SessionConfig({ 'table.exec.state.ttl': '1 h' });
 * config.set('table.exec.state.tll', '1 h'); // throws ConfigError: … did you mean 'table.exec.state.ttl'?
 */
export class SessionConfig extends Map<string, string> {
  constructor(initial: Readonly<Record<string, string>> | Iterable<readonly [string, string]> = {}) {
    super();
    const entries = Symbol.iterator in initial ? (initial as Iterable<readonly [string, string]>) : Object.entries(initial);
    for (const [name, value] of entries) this.set(name, value);
  }

  override set(name: string, value: string): this {
    checkSetting(name, String(value));
    return super.set(name, String(value));
  }
}
