import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes as D } from '../../../src/core/data-types.ts';
import { ExprTypeError, call, type LiteralExpr } from '../../../src/plan/expr/index.ts';
import { compileExpr } from '../../../src/operators/expr/index.ts';
import { T, callBothWays, evaluate, f, lit, n, s } from './helpers.ts';

const cases: [string, LiteralExpr[], unknown][] = [
  ['UPPER', [s('abc')], 'ABC'],
  ['LOWER', [s('AbC')], 'abc'],
  ['INITCAP', [s('hello wORLD  x')], 'Hello World  X'],
  // Any character but an ASCII letter or digit ends a word (Calcite's rule, which Flink runs).
  ['INITCAP', [s('carol-ANN dave_o 2nd')], 'Carol-Ann Dave_O 2nd'],
  ['INITCAP', [s('éLAN x1y')], 'éLan X1y'],
  ['REVERSE', [s('abc')], 'cba'],
  ['TRIM', [s('  a b  ')], 'a b'],
  ['TRIM', [s('\ta\t')], '\ta\t'],
  ['TRIM', [s('xxaxx'), s('x')], 'a'],
  ['LTRIM', [s('  a  ')], 'a  '],
  ['RTRIM', [s('  a  ')], '  a'],
  ['RTRIM', [s('abcyx'), s('xy')], 'abc'],
  ['SUBSTRING', [s('Hello'), n('2')], 'ello'],
  ['SUBSTRING', [s('Hello'), n('2'), n('3')], 'ell'],
  ['SUBSTRING', [s('Hello'), n('0'), n('2')], 'He'],
  ['SUBSTRING', [s('Hello'), lit(-3, D.INT())], 'llo'],
  ['SUBSTRING', [s('Hello'), n('9')], ''],
  ['SUBSTRING', [s('Hello'), n('2'), lit(-1, D.INT())], null],
  ['SUBSTR', [s('Hello'), n('4')], 'lo'],
  ['OVERLAY', [s('abcdef'), s('XY'), n('2'), n('3')], 'aXYef'],
  ['OVERLAY', [s('abcdef'), s('XY'), n('2')], 'aXYdef'],
  ['LEFT', [s('abc'), n('2')], 'ab'],
  ['LEFT', [s('abc'), lit(-1, D.INT())], ''],
  ['RIGHT', [s('abc'), n('2')], 'bc'],
  ['RIGHT', [s('abc'), n('5')], 'abc'],
  ['CONCAT', [s('a'), s('b'), s('c')], 'abc'],
  ['CONCAT', [s('a')], 'a'],
  ['CONCAT_WS', [s('-'), s('a'), s('b')], 'a-b'],
  ['CHAR_LENGTH', [s('héllo')], 5],
  ['CHARACTER_LENGTH', [s('')], 0],
  ['POSITION', [s('l'), s('hello')], 3],
  ['POSITION', [s('z'), s('hello')], 0],
  ['POSITION', [s(''), s('hello')], 1],
  ['LOCATE', [s('b'), s('abcb'), n('3')], 4],
  ['LOCATE', [s('b'), s('abcb')], 2],
  ['REPLACE', [s('a.b.c'), s('.'), s('/')], 'a/b/c'],
  ['REPLACE', [s('abc'), s(''), s('x')], 'abc'],
  ['REGEXP_EXTRACT', [s('foo=12&bar=3'), s('(\\w+)=(\\d+)'), n('2')], '12'],
  ['REGEXP_EXTRACT', [s('foo=12'), s('\\d+')], '12'],
  ['REGEXP_EXTRACT', [s('foo'), s('\\d+')], null],
  ['REGEXP_EXTRACT', [s('foo=1'), s('(\\w+)=(\\d+)'), n('5')], null],
  ['REGEXP_EXTRACT', [s('a=1&channel_id=42&b=2'), s('(&|^)channel_id=([^&]*)'), n('2')], '42'],
  ['REGEXP_REPLACE', [s('a1b22'), s('\\d+'), s('#')], 'a#b#'],
  ['REGEXP_REPLACE', [s('john smith'), s('(\\w+) (\\w+)'), s('$2 $1')], 'smith john'],
  ['REGEXP', [s('abc123'), s('\\d')], true],
  ['REGEXP', [s('ABC'), s('(?i)abc')], true],
  ['REGEXP', [s('abc'), s('^\\d')], false],
  ['SPLIT_INDEX', [s('a/b/c'), s('/'), n('1')], 'b'],
  ['SPLIT_INDEX', [s('a/b/c'), s('/'), n('3')], null],
  ['SPLIT_INDEX', [s('http://x.com/a/b'), s('/'), n('3')], 'a'],
  ['LPAD', [s('7'), n('3'), s('0')], '007'],
  ['LPAD', [s('hello'), n('2'), s('0')], 'he'],
  ['LPAD', [s('hi'), n('5'), s('ab')], 'abahi'],
  ['LPAD', [s('hi'), lit(-1, D.INT()), s('x')], null],
  ['RPAD', [s('ab'), n('4'), s('.')], 'ab..'],
  ['RPAD', [s('ab'), n('4'), s('')], null],
  ['REPEAT', [s('ab'), n('3')], 'ababab'],
  ['REPEAT', [s('ab'), lit(-2, D.INT())], ''],
  ['ASCII', [s('A')], 65],
  ['ASCII', [s('')], 0],
  ['CHR', [n('65')], 'A'],
];

test('string functions on literals and on column values', () => {
  for (const [name, args, expected] of cases) {
    const { inline, fromRow } = callBothWays(name, args);
    const label = `${name}(${args.map((a) => JSON.stringify(a.value)).join(', ')})`;
    assert.equal(inline, expected, `${label} inline`);
    assert.equal(fromRow, expected, `${label} from a row`);
  }
});

test('|| and CONCAT give NULL for a NULL argument; CONCAT_WS skips NULLs', () => {
  assert.equal(evaluate(call('CONCAT', [f('s'), f('s2')]), { s: 'a', s2: null }), null);
  assert.equal(evaluate(call('CONCAT_WS', [s(','), f('s'), f('s2'), s('z')]), { s: 'a', s2: null }), 'a,z');
  assert.equal(evaluate(call('CONCAT_WS', [f('s'), s('x'), s('y')]), { s: null }), null, 'a NULL separator gives NULL');
  assert.equal(evaluate(call('CONCAT_WS', [s(','), f('s')]), { s: null }), '');
});

test('an invalid literal regex fails at compile time; an invalid runtime regex gives NULL', () => {
  assert.throws(() => compileExpr(call('REGEXP', [f('s'), s('(')]), T), (e) => e instanceof ExprTypeError && /REGEXP: invalid regular expression '\('/.test(e.message));
  assert.equal(evaluate(call('REGEXP', [f('s'), f('s2')]), { s: 'a', s2: '(' }), null);
  assert.equal(evaluate(call('REGEXP_EXTRACT', [f('s'), f('s2')]), { s: 'a1', s2: '\\d' }), '1');
});

test('a literal regex is compiled once, as a constant of the generated function', () => {
  const fn = compileExpr(call('REGEXP_EXTRACT', [f('s'), s('(\\d+)'), n('1')]), T);
  assert.match(fn.source, /const k0 = k\[0\];/);
  assert.doesNotMatch(fn.source, /RegExp|cachedRegex/);
  assert.deepEqual(['a1', 'b22', 'c'].map((v) => fn({ s: v })), ['1', '22', null]);
});
