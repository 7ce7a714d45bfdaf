/**
 * Scalar functions for Flink SQL's `CREATE FUNCTION`, written in TypeScript. A script uses them as
 *
 *   CREATE TEMPORARY FUNCTION count_char AS 'examples/udfs/text-functions.ts:CountChar';
 *   CREATE TEMPORARY FUNCTION mask AS 'examples/udfs/text-functions.ts:mask' LANGUAGE TYPESCRIPT;
 *   SELECT count_char(name, 'a'), mask(card_number, 4) FROM customers;
 *
 * The module path resolves against the working directory of the process (here: the repository root,
 * where `npx sluice run …` is started). Two shapes work, both Flink's ScalarFunction in spirit:
 * a class with an `eval(...)` method (instantiated once per CREATE FUNCTION) and a static
 * `returnType`, or a plain function with a `returnType` property. The return type is a SQL type
 * string. A NULL argument gives NULL without calling the function.
 *
 * See examples/udfs/udf-job.sql for a script that uses them (`npx sluice run examples/udfs/udf-job.sql`).
 */

/** How often a character occurs in a string — Nexmark q14's `count_char`. */
export class CountChar {
  static returnType = 'BIGINT';

  eval(text: string, char: string): number {
    let count = 0;
    for (let i = text.indexOf(char); i >= 0 && char.length > 0; i = text.indexOf(char, i + char.length)) count++;
    return count;
  }
}

/** The text with all but its last `visible` characters replaced by '*'. */
export function mask(text: string, visible: number): string {
  const keep = Math.max(0, Math.min(text.length, visible));
  return '*'.repeat(text.length - keep) + text.slice(text.length - keep);
}
mask.returnType = 'STRING';
