import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes } from '../../src/core/data-types.ts';
import { RecordError } from '../../src/core/errors.ts';
import { typedRowReader, readTypedValue } from '../../src/formats/typed-row-reader.ts';
import { typedRowWriter } from '../../src/formats/typed-row-writer.ts';
import { parseDateText, parseTimeText } from '../../src/formats/temporal-text.ts';

const origin = { source: 'orders.jsonl', offset: 3 };
const T = DataTypes;
const type = T.ROW([
  { name: 'id', type: T.BIGINT() },
  { name: 'price', type: T.DECIMAL(10, 2) },
  { name: 'ok', type: T.BOOLEAN() },
  { name: 'day', type: T.DATE() },
  { name: 'at', type: T.TIME(3) },
  { name: 'ts', type: T.TIMESTAMP(3) },
  { name: 'ltz', type: T.TIMESTAMP_LTZ(3) },
  { name: 'tags', type: T.ARRAY(T.INT()) },
  { name: 'attrs', type: T.MAP(T.STRING(), T.TIMESTAMP(3)) },
  { name: 'who', type: T.ROW([{ name: 'name', type: T.STRING() }, { name: 'born', type: T.DATE() }]) },
  { name: 'raw', type: T.BYTES() },
  { name: 'note', type: T.STRING() },
]);

test('decoded JSON values become the runtime representation of their column types', () => {
  const read = typedRowReader(type);
  const row = read({
    id: 7, price: 1.005, ok: 'TRUE', day: '2024-01-01', at: '10:00:01.5', ts: '2024-01-01 10:00:00',
    ltz: '2024-01-01T10:00:00.250Z', tags: [1, '2'], attrs: { a: '2024-01-01T10:00:00' },
    who: { name: 'Ann', born: '1970-01-02' }, raw: 'AQI=', note: { nested: true }, extra: 'dropped',
  }, origin);
  assert.deepEqual(row, {
    id: 7, price: 1.01, ok: true, day: 19723, at: 36001500, ts: 1704103200000, ltz: 1704103200250, tags: [1, 2],
    attrs: { a: 1704103200000 }, who: { name: 'Ann', born: 1 }, raw: Uint8Array.from([1, 2]), note: '{"nested":true}',
  });
  assert.deepEqual(Object.keys(row), type.fields.map((f) => f.name));
});

test('absent fields read as null, and CSV text (empty = null) converts like JSON', () => {
  const read = typedRowReader(type);
  const row = read({ id: '42', price: '', ts: '1704103200000', tags: '[3]', who: '{"name":"Bo"}', note: '' }, origin);
  assert.equal(row.id, 42);
  assert.equal(row.price, null);
  assert.equal(row.ts, 1704103200000);
  assert.deepEqual(row.tags, [3]);
  assert.deepEqual(row.who, { name: 'Bo', born: null });
  assert.equal(row.note, '');
  assert.equal(row.day, null);
});

test('a value that does not fit its type fails naming the column and where the record came from', () => {
  const read = typedRowReader(type);
  assert.throws(() => read({ ts: 'yesterday' }, origin), (error: unknown) => {
    assert.ok(error instanceof RecordError);
    assert.match(error.message, /^orders.jsonl:3: column 'ts': "yesterday" is not a valid TIMESTAMP\(3\)/);
    return true;
  });
  assert.throws(() => read({ id: 1.5 }, origin), /column 'id': 1.5 is not a valid BIGINT/);
  assert.throws(() => read({ tags: [1, 'x'] }, origin), /column 'tags\[1\]': "x" is not a valid INT/);
  assert.throws(() => read({ who: { born: '2024-02-30' } }, origin), /column 'who.born': "2024-02-30" is not a valid DATE/);
  assert.throws(() => readTypedValue(300, T.TINYINT(), 'n', origin), /column 'n': 300 is not a valid TINYINT \(out of range\)/);
  assert.throws(() => readTypedValue(123456, T.DECIMAL(5, 2), 'd', origin), /too many digits/);
});

test('fail-on-missing-field rejects a record without a column', () => {
  const read = typedRowReader(T.ROW([{ name: 'a', type: T.INT() }]), { failOnMissingField: true });
  assert.throws(() => read({}, origin), /column 'a' is missing/);
  assert.deepEqual(read({ a: null }, origin), { a: null });
});

test("rows are written as Flink's JSON format writes them and read back to the same values", () => {
  const row = {
    id: 7, price: 1.01, ok: true, day: 19723, at: 36001500, ts: 1704103200000, ltz: 1704103200250, tags: [1, 2],
    attrs: { a: 1704103200500 }, who: { name: 'Ann', born: 1 }, raw: Uint8Array.from([1, 2]), note: 'x',
  };
  const written = typedRowWriter(type)(row);
  assert.deepEqual(written, {
    id: 7, price: 1.01, ok: true, day: '2024-01-01', at: '10:00:01.5', ts: '2024-01-01 10:00:00', ltz: '2024-01-01 10:00:00.25Z',
    tags: [1, 2], attrs: { a: '2024-01-01 10:00:00.5' }, who: { name: 'Ann', born: '1970-01-02' }, raw: 'AQI=', note: 'x',
  });
  assert.deepEqual(typedRowReader(type)(JSON.parse(JSON.stringify(written)), origin), row);
  assert.equal(typedRowWriter(type, { timestampStandard: 'ISO-8601' })(row).ts, '2024-01-01T10:00:00');
});

test('date and time text outside the calendar is rejected', () => {
  assert.ok(Number.isNaN(parseDateText('2023-02-29')));
  assert.equal(parseDateText('2024-02-29'), 19782);
  assert.ok(Number.isNaN(parseTimeText('24:00:00')));
  assert.equal(parseTimeText('23:59'), 86_340_000);
});
