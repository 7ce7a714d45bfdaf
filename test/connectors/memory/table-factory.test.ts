import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes } from '../../../src/core/data-types.ts';
import { clearMemoryTables, memoryTableFactory, memoryTableRows, registerMemoryTable } from '../../../src/connectors/memory/table-factory.ts';
import { withKind } from '../../../src/formats/row-kind.ts';
import { rowType, runTable, tableContext } from '../table-test-kit.ts';

const schema = rowType(['symbol', DataTypes.STRING()], ['ts', DataTypes.TIMESTAMP(3)]);
const ctx = (name: string) => tableContext(memoryTableFactory, schema, { 'connector': 'sluice-memory', 'name': name });

afterEach(() => clearMemoryTables());

test('a registered collection is replayed with values converted to their column types', async () => {
  registerMemoryTable('trades', [{ symbol: 'AAPL', ts: '2024-01-01 10:00:00' }, { symbol: 'MSFT', ts: 1704103260000 }]);
  const source = memoryTableFactory.createSource!(ctx('trades'));
  assert.equal(source.bounded, true);
  assert.deepEqual(await runTable(source), [{ symbol: 'AAPL', ts: 1704103200000 }, { symbol: 'MSFT', ts: 1704103260000 }]);
});

test('a sink appends the committed rows (only the table columns, with their kind) to its collection', async () => {
  registerMemoryTable('in', [{ symbol: 'AAPL', ts: 1, extra: true }]);
  await runTable(memoryTableFactory.createSource!(ctx('in')), memoryTableFactory.createSink!(ctx('out')));
  assert.deepEqual(memoryTableRows('out'), [{ symbol: 'AAPL', ts: 1 }]);
  const sink = memoryTableFactory.createSink!(ctx('out'));
  sink.open({ taskIndex: 0, parallelism: 1, jobName: 'j' });
  await sink.write([withKind({ symbol: 'MSFT', ts: 2, extra: 1 }, 'delete')], [2]);
  assert.equal(memoryTableRows('out').length, 1, 'nothing is visible before the commit');
  await sink.commit(1, await sink.prepareCommit(1));
  assert.deepEqual(memoryTableRows('out')[1], { symbol: 'MSFT', ts: 2, $kind: 'delete' });
});

test('reading a collection nobody registered names the registered ones', async () => {
  registerMemoryTable('trades', []);
  await assert.rejects(runTable(memoryTableFactory.createSource!(ctx('trade'))), /no memory table 'trade' is registered; registered: trades/);
});
