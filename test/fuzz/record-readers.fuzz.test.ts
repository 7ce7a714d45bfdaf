/**
 * Property-based fuzzing of the JSON and CSV readers a SQL table uses (connectors/table-formats.ts):
 * random and mutated records decode to a row of the table's type or fail with a RecordError naming
 * the record's origin — never a crash. For JSON, the one-pass byte scanner and the general path
 * (JSON.parse, then the typed conversion) must agree on every record: same row, or both fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes as T } from '../../src/core/data-types.ts';
import { RecordError } from '../../src/core/errors.ts';
import { tableFormat } from '../../src/connectors/table-formats.ts';
import { FUZZ_TIMEOUT_MS, checkProperty, fc, mutatedText, outcomeOf } from './property.ts';

const TYPE = T.ROW([
  { name: 'id', type: T.BIGINT() },
  { name: 'n', type: T.INT() },
  { name: 'price', type: T.DECIMAL(10, 2) },
  { name: 'score', type: T.DOUBLE() },
  { name: 'ok', type: T.BOOLEAN() },
  { name: 'name', type: T.STRING() },
  { name: 'day', type: T.DATE() },
  { name: 'ts', type: T.TIMESTAMP(3) },
  { name: 'tags', type: T.ARRAY(T.INT()) },
  { name: 'who', type: T.ROW([{ name: 'name', type: T.STRING() }, { name: 'age', type: T.INT() }]) },
]);
const origin = { source: 'fuzz.jsonl', offset: 7 };
const json = tableFormat({ format: 'json' }, 'format', TYPE);
const csv = tableFormat({ format: 'csv' }, 'format', T.ROW(TYPE.fields.slice(0, 8)));

/** A result with exactly the type's columns, or a RecordError naming the origin. */
function decodesOrFailsClearly(decode: () => unknown, columns: readonly string[]): unknown {
  const { result, error } = outcomeOf(decode);
  if (error !== undefined) {
    assert.ok(error instanceof RecordError, `a ${error.name} instead of a RecordError: ${error.message}`);
    assert.match(error.message, /fuzz\.jsonl/, 'the error names where the record came from');
    return error;
  }
  assert.deepEqual(Object.keys(result as object), columns);
  return result;
}

/** Values of every JSON kind, and the kinds the columns want in text form. */
const fieldValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('2024-01-01', '2024-02-30', '2024-01-01 10:00:00', '2024-01-01T10:00:00.123Z', '10:00', 'TRUE', 'yes', '1e3', '-0', '99999999999999999999', 'NaN', '١٢'),
  fc.double(),
  fc.integer(),
  fc.constant(2 ** 53 + 1),
);
const record = fc.dictionary(fc.constantFrom(...TYPE.fields.map((f) => f.name), 'extra', '__proto__', 'constructor'), fieldValue, { maxKeys: 12 });
const validLine = fc.constantFrom(
  '{"id":1,"n":2,"price":3.25,"score":0.5,"ok":true,"name":"a","day":"2024-01-01","ts":"2024-01-01 10:00:00","tags":[1,2],"who":{"name":"b","age":3}}',
  '{"id":"7","n":"8","price":"1.005","ok":"false","name":null,"ts":1704103200000,"tags":null}',
  '{"name":"quote \\" and \\\\ and \\u00e9 and \\ud83d\\ude00","who":{}}',
);
const jsonFragments = fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', '\\u', '\\ud800', 'null', 'true', '-', '0', '1e999', ' ', '\n', '\u0000', 'é', '😀');

function jsonAgrees(line: string): void {
  const bytes = new TextEncoder().encode(line);
  // The text those bytes hold: a lone surrogate in `line` was encoded as U+FFFD, so the string path must read that too.
  const text = new TextDecoder().decode(bytes);
  const fromBytes = decodesOrFailsClearly(() => json.decode(bytes, origin), TYPE.fields.map((f) => f.name));
  const fromText = decodesOrFailsClearly(() => json.decode(text, origin), TYPE.fields.map((f) => f.name));
  if (fromBytes instanceof RecordError || fromText instanceof RecordError) {
    assert.equal(fromBytes instanceof RecordError, fromText instanceof RecordError, `one path failed, the other did not: ${String(fromBytes instanceof RecordError ? fromBytes.message : (fromText as Error).message)}`);
  } else {
    assert.deepEqual(fromBytes, fromText, 'the byte scanner and the general path read the record differently');
  }
}

test('JSON records of random fields decode to typed rows or fail with a RecordError, the scanner agreeing with the general path', { timeout: FUZZ_TIMEOUT_MS }, () => {
  checkProperty(record.map((r) => JSON.stringify(r)), jsonAgrees, 500);
});

test('mutated JSON records decode or fail with a RecordError, the scanner agreeing with the general path', { timeout: FUZZ_TIMEOUT_MS }, () => {
  checkProperty(mutatedText(validLine, jsonFragments), jsonAgrees, 500);
});

test('random bytes given to the JSON reader decode or fail with a RecordError', { timeout: FUZZ_TIMEOUT_MS }, () => {
  checkProperty(fc.uint8Array({ maxLength: 64 }), (bytes) => {
    decodesOrFailsClearly(() => json.decode(bytes, origin), TYPE.fields.map((f) => f.name));
  }, 300);
});

const csvField = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('', '"', '""', '"a,b"', '1', '-2.5', 'true', '2024-01-01', '2024-01-01 10:00:00', '\r', '\n', ','));
const csvLine = fc.array(csvField, { maxLength: 10 }).map((fields) => fields.join(','));
const csvFragments = fc.constantFrom('"', ',', '""', '\r', '\n', ' ', 'x', '1');

test('random and mutated CSV records decode to typed rows or fail with a RecordError', { timeout: FUZZ_TIMEOUT_MS }, () => {
  const columns = csv.type.fields.map((f) => f.name);
  checkProperty(fc.oneof(csvLine, mutatedText(fc.constantFrom('1,2,3.25,0.5,true,a,2024-01-01,2024-01-01 10:00:00', '"7","8","1.005",,false,"x,""y""",2024-02-29,1704103200000'), csvFragments)), (line) => {
    decodesOrFailsClearly(() => csv.decode(line, origin), columns);
    decodesOrFailsClearly(() => csv.decode(new TextEncoder().encode(line), origin), columns);
  }, 500);
});
