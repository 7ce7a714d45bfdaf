/**
 * Property-based fuzzing of the SQL lexer and parser: random token sequences, mutated conformance
 * scripts and deep nesting either parse — and then print back to SQL that parses to the same AST —
 * or fail with a SqlParseError whose line:column lies inside the text. Never a crash or a hang.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScript, SqlParseError } from '../../src/api/sql/index.ts';
import { printScript } from '../../src/api/sql/printer/index.ts';
import { TableEnvironment } from '../../src/index.ts';
import { assertRoundTrip } from '../api/sql/helpers.ts';
import { FUZZ_TIMEOUT_MS, checkAsyncProperty, checkProperty, fc, mutatedText, outcomeOf, outcomeOfAsync } from './property.ts';
import { sqlFragment, sqlTokenSoup, validScripts } from './sql-vocabulary.ts';

/** The parse succeeds and round-trips, or fails with a SqlParseError pointing into the text. */
function parsesOrFailsClearly(sql: string): void {
  const { error } = outcomeOf(() => parseScript(sql));
  if (error === undefined) {
    assertRoundTrip(sql);
    return;
  }
  assert.ok(error instanceof SqlParseError, `a ${error.name} instead of a SqlParseError: ${error.message}`);
  const lines = sql.split('\n');
  assert.ok(error.line >= 1 && error.line <= lines.length, `line ${error.line} is outside the text's ${lines.length} lines`);
  assert.ok(error.column >= 1 && error.column <= lines[error.line - 1].length + 1, `column ${error.column} is outside line ${error.line}`);
  assert.ok(error.format(sql).includes('^'), 'the formatted error points at the position with a caret');
}

test('random token sequences parse or fail with a positioned SqlParseError', { timeout: FUZZ_TIMEOUT_MS }, () => {
  checkProperty(sqlTokenSoup, parsesOrFailsClearly, 400);
});

test('mutated conformance scripts parse or fail with a positioned SqlParseError', { timeout: FUZZ_TIMEOUT_MS }, () => {
  checkProperty(mutatedText(fc.constantFrom(...validScripts.map((s) => s.sql)), sqlFragment), parsesOrFailsClearly, 300);
});

test('deeply nested expressions and queries parse, plan and run, or fail clearly, without overflowing the stack', { timeout: FUZZ_TIMEOUT_MS }, async () => {
  const nested = fc.record({
    depth: fc.oneof(fc.integer({ min: 1, max: 250 }), fc.integer({ min: 1, max: 20_000 })),
    shape: fc.constantFrom(
      (d: number) => `SELECT ${'('.repeat(d)}1${')'.repeat(d)}`,
      (d: number) => `SELECT ${'-'.repeat(d)}1`,
      (d: number) => `SELECT ${'NOT '.repeat(d)}TRUE`,
      (d: number) => `SELECT ${'CAST('.repeat(d)}1${' AS INT)'.repeat(d)}`,
      (d: number) => `SELECT * FROM ${'(SELECT * FROM '.repeat(d)}(VALUES (1))${')'.repeat(d)}`,
      (d: number) => `SELECT ${'ABS('.repeat(d)}1${')'.repeat(d)}`,
      (d: number) => `SELECT ${Array.from({ length: d }, () => '1').join(' + ')}`,
      (d: number) => `SELECT ${Array.from({ length: d }, (_, i) => (i % 7 === 0 ? '(1' : '1')).join(' * ')}${')'.repeat(Math.ceil(d / 7))}`,
      (d: number) => `SELECT ${'('.repeat(d)}1`,
      (d: number) => `SELECT * FROM ${'('.repeat(d)}(VALUES (1))${')'.repeat(d)}`,
      (d: number) => `SELECT CAST(NULL AS ${'ARRAY<'.repeat(d)}INT${'>'.repeat(d)})`,
      (d: number) => `SELECT CASE ${'WHEN TRUE THEN CASE '.repeat(d)}END`,
    ),
  });
  await checkAsyncProperty(nested, async ({ depth, shape }) => {
    const sql = shape(depth);
    const { error } = outcomeOf(() => parseScript(sql));
    if (error !== undefined) {
      assert.ok(error instanceof SqlParseError, `a ${error.name} instead of a SqlParseError: ${error.message}`);
      return;
    }
    assert.equal(printScript(parseScript(printScript(parseScript(sql)))), printScript(parseScript(sql)), 'printing is a fixed point');
    // What the parser accepts, the planner, the expression compiler and the runtime handle too.
    await outcomeOfAsync(() => TableEnvironment.create({ mode: 'batch' }).sqlQuery(sql).collect());
  }, 120);
});
