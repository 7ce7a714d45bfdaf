-- Deduplication keeping the first row on processing time (ORDER BY PROCTIME() ASC, rn = 1): append-only, the first row of each key to arrive
-- duckdb: SELECT seq, user_name FROM (
-- duckdb:   SELECT *, ROW_NUMBER() OVER (PARTITION BY user_name ORDER BY rowid) AS rn FROM clicks
-- duckdb: ) WHERE rn = 1
CREATE TABLE clicks (
    seq INT,
    user_name STRING,
    page STRING,
    ts TIMESTAMP(3),
    duration INT,
    pt AS PROCTIME()
) WITH (
    'connector' = 'filesystem',
    'path' = 'data/clicks.json',
    'format' = 'json'
);

SELECT seq, user_name FROM (
    SELECT seq, user_name, ROW_NUMBER() OVER (PARTITION BY user_name ORDER BY pt ASC) AS rn FROM clicks
) WHERE rn = 1;
