import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { run } from 'sluice';
import { stockPipeline } from '../../examples/stock-pipeline.ts';
import { generatedTrades, referenceWindows } from './stock-pipeline-reference.ts';

/** Written only by `npm run update-goldens`; this test reads it and never writes it. */
const GOLDEN = new URL('../golden/stock-pipeline-seed-42.txt', import.meta.url);
const SEED = 42;
const TRADES = 200_000;
/** The engine's batch size, stated so that the reference loop advances its watermark at the same records. */
const BATCH = 4096;

test('the main job prints the golden windows for a fixed seed, and a hand-written loop computes the same ones', async () => {
  let text = '';
  const result = await run(stockPipeline({ seed: SEED, maxRecords: TRADES, out: { write: (chunk: string) => { text += chunk; } } }), {
    handleSignals: false,
    maxBatchSize: BATCH,
  });
  assert.equal(result.outcome, 'finished');
  const golden = readFileSync(GOLDEN, 'utf8');
  assert.equal(text, golden, 'the engine output differs from test/golden/stock-pipeline-seed-42.txt');

  // The golden file itself, checked against a computation that shares no code with the engine.
  const reference = referenceWindows(await generatedTrades(SEED, TRADES), BATCH);
  assert.deepEqual(golden.trim().split('\n').sort(), reference.lines, 'the golden file differs from the hand-written loop');
  assert.ok(reference.lines.length >= 6 * 5, `200 000 trades at 10/s cover ~5.5 hours for 6 symbols (${reference.lines.length} windows)`);
});

test('with a watermark after every trade, the job drops the same late trades as the hand-written loop', async () => {
  // Two hours of trades: the late ones stamped behind the first hour's end arrive after it fired.
  const trades = 80_000;
  let text = '';
  const result = await run(stockPipeline({ seed: SEED, maxRecords: trades, out: { write: (chunk: string) => { text += chunk; } } }), {
    handleSignals: false,
    maxBatchSize: 1,
  });
  assert.equal(result.outcome, 'finished');
  const reference = referenceWindows(await generatedTrades(SEED, trades), 1);
  assert.ok(reference.late > 0, 'some trades arrive after their window fired, so dropping them is exercised');
  assert.deepEqual(text.trim().split('\n').sort(), reference.lines);
});
