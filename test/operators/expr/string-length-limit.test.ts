// Regressions found by the planner fuzzer (test/fuzz/sql-planner.fuzz.test.ts): REPEAT and LPAD with a
// huge count failed with V8's "RangeError: Invalid string length", naming neither function nor value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TableEnvironment } from '../../../src/index.ts';
import { ExprEvalError } from '../../../src/plan/expr/errors.ts';
import { lpad, repeat, rpad } from '../../../src/operators/expr/runtime-string.ts';

for (const [sql, message] of [
  ["SELECT REPEAT('ab', 2147483647) AS s", /REPEAT: a result of 4294967294 characters is longer than the longest string \(536870888\)/],
  ["SELECT LPAD('x', 2147483647, '*') AS s", /LPAD: a result of 2147483647 characters is longer than the longest string/],
  ["SELECT RPAD('x', 2147483647, '*') AS s", /RPAD: a result of 2147483647 characters/],
] as const) {
  test(`${sql.split('(')[0].slice(7)}: a result longer than a string can be is an evaluation error naming the function`, async () => {
    const env = TableEnvironment.create({ mode: 'batch' });
    await assert.rejects(env.sqlQuery(sql).collect(), (error: unknown) => error instanceof Error && message.test(error.message));
  });
}

test('below the limit REPEAT, LPAD and RPAD give their results, and an empty string repeats to empty however often', () => {
  assert.equal(repeat('ab', 3), 'ababab');
  assert.equal(repeat('', 2147483647), '');
  assert.equal(lpad('7', 3, '0'), '007');
  assert.equal(rpad('7', 3, '0'), '700');
  assert.throws(() => repeat('x', 2 ** 30), ExprEvalError);
});
