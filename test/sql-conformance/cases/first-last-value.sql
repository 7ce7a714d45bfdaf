-- FIRST_VALUE and LAST_VALUE in a window: the first and last non-NULL value in arrival order
-- duckdb: SELECT user_name, arg_min(page, seq) AS first_page, arg_max(page, seq) AS last_page,
-- duckdb:   arg_min(duration, seq) FILTER (WHERE duration IS NOT NULL) AS first_duration, arg_max(duration, seq) FILTER (WHERE duration IS NOT NULL) AS last_duration
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
    FIRST_VALUE(page) AS first_page,
    LAST_VALUE(page) AS last_page,
    FIRST_VALUE(duration) AS first_duration,
    LAST_VALUE(duration) AS last_duration
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' HOUR))
GROUP BY window_start, window_end, user_name;
