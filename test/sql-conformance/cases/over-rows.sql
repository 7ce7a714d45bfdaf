-- OVER aggregates with a ROWS frame: each trade with the sum and count of its symbol's last two trades by event time, emitted when the watermark passes it (append-only)
-- duckdb: SELECT symbol, ts, shares,
-- duckdb:   SUM(shares) OVER (PARTITION BY symbol ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS last_two,
-- duckdb:   COUNT(*) OVER (PARTITION BY symbol ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS n
-- duckdb: FROM trades
CREATE TABLE trades (
    symbol STRING,
    shares INT,
    price DOUBLE,
    ts TIMESTAMP(3),
    WATERMARK FOR ts AS ts - INTERVAL '10' MINUTE
) WITH (
    'connector' = 'filesystem',
    'path' = 'data/trades.json',
    'format' = 'json'
);

SELECT symbol, ts, shares,
    SUM(shares) OVER (PARTITION BY symbol ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS last_two,
    COUNT(*) OVER (PARTITION BY symbol ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS n
FROM trades;
