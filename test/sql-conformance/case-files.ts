/**
 * The conformance cases on disk: `cases/<name>.sql` with a golden `<name>.expected` (rows) or
 * `<name>.error` (a negative case), input files under `cases/<name>.input/`, shared table DDL under
 * `cases/tables/`, and directives in the header comment. See README.md in this folder for the format.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the cases live; case SQL names its input files relative to this folder. */
export const CASES_DIR = new URL('./cases/', import.meta.url).pathname;

/** How the golden rows are ordered. */
export type RowOrder = 'sorted' | 'emitted' | 'final';

/** One case, read from disk. */
export interface ConformanceCase {
  readonly name: string;
  /** The script: DDL, SET, views; its last statement is the query whose rows are the golden output. */
  readonly sql: string;
  /** The first header line: what the case covers. */
  readonly title: string;
  /** `-- mode: batch` runs the script in batch mode; default streaming. */
  readonly mode: 'streaming' | 'batch';
  /**
   * `-- order: emitted` keeps the rows in the order the query emitted them (a changelog's order
   * matters); the default sorts the lines, since SQL defines no order without ORDER BY. `-- order:
   * final` lists the final rows (the changelog applied), sorted: for an updating query over several
   * inputs, whose changelog depends on how the inputs' rows interleave while its result does not.
   */
  readonly order: RowOrder;
  /** `-- duckdb: …` lines, joined: the equivalent batch query DuckDB runs on the same input rows. */
  readonly duckdb?: string;
  /** The golden file's path, and its text when it exists. */
  readonly expectedPath: string;
  readonly expected?: string;
  /** A negative case: the `.error` file's path and text (the error's `line:column: problem` and caret). */
  readonly errorPath: string;
  readonly error?: string;
}

const DIRECTIVE = /^--\s*(mode|order|duckdb):\s?(.*)$/;

/**
 * Every case in `cases/`, by name.
 *
 * @example
 * for (const c of loadCases()) console.log(c.name, c.duckdb !== undefined ? '(duckdb-checked)' : '');
 */
export function loadCases(dir: string = CASES_DIR): ConformanceCase[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => readCase(dir, file.slice(0, -'.sql'.length)));
}

/**
 * One case by name; the header is the run of `--` comment lines at the top of the file.
 *
 * @example
 * readCase(CASES_DIR, 'tumble-legacy').mode // 'streaming'
 */
export function readCase(dir: string, name: string): ConformanceCase {
  const text = readFileSync(join(dir, `${name}.sql`), 'utf8');
  const sql = withSharedTables(dir, text);
  // The directives are read from the file as written: in the expanded script the shared DDL that
  // replaces a `-- tables:` line ends the comment block, and directives after it would be lost.
  const header: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('--')) break;
    header.push(line);
  }
  let mode: ConformanceCase['mode'] = 'streaming';
  let order: RowOrder = 'sorted';
  const duckdb: string[] = [];
  for (const line of header) {
    const match = DIRECTIVE.exec(line);
    if (match === null) continue;
    const [, key, value] = match;
    if (key === 'mode') mode = oneOf(name, key, value.trim(), ['streaming', 'batch']);
    else if (key === 'order') order = oneOf(name, key, value.trim(), ['sorted', 'emitted', 'final']);
    else duckdb.push(value);
  }
  const title = (header[0] ?? '').replace(/^--\s*/, '');
  const expectedPath = join(dir, `${name}.expected`);
  const errorPath = join(dir, `${name}.error`);
  return {
    name, sql, title, mode, order,
    ...(duckdb.length > 0 ? { duckdb: duckdb.join('\n').trim() } : {}),
    expectedPath, errorPath,
    ...(existsSync(expectedPath) ? { expected: readFileSync(expectedPath, 'utf8') } : {}),
    ...(existsSync(errorPath) ? { error: readFileSync(errorPath, 'utf8') } : {}),
  };
}

/** `-- tables: people` (a header line): replaced by the DDL in `cases/tables/people.sql`, which many cases share. */
const TABLES = /^--\s*tables:\s*(.+?)\s*$/;

/**
 * The script with each `-- tables: a, b` header line replaced by the shared DDL files it names, so
 * positions in the script (error goldens) are those of the expanded text.
 */
function withSharedTables(dir: string, text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let inHeader = true;
  for (const line of lines) {
    inHeader &&= line.startsWith('--');
    const match = inHeader ? TABLES.exec(line) : null;
    if (match === null) {
      out.push(line);
      continue;
    }
    for (const table of match[1].split(',')) out.push(readFileSync(join(dir, 'tables', `${table.trim()}.sql`), 'utf8').replace(/\n$/, ''));
  }
  return out.join('\n');
}

function oneOf<T extends string>(name: string, key: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${name}.sql: '-- ${key}: ${value}' must be one of ${allowed.join(', ')}`);
}
