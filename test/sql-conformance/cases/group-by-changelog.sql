-- A non-windowed GROUP BY is an updating query: +I for a key's first row, then -U (the old row) and +U (the new row) for each change
-- order: emitted
-- duckdb: SELECT user_name, COUNT(*) AS clicks, SUM(duration) AS total, MAX(page) AS last_page FROM clicks GROUP BY user_name
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

SELECT user_name, COUNT(*) AS clicks, SUM(duration) AS total, MAX(page) AS last_page
FROM clicks
GROUP BY user_name;
