/**
 * Property-based fuzzing of the SQL planner (binder, type inference, plan building) and of what runs
 * a plan: mutated conformance scripts are planned statement by statement, and queries generated from
 * a small grammar over the conformance suite's `people` table are planned and run in batch mode. Each
 * gives a result or a clear error (a SluiceError: SqlParseError, SqlValidationError, PlanError,
 * ConfigError, RecordError…), never a TypeError, a stack overflow or a hang.
 */
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScript } from '../../src/api/sql/index.ts';
import { TableEnvironment } from '../../src/index.ts';
import { CASES_DIR } from '../sql-conformance/case-files.ts';
import { FUZZ_TIMEOUT_MS, checkAsyncProperty, checkProperty, fc, mutatedText, outcomeOf, outcomeOfAsync } from './property.ts';
import { sqlFragment, validScripts } from './sql-vocabulary.ts';

// Case scripts name their input files relative to cases/.
process.chdir(CASES_DIR);

/** Plans every statement of a script without running a job: DDL, SET and views apply, queries are planned. */
function planScript(sql: string): void {
  const statements = outcomeOf(() => parseScript(sql)).result;
  if (statements === undefined) return;
  const env = TableEnvironment.create({ mode: 'streaming' });
  for (const statement of statements) {
    if (statement.kind === 'Insert' || statement.kind === 'StatementSet') continue; // would start a job
    const planned = outcomeOf(() => {
      const result = env.executeStatement(statement, sql);
      return result.resultKind === 'SUCCESS_WITH_CONTENT' ? result.columns : undefined;
    });
    if (planned.error !== undefined) return;
  }
}

test('mutated conformance scripts plan or fail with a clear error', { timeout: FUZZ_TIMEOUT_MS }, () => {
  checkProperty(mutatedText(fc.constantFrom(...validScripts.map((s) => s.sql)), sqlFragment), planScript, 300);
});

const PEOPLE_DDL = readFileSync(join(CASES_DIR, 'tables', 'people.sql'), 'utf8');
const COLUMNS = ['id', 'name', 'email', 'city', 'age', 'score', 'balance', 'born', 'joined', 'active', 'profile'];
const TYPES = ['INT', 'BIGINT', 'TINYINT', 'DOUBLE', 'DECIMAL(5, 2)', 'STRING', 'BOOLEAN', 'DATE', 'TIMESTAMP(3)', 'TIME', 'BYTES'];
const LITERALS = ['0', '1', '-1', '2147483647', '-2147483648', '9223372036854775807', '1e308', '0.5', "'x'", "''", "'2024-02-29'", 'NULL', 'TRUE', 'FALSE',
  "TIMESTAMP '2024-01-01 10:00:00'", "DATE '2024-01-01'", "INTERVAL '1' HOUR"];
const UNARY_FUNCTIONS = ['ABS', 'UPPER', 'LOWER', 'CHAR_LENGTH', 'TRIM', 'FLOOR', 'CEIL', 'SQRT', 'LN', 'EXP', 'SIGN', 'YEAR', 'HOUR', 'REVERSE', 'INITCAP', 'MD5'];
const BINARY_FUNCTIONS = ['MOD', 'POWER', 'ROUND', 'TRUNCATE', 'COALESCE', 'NULLIF', 'IFNULL', 'GREATEST', 'LEAST', 'CONCAT', 'LEFT', 'RIGHT', 'REPEAT',
  'SPLIT_INDEX', 'LOCATE', 'JSON_VALUE', 'DATE_FORMAT', 'TO_TIMESTAMP', 'REGEXP_EXTRACT'];
const OPERATORS = ['+', '-', '*', '/', '%', '=', '<>', '<', '>=', 'AND', 'OR', '||', 'IS DISTINCT FROM', 'LIKE'];
const AGGREGATES = ['COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'FIRST_VALUE', 'LAST_VALUE', 'STDDEV_POP', 'LISTAGG'];

/** Expressions over the people table's columns: well-typed or not, the planner must say which. */
const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...COLUMNS),
    fc.constantFrom(...LITERALS),
    fc.tuple(fc.constantFrom(...UNARY_FUNCTIONS), tie('expr')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom(...BINARY_FUNCTIONS), tie('expr'), tie('expr')).map(([f, a, b]) => `${f}(${a}, ${b})`),
    fc.tuple(tie('expr'), fc.constantFrom(...OPERATORS), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('expr'), fc.constantFrom(...TYPES), fc.boolean()).map(([a, t, tryCast]) => `${tryCast ? 'TRY_CAST' : 'CAST'}(${a} AS ${t})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `CASE WHEN ${c} THEN ${a} ELSE ${b} END`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([a, b, c]) => `${a} BETWEEN ${b} AND ${c}`),
    fc.tuple(tie('expr'), fc.boolean()).map(([a, not]) => `${a} IS ${not ? 'NOT ' : ''}NULL`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `${a} IN (${b}, 1, NULL)`),
  ),
})).expr;

/** Well-typed expressions of each kind, so that most generated queries get past the binder and run. */
const typed = fc.letrec<{ int: string; num: string; str: string; bool: string }>((tie) => ({
  int: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('id', 'age', '0', '1', '-7', '3', '2147483647', 'CAST(NULL AS INT)'),
    fc.tuple(tie('int'), fc.constantFrom('+', '-', '*', '/', '%'), tie('int')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom('ABS', '-'), tie('int')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom('MOD', 'COALESCE', 'NULLIF'), tie('int'), tie('int')).map(([f, a, b]) => `${f}(${a}, ${b})`),
    tie('str').map((a) => `CHAR_LENGTH(${a})`),
    fc.tuple(tie('num'), fc.constantFrom('INT', 'TINYINT', 'SMALLINT')).map(([a, t]) => `CAST(${a} AS ${t})`),
    fc.constantFrom('YEAR(joined)', 'EXTRACT(DAY FROM born)'),
  ),
  num: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('int'),
    fc.constantFrom('score', 'balance', '2.5', '1e308', 'CAST(NULL AS DOUBLE)'),
    fc.tuple(tie('num'), fc.constantFrom('+', '-', '*', '/'), tie('num')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom('ABS', 'FLOOR', 'CEIL', 'SIGN', '-'), tie('num')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom('MOD', 'POWER', 'COALESCE', 'NULLIF', 'GREATEST', 'LEAST'), tie('num'), tie('num')).map(([f, a, b]) => `${f}(${a}, ${b})`),
    fc.tuple(tie('num'), fc.integer({ min: -3, max: 3 })).map(([a, d]) => `ROUND(${a}, ${d})`),
    fc.tuple(tie('str'), fc.constantFrom('INT', 'BIGINT', 'DOUBLE', 'DECIMAL(6, 2)', 'TINYINT')).map(([a, t]) => `TRY_CAST(${a} AS ${t})`),
    fc.tuple(tie('num'), fc.constantFrom('INT', 'BIGINT', 'DOUBLE', 'DECIMAL(6, 2)', 'SMALLINT')).map(([a, t]) => `CAST(${a} AS ${t})`),
    fc.tuple(tie('bool'), tie('num'), tie('num')).map(([c, a, b]) => `CASE WHEN ${c} THEN ${a} ELSE ${b} END`),
    fc.constantFrom('YEAR(joined)', 'EXTRACT(DAY FROM born)', "TIMESTAMPDIFF(HOUR, joined, TIMESTAMP '2024-01-01 00:00:00')"),
  ),
  str: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('name', 'email', 'city', 'profile', "'x'", "''", "'ä€😀'", 'CAST(NULL AS STRING)'),
    fc.tuple(fc.constantFrom('UPPER', 'LOWER', 'TRIM', 'REVERSE', 'INITCAP', 'LTRIM'), tie('str')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(tie('str'), tie('str')).map(([a, b]) => `CONCAT(${a}, ${b})`),
    fc.tuple(tie('str'), tie('str')).map(([a, b]) => `(${a} || ${b})`),
    fc.tuple(tie('str'), tie('int'), tie('int')).map(([a, b, c]) => `SUBSTRING(${a}, ${b}, ${c})`),
    fc.tuple(tie('str'), tie('int'), tie('str')).map(([a, n, p]) => `LPAD(${a}, ${n}, ${p})`),
    fc.tuple(tie('str'), tie('int')).map(([a, n]) => `REPEAT(${a}, ${n})`),
    fc.tuple(tie('str'), tie('str'), tie('int')).map(([a, d, n]) => `SPLIT_INDEX(${a}, ${d}, ${n})`),
    fc.tuple(tie('str'), fc.constantFrom("'[a-z]+'", "'('", "'.*'", "'\\d'")).map(([a, r]) => `REGEXP_EXTRACT(${a}, ${r})`),
    fc.tuple(tie('str'), fc.constantFrom("'$.tier'", "'$.tags[0]'", "'$'", "'lax $.x'", "'$..'", "'bad path'")).map(([a, p]) => `JSON_VALUE(${a}, ${p})`),
    tie('num').map((a) => `CAST(${a} AS STRING)`),
    fc.constantFrom("DATE_FORMAT(joined, 'yyyy-MM-dd HH:mm')", "DATE_FORMAT(joined, 'QQQ')", 'CAST(born AS STRING)'),
  ),
  bool: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('active', 'TRUE', 'FALSE', 'CAST(NULL AS BOOLEAN)'),
    fc.tuple(tie('num'), fc.constantFrom('=', '<>', '<', '<=', '>', '>='), tie('num')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('str'), fc.constantFrom('=', '<>', '<'), tie('str')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('bool'), fc.constantFrom('AND', 'OR'), tie('bool')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('bool').map((a) => `(NOT ${a})`),
    fc.tuple(tie('str'), fc.constantFrom("'%a%'", "'_'", "'%'", "'\\%'")).map(([a, p]) => `(${a} LIKE ${p})`),
    fc.tuple(tie('num'), tie('num'), tie('num')).map(([a, b, c]) => `(${a} BETWEEN ${b} AND ${c})`),
    fc.tuple(tie('int'), tie('int')).map(([a, b]) => `(${a} IN (${b}, 1, NULL))`),
    fc.tuple(fc.oneof(tie('num'), tie('str')), fc.boolean()).map(([a, not]) => `(${a} IS ${not ? 'NOT ' : ''}NULL)`),
  ),
}));

/** Mostly well-typed expressions, some of any type at all. */
const anyExpression: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(typed.num, typed.str, typed.bool) },
  { weight: 1, arbitrary: expression },
);

/** A query over `people`: a projection, a filter, maybe a grouping with aggregates, maybe an order and a limit. */
const query: fc.Arbitrary<string> = fc.record({
  select: fc.array(anyExpression, { minLength: 1, maxLength: 3 }),
  where: fc.option(fc.oneof({ weight: 4, arbitrary: typed.bool }, { weight: 1, arbitrary: expression }), { nil: undefined }),
  grouped: fc.option(fc.tuple(anyExpression, fc.constantFrom(...AGGREGATES), anyExpression, fc.boolean()), { nil: undefined }),
  limit: fc.option(fc.constantFrom('0', '1', '3', '-1', "'x'"), { freq: 3, nil: undefined }),
}).map(({ select, where, grouped, limit }) => {
  const items = grouped === undefined
    ? select.map((e, i) => `${e} AS c${i}`).join(', ')
    : `${grouped[0]} AS k, ${grouped[1]}(${grouped[3] ? 'DISTINCT ' : ''}${grouped[2]}) AS agg`;
  return `SELECT ${items} FROM people${where === undefined ? '' : ` WHERE ${where}`}${grouped === undefined ? '' : ` GROUP BY ${grouped[0]}`}` +
    `${limit === undefined ? '' : ` ORDER BY 1 LIMIT ${limit}`}`;
});

test('generated queries over a table plan and run in batch mode, or fail with a clear error', { timeout: FUZZ_TIMEOUT_MS }, async () => {
  await checkAsyncProperty(query, async (sql) => {
    const env = TableEnvironment.create({ mode: 'batch' });
    env.executeSql(PEOPLE_DDL);
    const planned = outcomeOf(() => env.sqlQuery(sql));
    if (planned.result !== undefined) await outcomeOfAsync(() => planned.result!.collect());
  }, 150);
});
