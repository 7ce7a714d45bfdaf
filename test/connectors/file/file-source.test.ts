import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSource } from '../../../src/connectors/file/file-source.ts';
import { toArray } from '../../../src/connectors/memory/to-array.ts';
import { END } from '../../../src/connectors/spi.ts';
import type { SourceBatch } from '../../../src/connectors/spi.ts';
import { RecordError } from '../../../src/core/errors.ts';
import type { Row } from '../../../src/core/row.ts';

const ctx = { taskIndex: 0, parallelism: 1, now: () => 0 };

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sluice-file-')), name);
  writeFileSync(path, text);
  return path;
}

async function firstReader(source: ReturnType<typeof fileSource>, position?: unknown) {
  const [split] = await source.splits(ctx);
  return source.createReader(split, position, ctx);
}

test('JSON lines are read in batches, blank lines skipped, then END', async () => {
  const path = tempFile('t.jsonl', '{"a":1}\n\n{"a":2}\n{"a":3}');
  const reader = await firstReader(fileSource(path, { format: 'json' }));
  assert.deepEqual(((await reader.poll(2)) as SourceBatch<Row>).values, [{ a: 1 }, { a: 2 }]);
  assert.deepEqual(((await reader.poll(2)) as SourceBatch<Row>).values, [{ a: 3 }]);
  assert.equal(await reader.poll(2), END);
});

test('a reader restored from a position continues after the last line returned', async () => {
  const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(40) }));
  const path = tempFile('big.jsonl', lines.join('\n') + '\n');
  const source = fileSource(path);
  const first = await firstReader(source);
  const head = ((await first.poll(1234)) as SourceBatch<Row>).values;
  const position = structuredClone(first.position());
  await first.close();
  assert.deepEqual(position, { offset: lines.slice(0, 1234).join('\n').length + 1, line: 1234 });
  const restored = await firstReader(source, position);
  const rest: Row[] = [];
  for (let batch = await restored.poll(500); batch !== END; batch = await restored.poll(500)) rest.push(...batch.values);
  assert.deepEqual([...head, ...rest].map((r) => r.i), lines.map((_, i) => i));
});

test('a bad line fails with a RecordError naming file:line and the problem', async () => {
  const path = tempFile('bad.jsonl', '{"a":1}\n{"a":\n{"a":3}\n');
  const reader = await firstReader(fileSource(path));
  await assert.rejects(async () => reader.poll(10), (error: unknown) => {
    assert.ok(error instanceof RecordError);
    assert.deepEqual(error.origin, { source: path, offset: 2 });
    assert.match(error.message, new RegExp(`^${path.replace(/[.]/g, '\\.')}:2: invalid JSON: `));
    return true;
  });
});

test('with ignoreParseErrors bad lines are skipped and counted', async () => {
  const path = tempFile('bad.csv', 'AAPL,1\nbroken\nMSFT,x\nIBM,3\n');
  const source = fileSource(path, { format: 'csv', columns: ['s', 'n'], schema: { n: 'number' }, ignoreParseErrors: true });
  assert.deepEqual(await toArray(source), [{ s: 'AAPL', n: 1 }, { s: 'IBM', n: 3 }]);
  assert.equal(source.skipped, 2);
});

test('a dead-letter callback receives each bad line with its error and origin', async () => {
  const path = tempFile('bad.jsonl', '{"a":1}\nnope\n');
  const seen: string[] = [];
  const source = fileSource(path, { deadLetter: (raw, error, origin) => { seen.push(`${raw}|${origin.offset}|${error.name}`); } });
  assert.deepEqual(await toArray(source), [{ a: 1 }]);
  assert.deepEqual(seen, ['nope|2|RecordError']);
  assert.equal(source.skipped, 1);
});

test('CSV with a header takes its columns from it, parses types and quoted line breaks', async () => {
  const path = tempFile('t.csv', '\uFEFFsymbol,ts,note,price\r\nAAPL,2024-01-01 10:00:00,"two\nlines",101.5\r\nMSFT,1704103200000,"a,b",9\r\n');
  const source = fileSource(path, { format: 'csv', header: true, schema: { symbol: 'string', ts: 'timestamp', note: 'string', price: 'number' } });
  assert.deepEqual(await toArray(source), [
    { symbol: 'AAPL', ts: 1704103200000, note: 'two\nlines', price: 101.5 },
    { symbol: 'MSFT', ts: 1704103200000, note: 'a,b', price: 9 },
  ]);
  const untyped = fileSource(path, { format: 'csv', header: true });
  assert.deepEqual((await toArray(untyped))[1], { symbol: 'MSFT', ts: '1704103200000', note: 'a,b', price: '9' });
});

test('a restore inside a CSV file with a header keeps the header columns and line numbers', async () => {
  const path = tempFile('t.csv', 'a,b\n1,2\n3,4\nx\n');
  const source = fileSource(path, { format: 'csv', header: true });
  const first = await firstReader(source);
  assert.deepEqual(((await first.poll(1)) as SourceBatch<Row>).values, [{ a: '1', b: '2' }]);
  const restored = await firstReader(source, first.position());
  assert.deepEqual(((await restored.poll(1)) as SourceBatch<Row>).values, [{ a: '3', b: '4' }]);
  await assert.rejects(async () => restored.poll(1), /t\.csv:4: invalid CSV: expected 2 fields \(a, b\), got 1/);
});

test('a directory is read as one split per visible file, in name order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-dir-'));
  writeFileSync(join(dir, 'b.jsonl'), '{"f":"b"}\n');
  writeFileSync(join(dir, 'a.jsonl'), '{"f":"a"}\n');
  writeFileSync(join(dir, '.a.jsonl.inprogress'), '{"f":"hidden"}\n');
  mkdirSync(join(dir, 'sub'));
  const source = fileSource(dir);
  assert.deepEqual((await source.splits(ctx)).map((s) => s.id), [join(dir, 'a.jsonl'), join(dir, 'b.jsonl')]);
  assert.deepEqual(await toArray(source), [{ f: 'a' }, { f: 'b' }]);
});

test('a missing path is a configuration error naming it', async () => {
  await assert.rejects(async () => fileSource('/no/such/file.jsonl').splits(ctx), /option 'path': '\/no\/such\/file\.jsonl' does not exist/);
});
