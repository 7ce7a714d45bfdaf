import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes } from '../../src/core/data-types.ts';
import { computed, metadata, physical, tableDescriptor } from '../../src/catalog/descriptors.ts';
import { likeStrategies, mergeLike } from '../../src/catalog/like.ts';

const T = DataTypes;
const base = tableDescriptor({
  name: 'trades',
  columns: [physical('symbol', T.STRING()), physical('ts', T.TIMESTAMP(3)), computed('big', 'price > 100', 'price > 100'), metadata('offset', T.BIGINT(), { virtual: true })],
  watermark: { column: 'ts', expression: 'ts - 5s', text: "ts - INTERVAL '5' SECOND" },
  primaryKey: ['symbol'],
  options: { 'connector': 'kafka', 'topic': 'trades', 'scan.startup.mode': 'earliest-offset' },
});
const names = (t: { columns: readonly { name: string }[] }) => t.columns.map((c) => c.name);

test('by default everything carries over and the new options overwrite the base ones', () => {
  const t = mergeLike(base, { name: 'recent', columns: [physical('price', T.DOUBLE())], options: { 'scan.startup.mode': 'latest-offset' } }, []);
  assert.deepEqual(names(t), ['symbol', 'ts', 'big', 'offset', 'price']);
  assert.deepEqual(t.primaryKey, ['symbol']);
  assert.equal(t.watermark?.text, "ts - INTERVAL '5' SECOND");
  assert.deepEqual(t.options, { 'connector': 'kafka', 'topic': 'trades', 'scan.startup.mode': 'latest-offset' });
  assert.equal(t.name, 'recent');
});

test('EXCLUDING ALL INCLUDING OPTIONS keeps only the physical columns and the options', () => {
  const t = mergeLike(base, { name: 'copy', columns: [], options: { 'format': 'json' } },
    [{ mode: 'EXCLUDING', feature: 'ALL' }, { mode: 'INCLUDING', feature: 'OPTIONS' }]);
  assert.deepEqual(names(t), ['symbol', 'ts']);
  assert.equal(t.primaryKey, undefined);
  assert.equal(t.watermark, undefined);
  assert.deepEqual(t.options, { 'connector': 'kafka', 'topic': 'trades', 'scan.startup.mode': 'earliest-offset', 'format': 'json' });
});

test('INCLUDING OPTIONS fails on an option both tables set; EXCLUDING OPTIONS starts from the new ones only', () => {
  assert.throws(() => mergeLike(base, { name: 'x', columns: [], options: { 'topic': 'x' } }, [{ mode: 'INCLUDING', feature: 'OPTIONS' }]),
    /LIKE trades: the base table already has option 'topic' = 'trades'; specify EXCLUDING OPTIONS or OVERWRITING OPTIONS/);
  const t = mergeLike(base, { name: 'x', columns: [], options: { 'connector': 'print' } }, [{ mode: 'EXCLUDING', feature: 'OPTIONS' }]);
  assert.deepEqual(t.options, { 'connector': 'print' });
});

test('a second watermark or primary key clashes unless the base one is excluded or overwritten', () => {
  const derived = { name: 'x', columns: [], options: {}, watermark: { column: 'ts', expression: 'ts', text: 'ts' } };
  assert.throws(() => mergeLike(base, derived, []), /already has a watermark on 'ts'; specify EXCLUDING WATERMARKS or OVERWRITING WATERMARKS/);
  assert.equal(mergeLike(base, derived, [{ mode: 'OVERWRITING', feature: 'WATERMARKS' }]).watermark?.text, 'ts');
  assert.throws(() => mergeLike(base, { name: 'x', columns: [], options: {}, primaryKey: ['ts'] }, []), /already has a primary key; specify EXCLUDING CONSTRAINTS/);
  assert.deepEqual(mergeLike(base, { name: 'x', columns: [], options: {}, primaryKey: ['ts'] }, [{ mode: 'EXCLUDING', feature: 'CONSTRAINTS' }]).primaryKey, ['ts']);
});

test('computed and metadata columns of the same name clash unless overwritten; physical ones always clash', () => {
  const redefined = { name: 'x', columns: [computed('big', 'price > 1000', 'price > 1000')], options: {} };
  assert.throws(() => mergeLike(base, redefined, []), /already has a computed column 'big'; specify EXCLUDING GENERATED or OVERWRITING GENERATED/);
  const t = mergeLike(base, redefined, [{ mode: 'OVERWRITING', feature: 'GENERATED' }]);
  assert.deepEqual(names(t), ['symbol', 'ts', 'big', 'offset'], 'the new definition takes the old place');
  assert.equal(t.columns[2].kind === 'computed' && t.columns[2].text, 'price > 1000');
  assert.deepEqual(names(mergeLike(base, { name: 'x', columns: [], options: {} }, [{ mode: 'EXCLUDING', feature: 'METADATA' }])), ['symbol', 'ts', 'big']);
  assert.throws(() => mergeLike(base, { name: 'x', columns: [physical('symbol', T.INT())], options: {} }, [{ mode: 'OVERWRITING', feature: 'ALL' }]),
    /already has a physical column 'symbol'$/);
});

test('LIKE options are checked: no feature twice, no OVERWRITING of constraints or partitions', () => {
  assert.throws(() => likeStrategies([{ mode: 'INCLUDING', feature: 'OPTIONS' }, { mode: 'EXCLUDING', feature: 'OPTIONS' }]), /OPTIONS is given more than once/);
  assert.throws(() => likeStrategies([{ mode: 'OVERWRITING', feature: 'CONSTRAINTS' }]), /OVERWRITING CONSTRAINTS is not allowed/);
  assert.deepEqual(likeStrategies([]), { CONSTRAINTS: 'INCLUDING', PARTITIONS: 'INCLUDING', GENERATED: 'INCLUDING', OPTIONS: 'OVERWRITING', WATERMARKS: 'INCLUDING', METADATA: 'INCLUDING' });
});
