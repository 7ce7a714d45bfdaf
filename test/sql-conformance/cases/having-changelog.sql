-- HAVING on a non-windowed GROUP BY filters the changelog row by row: a key appears with +U when it starts to qualify and leaves with a -U that is not followed by +U
-- order: emitted
-- duckdb: SELECT user_name, COUNT(*) AS clicks FROM clicks GROUP BY user_name HAVING COUNT(*) BETWEEN 2 AND 3
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

SELECT user_name, COUNT(*) AS clicks
FROM clicks
GROUP BY user_name
HAVING COUNT(*) BETWEEN 2 AND 3;
