import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes as D } from '../../../src/core/data-types.ts';
import { builtinFunctions, intervalLiteral, timeUnit, type LiteralExpr } from '../../../src/plan/expr/index.ts';
import { fromJsonSchemaLiteral } from '../../../src/plan/expr/functions-json.ts';
import { CALL_EMITTERS } from '../../../src/operators/expr/call-emitters.ts';
import { TS, callWithNullAt, lit, n, s } from './helpers.ts';

const ts = lit(TS, D.TIMESTAMP(3));
const dbl = lit(2.5, D.DOUBLE());
const str = s('a,b');
const row = D.ROW([{ name: 'a', type: D.INT() }]);

/** One valid call of every strict built-in with arguments; null-propagation is checked on each. */
const SAMPLES: Record<string, LiteralExpr[]> = {
  '+': [n('1'), n('2')], '-': [n('1'), n('2')], '*': [n('2'), n('3')], '/': [n('6'), n('3')], '%': [n('7'), n('3')],
  MOD: [n('7'), n('3')], '=': [n('1'), n('1')], '<>': [n('1'), n('2')], '<': [n('1'), n('2')], '<=': [n('1'), n('2')],
  '>': [n('1'), n('2')], '>=': [n('1'), n('2')], '||': [s('a'), s('b')],
  UPPER: [str], LOWER: [str], INITCAP: [str], REVERSE: [str], TRIM: [str, s('a')], LTRIM: [str, s('a')], RTRIM: [str, s('a')],
  SUBSTRING: [str, n('1'), n('2')], OVERLAY: [str, s('x'), n('1'), n('1')], LEFT: [str, n('1')], RIGHT: [str, n('1')],
  CONCAT: [str, s('c')], CHAR_LENGTH: [str], POSITION: [s(','), str], LOCATE: [s(','), str, n('1')],
  REPLACE: [str, s(','), s(';')], REGEXP_EXTRACT: [str, s('(\\w)'), n('1')], REGEXP_REPLACE: [str, s(','), s(';')],
  REGEXP: [str, s(',')], SPLIT_INDEX: [str, s(','), n('0')], LPAD: [str, n('5'), s('x')], RPAD: [str, n('5'), s('x')],
  REPEAT: [str, n('2')], ASCII: [str], CHR: [n('65')],
  ABS: [dbl], SIGN: [dbl], ROUND: [dbl, n('0')], TRUNCATE: [dbl, n('0')], FLOOR: [ts, timeUnit('HOUR')], CEIL: [dbl],
  POWER: [dbl, dbl], SQRT: [dbl], CBRT: [dbl], EXP: [dbl], LN: [dbl], LOG10: [dbl], LOG2: [dbl], LOG: [dbl, dbl],
  SIN: [dbl], COS: [dbl], TAN: [dbl], COT: [dbl], ASIN: [lit(0.5, D.DOUBLE())], ACOS: [lit(0.5, D.DOUBLE())], ATAN: [dbl],
  SINH: [dbl], COSH: [dbl], TANH: [dbl], DEGREES: [dbl], RADIANS: [dbl], ATAN2: [dbl, dbl], RAND_INTEGER: [n('1'), n('10')],
  DATE_FORMAT: [ts, s('yyyy')], TO_TIMESTAMP: [s('2024-01-01 00:00:00'), s('yyyy-MM-dd HH:mm:ss')],
  TO_TIMESTAMP_LTZ: [n('0'), n('3')], TO_DATE: [s('2024-01-01'), s('yyyy-MM-dd')],
  EXTRACT: [timeUnit('YEAR'), ts], YEAR: [ts], QUARTER: [ts], MONTH: [ts], WEEK: [ts], DAYOFYEAR: [ts], DAYOFMONTH: [ts],
  DAYOFWEEK: [ts], HOUR: [ts], MINUTE: [ts], SECOND: [ts], TIMESTAMPADD: [timeUnit('DAY'), n('1'), ts],
  TIMESTAMPDIFF: [timeUnit('DAY'), ts, ts], UNIX_TIMESTAMP: [s('2024-01-01 00:00:00'), s('yyyy-MM-dd HH:mm:ss')],
  FROM_UNIXTIME: [n('0'), s('yyyy')], GREATEST: [n('1'), n('2')], LEAST: [n('1'), n('2')],
  JSON_VALUE: [s('{"a":1}'), s('$.a')], JSON_QUERY: [s('{"a":[1]}'), s('$.a')], JSON_EXISTS: [s('{"a":1}'), s('$.a')],
  CARDINALITY: [lit([1], D.ARRAY(D.INT()))], HASH_CODE: [str], MD5: [str], SHA256: [str],
  FROM_JSON: [s('{"a":1}'), s(fromJsonSchemaLiteral(row))], TO_JSON: [lit({ a: 1 }, row)],
  // {a: 1} in binary Avro of the schema: union branch 1 (zigzag 2), then the int 1 (zigzag 2)
  FROM_AVRO: [lit(new Uint8Array([2, 2]), D.BYTES()), s(fromJsonSchemaLiteral(row)),
    s('{"type":"record","name":"r","fields":[{"name":"a","type":["null","int"]}]}')],
  TO_AVRO: [lit({ a: 1 }, row)],
};

test('every built-in has a code generator and every code generator a definition', () => {
  const defined = builtinFunctions().map((d) => d.name).sort();
  assert.deepEqual(Object.keys(CALL_EMITTERS).sort(), defined);
});

test('every strict built-in gives NULL when any argument is NULL, and a value otherwise', () => {
  const strict = builtinFunctions().filter((d) => d.nullHandling === 'strict' && d.maxArgs > 0);
  for (const def of strict) {
    const args = SAMPLES[def.name];
    assert.ok(args !== undefined, `add a sample call for ${def.name}`);
    for (let i = 0; i < args.length; i++) {
      if (def.literalArgs.includes(i)) continue;
      assert.equal(callWithNullAt(def.name, args, i), null, `${def.name} with argument ${i + 1} NULL`);
    }
    assert.notEqual(callWithNullAt(def.name, args, -1), null, `${def.name} with no NULLs`);
  }
});

test('interval arithmetic samples also propagate NULL', () => {
  const hours = intervalLiteral('2', { start: 'HOUR' });
  assert.equal(callWithNullAt('+', [ts, hours], 0), null);
  assert.equal(callWithNullAt('+', [ts, hours], 1), null);
  assert.equal(callWithNullAt('*', [hours, n('2')], 1), null);
});
