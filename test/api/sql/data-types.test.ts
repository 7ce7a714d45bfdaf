import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDataType } from '../../../src/api/sql/index.ts';
import { strip } from './helpers.ts';

const t = (sql: string) => strip(parseDataType(sql));

test('atomic types normalise their synonyms and keep length, precision and scale', () => {
  assert.deepEqual(t('STRING'), { kind: 'AtomicType', name: 'STRING', notNull: false });
  assert.deepEqual(t('INTEGER NOT NULL'), { kind: 'AtomicType', name: 'INT', notNull: true });
  assert.deepEqual(t('VARCHAR(10)'), { kind: 'AtomicType', name: 'VARCHAR', length: 10, notNull: false });
  assert.deepEqual(t('CHARACTER VARYING(3)'), { kind: 'AtomicType', name: 'VARCHAR', length: 3, notNull: false });
  assert.deepEqual(t('NUMERIC(10, 2)'), { kind: 'AtomicType', name: 'DECIMAL', precision: 10, scale: 2, notNull: false });
  assert.deepEqual(t('DOUBLE PRECISION'), { kind: 'AtomicType', name: 'DOUBLE', notNull: false });
  assert.deepEqual(t('TIMESTAMP(3) WITHOUT TIME ZONE'), { kind: 'AtomicType', name: 'TIMESTAMP', precision: 3, notNull: false });
  assert.deepEqual(t('TIMESTAMP(3) WITH LOCAL TIME ZONE'), { kind: 'AtomicType', name: 'TIMESTAMP_LTZ', precision: 3, notNull: false });
  assert.deepEqual(t('TIMESTAMP_LTZ'), { kind: 'AtomicType', name: 'TIMESTAMP_LTZ', notNull: false });
  assert.deepEqual(t('TIME(0)'), { kind: 'AtomicType', name: 'TIME', precision: 0, notNull: false });
  for (const name of ['BOOLEAN', 'TINYINT', 'SMALLINT', 'BIGINT', 'FLOAT', 'DATE', 'BYTES']) {
    assert.equal((parseDataType(name) as { name: string }).name, name);
  }
  assert.deepEqual(t('BINARY(4)'), { kind: 'AtomicType', name: 'BINARY', length: 4, notNull: false });
  assert.deepEqual(t('VARBINARY(8)'), { kind: 'AtomicType', name: 'VARBINARY', length: 8, notNull: false });
});

test('collections, maps and rows nest, in both ROW spellings', () => {
  assert.deepEqual(t('ARRAY<INT NOT NULL> NOT NULL'), {
    kind: 'CollectionType', collection: 'ARRAY', element: { kind: 'AtomicType', name: 'INT', notNull: true }, notNull: true,
  });
  assert.deepEqual(t('INT ARRAY'), t('ARRAY<INT>'));
  assert.deepEqual(t('MULTISET<STRING>'), { kind: 'CollectionType', collection: 'MULTISET', element: { kind: 'AtomicType', name: 'STRING', notNull: false }, notNull: false });
  assert.deepEqual(t('MAP<STRING, ARRAY<BIGINT>>'), {
    kind: 'MapType',
    key: { kind: 'AtomicType', name: 'STRING', notNull: false },
    value: { kind: 'CollectionType', collection: 'ARRAY', element: { kind: 'AtomicType', name: 'BIGINT', notNull: false }, notNull: false },
    notNull: false,
  });
  const row = { kind: 'RowType', fields: [
    { name: 'id', type: { kind: 'AtomicType', name: 'BIGINT', notNull: false }, comment: 'key' },
    { name: 'value', type: { kind: 'AtomicType', name: 'STRING', notNull: false } },
  ], notNull: false };
  assert.deepEqual(t("ROW<id BIGINT COMMENT 'key', `value` STRING>"), row);
  assert.deepEqual(t("ROW(id BIGINT COMMENT 'key', value STRING)"), row);
  assert.deepEqual(t('ROW<>'), { kind: 'RowType', fields: [], notNull: false });
});

test('interval types take a qualifier with precisions', () => {
  assert.deepEqual(t('INTERVAL DAY(2) TO SECOND(3)'), {
    kind: 'IntervalType', qualifier: { start: 'DAY', startPrecision: 2, end: 'SECOND', fractionalPrecision: 3 }, notNull: false,
  });
  assert.deepEqual(t('INTERVAL YEAR TO MONTH NOT NULL'), { kind: 'IntervalType', qualifier: { start: 'YEAR', end: 'MONTH' }, notNull: true });
  assert.deepEqual(t('INTERVAL SECOND(2, 6)'), { kind: 'IntervalType', qualifier: { start: 'SECOND', startPrecision: 2, fractionalPrecision: 6 }, notNull: false });
});
