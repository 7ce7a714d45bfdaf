import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes as D } from '../../../src/core/data-types.ts';
import { ExprTypeError, call, nullLiteral, rowOf, type LiteralExpr } from '../../../src/plan/expr/index.ts';
import { compileExpr } from '../../../src/operators/expr/index.ts';
import { T, callBothWays, evaluate, f, lit, n, s } from './helpers.ts';

const JSON_TEXT = '{"a":{"b":[10,20,{"c":"x"}]},"n":1.5,"t":true,"z":null,"my key":"v"}';

const cases: [string, LiteralExpr[], unknown][] = [
  ['JSON_VALUE', [s(JSON_TEXT), s('$.a.b[1]')], '20'],
  ['JSON_VALUE', [s(JSON_TEXT), s('$.a.b[2].c')], 'x'],
  ['JSON_VALUE', [s(JSON_TEXT), s("$['my key']")], 'v'],
  ['JSON_VALUE', [s(JSON_TEXT), s('lax $.n')], '1.5'],
  ['JSON_VALUE', [s(JSON_TEXT), s('$.t')], 'true'],
  ['JSON_VALUE', [s(JSON_TEXT), s('$.z')], null],
  ['JSON_VALUE', [s(JSON_TEXT), s('$.a')], null],
  ['JSON_VALUE', [s(JSON_TEXT), s('$.missing.deeper')], null],
  ['JSON_VALUE', [s('not json'), s('$.a')], null],
  ['JSON_QUERY', [s(JSON_TEXT), s('$.a.b')], '[10,20,{"c":"x"}]'],
  ['JSON_QUERY', [s(JSON_TEXT), s('$.a.b[2]')], '{"c":"x"}'],
  ['JSON_QUERY', [s(JSON_TEXT), s('$.n')], null],
  ['JSON_EXISTS', [s(JSON_TEXT), s('$.z')], true],
  ['JSON_EXISTS', [s(JSON_TEXT), s('$.q')], false],
  ['JSON_EXISTS', [s('{'), s('$')], false],
  ['GREATEST', [n('1'), n('5'), n('3')], 5],
  ['LEAST', [n('4'), lit(2.5, D.DOUBLE())], 2.5],
  ['GREATEST', [s('apple'), s('pear')], 'pear'],
  ['LEAST', [s('apple'), s('pear'), s('fig')], 'apple'],
  ['NULLIF', [n('1'), n('1')], null],
  ['NULLIF', [n('1'), n('2')], 1],
  ['CARDINALITY', [lit([1, 2, 3], D.ARRAY(D.INT()))], 3],
  ['CARDINALITY', [lit({ a: 1 }, D.MAP(D.STRING(), D.INT()))], 1],
  ['HASH_CODE', [s('a')], 97],
  ['HASH_CODE', [s('hello')], 99162322],
  ['HASH_CODE', [n('42')], 42],
  ['MD5', [s('a')], '0cc175b9c0f1b6a831c399e269772661'],
  ['SHA256', [s('')], 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
];

test('JSON, GREATEST/LEAST, NULLIF and small functions on literals and column values', () => {
  for (const [name, args, expected] of cases) {
    const { inline, fromRow } = callBothWays(name, args);
    const label = `${name}(${args.map((a) => JSON.stringify(a.value)).join(', ')})`;
    assert.deepEqual(inline, expected, `${label} inline`);
    assert.deepEqual(fromRow, expected, `${label} from a row`);
  }
});

test('COALESCE and IFNULL take the first non-NULL and evaluate later arguments only when needed', () => {
  const c = call('COALESCE', [f('i'), f('j'), n('0')]);
  assert.equal(evaluate(c, { i: 1, j: 2 }), 1);
  assert.equal(evaluate(c, { i: null, j: 2 }), 2);
  assert.equal(evaluate(c, { i: null, j: null }), 0);
  assert.equal(evaluate(call('COALESCE', [f('i'), f('j')]), {}), null);
  assert.equal(evaluate(call('IFNULL', [f('s'), s('none')]), { s: null }), 'none');
  assert.equal(evaluate(call('COALESCE', [nullLiteral(), f('s')]), { s: 'x' }), 'x');
  const lazy = call('COALESCE', [f('i'), call('/', [n('1'), f('j')])]);
  assert.equal(evaluate(lazy, { i: 5, j: 0 }), 5, 'the division by zero is never evaluated');
  assert.throws(() => evaluate(lazy, { i: null, j: 0 }), /division by zero/);
  assert.equal(evaluate(call('COALESCE', [f('i'), f('d')]), { i: 3 }), 3, 'INT widened to DOUBLE needs no conversion');
});

test('IF takes the else branch when the condition is NULL; NULLIF handles NULLs', () => {
  const e = call('IF', [call('>', [f('i'), n('0')]), s('pos'), s('non-pos')]);
  assert.equal(evaluate(e, { i: 1 }), 'pos');
  assert.equal(evaluate(e, { i: -1 }), 'non-pos');
  assert.equal(evaluate(e, { i: null }), 'non-pos');
  assert.equal(evaluate(call('IF', [f('flag'), call('/', [n('1'), f('i')]), n('0')]), { flag: false, i: 0 }), 0, 'only the chosen branch runs');
  assert.equal(evaluate(call('NULLIF', [f('i'), f('j')]), { i: null, j: 1 }), null);
  assert.equal(evaluate(call('NULLIF', [f('i'), f('j')]), { i: 3, j: null }), 3);
  assert.equal(evaluate(call('NULLIF', [f('s'), s('')]), { s: '' }), null);
});

test('GREATEST and LEAST give NULL when any argument is NULL', () => {
  assert.equal(evaluate(call('GREATEST', [f('i'), f('j')]), { i: 1, j: null }), null);
  assert.equal(evaluate(call('LEAST', [f('s'), f('s2')]), { s: null, s2: 'a' }), null);
  assert.equal(evaluate(call('GREATEST', [f('ts'), f('ltz')]), { ts: 5, ltz: 9 }), 9);
});

test('ROW, ARRAY and MAP build values in one literal; NULL elements stay', () => {
  assert.deepEqual(evaluate(call('ARRAY', [f('i'), f('j'), n('3')]), { i: 1, j: null }), [1, null, 3]);
  assert.deepEqual(evaluate(call('MAP', [s('a'), f('i'), s('b'), n('2')]), { i: null }), { a: null, b: 2 });
  assert.deepEqual(evaluate(call('ROW', [f('i'), f('s')]), { i: 1, s: 'x' }), { EXPR$0: 1, EXPR$1: 'x' });
  assert.deepEqual(evaluate(rowOf([{ name: 'x', expr: f('i') }, { name: 'y', expr: f('s') }]), { i: 1 }), { x: 1, y: null });
  const m = evaluate(call('MAP', [s('__proto__'), n('1')])) as Record<string, unknown>;
  assert.ok(Object.hasOwn(m, '__proto__'), 'map keys never touch the prototype');
  assert.equal(Object.getPrototypeOf(m), Object.prototype);
});

test('UUID gives a fresh version-4 UUID per call', () => {
  const fn = compileExpr(call('UUID', []), T);
  const a = fn({}) as string;
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(fn({}), a);
});

test('a JSON path outside the subset fails at compile time, or gives NULL at run time', () => {
  assert.throws(() => compileExpr(call('JSON_VALUE', [f('s'), s('$.a[*]')]), T), (e) => e instanceof ExprTypeError && /JSON_VALUE: unsupported JSON path/.test(e.message));
  assert.throws(() => compileExpr(call('JSON_VALUE', [f('s'), s('a.b')]), T), /must start with '\$'/);
  assert.equal(evaluate(call('JSON_VALUE', [f('s'), f('s2')]), { s: '{"a":1}', s2: '$.a[*]' }), null);
});

test('several JSON_VALUE calls on one row read the same parsed document', () => {
  const fn = compileExpr(call('CONCAT', [call('JSON_VALUE', [f('s'), s('$.a')]), call('JSON_VALUE', [f('s'), s('$.b')])]), T);
  assert.equal(fn({ s: '{"a":"x","b":"y"}' }), 'xy');
  assert.equal(fn({ s: '{"a":"p","b":"q"}' }), 'pq', 'a new row\'s text is parsed again');
});
