-- Window TVF: CUMULATE with a 30-minute step and a 2-hour maximum size; each window starts at the 2-hour boundary and grows
-- duckdb: SELECT b AS window_start, e AS window_end, symbol, SUM(shares) AS total_shares
-- duckdb: FROM (SELECT symbol, shares, ts, time_bucket(INTERVAL '2 hours', ts) AS b,
-- duckdb:         unnest(generate_series(time_bucket(INTERVAL '2 hours', ts) + INTERVAL '30 minutes', time_bucket(INTERVAL '2 hours', ts) + INTERVAL '2 hours', INTERVAL '30 minutes')) AS e
-- duckdb:       FROM trades)
-- duckdb: WHERE ts < e
-- duckdb: GROUP BY b, e, symbol
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

SELECT window_start, window_end, symbol, SUM(shares) AS total_shares
FROM TABLE(CUMULATE(TABLE trades, DESCRIPTOR(ts), INTERVAL '30' MINUTES, INTERVAL '2' HOURS))
GROUP BY window_start, window_end, symbol;
