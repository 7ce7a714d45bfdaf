-- Projection and filter: arithmetic on columns, aliases, AND/OR/NOT in WHERE, comparison of a DOUBLE with an INT literal
-- duckdb: SELECT symbol, shares * price AS notional, shares + 1 AS next_shares, -price AS negated, ts
-- duckdb: FROM trades WHERE (symbol = 'AAPL' AND shares >= 50) OR (NOT symbol = 'AAPL' AND price > 100)
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

SELECT symbol, shares * price AS notional, shares + 1 AS next_shares, -price AS negated, ts
FROM trades
WHERE (symbol = 'AAPL' AND shares >= 50) OR (NOT symbol = 'AAPL' AND price > 100);
