-- WITH: common table expressions, one built on another, used in the final query
-- duckdb: WITH big AS (SELECT symbol, shares, price FROM trades WHERE shares >= 20),
-- duckdb:      priced AS (SELECT symbol, shares * price AS notional FROM big)
-- duckdb: SELECT symbol, SUM(notional) AS notional, COUNT(*) AS trades FROM priced GROUP BY symbol
-- mode: batch
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

WITH big AS (SELECT symbol, shares, price FROM trades WHERE shares >= 20),
     priced AS (SELECT symbol, shares * price AS notional FROM big)
SELECT symbol, SUM(notional) AS notional, COUNT(*) AS trades
FROM priced
GROUP BY symbol;
