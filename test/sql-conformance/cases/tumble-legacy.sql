-- Legacy group window: GROUP BY TUMBLE with TUMBLE_START / TUMBLE_END / TUMBLE_ROWTIME, SUM and AVG (the seed query's shape)
-- duckdb: SELECT symbol, time_bucket(INTERVAL '1 hour', ts) AS window_start, time_bucket(INTERVAL '1 hour', ts) + INTERVAL '1 hour' AS window_end,
-- duckdb:   time_bucket(INTERVAL '1 hour', ts) + INTERVAL '1 hour' - INTERVAL '1 millisecond' AS window_rowtime,
-- duckdb:   SUM(shares) AS total_shares, AVG(price) AS avg_price
-- duckdb: FROM trades GROUP BY symbol, time_bucket(INTERVAL '1 hour', ts)
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

SELECT
    symbol,
    TUMBLE_START(ts, INTERVAL '1' HOUR) AS window_start,
    TUMBLE_END(ts, INTERVAL '1' HOUR) AS window_end,
    TUMBLE_ROWTIME(ts, INTERVAL '1' HOUR) AS window_rowtime,
    SUM(shares) AS total_shares,
    AVG(price) AS avg_price
FROM trades
GROUP BY symbol, TUMBLE(ts, INTERVAL '1' HOUR);
