import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes } from '../../../src/core/data-types.ts';
import { createPrintTableFactory } from '../../../src/connectors/console/table-factory.ts';
import { memorySource } from '../../../src/connectors/memory/memory-source.ts';
import { withKind } from '../../../src/formats/row-kind.ts';
import { rowType, runTable, tableContext } from '../table-test-kit.ts';

const T = DataTypes;
const schema = rowType(['symbol', T.STRING()], ['ts', T.TIMESTAMP(3)], ['day', T.DATE()], ['n', T.BIGINT()], ['at', T.TIME(0)]);

function capture() {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const factory = createPrintTableFactory({ stdout: { write: (t: string) => stdout.push(t) }, stderr: { write: (t: string) => stderr.push(t) } });
  return { factory, stdout, stderr };
}

test("rows print in Flink's print format: kind, then the columns in order as CAST to STRING shows them", async () => {
  const { factory, stdout, stderr } = capture();
  const sink = factory.createSink!(tableContext(factory, schema, { 'connector': 'print' }));
  await runTable(memorySource([
    { n: 150, symbol: 'AAPL', ts: 1704103200000, day: 19723, at: 36_000_000 },
    withKind({ symbol: 'MSFT', ts: 1704103200123, day: null, n: 2, at: null }, 'update-after'),
  ]), sink);
  assert.equal(stdout.join(''), '+I[AAPL, 2024-01-01 10:00:00.000, 2024-01-01, 150, 10:00:00]\n+U[MSFT, 2024-01-01 10:00:00.123, null, 2, null]\n');
  assert.deepEqual(stderr, []);
});

test("'print-identifier' prefixes each line and 'standard-error' prints to stderr", async () => {
  const { factory, stdout, stderr } = capture();
  const sink = factory.createSink!(tableContext(factory, rowType(['symbol', T.STRING()]), { 'connector': 'print', 'print-identifier': 'trades', 'standard-error': 'true' }));
  await runTable(memorySource([{ symbol: 'AAPL' }]), sink);
  assert.equal(stderr.join(''), 'trades> +I[AAPL]\n');
  assert.deepEqual(stdout, []);
});

test('print cannot be read', () => {
  const { factory } = capture();
  assert.equal(factory.createSource, undefined);
  assert.equal(factory.sourceCapability, undefined);
  assert.equal(factory.sinkCapability, 'changelog');
});
