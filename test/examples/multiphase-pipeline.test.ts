import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessLog, memorySink, run, start } from 'sluice';
import { phaseOne, phaseTwo, type HourlyTotal } from '../../examples/multiphase-pipeline.ts';

test('phase 1 writes a topic that phase 2 reads: per-symbol hourly totals cover every large trade once', async () => {
  const log = new InProcessLog();
  log.createTopic('large_trades', { partitions: 3 });
  await run(phaseOne(log, 40_000), { handleSignals: false });
  const inTopic = [0, 1, 2].reduce((n, p) => n + log.endOffset('large_trades', p), 0);
  assert.ok(inTopic > 1_000, `phase 1 produced large trades (${inTopic})`);

  const totals = memorySink<HourlyTotal>();
  await run(phaseTwo(log, totals, true), { handleSignals: false });
  assert.equal(totals.values.reduce((n, t) => n + t.trades, 0), inTopic, 'every record of the topic counted once');
  const perSymbol = new Map<string, number>();
  for (let p = 0; p < 3; p++) {
    for (const record of log.read('large_trades', p, 0, 1e9)) {
      const trade = JSON.parse(String(record.value));
      // Keyed by symbol: a symbol lives in exactly one partition, as on Kafka.
      assert.equal(log.partitionFor('large_trades', trade.symbol), p);
      perSymbol.set(trade.symbol, (perSymbol.get(trade.symbol) ?? 0) + trade.transaction_value);
    }
  }
  for (const [symbol, value] of perSymbol) {
    const fromWindows = totals.values.filter((t) => t.symbol === symbol).reduce((n, t) => n + t.value, 0);
    assert.ok(Math.abs(fromWindows - value) < 1e-6 * value, `${symbol}: ${fromWindows} vs ${value}`);
  }
  // The group's committed offsets reached the end of every partition.
  for (let p = 0; p < 3; p++) assert.equal(log.committed('phase-2', 'large_trades', p), log.endOffset('large_trades', p));
});

test('phase 2 running alongside phase 1 consumes the topic as it fills and resumes from committed offsets', async () => {
  const log = new InProcessLog();
  log.createTopic('large_trades', { partitions: 2 });
  const firstRun = memorySink<HourlyTotal>();
  const consumer = start(phaseTwo(log, firstRun), { handleSignals: false });
  await run(phaseOne(log, 20_000), { handleSignals: false });
  const produced = log.endOffset('large_trades', 0) + log.endOffset('large_trades', 1);
  while ((log.committed('phase-2', 'large_trades', 0) ?? 0) + (log.committed('phase-2', 'large_trades', 1) ?? 0) < produced) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await consumer.stop();
  // A second consumer run in the same group starts at the committed offsets: nothing is read twice.
  const secondRun = memorySink<HourlyTotal>();
  const again = start(phaseTwo(log, secondRun), { handleSignals: false });
  // One trade appended after the committed offsets: a consumer that starts there reads exactly it (an
  // event to wait on, not a sleep); one that starts anywhere earlier reads old records too.
  const partition = log.endOffset('large_trades', 0) > 0 ? 0 : 1;
  const [lastRecord] = log.read('large_trades', partition, log.endOffset('large_trades', partition) - 1, 1);
  const lastTrade = JSON.parse(String(lastRecord.value)) as { symbol: string; transaction_date: number };
  log.append('large_trades', partition, [{ key: lastTrade.symbol, value: JSON.stringify({ ...lastTrade, transaction_date: lastTrade.transaction_date + 1 }) }]);
  while (again.status().recordsIn < 1) await new Promise((resolve) => setTimeout(resolve, 20));
  const result = await again.stop();
  assert.equal(result.status.recordsIn, 1, 'the second run read only the record appended after the committed offsets');
});
