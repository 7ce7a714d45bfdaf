import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes as D } from '../../../src/core/data-types.ts';
import { call, cast, field, intervalLiteral, nullLiteral, type Expr } from '../../../src/plan/expr/index.ts';
import { compileExpr } from '../../../src/operators/expr/index.ts';
import { TS, evaluate, f, lit, n, s } from './helpers.ts';

const ints = D.ROW([
  { name: 't', type: D.TINYINT() }, { name: 'sm', type: D.SMALLINT() }, { name: 'i', type: D.INT() }, { name: 'b', type: D.BIGINT() },
]);
const op = (o: string, a: Expr, b?: Expr) => call(o, b === undefined ? [a] : [a, b]);

test('arithmetic on NULL gives NULL', () => {
  for (const o of ['+', '-', '*', '/', '%']) {
    assert.equal(evaluate(op(o, f('i'), f('j')), { i: null, j: 2 }), null, o);
    assert.equal(evaluate(op(o, f('i'), nullLiteral(D.INT())), { i: 3 }), null, o);
  }
  assert.equal(evaluate(op('-', f('i')), { i: null }), null);
});

test('INT arithmetic wraps at 32 bits like Java; BIGINT does not', () => {
  const row = { t: 127, sm: 32767, i: 2147483647, b: 2147483647 };
  const at = (e: Expr) => compileExpr(e, ints)(row);
  assert.equal(at(op('+', field(ints, 'i'), n('1'))), -2147483648);
  assert.equal(at(op('*', field(ints, 'i'), n('2'))), -2);
  assert.equal(at(op('-', op('-', field(ints, 'i')), n('2'))), 2147483647);
  assert.equal(at(op('+', field(ints, 'b'), n('1'))), 2147483648);
  assert.equal(at(op('+', field(ints, 't'), field(ints, 't'))), -2, 'TINYINT + TINYINT wraps at 8 bits');
  assert.equal(at(op('+', field(ints, 'sm'), field(ints, 'sm'))), -2);
  assert.equal(compileExpr(op('*', field(ints, 'i'), field(ints, 'i')), ints)({ i: 65536 }), 0, 'Math.imul keeps the low 32 bits exactly');
});

test('integer division truncates toward zero; a zero divisor is an error naming the operator and value', () => {
  assert.equal(evaluate(op('/', f('i'), f('j')), { i: 7, j: 2 }), 3);
  assert.equal(evaluate(op('/', f('i'), f('j')), { i: -7, j: 2 }), -3);
  assert.equal(evaluate(op('/', f('b'), n('2')), { b: 9007199254740990 }), 4503599627370495);
  assert.equal(evaluate(op('%', f('i'), f('j')), { i: -7, j: 3 }), -1);
  assert.equal(evaluate(call('MOD', [f('i'), n('3')]), { i: 7 }), 1);
  assert.throws(() => evaluate(op('/', f('i'), f('j')), { i: 7, j: 0 }), { name: 'ExprEvalError', message: "'/': division by zero (7 / 0)" });
  assert.throws(() => evaluate(op('%', f('i'), f('j')), { i: 7, j: 0 }), /'%': division by zero/);
  assert.equal(evaluate(op('/', f('d'), n('0')), { d: 1 }), Infinity, 'DOUBLE division follows IEEE');
  assert.equal(evaluate(op('/', f('i'), f('d')), { i: 7, d: 2 }), 3.5, 'INT / DOUBLE is DOUBLE');
});

test('DECIMAL results are rounded HALF_UP to their scale', () => {
  assert.equal(evaluate(op('+', lit(0.1, D.DECIMAL(2, 1)), lit(0.2, D.DECIMAL(2, 1)))), 0.3);
  assert.equal(evaluate(op('*', f('dec'), n('3'))), null);
  assert.equal(evaluate(op('*', f('dec'), n('3')), { dec: 1.11 }), 3.33);
  assert.equal(evaluate(op('/', n('1.00'), n('3.0'))), 0.333333, 'DECIMAL(3, 2) / DECIMAL(2, 1) has scale 6');
  assert.equal(evaluate(op('/', n('2.00'), n('3.0'))), 0.666667);
  assert.equal(evaluate(op('/', n('1.00'), n('3'))), 0.3333333333333, 'DECIMAL(3, 2) / INT has scale 13');
  assert.equal(evaluate(op('-', n('0.00'), n('1.005'))), -1.005);
  assert.throws(() => evaluate(op('/', f('dec'), n('0')), { dec: 1.5 }), /division by zero/);
});

test('comparisons widen numerics and compare strings, booleans and temporals', () => {
  assert.equal(evaluate(op('=', f('i'), f('d')), { i: 2, d: 2.0 }), true);
  assert.equal(evaluate(op('<', f('i'), f('b')), { i: 2, b: 3 }), true);
  assert.equal(evaluate(op('<>', f('s'), s('a')), { s: 'b' }), true);
  assert.equal(evaluate(op('>=', f('s'), f('s2')), { s: 'b', s2: 'a' }), true);
  assert.equal(evaluate(op('<', f('flag'), f('flag2')), { flag: false, flag2: true }), true);
  assert.equal(evaluate(op('<', f('dt'), f('ts')), { dt: 19723, ts: TS }), true, 'DATE 2024-01-01 is before 10:00 that day');
  assert.equal(evaluate(op('=', f('dt'), f('ts')), { dt: 19723, ts: Date.UTC(2024, 0, 1) }), true);
  assert.equal(evaluate(op('>', f('ts'), s('2024-01-01 09:59:59'))), null);
  assert.equal(evaluate(op('>', f('ts'), s('2024-01-01 09:59:59')), { ts: TS }), true);
  assert.equal(evaluate(op('=', f('bytes'), lit(new Uint8Array([1, 2]), D.BYTES())), { bytes: new Uint8Array([1, 2]) }), true);
  assert.equal(evaluate(op('<', f('bytes'), lit(new Uint8Array([1, 3]), D.BYTES())), { bytes: new Uint8Array([1, 2]) }), true);
  assert.equal(evaluate(op('=', f('arr'), f('arr')), { arr: [1, null] }), true);
  assert.equal(evaluate(op('=', f('r'), f('r')), { r: { x: 1, y: 'a' } }), true);
  assert.equal(evaluate(op('=', f('i'), f('j')), { i: 1, j: null }), null);
});

test('string concatenation with ||', () => {
  assert.equal(evaluate(op('||', f('s'), s('!')), { s: 'hi' }), 'hi!');
  assert.equal(evaluate(op('||', f('s'), s('!')), { s: null }), null);
});

test('timestamps, dates and times shift by intervals', () => {
  const hours = (h: string) => intervalLiteral(h, { start: 'HOUR' });
  const months = (m: string) => intervalLiteral(m, { start: 'MONTH' });
  assert.equal(evaluate(op('+', f('ts'), hours('2')), { ts: TS }), TS + 7_200_000);
  assert.equal(evaluate(op('+', hours('2'), f('ts')), { ts: TS }), TS + 7_200_000);
  assert.equal(evaluate(op('-', f('ts'), hours('2')), { ts: TS }), TS - 7_200_000);
  assert.equal(evaluate(op('+', f('ts'), months('1')), { ts: Date.UTC(2024, 0, 31, 10) }), Date.UTC(2024, 1, 29, 10));
  assert.equal(evaluate(op('-', f('ts'), months('12')), { ts: TS }), Date.UTC(2023, 0, 1, 10));
  assert.equal(evaluate(op('+', f('dt'), intervalLiteral('1', { start: 'DAY' })), { dt: 19723 }), 19724);
  assert.equal(evaluate(op('+', f('dt'), hours('25')), { dt: 19723 }), 19724, 'DATE + 25 hours is the next day');
  assert.equal(evaluate(op('+', f('dt'), months('1')), { dt: 19723 }), 19754);
  assert.equal(evaluate(op('+', f('tm'), hours('15')), { tm: 10 * 3_600_000 }), 3_600_000, 'TIME wraps at midnight');
  assert.equal(evaluate(op('*', hours('2'), n('3'))), 21_600_000);
  assert.equal(evaluate(op('/', hours('3'), n('2'))), 5_400_000);
  assert.equal(evaluate(op('-', hours('3'), intervalLiteral('30', { start: 'MINUTE' }))), 9_000_000);
  assert.equal(evaluate(op('-', hours('3'))), -10_800_000);
});

test('unary minus on literals and negative literal values generate valid code', () => {
  assert.equal(evaluate(op('-', n('5'))), -5);
  assert.equal(evaluate(op('-', op('-', n('5')))), 5);
  assert.equal(evaluate(op('-', f('i'), op('-', n('5'))), { i: 1 }), 6);
  assert.equal(evaluate(cast(op('-', n('5')), D.BIGINT())), -5);
});
