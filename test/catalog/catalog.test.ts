import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes } from '../../src/core/data-types.ts';
import { Catalog } from '../../src/catalog/catalog.ts';
import { CatalogError } from '../../src/catalog/catalog-error.ts';
import { computed, metadata, physical, physicalRowType, metadataColumnsOf, tableDescriptor } from '../../src/catalog/descriptors.ts';

const T = DataTypes;
const table = (name: string) => ({ name, columns: [physical('symbol', T.STRING()), physical('ts', T.TIMESTAMP(3))], options: { 'connector': 'datagen' } });

test('a created table resolves by its name, alone or qualified with the default catalog and database', () => {
  const catalog = new Catalog();
  assert.equal(catalog.createTable(table('trades')), true);
  assert.equal(catalog.resolve('trades').name, 'trades');
  assert.equal(catalog.resolve(['default_database', 'trades']).name, 'trades');
  assert.equal(catalog.resolve(['default_catalog', 'default_database', 'trades']).kind, 'table');
  assert.throws(() => catalog.resolve(['other', 'default_database', 'trades']), /catalog 'other' not found; known catalogs: default_catalog/);
  assert.throws(() => catalog.resolve(['db2', 'trades']), /database 'db2' not found in catalog 'default_catalog'/);
});

test("creating a table twice fails with \"table 'x' already exists\", or does nothing with IF NOT EXISTS", () => {
  const catalog = new Catalog();
  catalog.createTable(table('trades'));
  assert.throws(() => catalog.createTable(table('trades')), (e: unknown) => e instanceof CatalogError && e.message === "table 'trades' already exists");
  assert.equal(catalog.createTable({ ...table('trades'), options: { 'connector': 'print' } }, { ifNotExists: true }), false);
  assert.equal(catalog.getTable('trades')!.options['connector'], 'datagen', 'the existing table stays');
});

test("an unknown name lists the known tables, and a case-only difference is pointed out", () => {
  const catalog = new Catalog();
  catalog.createTable(table('trades'));
  catalog.createTable(table('bids'));
  assert.throws(() => catalog.resolve('orders'), /^CatalogError: table 'orders' not found; known tables: bids, trades$/);
  assert.throws(() => catalog.resolve('Trades'), /table 'Trades' not found \(names are case-sensitive: did you mean 'trades'\?\); known tables: bids, trades/);
  assert.throws(() => new Catalog().resolve('x'), /table 'x' not found; no tables are defined/);
});

test('drop removes a table; dropping a missing one fails unless IF EXISTS; views and tables share names', () => {
  const catalog = new Catalog();
  catalog.createTable(table('trades'));
  catalog.createView({ name: 'recent', query: { opaque: true }, text: 'SELECT * FROM trades' });
  assert.deepEqual(catalog.listTables(), ['trades']);
  assert.deepEqual(catalog.listViews(), ['recent']);
  assert.throws(() => catalog.createTable(table('recent')), /table 'recent' already exists as a view/);
  assert.throws(() => catalog.dropTable('recent'), /'recent' is a view, not a table; use DROP VIEW/);
  assert.equal(catalog.dropTable('trades'), true);
  assert.throws(() => catalog.dropTable('trades'), /table 'trades' not found; no tables are defined/);
  assert.equal(catalog.dropTable('trades', { ifExists: true }), false);
  assert.equal(catalog.resolve('recent').kind, 'view');
  assert.equal(catalog.dropView('recent'), true);
});

test('functions are found whatever the case of their name', () => {
  const catalog = new Catalog();
  catalog.createFunction({ name: 'ToUpper', implementation: (s: string) => s.toUpperCase() });
  assert.equal(catalog.resolveFunction('TOUPPER').name, 'ToUpper');
  assert.throws(() => catalog.createFunction({ name: 'toupper', implementation: null }), /function 'toupper' already exists/);
  assert.throws(() => catalog.resolveFunction('lower'), /function 'lower' not found; known functions: ToUpper/);
  assert.equal(catalog.dropFunction('toUpper'), true);
  assert.deepEqual(catalog.listFunctions(), []);
});

test('a table definition must hold together', () => {
  const columns = [physical('id', T.BIGINT()), computed('twice', { ast: 'id * 2' }, 'id * 2'), metadata('ts', T.TIMESTAMP_LTZ(3), { key: 'timestamp' })];
  assert.throws(() => tableDescriptor({ name: 't', columns: [...columns, physical('id', T.INT())], options: {} }), /column 'id' is declared twice/);
  assert.throws(() => tableDescriptor({ name: 't', columns, primaryKey: ['nope'], options: {} }), /primary key column 'nope' does not exist; columns: id, twice, ts/);
  assert.throws(() => tableDescriptor({ name: 't', columns, primaryKey: ['twice'], options: {} }), /'twice' must be a physical column, not a computed one/);
  assert.throws(() => tableDescriptor({ name: 't', columns, watermark: { column: 'id', expression: null }, options: {} }), /must be TIMESTAMP\(3\) or TIMESTAMP_LTZ\(3\), got BIGINT/);
  assert.throws(() => tableDescriptor({ name: 't', columns, partitionKeys: ['day'], options: {} }), /partition column 'day' does not exist/);
  const t = tableDescriptor({ name: 't', columns, primaryKey: ['id'], watermark: { column: 'ts', expression: null, text: 'ts' }, options: { 'connector': 'kafka' } });
  assert.ok(Object.isFrozen(t) && Object.isFrozen(t.columns));
  assert.equal(t.columns[0].kind === 'physical' && t.columns[0].type.nullable, false, 'primary key columns become NOT NULL');
  assert.equal(physicalRowType(t).fields.map((f) => f.name).join(), 'id');
  assert.deepEqual(metadataColumnsOf(t), [{ name: 'ts', key: 'timestamp', type: T.TIMESTAMP_LTZ(3), virtual: false }]);
});
