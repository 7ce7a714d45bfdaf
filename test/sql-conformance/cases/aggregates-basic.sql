-- Aggregates in a tumbling window: COUNT(*), COUNT(col) skipping NULLs, SUM, AVG (INT in, INT out), MIN and MAX over numbers, strings and timestamps
-- duckdb: SELECT time_bucket(INTERVAL '10 minutes', ts) AS window_start, COUNT(*) AS n, COUNT(duration) AS with_duration, SUM(duration) AS total,
-- duckdb:   CAST(trunc(AVG(duration)) AS INTEGER) AS average, MIN(duration) AS shortest, MAX(duration) AS longest, MIN(page) AS first_page, MAX(page) AS last_page,
-- duckdb:   MIN(ts) AS first_click, MAX(ts) AS last_click
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
    TUMBLE_START(ts, INTERVAL '10' MINUTE) AS window_start,
    COUNT(*) AS n,
    COUNT(duration) AS with_duration,
    SUM(duration) AS total,
    AVG(duration) AS average,
    MIN(duration) AS shortest,
    MAX(duration) AS longest,
    MIN(page) AS first_page,
    MAX(page) AS last_page,
    MIN(ts) AS first_click,
    MAX(ts) AS last_click
FROM clicks
GROUP BY TUMBLE(ts, INTERVAL '10' MINUTE);
