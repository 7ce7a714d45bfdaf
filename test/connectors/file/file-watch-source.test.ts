import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileWatchSource, type FileWatchPosition } from '../../../src/connectors/file/file-watch-source.ts';
import { filesystemTableFactory } from '../../../src/connectors/file/table-factory.ts';
import { END, type Source, type SourceBatch, type SourceReader } from '../../../src/connectors/spi.ts';
import { DataTypes } from '../../../src/core/data-types.ts';
import { ConfigError } from '../../../src/core/errors.ts';
import type { Row } from '../../../src/core/row.ts';
import { rowType, tableContext } from '../table-test-kit.ts';

const T = DataTypes;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sluice-watch-'));
}

/** Writes a file as a producer should: under a hidden name, then renamed into place; `age` sets its mtime in the past. */
function putFile(dir: string, name: string, text: string, ageSeconds = 0): void {
  const hidden = join(dir, `.${name}.tmp`);
  writeFileSync(hidden, text);
  const time = Date.now() / 1000 - ageSeconds;
  utimesSync(hidden, time, time);
  renameSync(hidden, join(dir, name));
}

async function openReader(source: Source<Row>, position?: unknown, now: () => number = () => Date.now()): Promise<SourceReader<Row>> {
  const ctx = { taskIndex: 0, parallelism: 1, now };
  const [split] = await source.splits(ctx);
  return source.createReader(split, position, ctx);
}

/** Polls until `count` rows arrived (the watched source never ends). */
async function readRows(reader: SourceReader<Row>, count: number, max = 100): Promise<Row[]> {
  const rows: Row[] = [];
  for (let polls = 0; rows.length < count; polls++) {
    assert.ok(polls < 500, `only ${rows.length} of ${count} rows arrived`);
    const batch = await reader.poll(Math.min(max, count - rows.length));
    assert.notEqual(batch, END, 'a watched directory never ends');
    rows.push(...(batch as SourceBatch<Row>).values);
  }
  return rows;
}

test('a watched directory yields the files there oldest first, then files that appear later, each once', async () => {
  const dir = tempDir();
  putFile(dir, 'b.jsonl', '{"n":1}\n{"n":2}\n', 20);
  putFile(dir, 'a.jsonl', '{"n":3}\n', 10);
  const source = fileWatchSource(dir, { format: 'json', monitorIntervalMs: 20 });
  assert.equal(source.bounded, false);
  // A test clock a monitor interval further on at every reading: every poll that finds nothing to
  // read lists the directory, so what a poll returns does not depend on how fast the machine is.
  let time = 0;
  const reader = await openReader(source, undefined, () => (time += 20));
  assert.deepEqual(await readRows(reader, 3), [{ n: 1 }, { n: 2 }, { n: 3 }]);
  const idle = await reader.poll(10);
  assert.deepEqual(idle, { values: [] }, 'nothing new: an empty batch, not END');
  putFile(dir, 'c.jsonl', '{"n":4}\n');
  assert.deepEqual(await readRows(reader, 1), [{ n: 4 }]);
  assert.deepEqual(await reader.poll(10), { values: [] });
  assert.deepEqual((reader.position() as FileWatchPosition).done, ['b.jsonl', 'a.jsonl', 'c.jsonl'].map((f) => join(dir, f)));
  // Touching a file read before does not bring it back.
  utimesSync(join(dir, 'a.jsonl'), new Date(), new Date());
  assert.deepEqual(await reader.poll(10), { values: [] }, 'the poll listed the directory again and found nothing new');
  await reader.close();
});

test('a restored reader resumes inside the file it was reading and skips the files it finished', async () => {
  const dir = tempDir();
  putFile(dir, 'one.jsonl', '{"n":1}\n{"n":2}\n', 20);
  putFile(dir, 'two.jsonl', '{"n":3}\n{"n":4}\n{"n":5}\n', 10);
  const source = fileWatchSource(dir, { format: 'json', monitorIntervalMs: 20 });
  const first = await openReader(source);
  const head = await readRows(first, 3, 2);
  const position = structuredClone(first.position()) as FileWatchPosition;
  await first.close();
  assert.deepEqual(position, { done: [join(dir, 'one.jsonl')], current: { path: join(dir, 'two.jsonl'), offset: 8, line: 1 } });
  const rest = await readRows(await openReader(source, position), 2);
  assert.deepEqual([...head, ...rest].map((r) => r.n), [1, 2, 3, 4, 5]);
});

test('a path that does not exist fails when the job starts', async () => {
  const source = fileWatchSource(join(tempDir(), 'missing'), { format: 'json', monitorIntervalMs: 100 });
  await assert.rejects(async () => openReader(source), (error: unknown) => error instanceof ConfigError && /does not exist/.test(error.message));
});

test("'source.monitor-interval' makes a filesystem table watch its directory; 'csv.header' skips each file's header", async () => {
  const dir = tempDir();
  putFile(dir, 'a.csv', 'symbol,price\nAAPL,1.5\n', 10);
  const schema = rowType(['symbol', T.STRING()], ['price', T.DOUBLE()]);
  const options = { 'connector': 'filesystem', 'path': dir, 'format': 'csv', 'csv.header': 'true', 'source.monitor-interval': '20 ms' };
  const source = filesystemTableFactory.createSource!(tableContext(filesystemTableFactory, schema, options));
  assert.equal(source.bounded, false);
  const reader = await openReader(source);
  assert.deepEqual(await readRows(reader, 1), [{ symbol: 'AAPL', price: 1.5 }]);
  putFile(dir, 'b.csv', 'symbol,price\nMSFT,2\n');
  assert.deepEqual(await readRows(reader, 1), [{ symbol: 'MSFT', price: 2 }]);
  await reader.close();
});

test('a watched table has no file metadata, and csv.header is refused for JSON', () => {
  const schema = rowType(['symbol', T.STRING()]);
  const base = { 'connector': 'filesystem', 'path': tempDir(), 'format': 'json' };
  assert.throws(
    () => filesystemTableFactory.createSource!(tableContext(filesystemTableFactory, schema, { ...base, 'source.monitor-interval': '1 s' },
      { metadataColumns: [{ name: 'file', key: 'file.path', type: T.STRING() }] })),
    (error: unknown) => error instanceof ConfigError && /not available with 'source.monitor-interval'/.test(error.message),
  );
  assert.throws(
    () => filesystemTableFactory.createSource!(tableContext(filesystemTableFactory, schema, { ...base, 'csv.header': 'true' })),
    (error: unknown) => error instanceof ConfigError && error.option === 'csv.header',
  );
});
