-- Legacy group window: GROUP BY HOP(ts, slide, size) with HOP_START / HOP_END; each trade counts in every window that covers it
-- duckdb: SELECT symbol, w AS window_start, w + INTERVAL '1 hour' AS window_end, COUNT(*) AS trades, SUM(shares) AS total_shares
-- duckdb: FROM (SELECT symbol, shares, unnest([time_bucket(INTERVAL '30 minutes', ts), time_bucket(INTERVAL '30 minutes', ts) - INTERVAL '30 minutes']) AS w FROM trades)
-- duckdb: GROUP BY symbol, w
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
    HOP_START(ts, INTERVAL '30' MINUTE, INTERVAL '1' HOUR) AS window_start,
    HOP_END(ts, INTERVAL '30' MINUTE, INTERVAL '1' HOUR) AS window_end,
    COUNT(*) AS trades,
    SUM(shares) AS total_shares
FROM trades
GROUP BY symbol, HOP(ts, INTERVAL '30' MINUTE, INTERVAL '1' HOUR);
