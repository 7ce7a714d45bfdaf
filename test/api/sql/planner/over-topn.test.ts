import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainPlan } from '../../../../src/api/sql/planner/explain.ts';
import { memorySink } from '../../../../src/connectors/memory/index.ts';
import type { Row } from '../../../../src/core/row.ts';
import { ROW_KIND } from '../../../../src/formats/row-kind.ts';
import { topologicalOrder, type LogicalPlan } from '../../../../src/plan/nodes.ts';
import { TestDriver } from '../../../../src/testing/index.ts';
import { chain, find, plannerWith, select, sqlError } from './helpers.ts';

const TABLES = `
CREATE TABLE bids (auction INT, bidder INT, price INT, ts TIMESTAMP(3), pt AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
  WITH ('connector' = 'sluice-memory', 'name' = 'bids');
`;

const planned = (sql: string, ...ddl: string[]) => select(plannerWith(TABLES, ...ddl), sql);
const topN = (inner: string, outer = '*', filter = 'rn <= 3'): string => `SELECT ${outer} FROM (SELECT *, ${inner} AS rn FROM bids) WHERE ${filter}`;

test('ROW_NUMBER with rn <= N plans a rank node with the row number when the query reads it, without it when not', () => {
  const withRank = find(planned(topN('ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC)')).relation.node, 'rank');
  assert.equal(withRank.limit, 3);
  assert.equal(withRank.rankColumn, 'rn');
  assert.equal(withRank.deduplicate, undefined);
  assert.match(explainPlan([withRank]), /^Rank\(rankType=\[ROW_NUMBER\], rankRange=\[rankStart=1, rankEnd=3\], partitionBy=\[auction\], orderBy=\[price DESC\], select=\[\*, rn\]\)/);
  const without = planned(topN('ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC)', 'auction, price', 'rn < 3 AND price > 1'));
  const rank = find(without.relation.node, 'rank');
  assert.equal(rank.limit, 2, 'rn < 3 keeps two ranks');
  assert.equal(rank.rankColumn, undefined);
  assert.deepEqual(without.relation.columns.map((c) => c.name), ['auction', 'price']);
  assert.equal(find(without.relation.node, 'calc').condition !== undefined, true, 'the rest of WHERE still filters');
  assert.equal(without.relation.updating, true);
});

test('rn = 1 ordered by a time attribute without rn selected is a deduplication: first row on proctime the append-only deduplicate node', () => {
  const first = planned(topN('ROW_NUMBER() OVER (PARTITION BY auction ORDER BY pt)', 'auction, price', 'rn = 1'));
  assert.deepEqual(chain(first.relation.node).slice(0, 2), ['calc', 'deduplicate']);
  assert.equal(first.relation.updating, false);
  const last = find(planned(topN('ROW_NUMBER() OVER (PARTITION BY auction ORDER BY ts DESC)', 'auction, price', 'rn = 1')).relation.node, 'rank');
  assert.equal(last.deduplicate, 'last');
  const firstByRowtime = find(planned(topN('ROW_NUMBER() OVER (PARTITION BY auction ORDER BY ts)', 'auction, price', '1 = rn')).relation.node, 'rank');
  assert.equal(firstByRowtime.deduplicate, 'first');
  const notTime = find(planned(topN('ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price)', 'auction, price', 'rn = 1')).relation.node, 'rank');
  assert.equal(notTime.deduplicate, undefined, 'ordered by a plain column: a Top-1');
});

test('table.exec.state.ttl reaches the rank, deduplicate and over-aggregate nodes', () => {
  const ttl = "SET 'table.exec.state.ttl' = '1 h'";
  assert.equal(find(planned(topN('ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC)'), ttl).relation.node, 'rank').stateTtlMs, 3_600_000);
  assert.equal(find(planned(topN('ROW_NUMBER() OVER (PARTITION BY auction ORDER BY pt)', 'auction', 'rn = 1'), ttl).relation.node, 'deduplicate').stateTtlMs, 3_600_000);
  const over = planned('SELECT auction, SUM(price) OVER (PARTITION BY auction ORDER BY ts) AS s FROM bids', ttl);
  assert.equal(find(over.relation.node, 'over-aggregate').stateTtlMs, 3_600_000);
});

test('OVER aggregates share one node; the default frame is RANGE UNBOUNDED PRECEDING; the WINDOW clause and OVER (w …) resolve', () => {
  const two = planned('SELECT auction, SUM(price) OVER w AS s, MAX(price) OVER w AS m, COUNT(*) OVER (w) + 1 AS n FROM bids WINDOW w AS (PARTITION BY auction ORDER BY ts)');
  const node = find(two.relation.node, 'over-aggregate');
  assert.deepEqual(node.calls.map((c) => c.fn), ['SUM', 'MAX', 'COUNT']);
  assert.deepEqual(node.frame, { unit: 'range', preceding: Number.POSITIVE_INFINITY });
  assert.deepEqual(node.order, { time: 'rowtime', column: 'ts' });
  assert.equal(two.relation.updating, false);
  const rows = find(planned("SELECT SUM(price) OVER (PARTITION BY auction ORDER BY pt RANGE BETWEEN INTERVAL '10' SECOND PRECEDING AND CURRENT ROW) FROM bids").relation.node, 'over-aggregate');
  assert.deepEqual([rows.frame, rows.order], [{ unit: 'range', preceding: 10_000 }, { time: 'proctime' }]);
  const unknown = sqlError(() => planned('SELECT SUM(price) OVER v FROM bids WINDOW w AS (ORDER BY ts)'));
  assert.deepEqual([unknown.line, unknown.column], [1, 19], "at OVER v");
  assert.match(unknown.problem, /no window 'v' in the WINDOW clause \(it defines w\)/);
});

test('window Top-N: over a window TVF partitioned by its bounds it is a window-rank node adding them as columns', () => {
  const sql = `SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, auction ORDER BY price DESC) AS rn
    FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))) WHERE rn <= 2`;
  const result = planned(sql);
  const node = find(result.relation.node, 'window-rank');
  assert.equal(node.window.kind, 'assign');
  assert.equal(node.partitionKeys.length, 1, 'the bounds are the window, the rest the partition');
  assert.deepEqual(result.relation.columns.map((c) => c.name), ['auction', 'bidder', 'price', 'ts', 'pt', 'window_start', 'window_end', 'window_time', 'rn']);
  assert.equal(result.relation.columns.find((c) => c.name === 'window_time')?.time, 'rowtime');
  assert.equal(result.relation.updating, false);
  const missing = sqlError(() => planned(`SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rn
    FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))) WHERE rn <= 2`));
  assert.match(missing.problem, /must PARTITION BY window_start, window_end/);
});

test('OVER on an updating input, ROW_NUMBER beside another OVER call and an unknown window function are refused at their position', () => {
  const updating = sqlError(() => planned('SELECT auction, SUM(n) OVER (ORDER BY ts) FROM (SELECT auction, COUNT(*) AS n, MAX(ts) AS ts FROM bids GROUP BY auction)'));
  assert.match(updating.problem, /OVER aggregates over a changelog .* not supported/);
  const mixed = sqlError(() => planned(topN('ROW_NUMBER() OVER (ORDER BY price)', '*', 'rn <= 1').replace('AS rn', 'AS rn, SUM(price) OVER (ORDER BY ts) AS s')));
  assert.match(mixed.problem, /ROW_NUMBER\(\) cannot be combined with other OVER calls/);
  const rank = sqlError(() => planned('SELECT RANK() OVER (ORDER BY ts) FROM bids'));
  assert.deepEqual([rank.line, rank.column], [1, 8]);
  assert.match(rank.problem, /RANK\(…\) OVER is not supported/);
});

/** The plan's source ids by table name (the TestDriver's input names). */
function inputs(job: LogicalPlan): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const node of topologicalOrder(job)) if (node.kind === 'source') ids[node.id.replace(/^source-\d+-/, '')] = node.id;
  return ids;
}

/** The changelog applied: the rows left, as sorted text. */
function final(rows: readonly Row[], show: (r: Row) => string): string[] {
  const table: string[] = [];
  for (const r of rows) {
    const text = show(r);
    if (r[ROW_KIND] === 'update-before' || r[ROW_KIND] === 'delete') {
      assert.ok(table.includes(text), `retraction of a row never emitted: ${text}`);
      table.splice(table.indexOf(text), 1);
    } else table.push(text);
  }
  return table.sort();
}

const T0 = Date.UTC(2024, 0, 1, 10);
const bid = (auction: number, bidder: number, price: number, second: number): Row => ({ auction, bidder, price, ts: T0 + second * 1000 });

for (const [what, sql, show] of [
  ['a Top-N', topN('ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC)', 'auction, bidder, rn', 'rn <= 2'), (r: Row) => `${r.auction}:${r.bidder}#${r.rn}`],
  ['an OVER aggregate', 'SELECT auction, bidder, SUM(price) OVER (PARTITION BY auction ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s FROM bids',
    (r: Row) => `${r.auction}:${r.bidder}=${r.s}`],
  ['a window Top-N', `SELECT auction, bidder, window_start, rn FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, auction ORDER BY price DESC) AS rn
    FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))) WHERE rn <= 1`, (r: Row) => `${r.auction}:${r.bidder}@${(r.window_start as number) - T0}#${r.rn}`],
] as const) {
  test(`a SQL job with ${what} survives a checkpoint, crash and restore: the result equals the uninterrupted run`, () => {
    const job = select(plannerWith(TABLES), sql).toPlan(memorySink());
    const ids = inputs(job);
    const before = (d: TestDriver): void => void d.input<Row>(ids.bids).pipeAll([bid(1, 10, 5, 1), bid(1, 11, 7, 2), bid(2, 12, 3, 3), bid(1, 13, 6, 4)]);
    const after = (d: TestDriver): void => void d.input<Row>(ids.bids).pipeAll([bid(1, 14, 9, 5), bid(2, 15, 4, 6), bid(1, 16, 1, 12), bid(2, 17, 8, 25)]);
    const whole = new TestDriver(job);
    before(whole);
    after(whole);
    whole.endOfInput();
    const expected = final(whole.output<Row>(job.sinks[0].id).read(), show);
    assert.ok(expected.length >= 3, `only ${expected.length} rows`);

    const first = new TestDriver(job);
    before(first);
    const beforeCrash = first.output<Row>(job.sinks[0].id).read();
    const saved = first.checkpoint();
    first.input<Row>(ids.bids).pipe(bid(1, 99, 1000, 4)); // lost in the crash
    const second = TestDriver.restore(job, saved);
    after(second);
    second.endOfInput();
    assert.deepEqual(final([...beforeCrash, ...second.output<Row>(job.sinks[0].id).read()], show), expected);
  });
}

test('a Top-N whose N or ORDER BY changed cannot take the old state: the restore names the rank step and both shapes', () => {
  const job = (sql: string): LogicalPlan => select(plannerWith(TABLES), sql).toPlan(memorySink());
  const top3 = job(topN('ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC)'));
  const driver = new TestDriver(top3);
  driver.input<Row>(inputs(top3).bids).pipe(bid(1, 10, 5, 1));
  const saved = driver.checkpoint();
  TestDriver.restore(job(topN('ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC)')), saved);
  assert.throws(
    () => TestDriver.restore(job(topN('ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC)', '*', 'rn <= 5')), saved),
    /the state of rank 'rank-\d+' \(uid 'rank-[0-9a-f]{12}'\) changed shape: checkpoint has 'rank keys\(INT\) order\(INT DESC\) top\(3\) .*', the job has 'rank keys\(INT\) order\(INT DESC\) top\(5\) /,
  );
});

test('window Top-N over processing-time or SESSION windows is refused at the ROW_NUMBER call', () => {
  const over = (tvf: string): string => `SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rn
    FROM TABLE(${tvf})) WHERE rn <= 2`;
  const proctime = sqlError(() => planned(over("TUMBLE(TABLE bids, DESCRIPTOR(pt), INTERVAL '10' SECOND)")));
  assert.deepEqual([proctime.line, proctime.column], [1, 26]);
  assert.match(proctime.problem, /window Top-N needs event-time windows/);
  const session = sqlError(() => planned(over("SESSION(TABLE bids PARTITION BY auction, DESCRIPTOR(ts), INTERVAL '10' SECOND)")));
  assert.match(session.problem, /window Top-N over SESSION windows is not supported yet/);
});
