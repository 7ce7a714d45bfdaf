-- A row that leaves a non-windowed aggregate unchanged emits nothing: no -U/+U pair carrying the same values
-- order: emitted
-- duckdb: SELECT page, MAX(duration) AS longest FROM clicks GROUP BY page
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

SELECT page, MAX(duration) AS longest
FROM clicks
GROUP BY page;
