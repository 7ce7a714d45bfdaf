import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes } from '../../src/core/data-types.ts';
import { RecordError } from '../../src/core/errors.ts';
import type { Row } from '../../src/core/row.ts';
import { jsonRowScanner } from '../../src/formats/json-row-scanner.ts';
import { typedRowReader } from '../../src/formats/typed-row-reader.ts';

const T = DataTypes;
const origin = { source: 'trades', partition: 0, offset: 7 };
const type = T.ROW([
  { name: 'symbol', type: T.STRING() },
  { name: 'shares', type: T.INT() },
  { name: 'price', type: T.DOUBLE() },
  { name: 'ts', type: T.TIMESTAMP(3) },
  { name: 'ok', type: T.BOOLEAN() },
  { name: 'tags', type: T.ARRAY(T.STRING()) },
  { name: 'who', type: T.ROW([{ name: 'name', type: T.STRING() }]) },
  { name: 'amount', type: T.DECIMAL(10, 2) },
]);
const bytes = (text: string) => new TextEncoder().encode(text);
/** What the general path makes of the record: UTF-8 text, JSON.parse, the typed reader. */
const general = (text: string): Row => typedRowReader(type)(JSON.parse(text) as Row, origin);

function scanned(text: string): Row | undefined {
  return jsonRowScanner(type)!.scan(bytes(text), origin);
}

test('records the fast path takes become the rows the general path makes', () => {
  const records = [
    '{"symbol":"AMZN","shares":14,"price":150.45,"ts":1704067200000,"transaction_value":2106.3}',
    '{}',
    ' \t\r\n{ "shares" : -0 , "price" : -0.0 , "symbol" : "" } \n',
    '{"ts":"2024-01-01 10:00:00.250","ok":true,"price":1e3,"shares":2147483647}',
    '{"symbol":"a\\"b\\\\c\\/\\u00e9\\n","ok":false,"price":-12.5E-3,"amount":1.005}',
    '{"tags":["x","y\\t"],"who":{"name":"Ann","age":[1,{"deep":null}]},"skip":{"a":[[],{}]},"n":null}',
    '{"price":0.1,"price":0.30000000000000004,"symbol":"last wins","symbol":"LAST"}',
    '{"price":123456789012345678,"shares":1,"ts":-1,"amount":99999999.994}',
    '{"price":0.000001234567890123456789,"ok":null,"tags":null,"who":null}',
    '{"symbol":12.50,"ts":"1704067200000","shares":"42","price":"7.25"}',
    '{"__proto__":{"symbol":"not a column"},"constructor":1,"symbol":"own"}',
  ];
  for (const text of records) {
    const row = scanned(text);
    assert.notEqual(row, undefined, `declined: ${text}`);
    assert.deepStrictEqual(row, general(text), text);
    assert.deepEqual(Object.keys(row!), type.fields.map((f) => f.name));
  }
});

test('numbers are read to the same doubles as JSON.parse reads them', () => {
  const number = T.ROW([{ name: 'x', type: T.DOUBLE() }]);
  const scanner = jsonRowScanner(number)!;
  let seed = 42;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const texts: string[] = ['0', '-0', '0.0', '-0.0', '5e-324', '1.7976931348623157e308', '9007199254740993', '0.1', '123456789012345.6', '999999999999999', '1000000000000000', '0.000000000000001'];
  for (let i = 0; i < 3000; i++) {
    const digits = String(Math.floor(random() * 10 ** (1 + Math.floor(random() * 17))));
    const point = Math.floor(random() * (digits.length + 1));
    const text = point === 0 || point === digits.length ? digits : `${digits.slice(0, point)}.${digits.slice(point)}`;
    texts.push(random() < 0.5 ? `-${text}` : text, String(random() * 10 ** (Math.floor(random() * 40) - 20)));
  }
  for (const text of texts) {
    const row = scanner.scan(bytes(`{"x":${text}}`), origin);
    assert.ok(row !== undefined, `declined ${text}`);
    assert.ok(Object.is(row.x, JSON.parse(text)), `${text}: ${String(row.x)} vs ${String(JSON.parse(text))}`);
  }
});

test('records the general path must handle are declined, invalid JSON included', () => {
  const declined = [
    '{"symbol":"Zürich"}', // non-ASCII text
    '\ufeff{"symbol":"x"}', // a byte-order mark
    '{"sym\\u0062ol":"x"}', // an escaped key
    '{"shares":01}', '{"price":1.}', '{"price":.5}', '{"price":1e}', '{"price":+1}', '{"price":-}',
    '{"symbol":"x",}', '{"symbol":"x"} x', '{"symbol":"x"', '{"symbol" "x"}', '{symbol:"x"}', "{'symbol':'x'}",
    '{"symbol":"a\tb"}', '{"symbol":"\\x"}', '{"symbol":"\\u12"}', '{"ok":tru}', '{"ok":nul}', '{"ok":True}',
    '{"tags":[1,]}', '{"tags":[1 2]}', '{"who":{"a" 1}}', '{"skip":{"a":1,}}',
    '[{"symbol":"x"}]', '"x"', '', '   ', 'null',
    `{"deep":${'['.repeat(70)}${']'.repeat(70)}}`,
  ];
  for (const text of declined) assert.equal(scanned(text), undefined, text);
});

test('a value that does not fit its column fails with the error the general path gives', () => {
  for (const text of ['{"shares":"many"}', '{"shares":2147483648}', '{"ts":"yesterday"}', '{"price":"NaNa"}', '{"ok":"yes"}']) {
    const expected = captured(() => general(text));
    assert.ok(expected instanceof RecordError, text);
    const actual = captured(() => scanned(text));
    assert.ok(actual instanceof RecordError, text);
    assert.equal(actual.message, expected.message, text);
    assert.match(actual.message, /trades partition 0 offset 7: column '/);
  }
});

test('a column named like an Object.prototype member has no fast path', () => {
  assert.equal(jsonRowScanner(T.ROW([{ name: 'toString', type: T.STRING() }])), undefined);
  assert.notEqual(jsonRowScanner(T.ROW([{ name: 'name', type: T.STRING() }])), undefined);
});

test('data the fast path keeps declining turns it off; until then it takes what it can', () => {
  const scanner = jsonRowScanner(type)!;
  assert.notEqual(scanner.scan(bytes('{"symbol":"x"}'), origin), undefined);
  for (let i = 0; i < 2048; i++) scanner.scan(bytes('{"symbol":"Zürich"}'), origin);
  assert.equal(scanner.scan(bytes('{"symbol":"x"}'), origin), undefined);
});

test('bytes from a Buffer and from a view into a larger array scan alike', () => {
  const text = '{"symbol":"MSFT","shares":3}';
  const padded = bytes(`xxxx${text}yy`).subarray(4, 4 + text.length);
  assert.deepStrictEqual(jsonRowScanner(type)!.scan(padded, origin), general(text));
  assert.deepStrictEqual(jsonRowScanner(type)!.scan(Buffer.from(text), origin), general(text));
});

function captured(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
