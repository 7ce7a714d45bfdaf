import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExprTypeError, like, nullLiteral } from '../../../src/plan/expr/index.ts';
import { compileExpr } from '../../../src/operators/expr/index.ts';
import { likeTest, planLike } from '../../../src/operators/expr/like.ts';
import { T, evaluate, f, s } from './helpers.ts';

const cases: [string, string, string | null, boolean][] = [
  ['AAPL', 'AAPL', null, true],
  ['AAPL', 'AA%', null, true],
  ['AAPL', '%PL', null, true],
  ['AAPL', '%AP%', null, true],
  ['AAPL', '%', null, true],
  ['', '%', null, true],
  ['', '', null, true],
  ['AAPL', 'A_PL', null, true],
  ['AAPL', 'A_P', null, false],
  ['AAPL', '____', null, true],
  ['AAPL', '___', null, false],
  ['AAPL', 'a%', null, false],
  ['line\nbreak', 'line%', null, true],
  ['a.b', 'a.b', null, true],
  ['axb', 'a.b', null, false],
  ['(x)', '(%)', null, true],
  ['100%', '100!%', '!', true],
  ['1000', '100!%', '!', false],
  ['a_b', 'a!_b', '!', true],
  ['axb', 'a!_b', '!', false],
  ['a!b', 'a!!b', '!', true],
  ['50% off', '%!%%', '!', true],
];

test('LIKE: % matches any run, _ one character, ESCAPE makes them literal', () => {
  for (const [value, pattern, escape, expected] of cases) {
    const e = like(f('s'), s(pattern), escape === null ? {} : { escape: s(escape) });
    assert.equal(evaluate(e, { s: value }), expected, `'${value}' LIKE '${pattern}'${escape ? ` ESCAPE '${escape}'` : ''}`);
  }
});

test('LIKE with a pattern from a column behaves the same', () => {
  for (const [value, pattern, escape, expected] of cases) {
    const e = like(f('s'), f('s2'), escape === null ? {} : { escape: s(escape) });
    assert.equal(evaluate(e, { s: value, s2: pattern }), expected, `'${value}' LIKE '${pattern}'`);
    assert.equal(likeTest(value, pattern, escape), expected);
  }
});

test('literal patterns compile to the cheapest test', () => {
  assert.deepEqual(planLike('AA%', null), { kind: 'startsWith', text: 'AA' });
  assert.deepEqual(planLike('%PL', null), { kind: 'endsWith', text: 'PL' });
  assert.deepEqual(planLike('%A%', null), { kind: 'includes', text: 'A' });
  assert.deepEqual(planLike('100!%', '!'), { kind: 'equals', text: '100%' });
  assert.equal(planLike('A_%', null).kind, 'regex');
  assert.match(compileExpr(like(f('s'), s('AA%')), T).source, /\.startsWith\("AA"\)/);
  assert.match(compileExpr(like(f('s'), s('A_PL')), T).source, /k0\.test\(/);
});

test('NOT LIKE, and NULL anywhere gives NULL', () => {
  assert.equal(evaluate(like(f('s'), s('A%'), { negated: true }), { s: 'AAPL' }), false);
  assert.equal(evaluate(like(f('s'), s('B%'), { negated: true }), { s: 'AAPL' }), true);
  assert.equal(evaluate(like(f('s'), s('A%')), { s: null }), null);
  assert.equal(evaluate(like(f('s'), f('s2')), { s: 'x', s2: null }), null);
  assert.equal(evaluate(like(f('s'), nullLiteral()), { s: 'x' }), null);
  assert.equal(evaluate(like(f('s'), s('A%'), { negated: true }), { s: null }), null);
});

test('an escape character followed by anything but %, _ or itself is an error', () => {
  assert.throws(() => compileExpr(like(f('s'), s('a!b'), { escape: s('!') }), T), ExprTypeError);
  assert.throws(() => evaluate(like(f('s'), f('s2'), { escape: s('!') }), { s: 'ab', s2: 'a!b' }), /invalid escape/);
});

test('SIMILAR TO: SQL regular expressions with % and _', () => {
  const sim = (pattern: string, value: string) => evaluate(like(f('s'), s(pattern), { similar: true }), { s: value });
  assert.equal(sim('(a|b)%', 'bcd'), true);
  assert.equal(sim('(a|b)%', 'cd'), false);
  assert.equal(sim('[a-c]+', 'abcab'), true);
  assert.equal(sim('[a-c]+', 'abd'), false);
  assert.equal(sim('a.c', 'abc'), false, '. is literal in SIMILAR TO');
  assert.equal(sim('a_c', 'abc'), true);
  assert.equal(evaluate(like(f('s'), f('s2'), { similar: true, negated: true }), { s: 'ab', s2: 'b*' }), true);
});
