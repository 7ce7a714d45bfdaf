import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes } from '../../../src/core/data-types.ts';
import { InProcessLog } from '../../../src/connectors/log/in-process-log.ts';
import { createLogTableFactory } from '../../../src/connectors/log/table-factory.ts';
import { memorySource } from '../../../src/connectors/memory/memory-source.ts';
import type { TableContext } from '../../../src/connectors/table-factory.ts';
import { rowType, runTable, tableContext } from '../table-test-kit.ts';

const T = DataTypes;
const schema = rowType(['symbol', T.STRING()], ['price', T.DOUBLE()], ['ts', T.TIMESTAMP(3)]);

function setup(partitions = 1) {
  const log = new InProcessLog();
  log.createTopic('trades', { partitions });
  const factory = createLogTableFactory(() => log);
  const ctx = (options: Record<string, string>, extra: Partial<TableContext> = {}) =>
    tableContext(factory, extra.schema ?? schema, { 'connector': 'sluice-log', 'topic': 'trades', ...options }, extra);
  return { log, factory, ctx };
}

const rows = [{ symbol: 'AAPL', price: 101.5, ts: 1704103200000 }, { symbol: 'MSFT', price: 99, ts: 1704103201000 }];

test('rows written to a sluice-log table read back the same, stored as JSON with SQL timestamps', async () => {
  const { log, factory, ctx } = setup();
  await runTable(memorySource(rows), factory.createSink!(ctx({})));
  assert.deepEqual(log.read('trades', 0, 0, 10).map((r) => r.value), [
    '{"symbol":"AAPL","price":101.5,"ts":"2024-01-01 10:00:00"}',
    '{"symbol":"MSFT","price":99,"ts":"2024-01-01 10:00:01"}',
  ]);
  const source = factory.createSource!(ctx({ 'scan.bounded.mode': 'latest-offset' }));
  assert.equal(source.bounded, true);
  assert.deepEqual(await runTable(source), rows);
});

test('key.fields key the records (partitioning by key); event times become record timestamps; metadata columns read them', async () => {
  const { log, factory, ctx } = setup(2);
  await runTable(memorySource(rows, { times: rows.map((r) => r.ts) }), factory.createSink!(ctx({ 'key.format': 'raw', 'key.fields': 'symbol', 'value.format': 'csv', 'value.fields-include': 'EXCEPT_KEY' })));
  const aapl = log.partitionFor('trades', 'AAPL');
  assert.deepEqual(log.read('trades', aapl, 0, 10).map((r) => [r.key, r.value]).find(([k]) => k === 'AAPL'), ['AAPL', '101.5,2024-01-01 10:00:00']);
  const metadataColumns = [{ name: 'p', key: 'partition', type: T.INT() }, { name: 'o', key: 'offset', type: T.BIGINT() }, { name: 'rt', key: 'timestamp', type: T.TIMESTAMP_LTZ(3) }];
  const source = factory.createSource!(ctx({ 'key.format': 'raw', 'key.fields': 'symbol', 'value.format': 'csv', 'value.fields-include': 'EXCEPT_KEY', 'scan.bounded.mode': 'latest-offset' }, { metadataColumns }));
  const read = (await runTable(source)).sort((a, b) => String(a.symbol).localeCompare(String(b.symbol)));
  assert.deepEqual(read.map((r) => ({ ...r, p: undefined, o: undefined })), rows.map((r) => ({ ...r, p: undefined, o: undefined, rt: r.ts })));
  assert.equal(read[0].p, aapl);
  assert.equal(typeof read[0].o, 'number');
});

test("a group's committed offsets are where 'group-offsets' resumes", async () => {
  const { log, factory, ctx } = setup();
  log.produce('trades', [{ value: '{"symbol":"AAPL","price":1,"ts":"2024-01-01 10:00:00"}' }]);
  const options = { 'properties.group.id': 'g', 'scan.bounded.mode': 'latest-offset' };
  assert.equal((await runTable(factory.createSource!(ctx(options)))).length, 1);
  log.produce('trades', [{ value: '{"symbol":"MSFT","price":2,"ts":"2024-01-01 10:00:01"}' }]);
  assert.deepEqual((await runTable(factory.createSource!(ctx(options)))).map((r) => r.symbol), ['MSFT']);
});

test('undecodable records fail naming topic, partition and offset, or are skipped with ignore-parse-errors', async () => {
  const { log, factory, ctx } = setup();
  log.produce('trades', [{ value: '{"symbol":"AAPL","price":"cheap"}' }, { value: '{"symbol":"MSFT","price":2}' }]);
  await assert.rejects(runTable(factory.createSource!(ctx({ 'scan.bounded.mode': 'latest-offset' }))),
    /trades partition 0 offset 0: column 'price': "cheap" is not a valid DOUBLE/);
  const read = await runTable(factory.createSource!(ctx({ 'scan.bounded.mode': 'latest-offset', 'json.ignore-parse-errors': 'true' })));
  assert.deepEqual(read, [{ symbol: 'MSFT', price: 2, ts: null }]);
});

test('JSON bytes: good records read, bad ones fail naming topic, partition and offset or are skipped', async () => {
  const { log, factory, ctx } = setup();
  const values = [
    '{"symbol":"AAPL","price":101.5,"ts":"2024-01-01 10:00:00","extra":[1,{"a":null}]}',
    '{"symbol":"MSFT","price":"cheap"}', // fits no DOUBLE
    '{"symbol":"Zürich","price":2,"ts":1704103201000}', // non-ASCII: decoded the general way
    '{"symbol":"IBM","price":3,}', // not JSON
    '{"symbol":"ORCL","price":4}',
  ];
  log.append('trades', 0, values.map((v) => ({ value: Buffer.from(v) })));
  log.append('trades', 0, [{ value: Uint8Array.from([0x7b, 0xff, 0x7d]) }]); // not UTF-8
  const bounded = { 'scan.bounded.mode': 'latest-offset' };
  await assert.rejects(runTable(factory.createSource!(ctx(bounded))), /trades partition 0 offset 1: column 'price': "cheap" is not a valid DOUBLE/);
  log.deleteRecords('trades', 0, 2);
  await assert.rejects(runTable(factory.createSource!(ctx(bounded))), /trades partition 0 offset 3: invalid JSON/);
  log.deleteRecords('trades', 0, 4);
  await assert.rejects(runTable(factory.createSource!(ctx(bounded))), /trades partition 0 offset 5: record is not valid UTF-8/);
  const lenient = setup();
  lenient.log.append('trades', 0, values.map((v) => ({ value: Buffer.from(v) })));
  lenient.log.append('trades', 0, [{ value: Uint8Array.from([0x7b, 0xff, 0x7d]) }]);
  const read = await runTable(lenient.factory.createSource!(lenient.ctx({ ...bounded, 'json.ignore-parse-errors': 'true' })));
  assert.deepEqual(read, [
    { symbol: 'AAPL', price: 101.5, ts: 1704103200000 },
    { symbol: 'Zürich', price: 2, ts: 1704103201000 },
    { symbol: 'ORCL', price: 4, ts: null },
  ]);
});

test("'group-offsets' without a group id is named", () => {
  const { factory, ctx } = setup();
  assert.throws(() => factory.createSource!(ctx({ 'scan.startup.mode': 'group-offsets' })), /option 'scan.startup.mode': 'group-offsets' needs 'properties.group.id'/);
});

test("writing to a topic that does not exist is named, unless 'sink.partitions' creates it", async () => {
  const { log, factory, ctx } = setup();
  const missing = (options: Record<string, string>) => factory.createSink!(ctx({ 'topic': 'out', ...options }));
  await assert.rejects(runTable(memorySource(rows), missing({})), /option 'topic': 'out' does not exist in the in-process log; create it, or set 'sink.partitions'/);
  await runTable(memorySource(rows), missing({ 'sink.partitions': '3' }));
  assert.equal(log.partitions('out'), 3);
});

test("the raw format takes one text or bytes column", () => {
  const { factory, ctx } = setup();
  assert.throws(() => factory.createSource!(ctx({ 'format': 'raw' })), /option 'format': 'raw' reads and writes a single column, but the table has 3/);
  assert.throws(() => factory.createSource!(ctx({ 'format': 'raw' }, { schema: rowType(['n', T.INT()]) })), /'raw' reads and writes a character or binary column, not INT/);
});
