import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataTypes } from '../../../src/core/data-types.ts';
import { RecordError } from '../../../src/core/errors.ts';
import { filesystemTableFactory } from '../../../src/connectors/file/table-factory.ts';
import { memorySink } from '../../../src/connectors/memory/memory-sink.ts';
import { memorySource } from '../../../src/connectors/memory/memory-source.ts';
import type { Row } from '../../../src/core/row.ts';
import { Dataflow, run } from '../../../src/index.ts';
import type { TableContext } from '../../../src/connectors/table-factory.ts';
import { rowType, runTable, tableContext } from '../table-test-kit.ts';

const T = DataTypes;
const schema = rowType(['symbol', T.STRING()], ['price', T.DECIMAL(10, 2)], ['ts', T.TIMESTAMP(3)], ['day', T.DATE()]);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sluice-fs-table-'));
}

function ctx(path: string, options: Record<string, string>, extra: Partial<TableContext> = {}): TableContext {
  return tableContext(filesystemTableFactory, extra.schema ?? schema, { 'connector': 'filesystem', 'path': path, ...options }, extra);
}

function partText(dir: string): string {
  return readdirSync(dir).filter((f) => f.startsWith('part-')).sort().map((f) => readFileSync(join(dir, f), 'utf8')).join('');
}

test('JSON: timestamps in SQL text are read as epoch ms, written back as text, and read again unchanged', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'in.jsonl'), [
    '{"symbol":"AAPL","price":101.5,"ts":"2024-01-01 10:00:00","day":"2024-01-01"}',
    '{"symbol":"MSFT","price":"99.999","ts":"2024-01-01T10:00:01.250Z"}',
  ].join('\n'));
  const rows = await runTable(filesystemTableFactory.createSource!(ctx(dir, { 'format': 'json' })));
  assert.deepEqual(rows, [
    { symbol: 'AAPL', price: 101.5, ts: 1704103200000, day: 19723 },
    { symbol: 'MSFT', price: 100, ts: 1704103201250, day: null },
  ]);
  const out = join(tempDir(), 'out');
  await runTable(memorySource(rows), filesystemTableFactory.createSink!(ctx(out, { 'format': 'json' })));
  assert.equal(partText(out), [
    '{"symbol":"AAPL","price":101.5,"ts":"2024-01-01 10:00:00","day":"2024-01-01"}',
    '{"symbol":"MSFT","price":100,"ts":"2024-01-01 10:00:01.25","day":null}',
    '',
  ].join('\n'));
  assert.deepEqual(await runTable(filesystemTableFactory.createSource!(ctx(out, { 'format': 'json' }))), rows);
});

test('CSV roundtrip with a delimiter, a null literal and ISO-8601 timestamps', async () => {
  const out = join(tempDir(), 'out');
  const rows = [{ symbol: 'A;B', price: 1.25, ts: 1704103200000, day: 19723 }, { symbol: 'C', price: null, ts: 1704103260000, day: null }];
  const options = { 'format': 'csv', 'csv.field-delimiter': ';', 'csv.null-literal': 'NULL' };
  await runTable(memorySource(rows), filesystemTableFactory.createSink!(ctx(out, options)));
  assert.equal(partText(out), '"A;B";1.25;2024-01-01 10:00:00;2024-01-01\nC;NULL;2024-01-01 10:01:00;NULL\n');
  assert.deepEqual(await runTable(filesystemTableFactory.createSource!(ctx(out, options))), rows);
});

test('a value that does not fit its column fails with the file, line and column', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'bad.csv'), 'AAPL,1,2024-01-01 10:00:00,2024-01-01\nMSFT,2,later,2024-01-01\n');
  await assert.rejects(runTable(filesystemTableFactory.createSource!(ctx(dir, { 'format': 'csv' }))), (error: unknown) => {
    // The job fails with the record's error as the cause.
    assert.ok((error as Error).cause instanceof RecordError);
    assert.match((error as Error).message, /bad.csv:2: column 'ts': "later" is not a timestamp/);
    return true;
  });
});

test('ignore-parse-errors skips bad records; allow-comments skips # lines', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'in.csv'), '# a comment\nAAPL,1,2024-01-01 10:00:00,2024-01-01\nMSFT,x,2024-01-01 10:00:00,\nIBM,3,2024-01-01 10:00:00,2024-13-01\n');
  await assert.rejects(runTable(filesystemTableFactory.createSource!(ctx(dir, { 'format': 'csv', 'csv.allow-comments': 'true' }))), /in.csv:3: column 'price'/);
  const rows = await runTable(filesystemTableFactory.createSource!(ctx(dir, { 'format': 'csv', 'csv.allow-comments': 'true', 'csv.ignore-parse-errors': 'true' })));
  assert.deepEqual(rows.map((r) => r.symbol), ['AAPL']);
});

test("the 'file.path' and 'file.name' metadata columns say where a row came from", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a.jsonl'), '{"symbol":"AAPL"}\n');
  const metadataColumns = [{ name: 'src', key: 'file.name', type: T.STRING() }, { name: 'full', key: 'file.path', type: T.STRING() }];
  const rows = await runTable(filesystemTableFactory.createSource!(ctx(dir, { 'format': 'json' }, { schema: rowType(['symbol', T.STRING()]), metadataColumns })));
  assert.deepEqual(rows, [{ symbol: 'AAPL', src: 'a.jsonl', full: join(dir, 'a.jsonl') }]);
});

test('a JSON value out of its column type names the file:line, the column and the value', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'in.jsonl'), '{"n":1}\n{"n":30000000000}\n');
  const ints = rowType(['n', T.INT()]);
  await assert.rejects(runTable(filesystemTableFactory.createSource!(ctx(dir, { 'format': 'json' }, { schema: ints }))),
    /in\.jsonl:2: column 'n': 30000000000 is not a valid INT \(out of range\)/);
});

test('records skipped by ignore-parse-errors are counted per source in the job result', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'in.jsonl'), '{"n":1}\n{"n":30000000000}\nnot json\n{"n":4}\n');
  const ints = rowType(['n', T.INT()]);
  const out = memorySink<Row>();
  const flow = new Dataflow('skipped-count');
  flow.input('numbers', filesystemTableFactory.createSource!(ctx(dir, { 'format': 'json', 'json.ignore-parse-errors': 'true' }, { schema: ints }))).output('out', out);
  const result = await run(flow, { handleSignals: false });
  assert.deepEqual(out.values, [{ n: 1 }, { n: 4 }]);
  assert.deepEqual(result.status.sources.map((s) => [s.id, s.recordsIn, s.skipped, s.deadLettered]), [['numbers', 2, 2, 0]]);
  assert.equal(result.status.recordsSkipped, 2);
});
