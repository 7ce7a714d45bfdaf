import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes as D, notNull, type DataType } from '../../../src/core/data-types.ts';
import { ExprTypeError, cast, field, intervalLiteral } from '../../../src/plan/expr/index.ts';
import { buildCaster, compileExpr } from '../../../src/operators/expr/index.ts';

/** Runs CAST (or TRY_CAST) of a column holding `value` of type `from`. */
function castValue(value: unknown, from: DataType, to: DataType, tryCast = false): unknown {
  const row = D.ROW([{ name: 'v', type: from }]);
  return compileExpr(cast(field(row, 'v'), to, tryCast), row)({ v: value });
}

const S = D.STRING();

test('text to numbers: spaces trimmed, fractions dropped for integers, out-of-range fails', () => {
  const cases: [string, DataType, unknown][] = [
    [' 42 ', D.INT(), 42],
    ['-7', D.BIGINT(), -7],
    ['1.9', D.INT(), 1],
    ['127', D.TINYINT(), 127],
    ['2.5', D.DOUBLE(), 2.5],
    ['1e3', D.DOUBLE(), 1000],
    ['NaN', D.DOUBLE(), Number.NaN],
    ['-Infinity', D.FLOAT(), -Infinity],
    ['3.14159', D.DECIMAL(5, 2), 3.14],
    ['2.675', D.DECIMAL(5, 2), 2.68],
    ['-2.675', D.DECIMAL(5, 2), -2.68],
    ['12345.6', D.DECIMAL(5, 2), null],
  ];
  for (const [text, to, expected] of cases) assert.deepEqual(castValue(text, S, to), expected, `'${text}' → ${to.kind}`);
});

test('invalid text fails CAST with the value and type named, and gives NULL for TRY_CAST', () => {
  const failing: [string, DataType, RegExp][] = [
    ['abc', D.INT(), /^CAST\('abc' AS INT\): not a number$/],
    ['128', D.TINYINT(), /out of range for TINYINT/],
    ['1x', D.DOUBLE(), /not a number/],
    ['maybe', D.BOOLEAN(), /not a boolean/],
    ['2024-13-01', D.DATE(), /not a date/],
    ['25:00', D.TIME(0), /not a time/],
    ['tomorrow', D.TIMESTAMP(3), /CAST\('tomorrow' AS TIMESTAMP\(3\)\): not a timestamp/],
    ['', D.INT(), /not a number/],
  ];
  for (const [text, to, message] of failing) {
    assert.throws(() => castValue(text, S, to), { name: 'ExprEvalError', message });
    assert.equal(castValue(text, S, to, true), null, `TRY_CAST('${text}')`);
  }
  assert.equal(castValue('12', S, D.INT(), true), 12, 'TRY_CAST of good text still converts');
});

test('text to booleans, dates, times, timestamps and bytes', () => {
  for (const t of ['true', 'TRUE', ' t ', 'yes', 'y', '1']) assert.equal(castValue(t, S, D.BOOLEAN()), true, t);
  for (const t of ['false', 'F', 'no', 'n', '0']) assert.equal(castValue(t, S, D.BOOLEAN()), false, t);
  assert.equal(castValue('2024-01-31', S, D.DATE()), 19753);
  assert.equal(castValue('2024-01-31 10:00:00', S, D.DATE()), 19753, 'a timestamp\'s date part');
  assert.equal(castValue('10:00:01', S, D.TIME(0)), 36_001_000);
  assert.equal(castValue('10:00:01.999', S, D.TIME(0)), 36_001_000, 'TIME(0) drops milliseconds');
  assert.equal(castValue('2024-01-01 10:00:00', S, D.TIMESTAMP(3)), Date.UTC(2024, 0, 1, 10));
  assert.equal(castValue('2024-01-01 10:00:00.123', S, D.TIMESTAMP(3)), Date.UTC(2024, 0, 1, 10, 0, 0, 123));
  assert.equal(castValue('2024-01-01 10:00:00.123', S, D.TIMESTAMP(0)), Date.UTC(2024, 0, 1, 10));
  assert.equal(castValue('2024-01-01T10:00:00', S, D.TIMESTAMP_LTZ(3)), Date.UTC(2024, 0, 1, 10));
  assert.deepEqual(castValue('hé', S, D.BYTES()), new TextEncoder().encode('hé'));
});

test('numbers, booleans and temporals to text, as Flink prints them', () => {
  const cases: [unknown, DataType, string][] = [
    [42, D.INT(), '42'],
    [-7, D.BIGINT(), '-7'],
    [1.0, D.DOUBLE(), '1.0'],
    [0.1, D.DOUBLE(), '0.1'],
    [1e10, D.DOUBLE(), '1.0E10'],
    [1.5e-4, D.DOUBLE(), '1.5E-4'],
    [1234567.5, D.DOUBLE(), '1234567.5'],
    [12345678.9, D.DOUBLE(), '1.23456789E7'],
    [0, D.DOUBLE(), '0.0'],
    [Number.NaN, D.DOUBLE(), 'NaN'],
    [5, D.DECIMAL(10, 2), '5.00'],
    [-0.5, D.DECIMAL(3, 1), '-0.5'],
    [true, D.BOOLEAN(), 'TRUE'],
    [false, D.BOOLEAN(), 'FALSE'],
    [19753, D.DATE(), '2024-01-31'],
    [36_001_500, D.TIME(0), '10:00:01'],
    [Date.UTC(2024, 0, 1, 10), D.TIMESTAMP(3), '2024-01-01 10:00:00.000'],
    [Date.UTC(2024, 0, 1, 10), D.TIMESTAMP(0), '2024-01-01 10:00:00'],
    [Date.UTC(2024, 0, 1, 10), D.TIMESTAMP_LTZ(3), '2024-01-01 10:00:00.000'],
    [124_215_123, D.INTERVAL('DAY', 'SECOND'), '+1 10:30:15.123'],
    [18, D.INTERVAL('YEAR', 'MONTH'), '+1-06'],
    [new TextEncoder().encode('hi'), D.BYTES(), 'hi'],
    [[1, null, 3], D.ARRAY(D.INT()), '[1, NULL, 3]'],
    [{ a: 1, b: null }, D.MAP(S, D.INT()), '{a=1, b=NULL}'],
    [{ x: 1, y: 'abc' }, D.ROW([{ name: 'x', type: D.INT() }, { name: 'y', type: S }]), '(1, abc)'],
  ];
  for (const [value, from, text] of cases) assert.equal(castValue(value, from, S), text, `${from.kind} ${String(value)}`);
});

test('CHAR(n) pads or truncates, VARCHAR(n) truncates', () => {
  assert.equal(castValue('ab', S, D.CHAR(4)), 'ab  ');
  assert.equal(castValue('abcdef', S, D.CHAR(4)), 'abcd');
  assert.equal(castValue('abcdef', S, D.VARCHAR(3)), 'abc');
  assert.equal(castValue('ab', S, D.VARCHAR(3)), 'ab');
  assert.equal(castValue(12345, D.INT(), D.VARCHAR(3)), '123');
  assert.deepEqual(castValue(new Uint8Array([1]), D.BYTES(), D.BINARY(3)), new Uint8Array([1, 0, 0]));
});

test('between numeric types: DOUBLE → INT truncates and saturates, narrowing integers wrap', () => {
  const cases: [unknown, DataType, DataType, unknown][] = [
    [2.9, D.DOUBLE(), D.INT(), 2],
    [-2.9, D.DOUBLE(), D.INT(), -2],
    [1e20, D.DOUBLE(), D.INT(), 2147483647],
    [Number.NaN, D.DOUBLE(), D.BIGINT(), 0],
    [300, D.INT(), D.TINYINT(), 44],
    [2147483648, D.BIGINT(), D.INT(), -2147483648],
    [12.345, D.DECIMAL(5, 3), D.INT(), 12],
    [12.345, D.DOUBLE(), D.DECIMAL(4, 2), 12.35],
    [123.45, D.DOUBLE(), D.DECIMAL(4, 2), null],
    [7, D.INT(), D.DECIMAL(3, 1), 7],
    [1000, D.INT(), D.DECIMAL(3, 0), null],
    [true, D.BOOLEAN(), D.INT(), 1],
    [false, D.BOOLEAN(), D.DOUBLE(), 0],
    [0, D.INT(), D.BOOLEAN(), false],
    [-3, D.DOUBLE(), D.BOOLEAN(), true],
    [5, D.INT(), D.BIGINT(), 5],
  ];
  for (const [v, from, to, expected] of cases) assert.deepEqual(castValue(v, from, to), expected, `${from.kind} ${String(v)} → ${to.kind}`);
});

test('between temporal types, and epoch seconds to TIMESTAMP_LTZ', () => {
  const ts = Date.UTC(2024, 0, 31, 10, 30, 15, 250);
  assert.equal(castValue(ts, D.TIMESTAMP(3), D.DATE()), 19753);
  assert.equal(castValue(-1, D.TIMESTAMP(3), D.DATE()), -1, 'before the epoch rounds down');
  assert.equal(castValue(ts, D.TIMESTAMP(3), D.TIME(3)), 37_815_250);
  assert.equal(castValue(ts, D.TIMESTAMP(3), D.TIME(0)), 37_815_000);
  assert.equal(castValue(19753, D.DATE(), D.TIMESTAMP(3)), Date.UTC(2024, 0, 31));
  assert.equal(castValue(ts, D.TIMESTAMP(3), D.TIMESTAMP(0)), Date.UTC(2024, 0, 31, 10, 30, 15));
  assert.equal(castValue(ts, D.TIMESTAMP(3), D.TIMESTAMP_LTZ(3)), ts);
  assert.equal(castValue(1704103200, D.BIGINT(), D.TIMESTAMP_LTZ(3)), Date.UTC(2024, 0, 1, 10));
});

test('collections and rows cast element by element', () => {
  assert.deepEqual(castValue(['1', null, '3'], D.ARRAY(S), D.ARRAY(D.INT())), [1, null, 3]);
  assert.deepEqual(castValue({ a: '1.5' }, D.MAP(S, S), D.MAP(S, D.DOUBLE())), { a: 1.5 });
  const from = D.ROW([{ name: 'a', type: S }, { name: 'b', type: D.INT() }]);
  const to = D.ROW([{ name: 'x', type: D.INT() }, { name: 'y', type: S }]);
  assert.deepEqual(castValue({ a: '7', b: 8 }, from, to), { x: 7, y: '8' });
  assert.throws(() => castValue(['x'], D.ARRAY(S), D.ARRAY(D.INT())), { name: 'ExprEvalError', message: "CAST('x' AS ARRAY<INT>): not a number" });
  assert.deepEqual(castValue(['x', '2'], D.ARRAY(S), D.ARRAY(D.INT()), true), [null, 2], 'TRY_CAST nulls the failing element');
});

test('CAST of NULL is NULL; casts of literals are done at compile time', () => {
  assert.equal(castValue(null, S, D.INT()), null);
  assert.equal(castValue(undefined, D.INT(), S), null);
  const row = D.ROW([]);
  const folded = compileExpr(cast(intervalLiteral('90', { start: 'MINUTE' }), S), row);
  assert.equal(folded({}), '+0 01:30:00.000');
  assert.doesNotMatch(folded.source, /k0\(/, 'no caster call is left in the code');
});

test('an impossible CAST of a literal fails at compile time', () => {
  const row = D.ROW([]);
  assert.throws(
    () => compileExpr(cast({ kind: 'literal', value: 'abc', type: notNull(S) }, D.INT()), row),
    (err) => err instanceof ExprTypeError && /CAST\('abc' AS INT\): not a number/.test(err.message),
  );
  assert.equal(compileExpr(cast({ kind: 'literal', value: 'abc', type: notNull(S) }, D.INT(), true), row)({}), null);
});

test('buildCaster gives no function when the value needs no conversion', () => {
  assert.equal(buildCaster(D.INT(), D.BIGINT(), false), undefined);
  assert.equal(buildCaster(D.INT(), D.DOUBLE(), false), undefined);
  assert.equal(buildCaster(D.CHAR(3), S, false), undefined);
  assert.equal(typeof buildCaster(S, D.INT(), false), 'function');
});
