/**
 * A DataFrame source's options as Spark reads them: keys are case-insensitive
 * (`startingoffsets` is `startingOffsets`), every value is text. Unlike Spark, which ignores
 * options it does not know, an unknown option fails — naming it, suggesting the nearest valid one
 * and listing them all — because a misspelt `startingOffsets` would otherwise silently read from
 * the wrong place.
 */
import { ConfigError } from '../../core/errors.ts';
import { closest } from '../../connectors/table-options.ts';

/**
 * Case-insensitive access to the options of one source format.
 *
 * @example
 * const options = new SparkOptionMap('kafka', { 'StartingOffsets': 'earliest' });
 * options.get('startingOffsets') // 'earliest'
 */
export class SparkOptionMap {
  readonly format: string;
  /** Lower-cased key → the key as the user spelt it and its value (the last of keys differing only in case wins, as in Spark). */
  private readonly entries = new Map<string, { key: string; value: string }>();

  constructor(format: string, options: Readonly<Record<string, string>>) {
    this.format = format;
    for (const [key, value] of Object.entries(options)) {
      if (typeof value !== 'string') throw new ConfigError(key, `must be text, got ${typeof value} (the '${format}' source)`);
      this.entries.set(key.toLowerCase(), { key, value });
    }
  }

  /**
   * The value of an option, whatever the case of its key.
   *
   * @example
   * options.get('maxOffsetsPerTrigger') // '1000' for { maxoffsetspertrigger: '1000' }
   */
  get(name: string): string | undefined {
    return this.entries.get(name.toLowerCase())?.value;
  }

  /** True when the option is set. @example options.has('subscribe') */
  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /** The key as the user spelt it (for error messages). @example options.spelling('startingoffsets') // 'startingOffsets' */
  spelling(name: string): string {
    return this.entries.get(name.toLowerCase())?.key ?? name;
  }

  /**
   * The options under a prefix (matched case-insensitively), with the prefix removed and the rest
   * lower-cased — Kafka's property names are lower case.
   *
   * @example
   * new SparkOptionMap('kafka', { 'kafka.Bootstrap.Servers': 'b:9092' }).withPrefix('kafka.') // [['bootstrap.servers', 'b:9092']]
   */
  withPrefix(prefix: string): [string, string][] {
    const lower = prefix.toLowerCase();
    return [...this.entries].filter(([key]) => key.startsWith(lower) && key.length > lower.length).map(([key, { value }]) => [key.slice(lower.length), value]);
  }

  /**
   * Fails on the first option that is neither in `valid` nor under one of `prefixes`.
   *
   * @example
   * options.checkKnown(['subscribe', 'startingOffsets'], ['kafka.'])
   * // option 'startingOffset': is not an option of the 'kafka' source. Did you mean 'startingOffsets'? Valid options: …
   */
  checkKnown(valid: readonly string[], prefixes: readonly string[] = []): void {
    const known = new Set(valid.map((v) => v.toLowerCase()));
    for (const [lower, { key }] of this.entries) {
      if (known.has(lower) || prefixes.some((p) => lower.startsWith(p.toLowerCase()) && lower.length > p.length)) continue;
      const hint = closest(key, valid);
      const list = [...valid].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).concat(prefixes.map((p) => `${p}*`));
      throw new ConfigError(key, `is not an option of the '${this.format}' source.${hint === undefined ? '' : ` Did you mean '${hint}'?`} Valid options: ${list.join(', ')}`);
    }
  }

  /**
   * A whole-number option at least `min`, or undefined when absent.
   *
   * @example
   * options.integer('maxOffsetsPerTrigger', 1) // 1000
   */
  integer(name: string, min: number): number | undefined {
    const text = this.get(name);
    if (text === undefined) return undefined;
    const value = Number(text.trim());
    if (!/^\s*[+-]?\d+\s*$/.test(text) || !Number.isSafeInteger(value)) throw new ConfigError(this.spelling(name), `must be a whole number, got '${text}'`);
    if (value < min) throw new ConfigError(this.spelling(name), `must be at least ${min}, got ${value}`);
    return value;
  }

  /**
   * A boolean option ('true' or 'false', any case), or `fallback` when absent.
   *
   * @example
   * options.boolean('includeHeaders', false) // true for { includeheaders: 'TRUE' }
   */
  boolean(name: string, fallback: boolean): boolean {
    const text = this.get(name);
    if (text === undefined) return fallback;
    const lower = text.trim().toLowerCase();
    if (lower !== 'true' && lower !== 'false') throw new ConfigError(this.spelling(name), `must be 'true' or 'false', got '${text}'`);
    return lower === 'true';
  }

  /**
   * The first of several options that is set, failing when more than one is.
   *
   * @example
   * options.oneOf(['assign', 'subscribe', 'subscribePattern']) // { name: 'subscribe', value: 'trades' }
   */
  oneOf(names: readonly string[]): { name: string; value: string } | undefined {
    const set = names.filter((n) => this.has(n));
    if (set.length > 1) {
      throw new ConfigError(this.spelling(set[1]), `only one of ${names.map((n) => `'${n}'`).join(', ')} can be set for the '${this.format}' source, got ${set.map((n) => `'${this.spelling(n)}'`).join(' and ')}`);
    }
    return set.length === 0 ? undefined : { name: set[0], value: this.get(set[0])! };
  }
}
