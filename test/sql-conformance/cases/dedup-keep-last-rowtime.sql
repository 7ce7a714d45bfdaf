-- Deduplication keeping the last row by rowtime (ORDER BY ts DESC, rn = 1): a key's first row is +I, a later row replaces it with -U/+U; a row older than the kept one changes nothing
-- order: emitted
-- duckdb: SELECT seq, user_name, page, ts FROM (
-- duckdb:   SELECT *, ROW_NUMBER() OVER (PARTITION BY user_name ORDER BY ts DESC, rowid DESC) AS rn FROM clicks
-- duckdb: ) WHERE rn = 1
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

SELECT seq, user_name, page, ts FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY user_name ORDER BY ts DESC) AS rn FROM clicks
) WHERE rn = 1;
