import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes as D, notNull, typeToString, type DataType } from '../../../src/core/data-types.ts';
import {
  ExprTypeError, builtinFunctions, decimalResultType, lookupFunction, numericResultType, timeUnit,
} from '../../../src/plan/expr/index.ts';

const NN = notNull;
const infer = (name: string, types: DataType[], literals?: unknown[]) =>
  typeToString((lookupFunction(name) ?? assert.fail(`no ${name}`)).inferReturnType(types, literals));

test('arithmetic result types: wider integer, DOUBLE wins, DECIMAL by Flink\'s rules', () => {
  const cases: [string, DataType[], string][] = [
    ['+', [NN(D.INT()), NN(D.BIGINT())], 'BIGINT NOT NULL'],
    ['+', [D.INT(), NN(D.INT())], 'INT'],
    ['+', [D.TINYINT(), D.TINYINT()], 'TINYINT'],
    ['*', [D.INT(), D.DOUBLE()], 'DOUBLE'],
    ['*', [D.FLOAT(), D.BIGINT()], 'FLOAT'],
    ['/', [D.INT(), D.INT()], 'INT'],
    ['/', [D.BIGINT(), D.INT()], 'BIGINT'],
    ['+', [D.DECIMAL(10, 2), D.DECIMAL(5, 3)], 'DECIMAL(12, 3)'],
    ['*', [D.DECIMAL(5, 2), D.INT()], 'DECIMAL(15, 2)'],
    ['/', [D.DECIMAL(10, 2), D.DECIMAL(10, 2)], 'DECIMAL(23, 13)'],
    ['%', [D.DECIMAL(10, 2), D.INT()], 'DECIMAL(10, 2)'],
    ['MOD', [D.BIGINT(), D.INT()], 'BIGINT'],
    ['*', [D.DECIMAL(38, 10), D.DECIMAL(38, 10)], 'DECIMAL(38, 6)'],
    ['-', [D.INT()], 'INT'],
    ['-', [D.DECIMAL(5, 2)], 'DECIMAL(5, 2)'],
    ['+', [D.NULL(), D.INT()], 'INT'],
  ];
  for (const [op, types, expected] of cases) assert.equal(infer(op, types), expected, `${op}(${types.map(typeToString)})`);
  assert.equal(typeToString(numericResultType('+', D.INT(), D.BIGINT())), 'BIGINT');
  assert.equal(typeToString(decimalResultType('-', D.DECIMAL(3, 0), D.DECIMAL(3, 0))), 'DECIMAL(4, 0)');
});

test('temporal arithmetic keeps the temporal type', () => {
  const ds = D.INTERVAL('DAY', 'SECOND');
  const ym = D.INTERVAL('YEAR', 'MONTH');
  assert.equal(infer('+', [D.TIMESTAMP(3), ds]), 'TIMESTAMP(3)');
  assert.equal(infer('+', [ds, D.TIMESTAMP(3)]), 'TIMESTAMP(3)');
  assert.equal(infer('-', [D.DATE(), ym]), 'DATE');
  assert.equal(infer('+', [D.TIME(0), ds]), 'TIME(0)');
  assert.equal(infer('+', [ds, D.INTERVAL('SECOND')]), 'INTERVAL DAY(2) TO SECOND(6)');
  assert.equal(infer('*', [ds, D.INT()]), 'INTERVAL DAY(2) TO SECOND(6)');
  assert.throws(() => infer('+', [D.TIME(0), ym]), /cannot apply '\+' to TIME\(0\) and INTERVAL YEAR\(2\) TO MONTH/);
  assert.throws(() => infer('-', [ds, D.TIMESTAMP(3)]), ExprTypeError);
  assert.throws(() => infer('+', [D.TIMESTAMP(3), D.TIMESTAMP(3)]), ExprTypeError);
});

test('type errors name the function and the argument types', () => {
  assert.throws(() => infer('+', [D.STRING(), D.INT()]), { name: 'ExprTypeError', message: "cannot apply '+' to STRING and INT (expects numeric + numeric)" });
  assert.throws(() => infer('UPPER', [NN(D.INT())]), { message: "cannot apply 'UPPER' to INT (expects UPPER(string))" });
  assert.throws(() => infer('SUBSTRING', [D.STRING()]), { message: 'SUBSTRING takes 2 to 3 arguments, got 1 (expects SUBSTRING(string, start [, length]))' });
  assert.throws(() => infer('=', [D.INT(), D.STRING()]), /cannot apply '=' to INT and STRING/);
  assert.throws(() => infer('<', [D.ARRAY(D.INT()), D.ARRAY(D.INT())]), /cannot apply '<'/);
  assert.throws(() => infer('EXTRACT', [D.STRING(), D.TIMESTAMP(3)]), /argument 1 must be a literal/);
  assert.throws(() => infer('EXTRACT', [D.STRING(), D.TIMESTAMP(3)], ['FORTNIGHT']), /unsupported time unit FORTNIGHT/);
  assert.throws(() => infer('EXTRACT', [D.STRING(), D.TIME(0)], ['YEAR']), /cannot extract YEAR from TIME/);
  assert.throws(() => infer('COALESCE', [D.INT(), D.STRING()]), /cannot apply 'COALESCE' to INT and STRING/);
  assert.throws(() => infer('CONCAT_WS', [D.INT(), D.STRING()]), ExprTypeError);
  assert.throws(() => infer('TO_TIMESTAMP_LTZ', [D.BIGINT(), D.INT()], [undefined, 6]), /precision must be 0/);
});

test('comparisons give BOOLEAN and bring both sides to one type', () => {
  const eq = lookupFunction('=')!;
  assert.equal(infer('=', [NN(D.INT()), NN(D.DOUBLE())]), 'BOOLEAN NOT NULL');
  assert.equal(infer('<', [D.INT(), NN(D.BIGINT())]), 'BOOLEAN');
  assert.equal(infer('=', [D.ARRAY(D.INT()), D.ARRAY(D.INT())]), 'BOOLEAN', 'equality works on collections');
  assert.equal(infer('>', [D.STRING(), D.TIMESTAMP(3)]), 'BOOLEAN', 'text compares with a timestamp');
  const targets = eq.operandTypes([D.DATE(), D.TIMESTAMP(3)], D.BOOLEAN()).map((t) => t && typeToString(t));
  assert.deepEqual(targets, ['TIMESTAMP(3)', 'TIMESTAMP(3)']);
});

test('string, math and conditional function result types', () => {
  const cases: [string, DataType[], string, unknown[]?][] = [
    ['||', [NN(D.CHAR(2)), NN(D.CHAR(3))], 'CHAR(5) NOT NULL'],
    ['||', [D.VARCHAR(5), D.STRING()], 'STRING'],
    ['CHAR_LENGTH', [NN(D.STRING())], 'INT NOT NULL'],
    ['CHARACTER_LENGTH', [D.STRING()], 'INT'],
    ['UPPER', [D.CHAR(3)], 'CHAR(3)'],
    ['SUBSTRING', [NN(D.STRING()), NN(D.INT())], 'STRING NOT NULL'],
    // A negative length gives NULL, so the 3-argument form is nullable.
    ['SUBSTRING', [NN(D.STRING()), NN(D.INT()), NN(D.INT())], 'STRING'],
    ['REGEXP_EXTRACT', [NN(D.STRING()), NN(D.STRING())], 'STRING'],
    ['CONCAT_WS', [NN(D.STRING()), D.STRING()], 'STRING NOT NULL'],
    ['CONCAT_WS', [D.STRING(), NN(D.STRING())], 'STRING'],
    ['ROUND', [D.DECIMAL(10, 4), NN(D.INT())], 'DECIMAL(9, 2)', [undefined, 2]],
    ['ROUND', [D.DOUBLE()], 'DOUBLE'],
    ['TRUNCATE', [D.DECIMAL(10, 4), NN(D.INT())], 'DECIMAL(8, 2)', [undefined, 2]],
    // Calcite's ReturnTypes.ARG0_OR_EXACT_NO_SCALE (DECIMAL_SCALE0), kept by Flink: DECIMAL(p, s) → DECIMAL(p, 0).
    ['FLOOR', [D.DECIMAL(10, 2)], 'DECIMAL(10, 0)'],
    ['FLOOR', [D.INT()], 'INT'],
    ['FLOOR', [D.TIMESTAMP(3), NN(D.CHAR(4))], 'TIMESTAMP(3)', [undefined, 'HOUR']],
    ['CEILING', [D.DOUBLE()], 'DOUBLE'],
    ['POWER', [D.INT(), D.INT()], 'DOUBLE'],
    ['ABS', [NN(D.BIGINT())], 'BIGINT NOT NULL'],
    ['RAND', [], 'DOUBLE NOT NULL'],
    ['PI', [], 'DOUBLE NOT NULL'],
    ['COALESCE', [D.INT(), NN(D.BIGINT())], 'BIGINT NOT NULL'],
    ['COALESCE', [D.INT(), D.INT()], 'INT'],
    ['IFNULL', [D.STRING(), NN(D.CHAR(1))], 'STRING NOT NULL'],
    ['NULLIF', [NN(D.INT()), NN(D.INT())], 'INT'],
    ['IF', [NN(D.BOOLEAN()), NN(D.INT()), NN(D.DOUBLE())], 'DOUBLE NOT NULL'],
    ['GREATEST', [NN(D.INT()), D.BIGINT()], 'BIGINT'],
    ['ARRAY', [NN(D.INT()), NN(D.BIGINT())], 'ARRAY<BIGINT NOT NULL> NOT NULL'],
    ['MAP', [NN(D.CHAR(1)), D.INT()], 'MAP<CHAR(1) NOT NULL, INT> NOT NULL'],
    ['ROW', [NN(D.INT()), D.STRING()], 'ROW<`EXPR$0` INT NOT NULL, `EXPR$1` STRING> NOT NULL'],
    ['CARDINALITY', [D.ARRAY(D.INT())], 'INT'],
    ['JSON_VALUE', [NN(D.STRING()), NN(D.STRING())], 'STRING'],
    ['UUID', [], 'CHAR(36) NOT NULL'],
  ];
  for (const [name, types, expected, literals] of cases) {
    assert.equal(infer(name, types, literals), expected, name);
  }
});

test('temporal function result types', () => {
  const cases: [string, DataType[], string, unknown[]?][] = [
    ['DATE_FORMAT', [D.TIMESTAMP(3), NN(D.STRING())], 'STRING'],
    ['DATE_FORMAT', [NN(D.TIMESTAMP(3)), NN(D.STRING())], 'STRING NOT NULL'],
    // Unparsable text gives NULL.
    ['DATE_FORMAT', [NN(D.STRING()), NN(D.STRING())], 'STRING'],
    ['TO_TIMESTAMP', [NN(D.STRING())], 'TIMESTAMP(3)'],
    ['TO_TIMESTAMP_LTZ', [NN(D.BIGINT()), NN(D.INT())], 'TIMESTAMP_LTZ(3) NOT NULL', [undefined, 3]],
    ['TO_DATE', [D.STRING()], 'DATE'],
    ['EXTRACT', [NN(D.CHAR(4)), NN(D.TIMESTAMP(3))], 'BIGINT NOT NULL', ['YEAR']],
    ['EXTRACT', [NN(D.CHAR(4)), D.INTERVAL('DAY', 'SECOND')], 'BIGINT', ['HOUR']],
    ['HOUR', [D.TIMESTAMP(3)], 'BIGINT'],
    ['DAYOFWEEK', [D.DATE()], 'BIGINT'],
    ['TIMESTAMPADD', [NN(D.CHAR(4)), NN(D.INT()), D.TIMESTAMP(3)], 'TIMESTAMP(3)', ['HOUR']],
    ['TIMESTAMPADD', [NN(D.CHAR(4)), NN(D.INT()), NN(D.DATE())], 'TIMESTAMP(3) NOT NULL', ['HOUR']],
    ['TIMESTAMPADD', [NN(D.CHAR(4)), NN(D.INT()), NN(D.DATE())], 'DATE NOT NULL', ['DAY']],
    ['TIMESTAMPDIFF', [NN(D.CHAR(4)), D.TIMESTAMP(3), D.TIMESTAMP(3)], 'INT', ['DAY']],
    ['CURRENT_TIMESTAMP', [], 'TIMESTAMP_LTZ(3) NOT NULL'],
    ['LOCALTIMESTAMP', [], 'TIMESTAMP(3) NOT NULL'],
    ['CURRENT_DATE', [], 'DATE NOT NULL'],
    ['NOW', [], 'TIMESTAMP_LTZ(3) NOT NULL'],
    ['PROCTIME', [], 'TIMESTAMP_LTZ(3) NOT NULL'],
    ['UNIX_TIMESTAMP', [], 'BIGINT NOT NULL'],
    ['UNIX_TIMESTAMP', [NN(D.STRING())], 'BIGINT'],
    ['FROM_UNIXTIME', [NN(D.BIGINT())], 'STRING NOT NULL'],
  ];
  for (const [name, types, expected, literals] of cases) {
    assert.equal(infer(name, types, literals), expected, name);
  }
  assert.equal(timeUnit('HOUR').value, 'HOUR');
});

test('the catalog resolves aliases case-insensitively and marks non-deterministic functions', () => {
  assert.equal(lookupFunction('ceiling')?.name, 'CEIL');
  assert.equal(lookupFunction('substr')?.name, 'SUBSTRING');
  assert.equal(lookupFunction('Character_Length')?.name, 'CHAR_LENGTH');
  assert.equal(lookupFunction('no_such_function'), undefined);
  const nonDeterministic = builtinFunctions().filter((f) => !f.deterministic).map((f) => f.name).sort();
  for (const name of ['RAND', 'RAND_INTEGER', 'NOW', 'CURRENT_TIMESTAMP', 'PROCTIME', 'UUID', 'UNIX_TIMESTAMP']) assert.ok(nonDeterministic.includes(name), name);
  assert.ok(!nonDeterministic.includes('UPPER'));
  assert.equal(lookupFunction('COALESCE')?.nullHandling, 'custom');
  assert.equal(lookupFunction('UPPER')?.nullHandling, 'strict');
});
