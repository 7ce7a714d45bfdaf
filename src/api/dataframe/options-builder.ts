/**
 * The `option` / `options` pair every Spark reader and writer has: string settings by name, the last
 * one given winning.
 *
 * @example
 * class MyReader extends OptionsBuilder { load() { return this.optionValues['path']; } }
 */
export abstract class OptionsBuilder {
  protected readonly optionValues: Record<string, string> = {};

  /** One setting; numbers and booleans are kept as their text, as in Spark. */
  option(key: string, value: string | number | boolean): this {
    this.optionValues[key] = String(value);
    return this;
  }

  /** Several settings at once. */
  options(options: Readonly<Record<string, string | number | boolean>>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v);
    return this;
  }
}
