-- OVER aggregates from UNBOUNDED PRECEDING: a running total per user by event time; a row behind the watermark is late and dropped (the DuckDB query drops it too)
-- duckdb: WITH arrived AS (
-- duckdb:   SELECT *, max(ts - INTERVAL 1 MINUTE) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS wm FROM clicks
-- duckdb: ), on_time AS (SELECT * FROM arrived WHERE wm IS NULL OR ts > wm)
-- duckdb: SELECT user_name, seq, ts, SUM(duration) OVER (PARTITION BY user_name ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
-- duckdb: FROM on_time
CREATE TABLE clicks (
    seq INT,
    user_name STRING,
    page STRING,
    ts TIMESTAMP(3),
    duration INT,
    WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE
) WITH (
    'connector' = 'filesystem',
    'path' = 'data/clicks.json',
    'format' = 'json'
);

SELECT user_name, seq, ts, SUM(duration) OVER (PARTITION BY user_name ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
FROM clicks;
