-- Watermark expressions that are the rowtime minus constants fold into a fixed delay: TIMESTAMPADD(SECOND, -70, ts) + INTERVAL '1' MINUTE is ts - 10 s, so the late rows of late-rows are late here too
-- duckdb: WITH arrived AS (
-- duckdb:   SELECT *, time_bucket(INTERVAL 1 MINUTE, ts) AS w,
-- duckdb:     max(ts - INTERVAL 70 SECOND + INTERVAL 1 MINUTE) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS wm
-- duckdb:   FROM ticks)
-- duckdb: SELECT sym, w, CAST(SUM(amount) AS INTEGER), COUNT(*)
-- duckdb: FROM arrived WHERE wm IS NULL OR w + INTERVAL 1 MINUTE - INTERVAL 1 MILLISECOND > wm
-- duckdb: GROUP BY sym, w
CREATE TABLE ticks (
    sym STRING,
    amount INT,
    ts TIMESTAMP(3),
    WATERMARK FOR ts AS TIMESTAMPADD(SECOND, -70, ts) + INTERVAL '1' MINUTE
) WITH (
    'connector' = 'filesystem',
    'path' = 'late-rows.input/ticks.json',
    'format' = 'json'
);

SET 'pipeline.auto-watermark-interval' = '0';

SELECT sym, TUMBLE_START(ts, INTERVAL '1' MINUTE) AS window_start, SUM(amount) AS total, COUNT(*) AS n
FROM ticks
GROUP BY sym, TUMBLE(ts, INTERVAL '1' MINUTE);
