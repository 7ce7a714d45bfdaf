// `npm run bench -- topn`: the Top-N operator (ROW_NUMBER … WHERE rn <= 10, with the row number)
// over few and over many partition keys, next to a hand-written Top-N loop over the same rows (a
// sorted array per key, binary insertion), alternated round by round. Shows what the operator costs
// over the plain loop and whether its per-record cost grows with the number of keys held (state is
// bounded by N per key). bench/RESULTS.md records the figures with the machine.
import { cpus, totalmem } from 'node:os';
import { DataTypes, notNull, type RowType } from '../../src/core/data-types.ts';
import type { Row } from '../../src/core/row.ts';
import { seededRandom as random } from '../../src/operators/expr/runtime-numeric.ts';
import { RankOperator } from '../../src/operators/rank.ts';
import { field } from '../../src/plan/expr/index.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';
import { median, timed } from '../bench-stats.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 500_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const KEYS = (process.env.BENCH_KEYS ?? '1000,100000').split(',').map(Number);
const N = 10;
const BATCH = 1000;

const BIDS: RowType = DataTypes.ROW([{ name: 'auction', type: DataTypes.BIGINT() }, { name: 'price', type: DataTypes.BIGINT() }]);
const OUT: RowType = DataTypes.ROW([...BIDS.fields, { name: 'rn', type: notNull(DataTypes.BIGINT()) }]);

function bids(count: number, keys: number): Row[] {
  const next = random(19);
  return Array.from({ length: count }, () => ({ auction: Math.floor(next() * keys), price: Math.floor(next() * 1_000_000) }));
}

/** A fresh operator fed every row; the number of changelog rows it emitted. */
function engine(rows: readonly Row[]): number {
  const h = new OperatorHarness<Row, Row>(new RankOperator({
    inputType: BIDS, partitionKeys: [field(BIDS, 'auction')], orderBy: [{ expr: field(BIDS, 'price'), descending: true, nullsFirst: true }],
    limit: N, rankColumn: 'rn', outputType: OUT,
  }, "rank 'bench'"), { id: 'bench' });
  h.open();
  let emitted = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows.slice(i, i + BATCH);
    h.processBatch({ values, times: values.map(() => 0) });
    emitted += h.output().length;
    h.clearOutput();
  }
  return emitted;
}

/** The same Top-N in one loop: per key the best N prices descending; counts the rows the changelog would hold. */
function handLoop(rows: readonly Row[]): number {
  const tops = new Map<unknown, number[]>();
  let emitted = 0;
  for (const row of rows) {
    let top = tops.get(row.auction);
    if (top === undefined) tops.set(row.auction, (top = []));
    const price = row.price as number;
    let low = 0;
    let high = top.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (top[mid] >= price) low = mid + 1;
      else high = mid;
    }
    if (low >= N) continue;
    const before = top.length;
    top.splice(low, 0, price);
    if (top.length > N) top.pop();
    // Ranks low … last changed: -U/+U where a row was, +I where none was.
    for (let r = low; r < top.length; r++) emitted += r < before ? 2 : 1;
  }
  return emitted;
}

/**
 * For each key count: the rate of the operator and of the hand loop (median of the rounds), their
 * ratio, and the operator's rate with the most keys over its rate with the fewest.
 *
 * @example
 * await benchTopN();
 */
export async function benchTopN(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`Top-${N} per key with the row number, ${RECORDS} rows over K keys; ${ROUNDS} rounds, alternating; median reported`);
  const rates: number[] = [];
  for (const keys of KEYS) {
    const rows = bids(RECORDS, keys);
    engine(rows.slice(0, 20_000));
    handLoop(rows.slice(0, 20_000));
    const engineMs: number[] = [];
    const handMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const e = await timed(() => engine(rows));
      const h = await timed(() => handLoop(rows));
      if (e.result !== h.result) throw new Error(`engine and hand loop disagree: ${e.result} vs ${h.result} changelog rows`);
      engineMs.push(e.ms);
      handMs.push(h.ms);
    }
    const engineRate = RECORDS / (median(engineMs) / 1000);
    const handRate = RECORDS / (median(handMs) / 1000);
    rates.push(engineRate);
    console.log(`K = ${keys.toLocaleString('en')}: operator ${Math.round(engineRate).toLocaleString('en')} rows/s, hand loop ${Math.round(handRate).toLocaleString('en')} rows/s, ratio ${(engineRate / handRate).toFixed(2)}`);
  }
  console.log(`operator rate at K = ${KEYS.at(-1)!.toLocaleString('en')} / at K = ${KEYS[0].toLocaleString('en')}: ${(rates.at(-1)! / rates[0]).toFixed(2)}`);
}
