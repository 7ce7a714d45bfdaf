import { test } from 'node:test';
import assert from 'node:assert/strict';
import { typeToString } from '../../../../src/core/data-types.ts';
import { exprToString } from '../../../../src/plan/expr/index.ts';
import { chain, find, plan, plannerWith, select, STOCK_DATA } from './helpers.ts';

const SEED_QUERY = `
SELECT
    symbol,
    TUMBLE_START(transaction_date, INTERVAL '1' HOUR) as window_start,
    SUM(shares) as total_shares,
    AVG(price) as avg_price
FROM stock_data
GROUP BY symbol, TUMBLE(transaction_date, INTERVAL '1' HOUR)`;

test("the seed query plans to source (5 s watermark) → window-aggregate (1 h tumbling, event time) → calc", () => {
  const q = select(plannerWith(STOCK_DATA), SEED_QUERY);
  assert.deepEqual(chain(q.relation.node), ['calc', 'window-aggregate', 'source']);
  const source = find(q.relation.node, 'source');
  assert.equal(source.watermark?.maxOutOfOrderness, 5000);
  assert.equal(source.watermark?.timestamp?.({ transaction_date: 1234 }, 0), 1234);
  const agg = find(q.relation.node, 'window-aggregate');
  assert.deepEqual(agg.window, { kind: 'tumbling', size: 3_600_000, offset: 0, time: 'event' });
  assert.deepEqual(agg.keys.map((k) => k.name), ['symbol']);
  assert.deepEqual(agg.calls.map((c) => [c.fn, c.args.map(exprToString), typeToString(c.type)]), [
    ['SUM', ['shares'], 'INT'],
    ['AVG', ['price'], 'DOUBLE'],
  ]);
  assert.equal(agg.windowColumns.start, 'window_start');
  assert.deepEqual(agg.lateness, { allowed: 0 });
  const calc = find(q.relation.node, 'calc');
  assert.deepEqual(calc.projections?.map((p) => [p.name, exprToString(p.expr)]), [
    ['symbol', 'symbol'], ['window_start', 'window_start'], ['total_shares', '`$a0`'], ['avg_price', '`$a1`'],
  ]);
  assert.deepEqual(q.relation.columns.map((c) => `${c.name} ${typeToString(c.type)}`), [
    'symbol STRING', 'window_start TIMESTAMP(3) NOT NULL', 'total_shares INT', 'avg_price DOUBLE',
  ]);
  assert.equal(q.relation.updating, false);
});

test('TUMBLE_ROWTIME keeps the window a rowtime attribute for a cascaded window', () => {
  const planner = plannerWith(STOCK_DATA);
  plan(planner, `CREATE VIEW per_minute AS SELECT symbol, TUMBLE_ROWTIME(transaction_date, INTERVAL '1' MINUTE) AS rt, COUNT(*) AS n
    FROM stock_data GROUP BY symbol, TUMBLE(transaction_date, INTERVAL '1' MINUTE)`);
  const q = select(planner, `SELECT symbol, SUM(n) FROM per_minute GROUP BY symbol, TUMBLE(rt, INTERVAL '1' HOUR)`);
  assert.deepEqual(chain(q.relation.node), ['calc', 'window-aggregate', 'calc', 'window-aggregate', 'source']);
});

test('window TVFs: TUMBLE, HOP, CUMULATE and SESSION grouped by window_start, window_end', () => {
  const planner = plannerWith(STOCK_DATA);
  const specs = {
    "TUMBLE(TABLE stock_data, DESCRIPTOR(transaction_date), INTERVAL '10' MINUTES)": { kind: 'tumbling', size: 600_000, offset: 0, time: 'event' },
    "HOP(TABLE stock_data, DESCRIPTOR(transaction_date), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES)": { kind: 'sliding', size: 600_000, slide: 300_000, offset: 0, time: 'event' },
    "CUMULATE(DATA => TABLE stock_data, TIMECOL => DESCRIPTOR(transaction_date), STEP => INTERVAL '2' MINUTES, SIZE => INTERVAL '10' MINUTES)":
      { kind: 'cumulate', step: 120_000, maxSize: 600_000, offset: 0, time: 'event' },
    "SESSION(TABLE stock_data PARTITION BY symbol, DESCRIPTOR(transaction_date), INTERVAL '30' SECONDS)": { kind: 'session', gap: 30_000, time: 'event' },
  };
  for (const [tvf, spec] of Object.entries(specs)) {
    const q = select(planner, `SELECT symbol, window_start, window_end, window_time, COUNT(*) AS n
      FROM TABLE(${tvf}) GROUP BY symbol, window_start, window_end, window_time`);
    const agg = find(q.relation.node, 'window-aggregate');
    assert.deepEqual(agg.window, spec, tvf);
    assert.deepEqual(q.relation.columns.map((c) => [c.name, c.time]), [
      ['symbol', undefined], ['window_start', undefined], ['window_end', undefined], ['window_time', 'rowtime'], ['n', undefined],
    ]);
  }
});

test('WHERE before a window TVF aggregation filters its input; HAVING filters the windows', () => {
  const q = select(plannerWith(STOCK_DATA), `SELECT symbol, window_start, SUM(shares) AS total
    FROM TABLE(TUMBLE(TABLE stock_data, DESCRIPTOR(transaction_date), INTERVAL '10' MINUTES))
    WHERE price > 10 GROUP BY symbol, window_start, window_end HAVING SUM(shares) > 100 AND COUNT(*) > 1`);
  assert.deepEqual(chain(q.relation.node), ['calc', 'window-aggregate', 'calc', 'source']);
  const having = find(q.relation.node, 'calc');
  assert.equal(exprToString(having.condition!), '`$a0` > 100 AND `$a1` > 1');
  const agg = find(q.relation.node, 'window-aggregate');
  assert.deepEqual(agg.calls.map((c) => c.fn), ['SUM', 'COUNT'], 'SUM(shares) is computed once for SELECT and HAVING');
  const where = find(agg.input, 'calc');
  assert.equal(exprToString(where.condition!), 'price > 10');
});

test('aggregates: COUNT(DISTINCT), FILTER, LISTAGG, STDDEV and their Flink result types', () => {
  const q = select(plannerWith(STOCK_DATA), `SELECT symbol, COUNT(DISTINCT price) AS d, SUM(shares) FILTER (WHERE price > 100) AS big,
      LISTAGG(symbol, ';') AS l, STDDEV_POP(shares) AS s, MIN(transaction_date) AS first_ts, COUNT(*) AS n
    FROM stock_data GROUP BY symbol, HOP(transaction_date, INTERVAL '1' MINUTE, INTERVAL '5' MINUTES)`);
  const agg = find(q.relation.node, 'window-aggregate');
  assert.deepEqual(agg.window, { kind: 'sliding', size: 300_000, slide: 60_000, offset: 0, time: 'event' });
  assert.deepEqual(agg.calls.map((c) => [c.fn, c.distinct, c.filter === undefined ? null : exprToString(c.filter), typeToString(c.type)]), [
    ['COUNT', true, null, 'BIGINT NOT NULL'],
    ['SUM', false, 'price > 100', 'INT'],
    ['LISTAGG', false, null, 'STRING'],
    ['STDDEV_POP', false, null, 'INT'],
    ['MIN', false, null, 'TIMESTAMP(3)'],
    ['COUNT', false, null, 'BIGINT NOT NULL'],
  ]);
});

test('a non-windowed GROUP BY is an updating group-aggregate; DISTINCT is one without calls', () => {
  const planner = plannerWith(STOCK_DATA);
  const grouped = select(planner, 'SELECT symbol, COUNT(*) AS n FROM stock_data GROUP BY symbol');
  assert.deepEqual(chain(grouped.relation.node), ['calc', 'group-aggregate', 'source']);
  assert.equal(grouped.relation.updating, true);
  const distinct = select(planner, 'SELECT DISTINCT symbol FROM stock_data');
  const agg = find(distinct.relation.node, 'group-aggregate');
  assert.deepEqual(agg.keys.map((k) => k.name), ['symbol']);
  assert.deepEqual(agg.calls, []);
  assert.equal(distinct.relation.updating, false, 'a key without aggregates is emitted once');
  const global = select(planner, 'SELECT COUNT(*) FROM stock_data');
  assert.deepEqual(find(global.relation.node, 'group-aggregate').keys, []);
});

test('GROUP BY an expression: select items equal to it read the key', () => {
  const q = select(plannerWith(STOCK_DATA), 'SELECT UPPER(symbol) AS s, UPPER(symbol) || \'!\' AS t, COUNT(*) FROM stock_data GROUP BY UPPER(symbol)');
  const agg = find(q.relation.node, 'group-aggregate');
  assert.deepEqual(agg.keys.map((k) => [k.name, exprToString(k.expr)]), [['$f0', 'UPPER(symbol)']]);
  const calc = find(q.relation.node, 'calc');
  assert.deepEqual(calc.projections?.map((p) => exprToString(p.expr)), ['`$f0`', "`$f0` || '!'", '`$a0`']);
});

test('projection: *, aliases, expressions named EXPR$n, duplicate names made unique', () => {
  const planner = plannerWith(STOCK_DATA);
  const star = select(planner, 'SELECT * FROM stock_data');
  assert.deepEqual(chain(star.relation.node), ['source'], 'SELECT * needs no calc');
  const q = select(planner, 'SELECT s.symbol, price * shares, price AS symbol FROM stock_data AS s WHERE shares > 0');
  assert.deepEqual(q.relation.columns.map((c) => c.name), ['symbol', 'EXPR$1', 'symbol0']);
  assert.deepEqual(chain(q.relation.node), ['calc', 'source'], 'WHERE and the select list run as one calc');
  const calc = find(q.relation.node, 'calc');
  assert.deepEqual(calc.projections?.map((p) => exprToString(p.expr)), ['symbol', 'price * shares', 'price']);
  assert.equal(exprToString(calc.condition!), 'shares > 0');
});

test('computed columns become a calc after the source; a computed rowtime gets a watermark node', () => {
  const planner = plannerWith(`CREATE TABLE events (id BIGINT, ts_ms BIGINT, ts AS TO_TIMESTAMP_LTZ(ts_ms, 3), pt AS PROCTIME(),
      WATERMARK FOR ts AS ts - INTERVAL '2' SECOND) WITH ('connector' = 'sluice-memory', 'name' = 'events')`);
  const q = select(planner, `SELECT id, TUMBLE_START(ts, INTERVAL '1' MINUTE) AS w FROM events GROUP BY id, TUMBLE(ts, INTERVAL '1' MINUTE)`);
  assert.deepEqual(chain(q.relation.node), ['calc', 'window-aggregate', 'watermark', 'calc', 'source']);
  assert.equal(find(q.relation.node, 'watermark').strategy.maxOutOfOrderness, 2000);
  assert.equal(find(q.relation.node, 'source').watermark, undefined);
  const proc = select(planner, `SELECT id, COUNT(*) FROM events GROUP BY id, TUMBLE(pt, INTERVAL '10' SECOND)`);
  assert.equal(find(proc.relation.node, 'window-aggregate').window.time, 'processing');
});

test('views and WITH queries are planned in place, their calcs fused into one', () => {
  const planner = plannerWith(STOCK_DATA);
  plan(planner, 'CREATE VIEW big AS SELECT symbol, shares FROM stock_data WHERE shares > 1000');
  const q = select(planner, 'WITH b AS (SELECT symbol, shares * 2 AS double_shares FROM big) SELECT b.symbol, double_shares + 1 FROM b');
  assert.deepEqual(chain(q.relation.node), ['calc', 'source']);
  const calc = find(q.relation.node, 'calc');
  assert.deepEqual(calc.projections?.map((p) => exprToString(p.expr)), ['symbol', 'shares * 2 + 1']);
  assert.equal(exprToString(calc.condition!), 'shares > 1000');
});

test('a view created through the catalog API with SQL text is planned like a SQL view', () => {
  const planner = plannerWith(STOCK_DATA);
  planner.catalog.createView({ name: 'symbols', query: 'SELECT symbol FROM stock_data WHERE shares > 0' });
  const q = select(planner, 'SELECT * FROM symbols');
  assert.deepEqual(q.relation.columns.map((c) => c.name), ['symbol']);
  assert.deepEqual(chain(q.relation.node), ['calc', 'source']);
});

test('a calc is not fused when that would evaluate an expression twice or a non-deterministic one again', () => {
  const planner = plannerWith(STOCK_DATA);
  const twice = select(planner, 'SELECT d || d FROM (SELECT UPPER(symbol) AS d FROM stock_data)');
  assert.deepEqual(chain(twice.relation.node), ['calc', 'calc', 'source']);
  const random = select(planner, 'SELECT r FROM (SELECT RAND() AS r FROM stock_data) WHERE r > 0.5');
  assert.deepEqual(chain(random.relation.node), ['calc', 'calc', 'source'], 'the filter reads r once, but RAND() stays computed once, below it');
});

test('UNION ALL unions inputs cast to common types; VALUES of literals is a memory source', () => {
  const planner = plannerWith(STOCK_DATA);
  const q = select(planner, "SELECT shares, symbol FROM stock_data UNION ALL VALUES (CAST(1 AS BIGINT), 'x')");
  assert.equal(q.relation.node.kind, 'union');
  assert.deepEqual(q.relation.columns.map((c) => `${c.name} ${typeToString(c.type)}`), ['shares BIGINT', 'symbol STRING']);
  const values = select(planner, "VALUES (1, 'a'), (2, 'bc')");
  assert.deepEqual(values.relation.columns.map((c) => `${c.name} ${typeToString(c.type)}`), ['EXPR$0 INT NOT NULL', 'EXPR$1 VARCHAR(2) NOT NULL']);
  assert.equal(values.relation.node.kind, 'source');
});

test('ORDER BY and LIMIT of the outermost query are kept for the collected result', () => {
  const q = select(plannerWith(STOCK_DATA), 'SELECT symbol, price FROM stock_data ORDER BY 2 DESC, symbol LIMIT 3 OFFSET 1');
  assert.deepEqual(q.orderBy, [{ column: 'price', descending: true, nullsFirst: true }, { column: 'symbol', descending: false, nullsFirst: false }]);
  assert.equal(q.limit, 3);
  assert.equal(q.offset, 1);
});

test('INSERT INTO maps the query to the sink columns by position and casts where Flink casts implicitly', () => {
  const planner = plannerWith(STOCK_DATA, "CREATE TABLE out (sym STRING, total BIGINT, px DOUBLE) WITH ('connector' = 'blackhole')");
  const planned = plan(planner, 'INSERT INTO out SELECT symbol, SUM(shares), AVG(price) FROM stock_data GROUP BY symbol, TUMBLE(transaction_date, INTERVAL \'1\' HOUR)');
  assert.equal(planned.kind, 'insert');
  const sink = (planned as { plan: { sinks: readonly import('../../../../src/plan/nodes.ts').SinkNode[] } }).plan.sinks[0];
  assert.deepEqual(chain(sink), ['sink', 'calc', 'window-aggregate', 'source']);
  const rename = find(sink, 'calc');
  assert.deepEqual(rename.projections?.map((p) => `${p.name} = ${exprToString(p.expr)}`), ['sym = symbol', 'total = `$a0`', 'px = `$a1`'],
    'INT widens to BIGINT without a conversion');
});

test('EXPLAIN shows the plan tree', () => {
  const planned = plan(plannerWith(STOCK_DATA), `EXPLAIN ${SEED_QUERY}`);
  assert.equal(planned.kind, 'explain');
  const text = (planned as { text: string }).text;
  assert.match(text, /Calc\(select=\[symbol, window_start, `\$a0` AS total_shares, `\$a1` AS avg_price\]\)/);
  assert.match(text, /\+- WindowAggregate\(groupBy=\[symbol\], window=\[TUMBLE\(size=\[1 h\]\), event time\]/);
  assert.match(text, /Source\(id=\[source-1-stock_data\], source=\[sluice-memory:stock_data\], watermark=\[max\(rowtime\) - 5 s\]\)/);
});
