import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, RecordError } from '../../src/core/errors.ts';
import { csvFormat } from '../../src/formats/csv.ts';
import { csvRecordIsOpen, quoteCsvField, splitCsvRecord } from '../../src/formats/csv-text.ts';

const origin = { source: 'trades.csv', offset: 7 };
const columns = ['symbol', 'ts', 'shares', 'price'];
const schema = { ts: 'timestamp', shares: 'number', price: 'number' } as const;

test('a CSV line decodes to a typed row by column list and schema', () => {
  const csv = csvFormat({ columns, schema });
  assert.deepEqual(csv.decode('AAPL,2024-01-01 10:00:00,150,101.5', origin), {
    symbol: 'AAPL', ts: 1704103200000, shares: 150, price: 101.5,
  });
});

test('without a schema every field stays a string', () => {
  assert.deepEqual(csvFormat({ columns: ['a', 'b'] }).decode('1,true', origin), { a: '1', b: 'true' });
});

test('rows round-trip, with quoting for delimiters, quotes and line breaks', () => {
  const csv = csvFormat({ columns: ['name', 'note', 'n'], schema: { n: 'number' } });
  const row = { name: 'Apple, Inc.', note: 'say "hi"\nbye', n: 3 };
  const text = csv.encode(row);
  assert.equal(text, '"Apple, Inc.","say ""hi""\nbye",3');
  assert.deepEqual(csv.decode(text, origin), row);
});

test('empty fields of typed columns are null; strings stay empty', () => {
  const csv = csvFormat({ columns: ['s', 'n', 'b'], schema: { n: 'number', b: 'boolean' } });
  assert.deepEqual(csv.decode(',,', origin), { s: '', n: null, b: null });
  assert.equal(csv.encode({ s: null, n: null, b: false }), ',,false');
});

test('a null literal decodes to null and encodes null', () => {
  const csv = csvFormat({ columns: ['s', 'n'], schema: { n: 'number' }, nullLiteral: 'NULL' });
  assert.deepEqual(csv.decode('NULL,NULL', origin), { s: null, n: null });
  assert.equal(csv.encode({ s: null, n: 1 }), 'NULL,1');
});

test('timestamps are written as epoch ms by default and as SQL text on request', () => {
  assert.equal(csvFormat({ columns: ['ts'], schema: { ts: 'timestamp' } }).encode({ ts: 1704103200000 }), '1704103200000');
  assert.equal(csvFormat({ columns: ['ts'], schema: { ts: 'timestamp' }, timestampFormat: 'sql' }).encode({ ts: 1704103200000 }), '2024-01-01 10:00:00.000');
});

test('another delimiter is honoured', () => {
  const csv = csvFormat({ columns: ['a', 'b'], delimiter: ';' });
  assert.deepEqual(csv.decode('x,y;z', origin), { a: 'x,y', b: 'z' });
  assert.equal(csv.encode({ a: 'p;q', b: 'r' }), '"p;q";r');
});

test('a wrong field count is a RecordError with file:line and the expected columns', () => {
  assert.throws(() => csvFormat({ columns, schema }).decode('AAPL,1', origin), (error: unknown) => {
    assert.ok(error instanceof RecordError);
    assert.equal(error.message, 'trades.csv:7: invalid CSV: expected 4 fields (symbol, ts, shares, price), got 2');
    return true;
  });
});

test('a bad number names the column', () => {
  assert.throws(() => csvFormat({ columns, schema }).decode('AAPL,0,many,1', origin), /trades\.csv:7: column 'shares': "many" is not a number/);
});

test('malformed quoting is reported', () => {
  const csv = csvFormat({ columns: ['a', 'b'] });
  assert.throws(() => csv.decode('"open,b', origin), /unterminated quoted field/);
  assert.throws(() => csv.decode('"a"x,b', origin), /unexpected "x" after closing quote/);
  assert.throws(() => csv.decode('a"b,c', origin), /quote inside an unquoted field/);
});

test('a column list is required', () => {
  assert.throws(() => csvFormat({}), ConfigError);
});

test('field splitting handles empty and quoted fields', () => {
  assert.deepEqual(splitCsvRecord(''), ['']);
  assert.deepEqual(splitCsvRecord('a,,"",b'), ['a', '', '', 'b']);
  assert.deepEqual(splitCsvRecord('"",'), ['', '']);
  assert.equal(quoteCsvField('plain'), 'plain');
  assert.equal(csvRecordIsOpen('1,"two'), true);
  assert.equal(csvRecordIsOpen('1,"two ""x"""'), false);
});
