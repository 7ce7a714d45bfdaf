-- ORDER BY with ASC/DESC and NULLS FIRST/LAST, LIMIT and OFFSET over a bounded input (rows in the query's order)
-- duckdb: SELECT seq, user_name, duration FROM clicks ORDER BY duration DESC NULLS FIRST, seq ASC LIMIT 5 OFFSET 1
-- order: emitted
-- mode: batch
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

SELECT seq, user_name, duration
FROM clicks
ORDER BY duration DESC NULLS FIRST, seq ASC
LIMIT 5 OFFSET 1;
