// A user's plain JavaScript module: both entry points of the installed package import, and their main
// exports are there. Prints what it found as JSON for the test to check.
import * as sluice from 'sluice';
import * as testing from 'sluice/testing';

const kinds = (module, names) => Object.fromEntries(names.map((name) => [name, typeof module[name]]));
console.log(JSON.stringify({
  sluice: kinds(sluice, ['Dataflow', 'TableEnvironment', 'SparkSession', 'run', 'memorySource', 'kafkaSource']),
  testing: kinds(testing, ['TestDriver', 'OperatorHarness', 'TestInput', 'TestOutput']),
  resolved: [import.meta.resolve('sluice'), import.meta.resolve('sluice/testing')],
}));
