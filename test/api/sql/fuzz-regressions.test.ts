// Regressions found by the SQL fuzzer (test/fuzz/sql-parser.fuzz.test.ts): deep SQL overflowed the stack;
// a huge integer in a type was rounded to one that printed as 1e+22.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScript } from '../../../src/api/sql/index.ts';
import { TableEnvironment } from '../../../src/index.ts';
import { parseError } from './helpers.ts';

test('486 nested subqueries fail with a positioned parse error, not a stack overflow', () => {
  const sql = `SELECT * FROM ${'(SELECT * FROM '.repeat(486)}t${')'.repeat(486)}`;
  const error = parseError(() => parseScript(sql));
  assert.match(error.problem, /the SQL nests too deeply: past 1000 levels, counting 5 for each nested expression, subquery or type and 1 for each operator in a row/);
  assert.equal(error.line, 1);
  assert.ok(error.column > 1 && error.column < sql.length);
});

test('3000 operators in a row fail with a parse error instead of overflowing the stack when planned', () => {
  const error = parseError(() => parseScript(`SELECT ${Array.from({ length: 3000 }, () => '1').join(' + ')}`));
  assert.match(error.problem, /nests too deeply/);
});

test('deep but reasonable SQL still runs: 190 nested parentheses, 900 operators in a row, 30 nested subqueries', async () => {
  const env = TableEnvironment.create({ mode: 'batch' });
  assert.deepEqual(await env.sqlQuery(`SELECT ${'('.repeat(190)}7${')'.repeat(190)} AS v`).collect(), [{ v: 7 }]);
  assert.deepEqual(await env.sqlQuery(`SELECT ${Array.from({ length: 900 }, () => '1').join(' + ')} AS v`).collect(), [{ v: 900 }]);
  assert.deepEqual(await env.sqlQuery(`SELECT * FROM ${'(SELECT * FROM '.repeat(30)}(VALUES (5)) AS t(v)${')'.repeat(30)}`).collect(), [{ v: 5 }]);
});

test('an integer in a type too large to hold exactly is a parse error naming it, not a rounded value', () => {
  const error = parseError(() => parseScript('CREATE TABLE t (d DECIMAL(9999999999999999999910, 2))'));
  assert.match(error.problem, /9999999999999999999910 is too large for a precision/);
  assert.equal(error.column, 27, 'the caret points at the integer');
});
