-- An aggregate without GROUP BY over a stream: one row, updated with every input row
-- order: emitted
-- duckdb: SELECT COUNT(*) AS clicks, COUNT(DISTINCT user_name) AS users, SUM(duration) AS total FROM clicks
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

SELECT COUNT(*) AS clicks, COUNT(DISTINCT user_name) AS users, SUM(duration) AS total
FROM clicks;
