import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes } from '../../src/core/data-types.ts';
import { displayText, javaDouble } from '../../src/engine/sql-display.ts';

test('doubles print as Java prints them, negative zero keeping its sign', () => {
  const cases: [number, string][] = [
    [100, '100.0'], [101.5, '101.5'], [0, '0.0'], [-0, '-0.0'], [Math.ceil(-0.5), '-0.0'],
    [1e7, '1.0E7'], [1.5e-4, '1.5E-4'], [-2.5e10, '-2.5E10'], [NaN, 'NaN'], [-Infinity, '-Infinity'],
  ];
  for (const [x, text] of cases) assert.equal(javaDouble(x), text, `javaDouble(${Object.is(x, -0) ? '-0' : x})`);
});

test('display text follows the column type', () => {
  assert.equal(displayText(-0, DataTypes.DOUBLE()), '-0.0');
  assert.equal(displayText(5, DataTypes.DECIMAL(6, 2)), '5.00');
  assert.equal(displayText(1704103200000, DataTypes.TIMESTAMP(3)), '2024-01-01 10:00:00.000');
  assert.equal(displayText(true, DataTypes.BOOLEAN()), 'TRUE');
  assert.equal(displayText(null, DataTypes.INT()), 'null');
});
