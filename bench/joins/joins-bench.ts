// `npm run bench -- joins`: the regular join operator probing a small and a large state, next to a
// hand-written hash join over the same rows, alternated round by round. Shows whether the per-record
// cost grows with the state held (it must not beyond a log factor) and what the operator costs over a
// plain Map probe. bench/RESULTS.md records the figures with the machine.
import { cpus, totalmem } from 'node:os';
import { DataTypes, type RowType } from '../../src/core/data-types.ts';
import type { Row } from '../../src/core/row.ts';
import { RegularJoinOperator } from '../../src/operators/regular-join.ts';
import { field } from '../../src/plan/expr/index.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';
import { median, timed } from '../bench-stats.ts';
import { seededRandom as random } from '../../src/operators/expr/runtime-numeric.ts';

const PROBES = Number(process.env.BENCH_RECORDS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SIZES = (process.env.BENCH_STATE_SIZES ?? '10000,1000000').split(',').map(Number);
const BATCH = 1000;

const ORDERS: RowType = DataTypes.ROW([{ name: 'id', type: DataTypes.BIGINT() }, { name: 'customer', type: DataTypes.BIGINT() }, { name: 'amount', type: DataTypes.DOUBLE() }]);
const CUSTOMERS: RowType = DataTypes.ROW([{ name: 'cid', type: DataTypes.BIGINT() }, { name: 'name', type: DataTypes.STRING() }]);
const OUT: RowType = DataTypes.ROW([{ name: 'id', type: DataTypes.BIGINT() }, { name: 'amount', type: DataTypes.DOUBLE() }, { name: 'name', type: DataTypes.STRING() }]);

/** SELECT o.id, o.amount, c.name FROM orders o JOIN customers c ON o.customer = c.cid */
function joinOperator(): RegularJoinOperator {
  return new RegularJoinOperator({
    leftType: ORDERS, rightType: CUSTOMERS, leftKeys: [field(ORDERS, 'customer')], rightKeys: [field(CUSTOMERS, 'cid')], joinType: 'inner',
    outputFields: [{ side: 'left', field: 'id', name: 'id' }, { side: 'left', field: 'amount', name: 'amount' }, { side: 'right', field: 'name', name: 'name' }],
    outputType: OUT,
  }, "regular-join 'bench'");
}


function customers(count: number): Row[] {
  return Array.from({ length: count }, (_, i) => ({ cid: i, name: `customer-${i}` }));
}

/** Orders whose customers are spread over the whole state, so probes touch all of it. */
function orders(count: number, customerCount: number): Row[] {
  const next = random(42);
  return Array.from({ length: count }, (_, i) => ({ id: i, customer: Math.floor(next() * customerCount), amount: Math.round(next() * 10_000) / 100 }));
}

function feed(h: OperatorHarness<Row, Row>, rows: readonly Row[], input: number): void {
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows.slice(i, i + BATCH);
    h.processBatch({ values, times: values.map(() => 0) }, input);
  }
}

/** The operator with the customers held; returns a function timing the probes (their count of outputs). */
function engineWithState(state: readonly Row[]): (probes: readonly Row[]) => number {
  const h = new OperatorHarness<Row, Row>(joinOperator(), { id: 'bench' });
  h.open();
  feed(h, state, 1);
  return (probes) => {
    h.clearOutput();
    feed(h, probes, 0);
    return h.output().length;
  };
}

/** A hash join in one loop: a Map from key to the customers of that key, probed with each order. */
function handWithState(state: readonly Row[]): (probes: readonly Row[]) => number {
  const table = new Map<unknown, Row[]>();
  for (const c of state) {
    const list = table.get(c.cid);
    if (list === undefined) table.set(c.cid, [c]);
    else list.push(c);
  }
  return (probes) => {
    const out: Row[] = [];
    for (const o of probes) {
      const matches = table.get(o.customer);
      if (matches === undefined) continue;
      for (const c of matches) out.push({ id: o.id, amount: o.amount, name: c.name });
    }
    return out.length;
  };
}

/**
 * For each state size: the probe rate of the operator and of the hand loop (median of the rounds),
 * their ratio, and the operator's rate at the largest size over its rate at the smallest.
 *
 * @example
 * await benchJoins();
 */
export async function benchJoins(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`regular inner join, ${PROBES} probe rows (left) against S held rows (right, one per key); ${ROUNDS} rounds, alternating; median reported`);
  const rates: number[] = [];
  for (const size of SIZES) {
    const state = customers(size);
    const probes = orders(PROBES, size);
    const engine = engineWithState(state);
    const hand = handWithState(state);
    engine(probes.slice(0, 10_000));
    hand(probes.slice(0, 10_000));
    const engineMs: number[] = [];
    const handMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const e = await timed(() => engine(probes));
      const h = await timed(() => hand(probes));
      if (e.result !== h.result || e.result !== PROBES) throw new Error(`engine and hand loop disagree: ${e.result} vs ${h.result} joined rows`);
      engineMs.push(e.ms);
      handMs.push(h.ms);
    }
    const engineRate = PROBES / (median(engineMs) / 1000);
    const handRate = PROBES / (median(handMs) / 1000);
    rates.push(engineRate);
    console.log(`S = ${size.toLocaleString('en')}: operator ${Math.round(engineRate).toLocaleString('en')} probes/s, hand loop ${Math.round(handRate).toLocaleString('en')} probes/s, ratio ${(engineRate / handRate).toFixed(2)}`);
  }
  console.log(`operator rate at S = ${SIZES.at(-1)!.toLocaleString('en')} / at S = ${SIZES[0].toLocaleString('en')}: ${(rates.at(-1)! / rates[0]).toFixed(2)}`);
}
