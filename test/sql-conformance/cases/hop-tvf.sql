-- Window TVF: HOP with a 30-minute slide and a 1-hour size; the same trades fall into two windows each
-- duckdb: SELECT w AS window_start, w + INTERVAL '1 hour' AS window_end, SUM(shares) AS total_shares, COUNT(DISTINCT symbol) AS symbols
-- duckdb: FROM (SELECT shares, symbol, unnest([time_bucket(INTERVAL '30 minutes', ts), time_bucket(INTERVAL '30 minutes', ts) - INTERVAL '30 minutes']) AS w FROM trades)
-- duckdb: GROUP BY w
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

SELECT window_start, window_end, SUM(shares) AS total_shares, COUNT(DISTINCT symbol) AS symbols
FROM TABLE(HOP(TABLE trades, DESCRIPTOR(ts), INTERVAL '30' MINUTES, INTERVAL '1' HOUR))
GROUP BY window_start, window_end;
