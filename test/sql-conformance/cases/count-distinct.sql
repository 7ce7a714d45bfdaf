-- DISTINCT aggregates in a window: COUNT(DISTINCT), SUM(DISTINCT) alongside plain COUNT
-- duckdb: SELECT time_bucket(INTERVAL '15 minutes', ts) AS window_start, COUNT(*) AS clicks, COUNT(DISTINCT user_name) AS users,
-- duckdb:   COUNT(DISTINCT page) AS pages, SUM(DISTINCT duration) AS distinct_durations
-- duckdb: FROM clicks GROUP BY 1
CREATE TABLE clicks (
    seq INT,
    user_name STRING,
    page STRING,
    ts TIMESTAMP(3),
    duration INT,
    WATERMARK FOR ts AS ts - INTERVAL '2' MINUTE
) WITH (
    'connector' = 'filesystem',
    'path' = 'data/clicks.json',
    'format' = 'json'
);

SELECT
    window_start,
    COUNT(*) AS clicks,
    COUNT(DISTINCT user_name) AS users,
    COUNT(DISTINCT page) AS pages,
    SUM(DISTINCT duration) AS distinct_durations
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '15' MINUTES))
GROUP BY window_start, window_end;
