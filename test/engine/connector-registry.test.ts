import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataflow } from '../../src/api/dataflow/index.ts';
import { Catalog } from '../../src/catalog/catalog.ts';
import { metadata, physical, tableDescriptor, type TableInput } from '../../src/catalog/descriptors.ts';
import { mergeLike } from '../../src/catalog/like.ts';
import { DataTypes } from '../../src/core/data-types.ts';
import { ConfigError, PlanError } from '../../src/core/errors.ts';
import { InProcessLog } from '../../src/connectors/log/in-process-log.ts';
import { clearMemoryTables, memoryTableRows, registerMemoryTable } from '../../src/connectors/memory/table-factory.ts';
import { defaultConnectorRegistry } from '../../src/engine/connector-registry.ts';
import { run } from '../../src/engine/run.ts';

const T = DataTypes;
const columns = [physical('id', T.BIGINT()), physical('ts', T.TIMESTAMP(3))];
const table = (options: Record<string, string>, extra: Partial<TableInput> = {}) => tableDescriptor({ name: 'orders', columns, options, ...extra });

afterEach(() => clearMemoryTables());

test('the default registry knows every built-in connector', () => {
  assert.deepEqual(defaultConnectorRegistry().identifiers(),
    ['blackhole', 'datagen', 'filesystem', 'jdbc', 'kafka', 'print', 'rate', 'sluice-log', 'sluice-memory', 'upsert-kafka']);
});

test('an unknown connector lists the available ones and the nearest', () => {
  const registry = defaultConnectorRegistry();
  assert.throws(() => registry.createSource(table({ 'connector': 'kafak' })), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, "option 'connector': unknown connector 'kafak' (table 'orders'); available: blackhole, datagen, filesystem, jdbc, kafka, print, rate, sluice-log, sluice-memory, upsert-kafka; did you mean 'kafka'?");
    return true;
  });
  assert.throws(() => registry.factory('nope'), /^ConfigError: option 'connector': unknown connector 'nope'; available: blackhole, .*upsert-kafka$/);
  assert.throws(() => registry.createSource(table({ 'topic': 't' })), /option 'connector': is required \(table 'orders'\); available: blackhole/);
});

test('a table is checked for what its connector can do before anything is built', () => {
  const registry = defaultConnectorRegistry();
  assert.throws(() => registry.createSink(table({ 'connector': 'datagen' })), (e: unknown) => e instanceof PlanError && /table 'orders': connector 'datagen' cannot be written \(it is a source only\)/.test(e.message));
  assert.throws(() => registry.createSource(table({ 'connector': 'print' })), /connector 'print' cannot be read \(it is a sink only\)/);
  const upsert = { 'connector': 'upsert-kafka', 'topic': 't', 'properties.bootstrap.servers': 'b:1', 'key.format': 'json', 'value.format': 'json' };
  assert.throws(() => registry.createSink(table(upsert)), /connector 'upsert-kafka' needs a PRIMARY KEY/);
  assert.ok(registry.createSink(table(upsert, { primaryKey: ['id'] })));
  assert.throws(() => registry.createSource(table({ 'connector': 'datagen' }, { partitionKeys: ['id'] })), /does not support PARTITIONED BY/);
  assert.throws(() => registry.createSource(table({ 'connector': 'datagen', 'rows-per-sec': '5' })),
    /option 'rows-per-sec': is not an option of connector 'datagen' \(table 'orders'\)\. Did you mean 'rows-per-second'\?/);
  assert.throws(() => registry.createSource(table({ 'connector': 'datagen', 'fields.idd.kind': 'sequence' })), /'idd' is not a column of the table.*Did you mean 'id'\?/);
});

test('virtual metadata columns are read by sources and never handed to sinks', () => {
  const log = new InProcessLog();
  const registry = defaultConnectorRegistry({ log: () => log });
  const withOffset = tableDescriptor({ name: 'orders', columns: [...columns, metadata('off', T.BIGINT(), { key: 'offset', virtual: true })], options: { 'connector': 'sluice-log', 'topic': 't' } });
  assert.deepEqual(registry.tableContext(withOffset, 'source').ctx.metadataColumns.map((m) => m.key), ['offset']);
  assert.deepEqual(registry.tableContext(withOffset, 'sink').ctx.metadataColumns, []);
  const persisted = tableDescriptor({ name: 'orders', columns: [...columns, metadata('off', T.BIGINT(), { key: 'offset' })], options: { 'connector': 'sluice-log', 'topic': 't' } });
  assert.throws(() => registry.createSink(persisted), /metadata 'offset' of connector 'sluice-log' is read-only; declare the column VIRTUAL/);
});

test('a plan whose sources and sinks are catalog tables runs through the registry resolver', async () => {
  const catalog = new Catalog();
  catalog.createTable({ name: 'orders', columns, options: { 'connector': 'datagen', 'number-of-rows': '5', 'fields.id.kind': 'sequence', 'fields.id.start': '1', 'fields.id.end': '5' } });
  catalog.createTable({ name: 'results', columns, options: { 'connector': 'sluice-memory', 'name': 'results' } });
  const flow = new Dataflow('tables');
  flow.input('orders', catalog.resolve('orders')).output('results', catalog.resolve('results'));
  await run(flow, { handleSignals: false, resolver: defaultConnectorRegistry().resolver() });
  assert.deepEqual(memoryTableRows('results').map((r) => r.id), [1, 2, 3, 4, 5]);
  assert.ok(memoryTableRows('results').every((r) => typeof r.ts === 'number'));
});

test('a table made with LIKE reads through the registry with the merged options', async () => {
  registerMemoryTable('a', [{ id: 1, ts: '2024-01-01 10:00:00' }]);
  registerMemoryTable('b', [{ id: 2, ts: '2024-01-01 11:00:00' }]);
  const base = table({ 'connector': 'sluice-memory', 'name': 'a' });
  const derived = mergeLike(base, { name: 'other', columns: [], options: { 'name': 'b' } }, []);
  const flow = new Dataflow('like');
  flow.input('in', derived).output('out', tableDescriptor({ name: 'out', columns, options: { 'connector': 'sluice-memory', 'name': 'out' } }));
  await run(flow, { handleSignals: false, resolver: defaultConnectorRegistry().resolver() });
  assert.deepEqual(memoryTableRows('out'), [{ id: 2, ts: 1704106800000 }]);
});
