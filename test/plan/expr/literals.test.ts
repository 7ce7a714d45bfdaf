import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes, typeToString } from '../../../src/core/data-types.ts';
import {
  ExprTypeError, binaryLiteral, booleanLiteral, dateLiteral, intervalLiteral, literal, nullLiteral, numericLiteral,
  stringLiteral, timeLiteral, timestampLiteral, valueLiteral,
} from '../../../src/plan/expr/index.ts';

const typeOf = (e: { type: Parameters<typeof typeToString>[0] }) => typeToString(e.type);

test('numeric literal text gets Flink\'s types', () => {
  const cases: [string, number, string][] = [
    ['42', 42, 'INT NOT NULL'],
    ['2147483647', 2147483647, 'INT NOT NULL'],
    ['2147483648', 2147483648, 'BIGINT NOT NULL'],
    ['9223372036854775808', 9223372036854775808, 'DECIMAL(19, 0) NOT NULL'],
    ['3.14', 3.14, 'DECIMAL(3, 2) NOT NULL'],
    ['.5', 0.5, 'DECIMAL(1, 1) NOT NULL'],
    ['1.', 1, 'DECIMAL(1, 0) NOT NULL'],
    ['0.908', 0.908, 'DECIMAL(3, 3) NOT NULL'],
    ['1e10', 1e10, 'DOUBLE NOT NULL'],
    ['2.5E-3', 0.0025, 'DOUBLE NOT NULL'],
  ];
  for (const [text, value, type] of cases) {
    const e = numericLiteral(text);
    assert.equal(e.value, value, text);
    assert.equal(typeOf(e), type, text);
  }
  assert.throws(() => numericLiteral('12a'), ExprTypeError);
});

test('string, boolean and NULL literals', () => {
  assert.equal(typeOf(stringLiteral('AAPL')), 'CHAR(4) NOT NULL');
  assert.equal(typeOf(stringLiteral('')), 'CHAR(0) NOT NULL');
  assert.equal(typeOf(booleanLiteral(true)), 'BOOLEAN NOT NULL');
  assert.equal(typeOf(booleanLiteral(null)), 'BOOLEAN', 'UNKNOWN is a nullable boolean');
  assert.equal(typeOf(nullLiteral()), 'NULL');
  assert.equal(typeOf(nullLiteral(DataTypes.INT())), 'INT');
  assert.equal(literal(undefined, DataTypes.INT()).value, null, 'undefined is read as null');
  assert.ok(Object.isFrozen(stringLiteral('x')));
});

test('date, time and timestamp literals hold days, ms of day and epoch ms', () => {
  assert.equal(dateLiteral('2024-01-31').value, 19753);
  assert.equal(typeOf(dateLiteral('2024-01-31')), 'DATE NOT NULL');
  assert.equal(timeLiteral('10:00:01').value, 36001000);
  assert.equal(typeOf(timeLiteral('10:00:01.5')), 'TIME(1) NOT NULL');
  assert.equal(timestampLiteral('2024-01-31 10:00:00.123').value, Date.UTC(2024, 0, 31, 10, 0, 0, 123));
  assert.equal(typeOf(timestampLiteral('2024-01-31 10:00:00.123')), 'TIMESTAMP(3) NOT NULL');
  assert.equal(typeOf(timestampLiteral('2024-01-31 10:00:00')), 'TIMESTAMP(0) NOT NULL');
  assert.throws(() => dateLiteral('2024-02-30'), /invalid DATE literal '2024-02-30'/);
  assert.throws(() => timeLiteral('25:00:00'), ExprTypeError);
  assert.throws(() => timestampLiteral('yesterday'), ExprTypeError);
});

test('interval literals hold milliseconds or months', () => {
  const cases: [string, Parameters<typeof intervalLiteral>[1], number, string][] = [
    ['5', { start: 'SECOND' }, 5000, 'INTERVAL SECOND(3) NOT NULL'],
    ['5.5', { start: 'SECOND' }, 5500, 'INTERVAL SECOND(3) NOT NULL'],
    ['10', { start: 'MINUTE' }, 600_000, 'INTERVAL MINUTE NOT NULL'],
    ['2', { start: 'HOUR' }, 7_200_000, 'INTERVAL HOUR NOT NULL'],
    ['1', { start: 'DAY' }, 86_400_000, 'INTERVAL DAY(2) NOT NULL'],
    ['1 10', { start: 'DAY', end: 'HOUR' }, 122_400_000, 'INTERVAL DAY(2) TO HOUR NOT NULL'],
    ['1 10:30:15.123', { start: 'DAY', end: 'SECOND', fractionalPrecision: 3 }, 124_215_123, 'INTERVAL DAY(2) TO SECOND(3) NOT NULL'],
    ['10:30', { start: 'HOUR', end: 'MINUTE' }, 37_800_000, 'INTERVAL HOUR TO MINUTE NOT NULL'],
    ['12:30', { start: 'MINUTE', end: 'SECOND' }, 750_000, 'INTERVAL MINUTE TO SECOND(3) NOT NULL'],
    ['100', { start: 'HOUR', startPrecision: 3 }, 360_000_000, 'INTERVAL HOUR NOT NULL'],
    ['3', { start: 'MONTH' }, 3, 'INTERVAL MONTH NOT NULL'],
    ['1', { start: 'YEAR' }, 12, 'INTERVAL YEAR(2) NOT NULL'],
    ['1-6', { start: 'YEAR', end: 'MONTH' }, 18, 'INTERVAL YEAR(2) TO MONTH NOT NULL'],
    ['-1-6', { start: 'YEAR', end: 'MONTH' }, -18, 'INTERVAL YEAR(2) TO MONTH NOT NULL'],
  ];
  for (const [text, q, value, type] of cases) {
    const e = intervalLiteral(text, q);
    assert.equal(e.value, value, text);
    assert.equal(typeOf(e), type, text);
  }
  assert.equal(intervalLiteral('5', { start: 'SECOND' }, true).value, -5000, 'INTERVAL -\'5\' SECOND');
  assert.throws(() => intervalLiteral('1:70', { start: 'HOUR', end: 'MINUTE' }), /invalid interval literal/);
  assert.throws(() => intervalLiteral('1 2', { start: 'SECOND' }), ExprTypeError);
});

test('binary literals and plain JavaScript values', () => {
  assert.deepEqual(binaryLiteral('0FA2').value, new Uint8Array([15, 162]));
  assert.equal(typeOf(binaryLiteral('0FA2')), 'BINARY(2) NOT NULL');
  assert.throws(() => binaryLiteral('0F2'), ExprTypeError);
  assert.equal(typeOf(valueLiteral(5)), 'INT NOT NULL');
  assert.equal(typeOf(valueLiteral(5_000_000_000)), 'BIGINT NOT NULL');
  assert.equal(typeOf(valueLiteral(1.5)), 'DOUBLE NOT NULL');
  assert.equal(typeOf(valueLiteral('x')), 'STRING NOT NULL');
  assert.equal(typeOf(valueLiteral(false)), 'BOOLEAN NOT NULL');
  assert.equal(typeOf(valueLiteral(null)), 'NULL');
  assert.throws(() => valueLiteral({}), /give its type/);
});
