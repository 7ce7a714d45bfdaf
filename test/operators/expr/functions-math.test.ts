import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes as D } from '../../../src/core/data-types.ts';
import { call, type LiteralExpr } from '../../../src/plan/expr/index.ts';
import { compileExpr } from '../../../src/operators/expr/index.ts';
import { T, callBothWays, evaluate, f, lit, n } from './helpers.ts';

const dbl = (v: number) => lit(v, D.DOUBLE());
const int = (v: number) => lit(v, D.INT());

const cases: [string, LiteralExpr[], number][] = [
  ['ABS', [int(-3)], 3],
  ['ABS', [dbl(-2.5)], 2.5],
  ['ABS', [lit(-2.5, D.DECIMAL(3, 1))], 2.5],
  ['SIGN', [dbl(-2.5)], -1],
  ['SIGN', [int(0)], 0],
  ['MOD', [int(7), int(3)], 1],
  ['MOD', [dbl(7.5), dbl(2)], 1.5],
  ['ROUND', [dbl(2.5)], 3],
  ['ROUND', [dbl(-2.5)], -3],
  ['ROUND', [dbl(1.005), int(2)], 1.01],
  ['ROUND', [dbl(1234.5678), int(-2)], 1200],
  ['ROUND', [lit(2.675, D.DECIMAL(5, 3)), int(2)], 2.68],
  ['ROUND', [int(1250), int(-2)], 1300],
  ['ROUND', [int(17)], 17],
  ['TRUNCATE', [dbl(1.289), int(2)], 1.28],
  ['TRUNCATE', [dbl(-1.289), int(1)], -1.2],
  ['TRUNCATE', [dbl(9.99)], 9],
  ['FLOOR', [dbl(-1.5)], -2],
  ['FLOOR', [int(7)], 7],
  ['CEIL', [dbl(1.2)], 2],
  ['CEILING', [lit(-1.5, D.DECIMAL(2, 1))], -1],
  ['POWER', [int(2), int(10)], 1024],
  ['POW', [dbl(9), dbl(0.5)], 3],
  ['SQRT', [dbl(16)], 4],
  ['CBRT', [dbl(27)], 3],
  ['EXP', [dbl(0)], 1],
  ['LN', [dbl(Math.E)], 1],
  ['LOG10', [dbl(1000)], 3],
  ['LOG2', [dbl(8)], 3],
  ['LOG', [dbl(Math.E)], 1],
  ['LOG', [dbl(2), dbl(8)], 3],
  ['SIN', [dbl(0)], 0],
  ['COS', [dbl(0)], 1],
  ['TAN', [dbl(0)], 0],
  ['COT', [dbl(Math.PI / 4)], 1.0000000000000002],
  ['ASIN', [dbl(1)], Math.PI / 2],
  ['ACOS', [dbl(1)], 0],
  ['ATAN', [dbl(0)], 0],
  ['ATAN2', [dbl(1), dbl(1)], Math.PI / 4],
  ['SINH', [dbl(0)], 0],
  ['COSH', [dbl(0)], 1],
  ['TANH', [dbl(0)], 0],
  ['DEGREES', [dbl(Math.PI)], 180],
  ['RADIANS', [dbl(180)], Math.PI],
  ['PI', [], Math.PI],
  ['E', [], Math.E],
];

test('math functions on literals and on column values', () => {
  for (const [name, args, expected] of cases) {
    const { inline, fromRow } = callBothWays(name, args);
    const label = `${name}(${args.map((a) => String(a.value)).join(', ')})`;
    assert.equal(inline, expected, `${label} inline`);
    assert.equal(fromRow, expected, `${label} from a row`);
  }
});

test('math on NULL is NULL; invalid inputs follow IEEE like Java', () => {
  assert.equal(evaluate(call('SQRT', [f('d')]), { d: null }), null);
  assert.equal(evaluate(call('ROUND', [f('d'), f('i')]), { d: 1.5, i: null }), null);
  assert.ok(Number.isNaN(evaluate(call('SQRT', [f('d')]), { d: -1 }) as number));
  assert.equal(evaluate(call('LN', [f('d')]), { d: 0 }), -Infinity);
  assert.equal(evaluate(call('ABS', [f('i')]), { i: -2147483648 }), -2147483648, 'ABS(INT_MIN) wraps like Java');
});

test('RAND is in [0, 1); RAND(seed) repeats its sequence in every compiled function; RAND_INTEGER stays below the bound', () => {
  const r = evaluate(call('RAND', [])) as number;
  assert.ok(r >= 0 && r < 1);
  const seeded = () => compileExpr(call('RAND', [n('42')]), T);
  const a = seeded();
  const b = seeded();
  const first = [a({}), a({}), a({})];
  assert.deepEqual([b({}), b({}), b({})], first);
  assert.notEqual(first[0], first[1]);
  const ri = compileExpr(call('RAND_INTEGER', [n('10')]), T);
  for (let i = 0; i < 50; i++) {
    const v = ri({}) as number;
    assert.ok(Number.isInteger(v) && v >= 0 && v < 10);
  }
  const seededInt = () => compileExpr(call('RAND_INTEGER', [n('7'), n('100')]), T)({});
  assert.equal(seededInt(), seededInt());
  assert.equal(evaluate(call('RAND_INTEGER', [f('i')]), { i: null }), null);
});
