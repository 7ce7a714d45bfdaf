// A file source's dead letters go to a directory of part files committed with the job's checkpoints:
// visible once the checkpoint holding them completes, never when the job fails before it does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataflow, fileSource, memorySink, run, type Row } from '../../../src/index.ts';

function setUp(lines: readonly string[]): { input: string; dead: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-file-dlq-'));
  const input = join(dir, 'in.jsonl');
  writeFileSync(input, lines.join('\n') + '\n');
  return { input, dead: join(dir, 'dead') };
}

/** Every committed dead letter (hidden in-progress parts are not committed). */
function committedDeadLetters(dir: string): Row[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.startsWith('part-')).sort()
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Row));
}

test('bad lines go to the dead-letter directory once, with the error, file:line and time; the good ones go on', async () => {
  const { input, dead } = setUp(['{"n":1}', '{"n":', '{"n":3}', 'nope']);
  const out = memorySink<Row>();
  const flow = new Dataflow('file-dlq');
  flow.input('numbers', fileSource(input, { deadLetterPath: dead })).output('out', out);
  const before = Date.now();
  const result = await run(flow, { handleSignals: false, checkpointDir: join(dead, '..', 'checkpoints') });
  assert.deepEqual(out.values, [{ n: 1 }, { n: 3 }]);
  const letters = committedDeadLetters(dead);
  assert.deepEqual(letters.map((l) => [l.record, l.origin]), [['{"n":', `${input}:2`], ['nope', `${input}:4`]]);
  for (const letter of letters) {
    assert.match(String(letter.error), new RegExp(`^${input.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d: invalid JSON`));
    const time = Date.parse(String(letter.time));
    assert.ok(time >= before && time <= Date.now(), `failure time within the run: ${String(letter.time)}`);
  }
  assert.deepEqual(result.status.sources.map((s) => [s.id, s.recordsIn, s.skipped, s.deadLettered]), [['numbers', 2, 0, 2]]);
});

test('dead letters of a job that fails before its checkpoint are never visible', async () => {
  const { input, dead } = setUp(['{"n":', '{"n":2}', '{"n":3}']);
  const flow = new Dataflow('file-dlq-fail');
  flow.input('numbers', fileSource(input, { deadLetterPath: dead }))
    .map((r: Row) => {
      if (r.n === 3) throw new Error('boom at 3');
      return r;
    })
    .output('out', memorySink<Row>());
  await assert.rejects(run(flow, { handleSignals: false, checkpointInterval: 60_000, maxBatchSize: 1 }), /boom at 3/);
  assert.deepEqual(committedDeadLetters(dead), [], 'the dead letter written before the failure was never committed');
});
