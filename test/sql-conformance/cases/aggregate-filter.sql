-- FILTER (WHERE …) on aggregates: each aggregate sees only the rows its filter keeps; a filter that keeps nothing gives 0 for COUNT and NULL for SUM
-- duckdb: SELECT user_name, COUNT(*) AS clicks, COUNT(*) FILTER (WHERE page = 'pay') AS payments,
-- duckdb:   SUM(duration) FILTER (WHERE page <> 'home') AS busy_time, MAX(ts) FILTER (WHERE page = 'cart') AS last_cart,
-- duckdb:   COUNT(DISTINCT page) FILTER (WHERE duration > 4) AS long_pages
-- duckdb: FROM clicks GROUP BY user_name
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
    user_name,
    COUNT(*) AS clicks,
    COUNT(*) FILTER (WHERE page = 'pay') AS payments,
    SUM(duration) FILTER (WHERE page <> 'home') AS busy_time,
    MAX(ts) FILTER (WHERE page = 'cart') AS last_cart,
    COUNT(DISTINCT page) FILTER (WHERE duration > 4) AS long_pages
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' HOUR))
GROUP BY window_start, window_end, user_name;
