import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScript } from '../../../../src/api/sql/index.ts';
import { typeToString } from '../../../../src/core/data-types.ts';
import type { ScalarFunctionImplementation } from '../../../../src/api/sql/planner/context.ts';
import { exprToString } from '../../../../src/plan/expr/index.ts';
import { find, plan, plannerWith, select, sqlError, STOCK_DATA } from './helpers.ts';

const SHAPES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'udf-shapes.ts');

test('CREATE FUNCTION loads the module export and a query calls it with its declared return type', () => {
  const planner = plannerWith(STOCK_DATA, `CREATE FUNCTION plus_one AS '${SHAPES}:plusOne'`);
  const fn = planner.catalog.getFunction('PLUS_ONE')!;
  assert.equal(fn.temporary, undefined, 'CREATE FUNCTION makes a catalog function');
  assert.equal(fn.language, 'javascript');
  assert.equal((fn.implementation as ScalarFunctionImplementation).fn(1), 2);
  const q = select(planner, 'SELECT plus_one(shares) AS more FROM stock_data');
  assert.equal(typeToString(q.relation.columns[0].type), 'INT');
  assert.equal(exprToString(find(q.relation.node, 'calc').projections![0].expr), 'plus_one(shares)');
});

test('TEMPORARY and TEMPORARY SYSTEM functions are marked so; LANGUAGE JAVASCRIPT and TYPESCRIPT are the same', () => {
  const planner = plannerWith(
    `CREATE TEMPORARY FUNCTION shout AS '${SHAPES}' LANGUAGE JAVASCRIPT`,
    `CREATE TEMPORARY SYSTEM FUNCTION halve AS '${SHAPES}:halve' LANGUAGE TYPESCRIPT`,
  );
  assert.deepEqual([planner.catalog.getFunction('shout')!.temporary, planner.catalog.getFunction('shout')!.system], [true, undefined]);
  assert.deepEqual([planner.catalog.getFunction('halve')!.temporary, planner.catalog.getFunction('halve')!.system], [true, true]);
  assert.equal(planner.catalog.getFunction('halve')!.language, 'typescript');
});

test('a second CREATE FUNCTION of a name fails unless IF NOT EXISTS, which keeps the first', () => {
  const planner = plannerWith(`CREATE FUNCTION f AS '${SHAPES}:plusOne'`);
  const again = sqlError(() => plan(planner, `CREATE FUNCTION f AS '${SHAPES}:halve'`));
  assert.match(again.problem, /function 'f' already exists/);
  plan(planner, `CREATE FUNCTION IF NOT EXISTS f AS '${SHAPES}:halve'`);
  assert.equal((planner.catalog.getFunction('f')!.implementation as ScalarFunctionImplementation).fn(1), 2);
});

test('a function module that does not load is an error at the statement, naming the function and the path', () => {
  const script = `CREATE TABLE t (a INT) WITH ('connector' = 'datagen');\n  CREATE FUNCTION broken AS '${SHAPES}:NoEval';`;
  const planner = plannerWith();
  const [create, broken] = parseScript(script);
  planner.plan(create, script);
  const e = sqlError(() => planner.plan(broken, script));
  assert.deepEqual([e.line, e.column], [2, 3]);
  assert.match(e.problem, /^function 'broken' \('.*udf-shapes\.ts:NoEval'\): export 'NoEval': class NoEval has no eval/);
  assert.equal(planner.catalog.getFunction('broken'), undefined);
});

test('LANGUAGE JAVA, SCALA and PYTHON and USING JAR say what is missing and which form works', () => {
  for (const [language, needs] of [['JAVA', 'a JVM'], ['SCALA', 'a JVM'], ['PYTHON', 'a Python interpreter']] as const) {
    const e = sqlError(() => plan(plannerWith(), `CREATE FUNCTION f AS 'com.example.F' LANGUAGE ${language}`));
    assert.equal(e.problem, `function 'f': LANGUAGE ${language} needs ${needs}, which Sluice does not have; write it in JavaScript or TypeScript: CREATE FUNCTION f AS 'path/to/module.ts:ExportName' [LANGUAGE TYPESCRIPT]`);
  }
  const jar = sqlError(() => plan(plannerWith(), `CREATE FUNCTION f AS '${SHAPES}:plusOne' USING JAR '/opt/udf.jar'`));
  assert.match(jar.problem, /USING JAR needs a JVM/);
});

test('a temporary system function takes no catalog or database qualifier; a catalog function takes this catalog\'s', () => {
  const system = sqlError(() => plan(plannerWith(), `CREATE TEMPORARY SYSTEM FUNCTION default_database.f AS '${SHAPES}:plusOne'`));
  assert.match(system.problem, /a temporary system function belongs to no catalog or database: name it 'f'/);
  const planner = plannerWith(`CREATE FUNCTION default_catalog.default_database.f AS '${SHAPES}:plusOne'`);
  assert.deepEqual(planner.catalog.listFunctions(), ['f']);
  const otherDb = sqlError(() => plan(planner, `CREATE FUNCTION other_db.g AS '${SHAPES}:plusOne'`));
  assert.match(otherDb.problem, /database 'other_db' not found/);
});

test('DROP FUNCTION removes the kind of function it names, as in Flink', () => {
  const planner = plannerWith(
    `CREATE FUNCTION cat AS '${SHAPES}:plusOne'`,
    `CREATE TEMPORARY FUNCTION temp AS '${SHAPES}:plusOne'`,
    `CREATE TEMPORARY SYSTEM FUNCTION sys AS '${SHAPES}:plusOne'`,
  );
  const wrong = sqlError(() => plan(planner, 'DROP FUNCTION temp'));
  assert.equal(wrong.problem, "catalog function 'temp' not found: 'temp' is a temporary function; drop it with DROP TEMPORARY FUNCTION temp");
  const wrongSystem = sqlError(() => plan(planner, 'DROP TEMPORARY FUNCTION sys'));
  assert.match(wrongSystem.problem, /'sys' is a temporary system function; drop it with DROP TEMPORARY SYSTEM FUNCTION sys/);
  plan(planner, 'DROP TEMPORARY FUNCTION IF EXISTS sys');
  assert.deepEqual(planner.catalog.listFunctions(), ['cat', 'sys', 'temp'], 'IF EXISTS: another kind of function counts as not there');

  plan(planner, 'DROP FUNCTION cat');
  plan(planner, 'DROP TEMPORARY FUNCTION temp');
  plan(planner, 'DROP TEMPORARY SYSTEM FUNCTION sys');
  assert.deepEqual(planner.catalog.listFunctions(), []);
  plan(planner, 'DROP FUNCTION IF EXISTS cat');
  const gone = sqlError(() => plan(planner, 'SELECT cat(1)'));
  assert.match(gone.problem, /unknown function 'cat'/);
  assert.match(sqlError(() => plan(planner, 'DROP FUNCTION cat')).problem, /function 'cat' not found/);
});
