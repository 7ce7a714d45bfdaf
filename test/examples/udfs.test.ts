// examples/udfs/: TypeScript scalar functions registered with Flink SQL's CREATE FUNCTION, used from
// a TableEnvironment and from `sluice run examples/udfs/udf-job.sql` (whose module paths resolve
// against the working directory, the repository root).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { TableEnvironment } from 'sluice';
import { sluice } from './run-cli.ts';

const MODULE = fileURLToPath(new URL('../../examples/udfs/text-functions.ts', import.meta.url));


test('CREATE FUNCTION registers a TypeScript class and a function that a query then calls', async () => {
  const tableEnv = TableEnvironment.create({ mode: 'streaming' });
  tableEnv.executeSql(`CREATE TEMPORARY FUNCTION count_char AS '${MODULE}:CountChar'`);
  tableEnv.executeSql(`CREATE FUNCTION mask AS '${MODULE}:mask' LANGUAGE TYPESCRIPT`);
  const rows = await tableEnv.sqlQuery(`
    SELECT name, count_char(name, 'l') AS l_count, mask(card, 2) AS card
    FROM (VALUES ('hello', '1234'), ('world', CAST(NULL AS STRING))) AS t (name, card)`).toArray();
  assert.deepEqual(rows, [{ name: 'hello', l_count: 2, card: '**34' }, { name: 'world', l_count: 1, card: null }]);

  tableEnv.executeSql('DROP FUNCTION mask');
  assert.throws(() => tableEnv.sqlQuery("SELECT mask('abc', 1)"), /unknown function 'mask'/);
  tableEnv.executeSql('DROP TEMPORARY FUNCTION count_char');
  assert.deepEqual(tableEnv.catalog.listFunctions(), []);
});

test('sluice run examples/udfs/udf-job.sql loads the functions relative to the working directory', async () => {
  const { code, stdout, stderr } = await sluice(['run', 'examples/udfs/udf-job.sql', '--no-status']);
  assert.equal(code, 0, stderr);
  assert.deepEqual(stdout.trim().split('\n').sort(), [
    '+I[Ada Lovelace, 3, ************1111]',
    '+I[Alan Turing, 2, ************5559]',
    '+I[Grace Hopper, 1, null]',
  ]);
});
