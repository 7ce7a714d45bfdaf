/**
 * The SQL conformance suite: one test per case in cases/ (see README.md). Each case's script runs
 * through a TableEnvironment and its rows must equal the golden `.expected` file — or, for a
 * negative case, its error must equal the `.error` file. Every statement must survive a print →
 * parse round trip, and a case with a `-- duckdb:` header must end with the rows DuckDB computes
 * from the same input files.
 *
 * The test only reads golden files; `npm run update-goldens -- <case>` writes them (see README.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScript } from '../../src/api/sql/index.ts';
import { assertRoundTrip } from '../api/sql/helpers.ts';
import { CASES_DIR, loadCases, type ConformanceCase } from './case-files.ts';
import { comparableRows, duckdbRows, valuesOf } from './duckdb-oracle.ts';
import { caseError, finalRows, goldenText, runCase } from './run-case.ts';

// Case scripts name their input files relative to cases/, as `sluice run` would from that folder.
process.chdir(CASES_DIR);

const cases = loadCases();

test('the suite has its cases, and each has exactly one golden file', () => {
  assert.ok(cases.length >= 40, `only ${cases.length} cases`);
  for (const c of cases) {
    assert.ok((c.expected === undefined) !== (c.error === undefined), `${c.name}: needs one of ${c.name}.expected or ${c.name}.error`);
    assert.ok(c.error === undefined || c.duckdb === undefined, `${c.name}: a negative case has no DuckDB query`);
  }
});

test('every positive case has an independent check of its golden file: a DuckDB query', () => {
  for (const c of cases) {
    if (c.error === undefined) assert.notEqual(c.duckdb, undefined, `${c.name}: a golden file needs an independent check, a '-- duckdb:' query (see README.md)`);
  }
});

for (const c of cases) {
  test(`${c.name}: ${c.title}`, async () => {
    const negative = c.error !== undefined;
    assertRoundTrips(c, negative);
    if (negative) {
      await checkError(c);
      return;
    }
    const result = await runCase(c);
    const text = goldenText(result, c.order);
    assert.equal(text, c.expected, `${c.name}.expected differs`);
    if (c.duckdb !== undefined) {
      const engine = comparableRows(finalRows(result.changelog, result.columns).map((r) => valuesOf(r, result.columns)), result.columns, 'engine');
      const oracle = comparableRows(await duckdbRows(c.sql, c.duckdb, CASES_DIR), result.columns, 'duckdb');
      assert.deepEqual(engine, oracle, `${c.name}: the final rows differ from DuckDB's batch result`);
    }
  });
}

/** Every statement prints to SQL that parses to the same AST (positions aside), and printing is a fixed point. */
function assertRoundTrips(c: ConformanceCase, negative: boolean): void {
  try {
    parseScript(c.sql);
  } catch (e) {
    if (negative) return; // a parse-error case: there is no AST to round-trip
    throw e;
  }
  assertRoundTrip(c.sql);
}

async function checkError(c: ConformanceCase): Promise<void> {
  const error = await caseError(c);
  assert.notEqual(error, undefined, `${c.name}: expected an error, but the script ran`);
  assert.equal(`${error}\n`, c.error, `${c.name}.error differs`);
}
