import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SluiceError } from '../../../src/core/errors.ts';
import { parseDataType, parseExpression, parseScript, parseStatement, SqlParseError } from '../../../src/api/sql/index.ts';
import { parseError } from './helpers.ts';

test("a missing ')' on line 3 names the line, column, expectation and the token found, with a caret", () => {
  const sql = 'SELECT a,\n  b,\n  (c FROM t';
  const e = parseError(() => parseStatement(sql));
  assert.ok(e instanceof SluiceError);
  assert.equal(e.line, 3);
  assert.equal(e.column, 6);
  assert.deepEqual(e.expected, ["')'"]);
  assert.equal(e.found, "'FROM'");
  assert.equal(e.message, "SQL parse error at 3:6: expected ')' but found 'FROM'\n    (c FROM t\n       ^");
  assert.equal(e.format(sql), "3:6: expected ')' but found 'FROM'\n    (c FROM t\n       ^");
});

test('SELECT FROM t: an expression was expected where FROM stands', () => {
  const e = parseError(() => parseStatement('SELECT FROM t'));
  assert.equal(e.line, 1);
  assert.equal(e.column, 8);
  assert.deepEqual(e.expected, ['an expression']);
  assert.match(e.message, /^SQL parse error at 1:8: expected an expression but found 'FROM'/);
});

test('an unterminated string is reported at its opening quote', () => {
  const e = parseError(() => parseStatement("SELECT a\nFROM t WHERE b = 'abc"));
  assert.equal(e.line, 2);
  assert.equal(e.column, 18);
  assert.match(e.message, /unterminated string literal/);
  assert.match(e.message, /\n {2}FROM t WHERE b = 'abc\n {19}\^$/);
});

test('lexer errors: unterminated comment, hint and quoted name, stray characters', () => {
  assert.match(parseError(() => parseStatement('SELECT 1 /* oops')).message, /1:10: unterminated comment/);
  assert.match(parseError(() => parseStatement('SELECT /*+ BROADCAST(t) 1')).message, /1:8: unterminated hint/);
  assert.match(parseError(() => parseStatement('SELECT `abc FROM t')).message, /1:8: unterminated quoted identifier/);
  const caret = parseError(() => parseExpression('-x ^ 2'));
  assert.equal(caret.column, 4);
  assert.match(caret.message, /unexpected character '\^'/);
  assert.match(parseError(() => parseStatement('SELECT "a" FROM t')).message, /backticks/);
  assert.match(parseError(() => parseExpression("X'ABC'")).message, /even number of hex digits/);
});

test('CREATE TABLE with a trailing comma in the column list', () => {
  const e = parseError(() => parseStatement('CREATE TABLE t (a INT,)'));
  assert.equal(e.column, 23);
  assert.equal(e.found, "')'");
  assert.match(e.message, /expected a column name, WATERMARK or PRIMARY KEY but found '\)'/);
});

test('a bad type parameter: VARCHAR(x)', () => {
  const e = parseError(() => parseStatement('CREATE TABLE t (\n  a VARCHAR(x)\n)'));
  assert.equal(e.line, 2);
  assert.equal(e.column, 13);
  assert.match(e.message, /expected a length \(an integer\) but found 'x'/);
  assert.match(parseError(() => parseDataType('DECIMAL(10, s)')).message, /expected a scale/);
  assert.match(parseError(() => parseExpression('CAST(a AS FOO)')).message, /expected a data type but found 'FOO'/);
  assert.match(parseError(() => parseDataType('TIMESTAMP(3) WITH TIME ZONE')).message, /not supported by Flink/);
  assert.match(parseError(() => parseDataType('MAP<STRING>')).message, /expected ',' but found '>'/);
});

test('running out of input says so', () => {
  const e = parseError(() => parseStatement('SELECT a FROM t WHERE'));
  assert.equal(e.found, 'end of input');
  assert.equal(e.column, 22);
  assert.match(parseError(() => parseStatement('SELECT * FROM a JOIN b')).message, /expected 'ON' or 'USING' but found end of input/);
});

test('misplaced and missing keywords name the alternatives', () => {
  assert.match(parseError(() => parseStatement('INSERT t SELECT 1')).message, /expected 'INTO' or 'OVERWRITE' but found 't'/);
  assert.match(parseError(() => parseStatement('FOO BAR')).message, /expected a statement/);
  assert.match(parseError(() => parseStatement('SELECT a b c FROM t')).message, /1:12: expected ';' or end of input but found 'c'/);
  assert.match(parseError(() => parseStatement("CREATE TABLE t (a INT) WITH ('k')")).message, /expected '=' but found '\)'/);
  assert.match(parseError(() => parseExpression('a IS 5')).message, /expected 'NULL', 'TRUE', 'FALSE', 'UNKNOWN' or 'DISTINCT FROM'/);
  assert.match(parseError(() => parseExpression('CASE WHEN a THEN b')).message, /expected 'WHEN', 'ELSE' or 'END' but found end of input/);
  assert.match(parseError(() => parseExpression('COUNT(a b)')).message, /expected ',' or '\)' but found 'b'/);
  assert.match(parseError(() => parseExpression('a BETWEEN 1 OR 2')).message, /expected 'AND' but found 'OR'/);
  assert.match(parseError(() => parseStatement('SELECT a /*+ X */ FROM t')).message, /found '\/\*\+' \(a hint \/\*\+ … \*\/ goes right after SELECT/);
});

test('semantic slips the grammar can see: interval ranges, odd MAP, second watermark, empty statement set', () => {
  assert.match(parseError(() => parseExpression("INTERVAL '1' HOUR TO DAY")).message, /'HOUR TO DAY' is not an interval qualifier/);
  assert.match(parseError(() => parseExpression("MAP['a', 1, 'b']")).message, /key, value pairs/);
  assert.match(
    parseError(() => parseStatement('CREATE TABLE t (a TIMESTAMP(3), WATERMARK FOR a AS a, WATERMARK FOR a AS a)')).message,
    /only one WATERMARK/,
  );
  assert.match(parseError(() => parseStatement('EXECUTE STATEMENT SET BEGIN END')).message, /expected 'INSERT' but found 'END'/);
  assert.match(parseError(() => parseStatement('EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1 END')).message, /expected ';' but found 'END'/);
});

test('a script error points into the statement that failed', () => {
  const e = parseError(() => parseScript('SELECT 1;\nSELECT 2;\nSELEC 3;'));
  assert.equal(e.line, 3);
  assert.equal(e.column, 1);
  const missingSemicolon = parseError(() => parseScript('SELECT 1\nSELECT 2'));
  assert.equal(missingSemicolon.line, 2);
  assert.deepEqual(missingSemicolon.expected, ["';'", 'end of input']);
});

test('format() renders a tab-indented line with the caret under the same column', () => {
  const sql = "\tSELECT a,\n\t\t(b FROM t";
  const e = parseError(() => parseStatement(sql));
  assert.ok(e instanceof SqlParseError);
  assert.equal(e.format(sql), "2:6: expected ')' but found 'FROM'\n  \t\t(b FROM t\n  \t\t   ^");
});
