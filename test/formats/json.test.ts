import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordError } from '../../src/core/errors.ts';
import { jsonFormat } from '../../src/formats/json.ts';

const origin = { source: 'trades', partition: 2, offset: 41 };

test('a JSON object round-trips through encode and decode', () => {
  const json = jsonFormat();
  const row = { symbol: 'AAPL', shares: 150, price: 101.5, ok: true, tags: ['a'], note: null };
  assert.deepEqual(json.decode(json.encode(row), origin), row);
});

test('bytes are decoded as UTF-8', () => {
  const json = jsonFormat();
  assert.deepEqual(json.decode(new TextEncoder().encode('{"name":"Zürich"}'), origin), { name: 'Zürich' });
});

test('timestamps are written as epoch milliseconds by default', () => {
  assert.equal(jsonFormat({ schema: { ts: 'timestamp' } }).encode({ ts: 1704103200000 }), '{"ts":1704103200000}');
});

test('timestamps can be written as SQL text and read back', () => {
  const json = jsonFormat({ schema: { ts: 'timestamp' }, timestampFormat: 'sql' });
  const text = json.encode({ ts: 1704103200000, symbol: 'AAPL' });
  assert.equal(text, '{"ts":"2024-01-01 10:00:00.000","symbol":"AAPL"}');
  assert.deepEqual(json.decode(text, origin), { ts: 1704103200000, symbol: 'AAPL' });
});

test('a schema converts string fields to their types', () => {
  const json = jsonFormat({ schema: { price: 'number', ok: 'boolean', ts: 'timestamp' } });
  assert.deepEqual(json.decode('{"price":"101.5","ok":"TRUE","ts":"1704103200000"}', origin), { price: 101.5, ok: true, ts: 1704103200000 });
});

test('invalid JSON throws a RecordError naming the origin and the parse problem', () => {
  assert.throws(() => jsonFormat().decode('{"symbol": AAPL}', origin), (error: unknown) => {
    assert.ok(error instanceof RecordError);
    assert.deepEqual(error.origin, origin);
    assert.match(error.message, /^trades partition 2 offset 41: invalid JSON: /);
    return true;
  });
});

test('a JSON value that is not an object is rejected', () => {
  assert.throws(() => jsonFormat().decode('[1,2]', origin), /expected a JSON object, got an array/);
  assert.throws(() => jsonFormat().decode('null', origin), /expected a JSON object, got null/);
});

test('a field that does not match the schema names the column', () => {
  assert.throws(() => jsonFormat({ schema: { price: 'number' } }).decode('{"price":"cheap"}', origin), /column 'price': "cheap" is not a number/);
});

test('broken UTF-8 is a RecordError, not a silent replacement character', () => {
  assert.throws(() => jsonFormat().decode(new Uint8Array([0x7b, 0xff, 0x7d]), origin), /not valid UTF-8/);
});
