import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineReader } from '../../../src/connectors/file/line-reader.ts';

async function readAll(path: string, offset = 0): Promise<{ lines: string[]; offsets: number[] }> {
  const reader = await LineReader.open(path, offset);
  const lines: string[] = [];
  const offsets: number[] = [];
  for (;;) {
    const line = reader.next();
    if (line === undefined) {
      await reader.fill();
      continue;
    }
    if (line === null) break;
    lines.push(line);
    offsets.push(reader.offset);
  }
  await reader.close();
  return { lines, offsets };
}

test('lines are split on LF and CRLF, with a last line without a newline', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'sluice-lines-')), 'a.txt');
  writeFileSync(path, 'one\r\ntwo\n\nfour');
  const { lines, offsets } = await readAll(path);
  assert.deepEqual(lines, ['one', 'two', '', 'four']);
  assert.deepEqual(offsets, [5, 9, 10, 14]);
});

test('lines longer than a chunk and multi-byte characters across chunk edges survive', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'sluice-lines-')), 'b.txt');
  const long = 'é'.repeat(100_000); // 200 000 bytes: several chunks, characters split at chunk edges
  const many = Array.from({ length: 5000 }, (_, i) => `line ${i} ü`);
  writeFileSync(path, [long, ...many].join('\n') + '\n');
  const { lines } = await readAll(path);
  assert.equal(lines.length, 5001);
  assert.equal(lines[0], long);
  assert.deepEqual(lines.slice(1), many);
});

test('reading from a byte offset starts at the line there', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'sluice-lines-')), 'c.txt');
  writeFileSync(path, 'one\ntwo\nthree\n');
  assert.deepEqual((await readAll(path, 4)).lines, ['two', 'three']);
});
