-- NULL is one group key: rows whose key is NULL form a single group (in batch mode, which gives only the final rows)
-- mode: batch
-- duckdb: SELECT long_duration, COUNT(*) AS clicks, MIN(page) AS some_page
-- duckdb: FROM (SELECT page, CASE WHEN duration > 5 THEN duration END AS long_duration FROM clicks) GROUP BY long_duration
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

SELECT long_duration, COUNT(*) AS clicks, MIN(page) AS some_page
FROM (SELECT page, CASE WHEN duration > 5 THEN duration END AS long_duration FROM clicks)
GROUP BY long_duration;
