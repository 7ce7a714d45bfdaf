import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes, notNull, type RowType } from '../../src/core/data-types.ts';
import { PlanError } from '../../src/core/errors.ts';
import type { Row } from '../../src/core/row.ts';
import { ROW_KIND, shortRowKind, rowKindOf } from '../../src/formats/row-kind.ts';
import { seededRandom } from '../../src/operators/expr/runtime-numeric.ts';
import { RankOperator, RETRACTIONS_NOT_FOUND, ROWS_BELOW_TOP_N, type RankConfig } from '../../src/operators/rank.ts';
import { field } from '../../src/plan/expr/index.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';

const BIDS: RowType = DataTypes.ROW([
  { name: 'auction', type: DataTypes.INT() },
  { name: 'price', type: DataTypes.INT() },
  { name: 'ts', type: DataTypes.TIMESTAMP(3) },
]);
const WITH_RN: RowType = DataTypes.ROW([...BIDS.fields, { name: 'rn', type: notNull(DataTypes.BIGINT()) }]);

/** SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rn FROM bids) WHERE rn <= 3 */
const TOP3: RankConfig = {
  inputType: BIDS,
  partitionKeys: [field(BIDS, 'auction')],
  orderBy: [{ expr: field(BIDS, 'price'), descending: true, nullsFirst: false }],
  limit: 3,
  rankColumn: 'rn',
  outputType: WITH_RN,
};

function opened(config: RankConfig): OperatorHarness<Row, Row> {
  const h = new OperatorHarness<Row, Row>(new RankOperator(config, "rank 'r'"), { id: 'r' });
  h.open();
  return h;
}

const bid = (auction: number, price: number | null, ts: number): Row => ({ auction, price, ts });
const shown = (h: OperatorHarness<Row, Row>): string[] =>
  h.output().map((r) => `${shortRowKind(rowKindOf(r))}${r.auction}:${r.price}${r.rn === undefined ? '' : `#${r.rn}`}`);

/** The Top-N a changelog describes: the changelog applied, as a multiset of rows. */
function applied(rows: readonly Row[]): string[] {
  const live: string[] = [];
  for (const r of rows) {
    const { [ROW_KIND]: _, ...plain } = r;
    const text = JSON.stringify(plain);
    const kind = rowKindOf(r);
    if (kind === 'insert' || kind === 'update-after') live.push(text);
    else {
      const at = live.indexOf(text);
      assert.ok(at >= 0, `retracted row ${text} was never emitted`);
      live.splice(at, 1);
    }
  }
  return live.sort();
}

test('Top-N with the row number: a row entering at rank r updates the ranks r … last, and no rank above it', () => {
  const h = opened(TOP3);
  h.processElement(bid(1, 10, 1), 1);
  h.processElement(bid(1, 30, 2), 2);
  h.processElement(bid(1, 20, 3), 3);
  assert.deepEqual(shown(h), ['+I1:10#1', '-U1:10#1', '+U1:30#1', '+I1:10#2', '-U1:10#2', '+U1:20#2', '+I1:10#3']);
  h.clearOutput();
  h.processElement(bid(1, 25, 4), 4); // rank 2: ranks 2 and 3 change, the 10 leaves
  assert.deepEqual(shown(h), ['-U1:20#2', '+U1:25#2', '-U1:10#3', '+U1:20#3']);
  h.clearOutput();
  h.processElement(bid(1, 5, 5), 5); // below the Top-3: nothing
  h.processElement(bid(2, 1, 6), 6); // another auction: its own ranking
  assert.deepEqual(shown(h), ['+I2:1#1']);
  assert.equal(h.metric(ROWS_BELOW_TOP_N), 1);
});

test('Top-N without the row number: only the row that enters (+I) and the one pushed out (-D)', () => {
  const { rankColumn: _, ...config } = TOP3;
  const h = opened({ ...config, outputType: BIDS });
  for (const [price, ts] of [[10, 1], [30, 2], [20, 3]]) h.processElement(bid(1, price, ts), ts);
  h.clearOutput();
  h.processElement(bid(1, 25, 4), 4);
  assert.deepEqual(shown(h), ['-D1:10', '+I1:25']);
});

test('ties keep the earlier row ahead; NULLs order as the key says', () => {
  const h = opened({ ...TOP3, limit: 2 });
  h.processElement(bid(1, 10, 1), 1);
  h.processElement(bid(1, 10, 2), 2);
  h.processElement(bid(1, null, 3), 3); // NULLS LAST on DESC: below both
  const top = applied(h.output()).map((r) => JSON.parse(r) as Row);
  assert.deepEqual(top.map((r) => `${r.ts}#${r.rn}`).sort(), ['1#1', '2#2']);
});

test('the changelog applied equals a sort of every row seen, for random input (state bounded by N)', () => {
  const random = seededRandom(7);
  const h = opened(TOP3);
  const all: Row[] = [];
  for (let i = 0; i < 300; i++) {
    const row = bid(Math.floor(random() * 4), Math.floor(random() * 50), i);
    all.push(row);
    h.processElement(row, i);
  }
  // The independent computation: per auction, sort by price DESC then arrival, keep three.
  const expected: string[] = [];
  for (const auction of [0, 1, 2, 3]) {
    all.filter((r) => r.auction === auction)
      .map((r, arrival) => ({ r, arrival }))
      .sort((a, b) => (b.r.price as number) - (a.r.price as number) || a.arrival - b.arrival)
      .slice(0, 3)
      .forEach(({ r }, i) => expected.push(JSON.stringify({ ...r, rn: i + 1 })));
  }
  assert.deepEqual(applied(h.output()), expected.sort());
  for (const auction of [0, 1, 2, 3]) {
    h.state.setCurrentKey(auction);
    assert.ok((h.state.valueState<{ rows: Row[] }>('rank').value()?.rows.length ?? 0) <= 3);
  }
});

test('deduplication keeping the last row: the first row is +I, each later one -U/+U, a row of the same time replaces', () => {
  const h = opened({
    inputType: BIDS, partitionKeys: [field(BIDS, 'auction')], orderBy: [{ expr: field(BIDS, 'ts'), descending: true, nullsFirst: false }],
    limit: 1, deduplicate: 'last', outputType: BIDS,
  });
  h.processElement(bid(1, 10, 100), 100);
  h.processElement(bid(1, 20, 100), 100);
  h.processElement(bid(1, 30, 50), 50); // older: not the last row
  assert.deepEqual(shown(h), ['+I1:10', '-U1:10', '+U1:20']);
});

test('deduplication keeping the first row by rowtime: an earlier row replaces it, a row of the same time does not', () => {
  const h = opened({
    inputType: BIDS, partitionKeys: [field(BIDS, 'auction')], orderBy: [{ expr: field(BIDS, 'ts'), descending: false, nullsFirst: false }],
    limit: 1, deduplicate: 'first', outputType: BIDS,
  });
  h.processElement(bid(1, 10, 100), 100);
  h.processElement(bid(1, 20, 100), 100);
  h.processElement(bid(1, 30, 50), 50);
  assert.deepEqual(shown(h), ['+I1:10', '-U1:10', '+U1:30']);
});

test('restored from a snapshot, the ranking carries on', () => {
  const h = opened(TOP3);
  for (const [price, ts] of [[10, 1], [30, 2]]) h.processElement(bid(1, price, ts), ts);
  const restored = OperatorHarness.restore(new RankOperator(TOP3, "rank 'r'"), h.snapshot(), { id: 'r' });
  restored.processElement(bid(1, 20, 3), 3);
  assert.deepEqual(shown(restored), ['-U1:10#2', '+U1:20#2', '+I1:10#3']);
});

test('an updating input and a bad limit are refused', () => {
  const h = opened(TOP3);
  assert.throws(() => h.processElement({ ...bid(1, 1, 1), [ROW_KIND]: 'update-before' }, 1), (e: Error) => e instanceof PlanError && /planned for an insert-only input/.test(e.message));
  assert.throws(() => new RankOperator({ ...TOP3, limit: 0 }, "rank 'r'"), /positive integer, got 0/);
});

test('with a state TTL, a key whose ranking was not written for that long starts again: its next row is rank 1 (+I)', () => {
  const h = opened({ ...TOP3, stateTtlMs: 1000 });
  h.setProcessingTime(0);
  h.processElement(bid(1, 10, 1), 1);
  h.setProcessingTime(500);
  h.processElement(bid(1, 5, 2), 2); // below rank 1: rank 2, the ranking written again at 500
  h.setProcessingTime(1400);
  h.processElement(bid(1, 1, 3), 3); // within the TTL: rank 3
  h.setProcessingTime(2500);
  h.processElement(bid(1, 2, 4), 4); // idle since 1400: expired at 2400
  assert.deepEqual(shown(h), ['+I1:10#1', '+I1:5#2', '+I1:1#3', '+I1:2#1']);
});

test('a rank range holds the ranks before its start without emitting them; a row entering there pushes one into the range', () => {
  const { rankColumn: _, ...config } = TOP3;
  const h = opened({ ...config, rankStart: 2, outputType: BIDS });
  for (const [price, ts] of [[10, 1], [30, 2]]) h.processElement(bid(1, price, ts), ts);
  assert.deepEqual(shown(h), ['+I1:10'], 'the 30 took rank 1 (held, not emitted) and pushed the 10 to rank 2');
  h.clearOutput();
  h.processElement(bid(1, 40, 3), 3); // rank 1 again: the 30 enters rank 2, the 10 moves to rank 3
  h.processElement(bid(1, 50, 4), 4); // the 10 is pushed out; the 40 enters rank 2
  assert.deepEqual(shown(h), ['+I1:30', '-D1:10', '+I1:40']);
  const ranked = opened({ ...TOP3, rankStart: 3 });
  for (const [price, ts] of [[10, 1], [30, 2], [20, 3]]) ranked.processElement(bid(1, price, ts), ts);
  assert.deepEqual(shown(ranked), ['+I1:10#3'], 'only rank 3 comes out');
  assert.throws(() => new RankOperator({ ...TOP3, rankStart: 4 }, "rank 'r'"), /from 1 to 3, got 4/);
});

test('over a changelog, retractions take rows out and the next row moves up; the applied changelog equals an independent Top-N of the live rows', () => {
  const random = seededRandom(23);
  for (const withRank of [true, false]) {
    const { rankColumn: _, ...plain } = TOP3;
    const config: RankConfig = withRank ? { ...TOP3, updatingInput: true } : { ...plain, updatingInput: true, outputType: BIDS };
    const h = opened(config);
    // A GROUP BY's changelog: per (auction, ts) a running price, updated with -U/+U.
    const live = new Map<string, Row>();
    for (let i = 0; i < 400; i++) {
      const auction = Math.floor(random() * 3);
      const ts = Math.floor(random() * 12);
      const key = `${auction}/${ts}`;
      const old = live.get(key);
      const next = bid(auction, Math.floor(random() * 40), ts);
      if (old !== undefined) h.processElement({ ...old, [ROW_KIND]: 'update-before' }, i);
      if (old !== undefined && random() < 0.2) {
        live.delete(key); // a -D instead of an update
        continue;
      }
      h.processElement(old === undefined ? next : { ...next, [ROW_KIND]: 'update-after' }, i);
      live.set(key, next);
    }
    // The independent computation: the live rows per auction by price DESC. Ties make the order of
    // equal prices depend on arrival, so only the prices per rank are compared.
    const expected: string[] = [];
    for (const auction of [0, 1, 2]) {
      [...live.values()].filter((r) => r.auction === auction).map((r) => r.price as number).sort((a, b) => b - a).slice(0, 3)
        .forEach((price, i) => expected.push(withRank ? `${auction}:${price}#${i + 1}` : `${auction}:${price}`));
    }
    const got = applied(h.output()).map((text) => JSON.parse(text) as Row).map((r) => (withRank ? `${r.auction}:${r.price}#${r.rn}` : `${r.auction}:${r.price}`));
    assert.deepEqual(got.sort(), expected.sort(), withRank ? 'with the row number' : 'without it');
  }
});

test('over a changelog, a retraction of a row never seen is counted and changes nothing', () => {
  const h = opened({ ...TOP3, updatingInput: true });
  h.processElement({ ...bid(1, 10, 1), [ROW_KIND]: 'delete' }, 1);
  assert.deepEqual(shown(h), []);
  assert.equal(h.metric(RETRACTIONS_NOT_FOUND), 1);
});
