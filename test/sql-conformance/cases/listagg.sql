-- LISTAGG with the default ',' separator and a custom one, in arrival order; NULLs are skipped
-- duckdb: SELECT user_name, string_agg(page, ',' ORDER BY seq) AS pages, string_agg(CAST(duration AS VARCHAR), ' | ' ORDER BY seq) AS durations
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
    LISTAGG(page) AS pages,
    LISTAGG(CAST(duration AS STRING), ' | ') AS durations
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' HOUR))
GROUP BY window_start, window_end, user_name;
