import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes, type RowType } from '../../src/core/data-types.ts';
import { PlanError } from '../../src/core/errors.ts';
import type { Row } from '../../src/core/row.ts';
import { ROW_KIND, shortRowKind, type RowKind } from '../../src/formats/row-kind.ts';
import { JOIN_RETRACTIONS_NOT_FOUND, RegularJoinOperator, type RegularJoinConfig } from '../../src/operators/regular-join.ts';
import { call, field, numericLiteral } from '../../src/plan/expr/index.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';
import { seededRandom as random } from '../../src/operators/expr/runtime-numeric.ts';

const ORDERS: RowType = DataTypes.ROW([
  { name: 'id', type: DataTypes.INT() },
  { name: 'cust', type: DataTypes.INT() },
  { name: 'amount', type: DataTypes.INT() },
]);
const CUSTOMERS: RowType = DataTypes.ROW([
  { name: 'id', type: DataTypes.INT() },
  { name: 'name', type: DataTypes.STRING() },
]);
const OUT: RowType = DataTypes.ROW([
  { name: 'id', type: DataTypes.INT() },
  { name: 'amount', type: DataTypes.INT() },
  { name: 'cid', type: DataTypes.INT() },
  { name: 'name', type: DataTypes.STRING() },
]);

/** SELECT o.id, o.amount, c.id AS cid, c.name FROM orders o <type> JOIN customers c ON o.cust = c.id */
const CONFIG: RegularJoinConfig = {
  leftType: ORDERS,
  rightType: CUSTOMERS,
  leftKeys: [field(ORDERS, 'cust')],
  rightKeys: [field(CUSTOMERS, 'id')],
  joinType: 'inner',
  outputFields: [
    { side: 'left', field: 'id', name: 'id' }, { side: 'left', field: 'amount', name: 'amount' },
    { side: 'right', field: 'id', name: 'cid' }, { side: 'right', field: 'name', name: 'name' },
  ],
  outputType: OUT,
};
const LEFT = 0;
const RIGHT = 1;

function opened(config: Partial<RegularJoinConfig> = {}): OperatorHarness<Row, Row> {
  const h = new OperatorHarness<Row, Row>(new RegularJoinOperator({ ...CONFIG, ...config }, "regular-join 'j'"), { id: 'j' });
  h.open();
  return h;
}

const order = (id: number, cust: number | null, amount = 10, kind?: RowKind): Row => ({ id, cust, amount, ...(kind === undefined ? {} : { [ROW_KIND]: kind }) });
const customer = (id: number | null, name: string, kind?: RowKind): Row => ({ id, name, ...(kind === undefined ? {} : { [ROW_KIND]: kind }) });

/** The output as Flink prints it: `+I[1, 10, 1, ann]`. */
const printed = (h: OperatorHarness<Row, Row>): string[] =>
  h.output().map((r) => `${shortRowKind(r[ROW_KIND] as RowKind)}[${OUT.fields.map((f) => String(r[f.name])).join(', ')}]`);

test('inner: pairs come out with the kind of the row that formed them, and go with its retraction', () => {
  const h = opened();
  h.processElement(order(1, 7), 1, LEFT);
  h.processElement(customer(7, 'ann'), 2, RIGHT);
  h.processElement(order(2, 7, 20), 3, LEFT);
  h.processElement(customer(7, 'ann', 'update-before'), 4, RIGHT);
  h.processElement(customer(7, 'anna', 'update-after'), 5, RIGHT);
  h.processElement(order(1, 7, 10, 'delete'), 6, LEFT);
  assert.deepEqual(printed(h), [
    '+I[1, 10, 7, ann]', '+I[2, 20, 7, ann]',
    '-U[1, 10, 7, ann]', '-U[2, 20, 7, ann]', '+U[1, 10, 7, anna]', '+U[2, 20, 7, anna]',
    '-D[1, 10, 7, anna]',
  ]);
  assert.deepEqual(h.outputWithTimes().map((r) => r.time), [2, 3, 4, 4, 5, 5, 6], 'each output row has the time of the row that caused it');
});

test('left: a padded row is emitted, retracted when the first partner arrives, and back when the last one leaves', () => {
  const h = opened({ joinType: 'left' });
  h.processElement(order(1, 7), 1, LEFT);
  h.processElement(customer(7, 'ann'), 2, RIGHT);
  h.processElement(customer(7, 'al'), 3, RIGHT);
  h.processElement(customer(7, 'ann', 'delete'), 4, RIGHT);
  h.processElement(customer(7, 'al', 'delete'), 5, RIGHT);
  h.processElement(order(1, 7, 10, 'delete'), 6, LEFT);
  assert.deepEqual(printed(h), [
    '+I[1, 10, null, null]',
    '-D[1, 10, null, null]', '+I[1, 10, 7, ann]',
    '+I[1, 10, 7, al]',
    '-D[1, 10, 7, ann]',
    '-D[1, 10, 7, al]', '+I[1, 10, null, null]',
    '-D[1, 10, null, null]',
  ]);
});

test('full: each side is padded while it has no partner; a NULL key matches nothing and is padded at once', () => {
  const h = opened({ joinType: 'full' });
  h.processElement(customer(7, 'ann'), 1, RIGHT);
  h.processElement(order(1, null), 2, LEFT);
  h.processElement(customer(null, 'nobody'), 3, RIGHT);
  h.processElement(order(2, 7), 4, LEFT);
  h.processElement(order(1, null, 10, 'delete'), 5, LEFT);
  assert.deepEqual(printed(h), [
    '+I[null, null, 7, ann]',
    '+I[1, 10, null, null]',
    '+I[null, null, null, nobody]',
    '-D[null, null, 7, ann]', '+I[2, 10, 7, ann]',
    '-D[1, 10, null, null]',
  ]);
});

test('rows held several times pair several times, and a retraction takes one copy away', () => {
  const h = opened();
  h.processElement(customer(7, 'ann'), 1, RIGHT);
  h.processElement(customer(7, 'ann'), 2, RIGHT);
  h.processElement(order(1, 7), 3, LEFT);
  h.processElement(customer(7, 'ann', 'delete'), 4, RIGHT);
  h.processElement(order(2, 7), 5, LEFT);
  assert.deepEqual(printed(h), ['+I[1, 10, 7, ann]', '+I[1, 10, 7, ann]', '-D[1, 10, 7, ann]', '+I[2, 10, 7, ann]']);
});

test('the condition over the joined row decides which candidates pair (and, in a left join, which rows are padded)', () => {
  // ON o.cust = c.id AND o.amount > 15
  const condition = call('>', [field(OUT, 'amount'), numericLiteral('15')]);
  const h = opened({ joinType: 'left', condition });
  h.processElement(customer(7, 'ann'), 1, RIGHT);
  h.processElement(order(1, 7, 10), 2, LEFT);
  h.processElement(order(2, 7, 20), 3, LEFT);
  assert.deepEqual(printed(h), ['+I[1, 10, null, null]', '+I[2, 20, 7, ann]']);
});

test('restored from a snapshot, both sides\' rows and partner counts carry on', () => {
  const h = opened({ joinType: 'left' });
  h.processElement(order(1, 7), 1, LEFT);
  h.processElement(customer(7, 'ann'), 2, RIGHT);
  const saved = h.snapshot();
  const restored = OperatorHarness.restore(new RegularJoinOperator({ ...CONFIG, joinType: 'left' }, 'j'), saved, { id: 'j' });
  restored.processElement(order(2, 7), 3, LEFT);
  restored.processElement(customer(7, 'ann', 'delete'), 4, RIGHT);
  assert.deepEqual(printed(restored), [
    '+I[2, 10, 7, ann]',
    '-D[1, 10, 7, ann]', '+I[1, 10, null, null]', '-D[2, 10, 7, ann]', '+I[2, 10, null, null]',
  ]);
});

test('with a state TTL, rows idle longer than it no longer join; a retraction of one is counted', () => {
  const h = opened({ stateTtlMs: 1000 });
  h.setProcessingTime(0);
  h.processElement(customer(7, 'ann'), 1, RIGHT);
  h.setProcessingTime(500);
  h.processElement(order(1, 7), 2, LEFT);
  h.setProcessingTime(1600);
  h.processElement(order(2, 7), 3, LEFT); // the customer was written at 0: expired at 1000, so nothing pairs
  // Not in state any more (counted), yet retracted against the rows still held, as Flink does: it may
  // have paired with them before it expired (here order 2 never saw it; order 1 expired at 1500).
  h.processElement(customer(7, 'ann', 'delete'), 4, RIGHT);
  assert.deepEqual(printed(h), ['+I[1, 10, 7, ann]', '-D[2, 10, 7, ann]']);
  assert.equal(h.metric(JOIN_RETRACTIONS_NOT_FOUND), 1);
});

test('a configuration that cannot run is refused with the node named', () => {
  assert.throws(() => new RegularJoinOperator({ ...CONFIG, rightKeys: [] }, "regular-join 'j'"), (e: Error) => e instanceof PlanError && /regular-join 'j': keys must pair up/.test(e.message));
  assert.throws(() => new RegularJoinOperator({ ...CONFIG, joinType: 'semi' as 'inner' }, "regular-join 'j'"), /join type must be/);
});


/** Applies a changelog to a multiset of rows: +I/+U add one copy, -U/-D remove one. */
function materialise(rows: readonly Row[], columns: readonly string[]): Map<string, number> {
  const table = new Map<string, number>();
  for (const r of rows) {
    const text = JSON.stringify(columns.map((c) => r[c] ?? null));
    const kind = (r[ROW_KIND] as RowKind | undefined) ?? 'insert';
    const delta = kind === 'insert' || kind === 'update-after' ? 1 : -1;
    const n = (table.get(text) ?? 0) + delta;
    if (n === 0) table.delete(text);
    else table.set(text, n);
  }
  return table;
}

/** The batch join of two final tables by nested loops, the way SQL defines it (NULL keys match nothing). */
function nestedLoopJoin(left: readonly Row[], right: readonly Row[], type: RegularJoinConfig['joinType'], minAmount: number): Row[] {
  const out: Row[] = [];
  const matchedRight = new Set<number>();
  for (const l of left) {
    let matched = false;
    right.forEach((r, j) => {
      if (l.cust === null || r.id === null || l.cust !== r.id || !((l.amount as number) > minAmount)) return;
      matched = true;
      matchedRight.add(j);
      out.push({ id: l.id, amount: l.amount, cid: r.id, name: r.name });
    });
    if (!matched && (type === 'left' || type === 'full')) out.push({ id: l.id, amount: l.amount, cid: null, name: null });
  }
  if (type === 'right' || type === 'full') {
    right.forEach((r, j) => {
      if (!matchedRight.has(j)) out.push({ id: null, amount: null, cid: r.id, name: r.name });
    });
  }
  return out;
}

for (const joinType of ['inner', 'left', 'right', 'full'] as const) {
  test(`${joinType}: random inserts and retractions on both sides, with a restore half-way, materialise to the batch join of the final inputs`, () => {
    const next = random(joinType.length * 7919);
    const condition = call('>', [field(OUT, 'amount'), numericLiteral('3')]);
    let h = opened({ joinType, condition });
    const live: [Row[], Row[]] = [[], []];
    const output: Row[] = [];
    for (let step = 0; step < 600; step++) {
      if (step === 300) {
        output.push(...h.output());
        h = OperatorHarness.restore(new RegularJoinOperator({ ...CONFIG, joinType, condition }, 'j'), h.snapshot(), { id: 'j' });
      }
      const side = next() < 0.5 ? LEFT : RIGHT;
      const rows = live[side];
      const key = next() < 0.1 ? null : Math.floor(next() * 6);
      if (rows.length > 0 && next() < 0.35) {
        const [gone] = rows.splice(Math.floor(next() * rows.length), 1);
        h.processElement({ ...gone, [ROW_KIND]: next() < 0.5 ? 'delete' : 'update-before' }, step, side);
        continue;
      }
      // Few distinct values, so equal rows are held several times.
      const row = side === LEFT ? order(Math.floor(next() * 4), key, Math.floor(next() * 8)) : customer(key, `c${Math.floor(next() * 2)}`);
      rows.push(row);
      h.processElement(next() < 0.5 ? row : { ...row, [ROW_KIND]: 'update-after' }, step, side);
    }
    output.push(...h.output());
    const columns = OUT.fields.map((f) => f.name);
    const expected = materialise(nestedLoopJoin(live[0], live[1], joinType, 3), columns);
    assert.deepEqual([...materialise(output, columns)].sort(), [...expected].sort());
    assert.ok(expected.size > 3, 'the inputs leave some joined rows');
  });
}

test('an upsert input is normalised: a replacement retracts the old row\'s pairs (-U) and adds the new one\'s, a key-only delete retracts the row it deletes', () => {
  // customers is an upsert stream keyed by name here, so that a row can move to another join key.
  const h = opened({ joinType: 'left', rightUpsertKey: ['name'] });
  h.processElement(order(1, 7), 1, LEFT);
  h.processElement(order(2, 8), 2, LEFT);
  h.processElement(customer(7, 'ann'), 3, RIGHT);
  h.processElement(customer(8, 'ann'), 4, RIGHT); // ann moves from id 7 to id 8: no -U in an upsert stream
  h.processElement(customer(null, 'ann', 'delete'), 5, RIGHT); // a tombstone: only the key
  h.processElement(customer(null, 'zed', 'delete'), 6, RIGHT); // deletes nothing held
  assert.deepEqual(printed(h), [
    '+I[1, 10, null, null]', '+I[2, 10, null, null]',
    '-D[1, 10, null, null]', '+I[1, 10, 7, ann]',
    '-U[1, 10, 7, ann]', '+I[1, 10, null, null]', '-D[2, 10, null, null]', '+I[2, 10, 8, ann]',
    '-D[2, 10, 8, ann]', '+I[2, 10, null, null]',
  ]);
  assert.equal(h.metric(JOIN_RETRACTIONS_NOT_FOUND), 1);
  const restored = OperatorHarness.restore(new RegularJoinOperator({ ...CONFIG, joinType: 'left', rightUpsertKey: ['name'] }, 'j'), h.snapshot(), { id: 'j' });
  restored.processElement(customer(8, 'bo'), 7, RIGHT);
  restored.processElement(customer(8, 'bob'), 8, RIGHT);
  restored.processElement(customer(8, 'bo'), 9, RIGHT); // bo replaced by the same row: retracted and added again
  assert.deepEqual(printed(restored), [
    // Pairs with a preserved (outer) side's rows come out +I, as in Flink.
    '-D[2, 10, null, null]', '+I[2, 10, 8, bo]', '+I[2, 10, 8, bob]', '-U[2, 10, 8, bo]', '+I[2, 10, 8, bo]',
  ]);
});
