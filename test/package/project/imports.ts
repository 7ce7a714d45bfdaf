// The same from a user's TypeScript file, run by Node's type stripping (the user's own files are not in
// node_modules, so Node strips them), with type-only imports that must vanish at run time.
import * as sluice from 'sluice';
import * as testing from 'sluice/testing';
import type { Row, WindowResult } from 'sluice';
import type { TestRecord } from 'sluice/testing';

const row: Row = { symbol: 'AAPL' };
const result: WindowResult<string, number> | undefined = undefined;
const record: TestRecord<number> | undefined = undefined;
const kinds = (module: object, names: readonly string[]) =>
  Object.fromEntries(names.map((name) => [name, typeof (module as Record<string, unknown>)[name]]));
console.log(JSON.stringify({
  sluice: kinds(sluice, ['Dataflow', 'TableEnvironment', 'SparkSession', 'run', 'memorySource', 'kafkaSource']),
  testing: kinds(testing, ['TestDriver', 'OperatorHarness', 'TestInput', 'TestOutput']),
  resolved: [import.meta.resolve('sluice'), import.meta.resolve('sluice/testing')],
  typed: [row.symbol, result, record],
}));
