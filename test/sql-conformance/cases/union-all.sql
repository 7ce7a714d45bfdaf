-- UNION ALL keeps duplicates and unifies column types (INT with BIGINT gives BIGINT; names come from the first branch)
-- duckdb: SELECT symbol AS name, CAST(shares AS BIGINT) AS amount FROM trades WHERE shares >= 60
-- duckdb: UNION ALL SELECT user_name, CAST(COUNT(*) AS BIGINT) FROM clicks GROUP BY user_name
-- duckdb: UNION ALL SELECT 'AAPL', 100
CREATE TABLE trades (
    symbol STRING,
    shares INT,
    price DOUBLE,
    ts TIMESTAMP(3),
    WATERMARK FOR ts AS ts - INTERVAL '5' MINUTE
) WITH (
    'connector' = 'filesystem',
    'path' = 'data/trades.json',
    'format' = 'json'
);

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

SELECT symbol AS name, shares AS amount FROM trades WHERE shares >= 60
UNION ALL
SELECT user_name, COUNT(*) FROM clicks GROUP BY user_name, TUMBLE(ts, INTERVAL '1' DAY)
UNION ALL
SELECT 'AAPL', CAST(100 AS BIGINT);
