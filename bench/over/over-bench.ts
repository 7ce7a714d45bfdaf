// `npm run bench -- over`: the OVER aggregate operator (SUM and COUNT over ROWS BETWEEN 10 PRECEDING
// AND CURRENT ROW, and over UNBOUNDED PRECEDING, by rowtime) next to a hand-written loop over the same
// rows (a running sum per key; a sliding sum over the last 11 rows), alternated round by round. Rows
// come in time order, a watermark after each batch, so every row waits one batch in state. Shows what
// the operator costs over the plain loop, and what a bounded frame (aggregated again for every row)
// costs next to a running accumulator. bench/RESULTS.md records the figures with the machine.
import { cpus, totalmem } from 'node:os';
import { DataTypes, notNull, type RowType } from '../../src/core/data-types.ts';
import type { Row } from '../../src/core/row.ts';
import { seededRandom as random } from '../../src/operators/expr/runtime-numeric.ts';
import { OverAggregateOperator } from '../../src/operators/over-aggregate.ts';
import { field } from '../../src/plan/expr/index.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';
import { median, timed } from '../bench-stats.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 300_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const KEYS = Number(process.env.BENCH_KEYS ?? 1000);
const PRECEDING = 10;
const BATCH = 1000;

const BIDS: RowType = DataTypes.ROW([{ name: 'auction', type: DataTypes.BIGINT() }, { name: 'price', type: DataTypes.BIGINT() }, { name: 'ts', type: DataTypes.TIMESTAMP(3) }]);
const OUT: RowType = DataTypes.ROW([...BIDS.fields, { name: 's', type: DataTypes.BIGINT() }, { name: 'n', type: notNull(DataTypes.BIGINT()) }]);

function bids(count: number): Row[] {
  const next = random(7);
  return Array.from({ length: count }, (_, i) => ({ auction: Math.floor(next() * KEYS), price: Math.floor(next() * 1000), ts: 1_700_000_000_000 + i }));
}

/** A fresh operator fed every row (a watermark after each batch); the sum of every output row's SUM. */
function engine(rows: readonly Row[], preceding: number): number {
  const h = new OperatorHarness<Row, Row>(new OverAggregateOperator({
    inputType: BIDS, partitionKeys: [field(BIDS, 'auction')], order: { time: 'rowtime', column: 'ts' },
    frame: { unit: 'rows', preceding },
    calls: [
      { fn: 'SUM', args: [field(BIDS, 'price')], distinct: false, name: 's', type: DataTypes.BIGINT() },
      { fn: 'COUNT', args: [], distinct: false, name: 'n', type: notNull(DataTypes.BIGINT()) },
    ],
    outputType: OUT,
  }, "over-aggregate 'bench'"), { id: 'bench' });
  h.open();
  let total = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows.slice(i, i + BATCH);
    h.processBatch({ values, times: values.map((r) => r.ts as number) });
    h.processWatermark(values[values.length - 1].ts as number);
    for (const r of h.output()) total += r.s as number;
    h.clearOutput();
  }
  return total;
}

/** The same in one loop: per key the last `preceding` + 1 prices (or a running sum when unbounded). */
function handLoop(rows: readonly Row[], preceding: number): number {
  const windows = new Map<unknown, { sum: number; last: number[] }>();
  let total = 0;
  for (const row of rows) {
    let w = windows.get(row.auction);
    if (w === undefined) windows.set(row.auction, (w = { sum: 0, last: [] }));
    const price = row.price as number;
    w.sum += price;
    if (preceding !== Number.POSITIVE_INFINITY) {
      w.last.push(price);
      if (w.last.length > preceding + 1) w.sum -= w.last.shift()!;
    }
    total += w.sum;
  }
  return total;
}

/** Milliseconds of CPU (user + system) in a `process.cpuUsage` difference. */
function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/**
 * For a bounded and an unbounded frame: the rate of the operator and of the hand loop (median of the
 * rounds) and their ratio, by wall time and by CPU time.
 *
 * @example
 * await benchOver();
 */
export async function benchOver(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`SUM, COUNT OVER (PARTITION BY auction ORDER BY ts …), ${RECORDS} rows over ${KEYS} keys; ${ROUNDS} rounds, alternating; median reported`);
  const rows = bids(RECORDS);
  for (const [label, preceding] of [[`ROWS ${PRECEDING} PRECEDING`, PRECEDING], ['UNBOUNDED PRECEDING', Number.POSITIVE_INFINITY]] as const) {
    engine(rows.slice(0, 20_000), preceding);
    handLoop(rows.slice(0, 20_000), preceding);
    const engineMs: number[] = [];
    const handMs: number[] = [];
    const engineCpu: number[] = [];
    const handCpu: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      let cpu = process.cpuUsage();
      const e = await timed(() => engine(rows, preceding));
      engineCpu.push(cpuMs(process.cpuUsage(cpu)));
      cpu = process.cpuUsage();
      const h = await timed(() => handLoop(rows, preceding));
      handCpu.push(cpuMs(process.cpuUsage(cpu)));
      if (e.result !== h.result) throw new Error(`engine and hand loop disagree: ${e.result} vs ${h.result}`);
      engineMs.push(e.ms);
      handMs.push(h.ms);
    }
    const rate = (ms: number[]): number => RECORDS / (median(ms) / 1000);
    const [engineRate, handRate] = [rate(engineMs), rate(handMs)];
    const [engineCpuRate, handCpuRate] = [rate(engineCpu), rate(handCpu)];
    console.log(`${label}: operator ${Math.round(engineRate).toLocaleString('en')} rows/s, hand loop ${Math.round(handRate).toLocaleString('en')} rows/s, ratio ${(engineRate / handRate).toFixed(2)}`);
    // On a shared machine wall time counts the waits for a core; CPU time is what each path used.
    console.log(`${label}, per CPU second: operator ${Math.round(engineCpuRate).toLocaleString('en')} rows, hand loop ${Math.round(handCpuRate).toLocaleString('en')} rows, ratio ${(engineCpuRate / handCpuRate).toFixed(2)}`);
  }
}
