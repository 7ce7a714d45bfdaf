import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes as D } from '../../../src/core/data-types.ts';
import {
  and, between, booleanLiteral, call, caseWhen, field, inList, is, isDistinctFrom, not, nullLiteral, or, type Expr,
} from '../../../src/plan/expr/index.ts';
import { compileExpr, compilePredicate } from '../../../src/operators/expr/index.ts';
import { T, evaluate, f, n, s } from './helpers.ts';

const bools = D.ROW([{ name: 'p', type: D.BOOLEAN() }, { name: 'q', type: D.BOOLEAN() }, { name: 'r', type: D.BOOLEAN() }]);
const p = field(bools, 'p');
const q = field(bools, 'q');
const r = field(bools, 'r');
const VALUES = [true, false, null] as const;
type V = boolean | null;

const and3 = (a: V, b: V): V => (a === false || b === false ? false : a === null || b === null ? null : true);
const or3 = (a: V, b: V): V => (a === true || b === true ? true : a === null || b === null ? null : false);

function table(e: Expr, expected: (a: V, b: V) => V): void {
  const fn = compileExpr(e, bools);
  const keep = compilePredicate(e, bools);
  for (const a of VALUES) {
    for (const b of VALUES) {
      assert.equal(fn({ p: a, q: b }), expected(a, b), `p=${a} q=${b}`);
      assert.equal(keep({ p: a, q: b }), expected(a, b) === true, `predicate p=${a} q=${b}`);
    }
  }
}

test('AND truth table: FALSE AND NULL is FALSE, TRUE AND NULL is NULL', () => table(and(p, q), and3));
test('OR truth table: TRUE OR NULL is TRUE, FALSE OR NULL is NULL', () => table(or(p, q), or3));
test('NOT truth table: NOT NULL is NULL', () => table(not(p), (a) => (a === null ? null : !a)));

test('three operands and nested NOT/OR follow the same tables', () => {
  const fn = compileExpr(and(p, or(q, not(r))), bools);
  for (const a of VALUES) for (const b of VALUES) for (const c of VALUES) {
    assert.equal(fn({ p: a, q: b, r: c }), and3(a, or3(b, c === null ? null : !c)), `p=${a} q=${b} r=${c}`);
  }
  const three = compileExpr(and(p, q, r), bools);
  assert.equal(three({ p: true, q: null, r: false }), false);
  assert.equal(three({ p: true, q: null, r: true }), null);
});

test('literal NULL and UNKNOWN operands', () => {
  const fn = compileExpr(and(p, nullLiteral()), bools);
  assert.equal(fn({ p: false }), false);
  assert.equal(fn({ p: true }), null);
  assert.equal(compileExpr(or(p, booleanLiteral(null)), bools)({ p: true }), true);
  assert.equal(compileExpr(not(nullLiteral()), bools)({}), null);
});

test('AND and OR do not evaluate later operands once the result is decided', () => {
  // i <> 0 AND 10 / i > 1: a zero divisor must not be reached.
  const guarded = and(call('<>', [f('i'), n('0')]), call('>', [call('/', [n('10'), f('i')]), n('1')]));
  assert.equal(evaluate(guarded, { i: 0 }), false);
  assert.equal(evaluate(guarded, { i: 5 }), true);
  assert.equal(compilePredicate(guarded, T)({ i: 0 }), false);
  const either = or(call('=', [f('i'), n('0')]), call('>', [call('/', [n('10'), f('i')]), n('1')]));
  assert.equal(evaluate(either, { i: 0 }), true);
  assert.throws(() => evaluate(call('/', [n('10'), f('i')]), { i: 0 }), /division by zero/);
});

test('IS [NOT] NULL / TRUE / FALSE never return NULL', () => {
  const cases: [Expr, [V, boolean][]][] = [
    [is(p, 'null'), [[true, false], [false, false], [null, true]]],
    [is(p, 'null', true), [[true, true], [false, true], [null, false]]],
    [is(p, 'true'), [[true, true], [false, false], [null, false]]],
    [is(p, 'true', true), [[true, false], [false, true], [null, true]]],
    [is(p, 'false'), [[true, false], [false, true], [null, false]]],
    [is(p, 'false', true), [[true, true], [false, false], [null, true]]],
  ];
  for (const [e, rows] of cases) {
    const fn = compileExpr(e, bools);
    for (const [v, expected] of rows) assert.equal(fn({ p: v }), expected);
  }
  assert.equal(evaluate(is(call('+', [f('i'), f('j')]), 'null'), { i: 1, j: null }), true);
  assert.equal(evaluate(is(f('s'), 'null', true), { s: 'x' }), true);
});

test('IS DISTINCT FROM treats NULL as a value', () => {
  const fn = compileExpr(isDistinctFrom(field(T, 'i'), field(T, 'j')), T);
  const same = compileExpr(isDistinctFrom(field(T, 'i'), field(T, 'j'), true), T);
  const rows: [unknown, unknown, boolean][] = [[1, 1, false], [1, 2, true], [null, 1, true], [1, null, true], [null, null, false]];
  for (const [i, j, distinct] of rows) {
    assert.equal(fn({ i, j }), distinct, `${i} vs ${j}`);
    assert.equal(same({ i, j }), !distinct);
  }
  assert.equal(evaluate(isDistinctFrom(f('arr'), f('arr')), { arr: [1, 2] }), false, 'arrays compare by value');
  assert.equal(evaluate(isDistinctFrom(f('i'), nullLiteral()), { i: null }), false);
  assert.equal(evaluate(isDistinctFrom(f('i'), nullLiteral()), { i: 3 }), true);
});

test('IN with literals, NULLs in the list and non-literal items', () => {
  const lits = inList(f('i'), [n('1'), n('2'), n('3')]);
  assert.equal(evaluate(lits, { i: 2 }), true);
  assert.equal(evaluate(lits, { i: 5 }), false);
  assert.equal(evaluate(lits, { i: null }), null);
  const withNull = inList(f('i'), [n('1'), nullLiteral()]);
  assert.equal(evaluate(withNull, { i: 1 }), true);
  assert.equal(evaluate(withNull, { i: 5 }), null, 'no match and a NULL in the list is NULL');
  assert.equal(evaluate(inList(f('i'), [n('1'), nullLiteral()], true), { i: 5 }), null);
  assert.equal(evaluate(inList(f('i'), [n('1'), n('2')], true), { i: 5 }), true);
  const mixed = inList(f('i'), [f('j'), call('+', [f('j'), n('1')])]);
  assert.equal(evaluate(mixed, { i: 4, j: 3 }), true);
  assert.equal(evaluate(mixed, { i: 9, j: 3 }), false);
  assert.equal(evaluate(mixed, { i: 9, j: null }), null);
  const nullThenMatch = inList(f('i'), [f('j'), f('b')]);
  assert.equal(evaluate(nullThenMatch, { i: 7, j: null, b: 7 }), true, 'a later match wins over an earlier NULL');
  const many = inList(f('s'), 'abcdefghij'.split('').map((c) => s(c)));
  assert.match(compileExpr(many, T).source, /\.has\(/, 'long literal lists use a Set');
  assert.equal(evaluate(many, { s: 'j' }), true);
  assert.equal(evaluate(many, { s: 'z' }), false);
});

test('BETWEEN, NOT BETWEEN and SYMMETRIC with NULL bounds', () => {
  const b = (lo: Expr, hi: Expr, opts = {}) => between(f('i'), lo, hi, opts);
  assert.equal(evaluate(b(n('1'), n('5')), { i: 3 }), true);
  assert.equal(evaluate(b(n('1'), n('5')), { i: 5 }), true, 'bounds are inclusive');
  assert.equal(evaluate(b(n('1'), n('5')), { i: 6 }), false);
  assert.equal(evaluate(b(n('5'), n('1')), { i: 3 }), false, 'ASYMMETRIC needs low <= high');
  assert.equal(evaluate(b(n('5'), n('1'), { symmetric: true }), { i: 3 }), true);
  assert.equal(evaluate(b(n('1'), n('5'), { negated: true }), { i: 9 }), true);
  assert.equal(evaluate(b(f('j'), n('5')), { i: 9, j: null }), false, 'NULL low bound but above high: FALSE');
  assert.equal(evaluate(b(f('j'), n('5')), { i: 3, j: null }), null);
  assert.equal(evaluate(b(n('1'), n('5')), { i: null }), null);
  assert.equal(evaluate(between(f('s'), s('b'), s('d')), { s: 'c' }), true, 'strings compare too');
});

test('CASE takes the first TRUE branch; NULL conditions fall through; no ELSE gives NULL', () => {
  const c = caseWhen([
    { when: call('>', [f('i'), n('10')]), then: s('big') },
    { when: call('>', [f('i'), n('0')]), then: s('small') },
  ]);
  assert.equal(evaluate(c, { i: 20 }), 'big');
  assert.equal(evaluate(c, { i: 5 }), 'small');
  assert.equal(evaluate(c, { i: -1 }), null);
  assert.equal(evaluate(c, { i: null }), null);
  const withElse = caseWhen([{ when: f('flag'), then: f('i') }], call('-', [f('i')]));
  assert.equal(evaluate(withElse, { flag: null, i: 3 }), -3, 'a NULL condition is not TRUE');
});

test('CASE evaluates only the chosen branch', () => {
  const c = caseWhen([{ when: call('=', [f('i'), n('0')]), then: n('0') }], call('/', [n('10'), f('i')]));
  assert.equal(evaluate(c, { i: 0 }), 0);
  assert.equal(evaluate(c, { i: 5 }), 2);
  const nested = caseWhen(
    [{ when: call('=', [f('i'), n('0')]), then: n('0') }, { when: call('>', [call('/', [n('10'), f('i')]), n('1')]), then: n('1') }],
    n('2'),
  );
  assert.equal(evaluate(nested, { i: 0 }), 0);
  assert.equal(evaluate(nested, { i: 20 }), 2);
});
