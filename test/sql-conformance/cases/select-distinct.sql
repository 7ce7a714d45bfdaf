-- SELECT DISTINCT removes duplicate rows (batch mode: the final set)
-- mode: batch
-- duckdb: SELECT DISTINCT user_name, page FROM clicks WHERE page IN ('home', 'pay')
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

SELECT DISTINCT user_name, page FROM clicks WHERE page IN ('home', 'pay');
