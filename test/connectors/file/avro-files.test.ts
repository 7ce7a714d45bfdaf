// The filesystem connector's 'avro' format: object container files that Apache Avro's own Java
// library reads (and writes, for us to read), committed as part files with checkpoints.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { DataTypes, notNull } from '../../../src/core/data-types.ts';
import { filesystemTableFactory } from '../../../src/connectors/file/table-factory.ts';
import { memorySource } from '../../../src/connectors/memory/memory-source.ts';
import { rowType, runTable, tableContext } from '../table-test-kit.ts';

const T = DataTypes;
const schema = rowType(['id', notNull(T.BIGINT())], ['symbol', T.STRING()], ['price', T.DOUBLE()], ['ts', T.TIMESTAMP(3)]);
const rows = [
  { id: 1, symbol: 'AAPL', price: 187.25, ts: 1704103200000 },
  { id: 2, symbol: null, price: -1.5, ts: null },
];

// Apache Avro (Java) from the jars of the test schema registry's build (npm test builds it).
const LIB = join(import.meta.dirname, '..', '..', '..', '.registry', 'build', 'lib');
const JARS = ['org.apache.avro.avro-', 'com.fasterxml.jackson.core.jackson-', 'org.slf4j.slf4j-api-', 'org.apache.commons.commons-compress-'];
const TOOL = join(import.meta.dirname, '..', '..', 'fixtures', 'avro', 'AvroFiles.java');

function javaAvro(): string | undefined {
  if (!existsSync(LIB)) return undefined;
  return readdirSync(LIB).filter((jar) => JARS.some((prefix) => jar.startsWith(prefix))).map((jar) => join(LIB, jar)).join(':');
}

const classpath = javaAvro();
const skip = classpath === undefined && process.env.CI !== 'true' ? 'Apache Avro (Java) comes with the test schema registry build: npx node scripts/registry/registry.ts start' : undefined;

async function java(args: string[], input?: string): Promise<string> {
  if (classpath === undefined) throw new Error(`no Apache Avro jars in ${LIB}: the schema registry build makes them (CI must have them)`);
  const run = promisify(execFile);
  const child = run('java', ['-cp', classpath, TOOL, ...args], { timeout: 120_000 });
  if (input !== undefined) {
    child.child.stdin!.end(input);
  }
  return (await child).stdout;
}

const options = (path: string, extra: Record<string, string> = {}) => ({ 'connector': 'filesystem', 'path': path, 'format': 'avro', ...extra });

test('written Avro part files are container files that Apache Avro reads, with the table schema', { skip }, async () => {
  for (const codec of ['null', 'deflate']) {
    const dir = join(mkdtempSync(join(tmpdir(), 'sluice-avro-files-')), 'out');
    await runTable(memorySource(rows), filesystemTableFactory.createSink!(tableContext(filesystemTableFactory, schema, options(dir, { 'avro.codec': codec }))));
    const parts = readdirSync(dir).filter((name) => !name.startsWith('.'));
    assert.equal(parts.length, 1, parts.join(', '));
    assert.match(parts[0], /^part-0-\d+\.avro$/);
    const [header, ...records] = (await java(['read', join(dir, parts[0])])).trim().split('\n');
    assert.deepEqual(JSON.parse(header.slice('schema '.length)).fields.map((f: { name: string }) => f.name), ['id', 'symbol', 'price', 'ts']);
    assert.deepEqual(records.map((line) => JSON.parse(line)), rows, `codec ${codec}`);
    // and back through the table source
    const back = await runTable(filesystemTableFactory.createSource!(tableContext(filesystemTableFactory, schema, options(dir))));
    assert.deepEqual(back.map((r) => ({ ...r })), rows);
  }
});

test("a file Apache Avro wrote with another version of the schema is read into the table's columns", { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-avro-read-'));
  const writer = { type: 'record', name: 'trade', namespace: 'other', fields: [
    { name: 'id', type: 'int' }, { name: 'venue', type: 'string' }, { name: 'symbol', type: ['null', 'string'] },
  ] };
  await java(['write', JSON.stringify(writer), join(dir, 'trades.avro')],
    '{"id": 7, "venue": "XNAS", "symbol": {"string": "MSFT"}}\n{"id": 8, "venue": "XNYS", "symbol": null}\n');
  const back = await runTable(filesystemTableFactory.createSource!(tableContext(filesystemTableFactory, schema, options(dir))));
  assert.deepEqual(back.map((r) => ({ ...r })), [
    { id: 7, symbol: 'MSFT', price: null, ts: null },
    { id: 8, symbol: null, price: null, ts: null },
  ]);
});

test('a file that is not an Avro container file fails naming it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-avro-bad-'));
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 'broken.avro'), '{"id":1}\n');
  await assert.rejects(runTable(filesystemTableFactory.createSource!(tableContext(filesystemTableFactory, schema, options(dir)))),
    /broken\.avro: not an Avro container file/);
});
