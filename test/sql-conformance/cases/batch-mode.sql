-- Batch mode ('execution.runtime-mode' = 'batch'): a non-windowed GROUP BY gives only its final rows, no changelog
-- duckdb: SELECT symbol, COUNT(*) AS trades, SUM(shares) AS total_shares, MAX(ts) AS last_trade FROM trades GROUP BY symbol
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

SET 'execution.runtime-mode' = 'batch';

SELECT symbol, COUNT(*) AS trades, SUM(shares) AS total_shares, MAX(ts) AS last_trade
FROM trades
GROUP BY symbol;
