import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression, printExpr } from '../../../src/api/sql/index.ts';
import { assertRoundTrip, parseError, strip } from './helpers.ts';

const id = (name: string) => ({ kind: 'Identifier', parts: [name] });
const str = (value: string) => ({ kind: 'StringLiteral', value });

test('JSON_VALUE reads RETURNING, then DEFAULT … ON EMPTY and … ON ERROR clauses', () => {
  assert.deepEqual(strip(parseExpression("JSON_VALUE(j, '$.n' RETURNING INTEGER DEFAULT -1 ON EMPTY ERROR ON ERROR)")), {
    kind: 'JsonValue', json: id('j'), path: str('$.n'),
    returning: { kind: 'AtomicType', name: 'INT', notNull: false },
    onEmpty: { type: 'DEFAULT', value: { kind: 'Unary', op: '-', operand: { kind: 'NumericLiteral', text: '1' } } },
    onError: { type: 'ERROR' },
  });
});

test('JSON_VALUE without clauses is a JsonValue node with only its two arguments', () => {
  assert.deepEqual(strip(parseExpression("JSON_VALUE(j, '$.a')")), { kind: 'JsonValue', json: id('j'), path: str('$.a') });
});

test('the ON ERROR clause may come first, and a NULL after the RETURNING type is the ON EMPTY behavior', () => {
  const e = parseExpression("json_value(j, '$.a' RETURNING DOUBLE NULL ON ERROR DEFAULT x ON EMPTY)");
  assert.equal(e.kind, 'JsonValue');
  if (e.kind !== 'JsonValue') return;
  assert.deepEqual(strip(e.onError), { type: 'NULL' });
  assert.deepEqual(strip(e.onEmpty), { type: 'DEFAULT', value: id('x') });
  assert.equal(printExpr(e), "JSON_VALUE(j, '$.a' RETURNING DOUBLE DEFAULT x ON EMPTY NULL ON ERROR)");
});

test('JSON_QUERY normalises its wrapper: WITH WRAPPER is unconditional, ARRAY is optional', () => {
  const wrapper = (sql: string) => {
    const e = parseExpression(sql);
    return e.kind === 'JsonQuery' ? e.wrapper : e.kind;
  };
  assert.equal(wrapper("JSON_QUERY(j, '$' WITH WRAPPER)"), 'UNCONDITIONAL');
  assert.equal(wrapper("JSON_QUERY(j, '$' WITH UNCONDITIONAL ARRAY WRAPPER)"), 'UNCONDITIONAL');
  assert.equal(wrapper("JSON_QUERY(j, '$' WITH CONDITIONAL WRAPPER)"), 'CONDITIONAL');
  assert.equal(wrapper("JSON_QUERY(j, '$' WITHOUT ARRAY WRAPPER)"), 'WITHOUT');
  assert.equal(wrapper("JSON_QUERY(j, '$')"), undefined);
});

test('JSON_QUERY reads EMPTY ARRAY / EMPTY OBJECT behaviors', () => {
  assert.deepEqual(strip(parseExpression("JSON_QUERY(j, 'lax $.a' EMPTY ARRAY ON EMPTY EMPTY OBJECT ON ERROR)")), {
    kind: 'JsonQuery', json: id('j'), path: str('lax $.a'), onEmpty: 'EMPTY ARRAY', onError: 'EMPTY OBJECT',
  });
});

test('JSON_VALUE and JSON_QUERY print in canonical form and parse back to the same AST', () => {
  assertRoundTrip(`SELECT
    JSON_VALUE(profile, '$.visits' RETURNING INT) AS visits,
    JSON_VALUE(profile, '$.missing' RETURNING DECIMAL(10, 2) NULL ON EMPTY DEFAULT CAST(NULL AS DECIMAL(10, 2)) ON ERROR),
    JSON_VALUE(profile, '$.tier' DEFAULT UPPER(name) || '?' ON ERROR) AS tier,
    JSON_QUERY(profile, '$.tier' WITH WRAPPER) AS wrapped,
    JSON_QUERY(profile, '$.tags' WITH CONDITIONAL WRAPPER ERROR ON EMPTY NULL ON ERROR)
  FROM people`);
  assert.equal(printExpr(parseExpression("JSON_QUERY(j, '$' WITH WRAPPER)")), "JSON_QUERY(j, '$' WITH UNCONDITIONAL ARRAY WRAPPER)");
});

test('malformed JSON clauses are parse errors that say what was expected', () => {
  const expected = (sql: string) => parseError(() => parseExpression(sql)).expected;
  assert.deepEqual(expected("JSON_VALUE(j, '$.a', 'x')"), ["'NULL'", "'ERROR'", "'DEFAULT'", "'RETURNING'", "')'"]);
  assert.deepEqual(expected("JSON_VALUE(j, '$.a' DEFAULT 1 ON NOTHING)"), ["'EMPTY'", "'ERROR'"]);
  assert.deepEqual(expected("JSON_VALUE(j, '$.a' NULL ON EMPTY NULL ON EMPTY)"), ["'ERROR'"]);
  assert.deepEqual(expected("JSON_VALUE(j, '$.a' NULL ON EMPTY NULL ON ERROR NULL)"), ["')'"]);
  assert.deepEqual(expected("JSON_QUERY(j, '$' WITH ARRAY)"), ["'WRAPPER'"]);
  assert.deepEqual(expected("JSON_QUERY(j, '$' EMPTY LIST ON EMPTY)"), ["'ARRAY'", "'OBJECT'"]);
  assert.deepEqual(expected("JSON_QUERY(j, '$' DEFAULT 1 ON EMPTY)"), ["'NULL'", "'ERROR'", "'EMPTY'", "'WITHOUT'", "'WITH'", "')'"]);
  assert.deepEqual(expected('JSON_VALUE(j)'), ["','"]);
});
