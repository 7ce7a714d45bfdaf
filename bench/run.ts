// `npm run bench [-- core]`: the seed query through the engine next to a hand-written loop over the
// same JSON bytes, alternated in one process so both see the same machine state. Prints both rates and
// the ratio; bench/RESULTS.md records them with the machine.
import { cpus, totalmem } from 'node:os';
import { encodedTrades } from './seed-query-data.ts';
import { runEngine } from './seed-query-engine.ts';
import { runHandLoop } from './seed-query-hand-loop.ts';
import { median, timed } from './bench-stats.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function benchCore(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`input: ${RECORDS} stock trades as JSON bytes; ${ROUNDS} rounds each, alternating; median reported`);
  const records = await encodedTrades(RECORDS);
  const mb = records.reduce((n, r) => n + r.length, 0) / 1e6;
  // Warm-up both paths so the JIT has seen them before timing.
  runHandLoop(records.slice(0, 100_000));
  await runEngine(records.slice(0, 100_000));
  const hand: number[] = [];
  const engine: number[] = [];
  let expected: ReturnType<typeof runHandLoop> | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const h = await timed(() => runHandLoop(records));
    const e = await timed(() => runEngine(records));
    hand.push(h.ms);
    engine.push(e.ms);
    expected = h.result;
    if (e.result.windows !== h.result.windows || Math.abs(e.result.checksum - h.result.checksum) > 1e-6 * Math.abs(h.result.checksum)) {
      throw new Error(`engine and hand loop disagree: ${JSON.stringify(e.result)} vs ${JSON.stringify(h.result)}`);
    }
  }
  const handRate = RECORDS / (median(hand) / 1000);
  const engineRate = RECORDS / (median(engine) / 1000);
  console.log(`results agree: ${expected?.windows} windows, ${expected?.late} late records dropped by both`);
  console.log(`hand loop: ${Math.round(handRate).toLocaleString('en')} records/s (${(mb / (median(hand) / 1000)).toFixed(1)} MB/s)`);
  console.log(`engine:    ${Math.round(engineRate).toLocaleString('en')} records/s (${(mb / (median(engine) / 1000)).toFixed(1)} MB/s)`);
  console.log(`ratio engine / hand loop: ${(engineRate / handRate).toFixed(2)} (target >= 0.80)`);
}

const which = process.argv[2] ?? 'core';
if (which === 'core') await benchCore();
else if (which === 'kafka') {
  const { benchKafka } = await import('./kafka/kafka-bench.ts');
  await benchKafka();
} else if (which === 'dataframe') {
  const { benchDataFrame } = await import('./dataframe/dataframe-bench.ts');
  await benchDataFrame();
} else if (which === 'state') {
  const { benchState } = await import('./state/state-bench.ts');
  await benchState();
} else if (which === 'sql') {
  const { benchSql } = await import('./sql/sql-bench.ts');
  await benchSql();
} else if (which === 'changelog') {
  const { benchChangelog } = await import('./changelog/changelog-bench.ts');
  await benchChangelog();
} else if (which === 'joins') {
  const { benchJoins } = await import('./joins/joins-bench.ts');
  await benchJoins();
} else if (which === 'jdbc') {
  const { benchJdbc } = await import('./jdbc/jdbc-bench.ts');
  await benchJdbc();
} else if (which === 'topn') {
  const { benchTopN } = await import('./topn/topn-bench.ts');
  await benchTopN();
} else if (which === 'over') {
  const { benchOver } = await import('./over/over-bench.ts');
  await benchOver();
} else if (which === 'repartition') {
  const { benchRepartition } = await import('./scale/repartition-bench.ts');
  await benchRepartition();
} else if (which === 'assignor') {
  const { benchAssignor } = await import('./group/assignor-bench.ts');
  await benchAssignor();

} else if (which === 'formats') {
  const { benchFormats } = await import('./formats/formats-bench.ts');
  await benchFormats();
} else if (which === 'ui') {
  const { benchUi } = await import('./ui/ui-bench.ts');
  await benchUi();
} else {
  console.error(`unknown benchmark '${which}' (available: core, kafka, dataframe, state, sql, changelog, joins, jdbc, topn, over, repartition, assignor, formats, ui)`);
  process.exit(1);
}
