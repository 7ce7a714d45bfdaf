import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NEXMARK } from '../api/sql/corpus-nexmark.ts';
import { duckdb, events, finalRows } from './nexmark-duckdb.ts';

/**
 * Nexmark's q5 (hot items: hopping-window counts joined with each window's maximum) and q11 (user
 * sessions) run as the suite writes them; their final rows must equal DuckDB's batch answer over the
 * same events, where the windows are spelled out with DuckDB's own functions.
 */

test('Nexmark q5 (the auctions with the most bids per 10 s window sliding by 2 s: window aggregates joined on the window) equals DuckDB', async () => {
  const generated = await events(60_000, 5);
  const engine = await finalRows('nexmark-q5-events', generated, NEXMARK.q5, ['auction', 'num']);
  // Each bid lies in the five windows [s, s + 10 s) whose start s is a multiple of 2 s in (t - 10 s, t].
  const oracle = await duckdb(generated, `WITH b AS (SELECT auction, epoch_ms("dateTime") AS ms FROM bid),
    w AS (SELECT auction, (ms // 2000) * 2000 - k * 2000 AS ws FROM b CROSS JOIN range(0, 5) r(k)),
    counts AS (SELECT auction, ws, COUNT(*) AS num FROM w GROUP BY auction, ws),
    maxes AS (SELECT ws, MAX(num) AS maxn FROM counts GROUP BY ws)
    SELECT c.auction, c.num FROM counts c JOIN maxes m ON c.ws = m.ws WHERE c.num >= m.maxn`);
  assert.ok(oracle.length >= 10, `only ${oracle.length} rows: too few to test anything`);
  assert.deepEqual(engine, oracle);
});

test('Nexmark q11 (bids per bidder session with a 10 s gap: legacy SESSION group window) equals DuckDB', async () => {
  const generated = await events(20_000, 11);
  const engine = await finalRows('nexmark-q11-events', generated, NEXMARK.q11, ['bidder', 'bid_count', 'starttime', 'endtime']);
  // A session goes on while the next bid of the bidder comes less than 10 s after the previous one.
  const oracle = await duckdb(generated, `WITH marked AS (
      SELECT bidder, "dateTime" AS t,
        CASE WHEN "dateTime" - lag("dateTime") OVER (PARTITION BY bidder ORDER BY "dateTime") < INTERVAL 10 SECOND THEN 0 ELSE 1 END AS starts
      FROM bid),
    numbered AS (SELECT bidder, t, SUM(starts) OVER (PARTITION BY bidder ORDER BY t ROWS UNBOUNDED PRECEDING) AS session FROM marked)
    SELECT bidder, COUNT(*) AS bid_count, MIN(t) AS starttime, MAX(t) + INTERVAL 10 SECOND AS endtime FROM numbered GROUP BY bidder, session`);
  assert.ok(oracle.length >= 50, `only ${oracle.length} rows: too few to test anything`);
  assert.deepEqual(engine, oracle);
});
