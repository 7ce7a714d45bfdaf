-- HAVING on a windowed aggregation keeps only the windows whose aggregates pass, with an aggregate that is not selected
-- duckdb: SELECT symbol, time_bucket(INTERVAL '1 hour', ts) AS window_start, SUM(shares) AS total_shares
-- duckdb: FROM trades GROUP BY symbol, time_bucket(INTERVAL '1 hour', ts) HAVING SUM(shares) >= 30 AND MAX(price) > 12
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

SELECT symbol, TUMBLE_START(ts, INTERVAL '1' HOUR) AS window_start, SUM(shares) AS total_shares
FROM trades
GROUP BY symbol, TUMBLE(ts, INTERVAL '1' HOUR)
HAVING SUM(shares) >= 30 AND MAX(price) > 12;
