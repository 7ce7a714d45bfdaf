import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inferCsvSchema, inferJsonSchema } from '../../../src/api/dataframe/source-schema-inference.ts';
import { typeToString } from '../../../src/core/data-types.ts';
import { ConfigError } from '../../../src/core/errors.ts';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-infer-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const CSV = { header: true, delimiter: ',', quote: '"', inferTypes: true };

test("JSON: fields sorted by name as Spark does; integers BIGINT, decimals widen them to DOUBLE, conflicts are STRING", () => {
  const dir = dirWith({
    'a.jsonl': '{"symbol":"AAPL","shares":10,"price":101,"tags":["x"],"meta":{"b":1,"a":true}}\n',
    'b.jsonl': '{"symbol":"MSFT","shares":12,"price":99.5,"odd":1,"nothing":null}\nnot json\n{"odd":"text","meta":{"c":"z"}}\n',
    '.hidden.jsonl': '{"secret":1}\n',
  });
  assert.equal(typeToString(inferJsonSchema(dir)),
    'ROW<`meta` ROW<`a` BOOLEAN, `b` BIGINT, `c` STRING>, `nothing` STRING, `odd` STRING, `price` DOUBLE, `shares` BIGINT, `symbol` STRING, `tags` ARRAY<STRING>>');
});

test('JSON with no records cannot be inferred: the error asks for a schema', () => {
  assert.throws(() => inferJsonSchema(dirWith({ 'empty.jsonl': '\n' })), (error: unknown) => error instanceof ConfigError && /Unable to infer schema for JSON.*\.schema\(/.test(error.message));
});

test('CSV: header names, and with inferSchema the narrowest of INT, BIGINT, DOUBLE, BOOLEAN; empty and null values ignored', () => {
  const path = join(dirWith({ 't.csv': 'symbol,shares,big,price,ok,note\nAAPL,10,1,1,true,"a\nb"\nMSFT,,9999999999,2.5,FALSE,NA\n' }), 't.csv');
  assert.equal(typeToString(inferCsvSchema(path, { ...CSV, nullValue: 'NA' })),
    'ROW<`symbol` STRING, `shares` INT, `big` BIGINT, `price` DOUBLE, `ok` BOOLEAN, `note` STRING>');
  assert.equal(typeToString(inferCsvSchema(path, { ...CSV, inferTypes: false })),
    'ROW<`symbol` STRING, `shares` STRING, `big` STRING, `price` STRING, `ok` STRING, `note` STRING>', "without inferSchema every column is STRING, as Spark's default");
});

test('CSV without a header names the columns _c0, _c1, … by the first record', () => {
  const path = join(dirWith({ 't.csv': 'a;1\nb;2\n' }), 't.csv');
  assert.equal(typeToString(inferCsvSchema(path, { ...CSV, header: false, delimiter: ';' })), 'ROW<`_c0` STRING, `_c1` INT>');
});
