import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes as D } from '../../../src/core/data-types.ts';
import {
  and, between, binaryLiteral, call, cast, dateLiteral, exprToString, field, fieldAccess, inList, intervalLiteral, is,
  isDistinctFrom, item, like, not, nullLiteral, numericLiteral, or, stringLiteral, timeUnit, timestampLiteral,
} from '../../../src/plan/expr/index.ts';

const t = D.ROW([
  { name: 'a', type: D.INT() }, { name: 'b', type: D.INT() }, { name: 'c', type: D.INT() }, { name: 's', type: D.STRING() },
  { name: 'ts', type: D.TIMESTAMP(3) }, { name: 'p', type: D.BOOLEAN() }, { name: 'q', type: D.BOOLEAN() },
  { name: 'weird name', type: D.INT() }, { name: 'r', type: D.ROW([{ name: 'f', type: D.INT() }]) },
  { name: 'arr', type: D.ARRAY(D.INT()) },
]);
const f = (n: string) => field(t, n);

test('operators print with only the parentheses precedence needs', () => {
  assert.equal(exprToString(call('*', [call('+', [f('a'), f('b')]), f('c')])), '(a + b) * c');
  assert.equal(exprToString(call('+', [f('a'), call('*', [f('b'), f('c')])])), 'a + b * c');
  assert.equal(exprToString(call('-', [f('a'), call('-', [f('b'), f('c')])])), 'a - (b - c)');
  assert.equal(exprToString(call('-', [call('-', [f('a'), f('b')]), f('c')])), 'a - b - c');
  assert.equal(exprToString(call('-', [call('+', [f('a'), f('b')])])), '-(a + b)');
  assert.equal(exprToString(or(and(f('p'), f('q')), not(f('p')))), 'p AND q OR NOT p');
  assert.equal(exprToString(and(or(f('p'), f('q')), f('p'))), '(p OR q) AND p');
  assert.equal(exprToString(call('||', [f('s'), stringLiteral("it's")])), "s || 'it''s'");
});

test('special forms print in their SQL spelling', () => {
  assert.equal(exprToString(call('EXTRACT', [timeUnit('YEAR'), f('ts')])), 'EXTRACT(YEAR FROM ts)');
  assert.equal(exprToString(call('FLOOR', [f('ts'), timeUnit('HOUR')])), 'FLOOR(ts TO HOUR)');
  assert.equal(exprToString(call('TIMESTAMPADD', [timeUnit('HOUR'), numericLiteral('2'), f('ts')])), 'TIMESTAMPADD(HOUR, 2, ts)');
  assert.equal(exprToString(call('POSITION', [stringLiteral('a'), f('s')])), "POSITION('a' IN s)");
  assert.equal(exprToString(call('CURRENT_TIMESTAMP', [])), 'CURRENT_TIMESTAMP');
  assert.equal(exprToString(call('NOW', [])), 'NOW()');
  assert.equal(exprToString(call('ARRAY', [numericLiteral('1'), numericLiteral('2')])), 'ARRAY[1, 2]');
  assert.equal(exprToString(is(f('p'), 'true', true)), 'p IS NOT TRUE');
  assert.equal(exprToString(isDistinctFrom(f('a'), f('b'), true)), 'a IS NOT DISTINCT FROM b');
  assert.equal(exprToString(inList(f('a'), [numericLiteral('1'), nullLiteral()], true)), 'a NOT IN (1, NULL)');
  assert.equal(exprToString(between(f('a'), numericLiteral('1'), numericLiteral('5'), { symmetric: true })), 'a BETWEEN SYMMETRIC 1 AND 5');
  assert.equal(exprToString(like(f('s'), stringLiteral('x!%'), { escape: stringLiteral('!'), negated: true })), "s NOT LIKE 'x!%' ESCAPE '!'");
  assert.equal(exprToString(cast(f('a'), D.DECIMAL(10, 2), true)), 'TRY_CAST(a AS DECIMAL(10, 2))');
});

test('literals and names print as SQL', () => {
  assert.equal(exprToString(f('weird name')), '`weird name`');
  assert.equal(exprToString(fieldAccess(f('r'), 'f')), 'r.f');
  assert.equal(exprToString(item(f('arr'), numericLiteral('1'))), 'arr[1]');
  assert.equal(exprToString(dateLiteral('2024-01-31')), "DATE '2024-01-31'");
  assert.equal(exprToString(timestampLiteral('2024-01-31 10:00:00.123')), "TIMESTAMP '2024-01-31 10:00:00.123'");
  assert.equal(exprToString(intervalLiteral('5', { start: 'SECOND' })), "INTERVAL '+0 00:00:05.000' DAY TO SECOND(3)");
  assert.equal(exprToString(binaryLiteral('0fa2')), "X'0FA2'");
  assert.equal(exprToString(nullLiteral(D.INT())), 'CAST(NULL AS INT)');
});
