import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { run } from 'sluice';
import { stockPipeline } from '../../examples/stock-pipeline.ts';

const GOLDEN = new URL('../golden/stock-pipeline-seed-42.txt', import.meta.url);

test('the main job prints the same windows for a fixed seed (golden file)', async () => {
  let text = '';
  const result = await run(stockPipeline({ seed: 42, maxRecords: 200_000, out: { write: (chunk: string) => { text += chunk; } } }), {
    handleSignals: false,
  });
  assert.equal(result.outcome, 'finished');
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, text);
  assert.equal(text, readFileSync(GOLDEN, 'utf8'));

  // Independent of the golden file: one line per (symbol, hour), in Flink's print format.
  const lines = text.trim().split('\n');
  const seen = new Set<string>();
  for (const line of lines) {
    const match = /^\+I\[([A-Z]+), (\d{4}-\d\d-\d\d \d\d):00:00\.000, (\d+), (\d+(?:\.\d+)?)\]$/.exec(line);
    assert.ok(match, `print format: ${line}`);
    const window = `${match[1]} ${match[2]}`;
    assert.ok(!seen.has(window), `each window fires once: ${window}`);
    seen.add(window);
  }
  assert.ok(lines.length >= 6 * 5, `200 000 trades at 10/s cover ~5.5 hours for 6 symbols (${lines.length} windows)`);
});
