-- AVG over an INT column is an INT in Flink (the average truncated toward zero); AVG over DOUBLE or a CAST keeps the fraction
-- duckdb: SELECT symbol, CAST(trunc(AVG(shares)) AS INTEGER) AS avg_shares, AVG(CAST(shares AS DOUBLE)) AS avg_exact, AVG(price) AS avg_price
-- duckdb: FROM trades GROUP BY symbol
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

SELECT symbol, AVG(shares) AS avg_shares, AVG(CAST(shares AS DOUBLE)) AS avg_exact, AVG(price) AS avg_price
FROM TABLE(TUMBLE(TABLE trades, DESCRIPTOR(ts), INTERVAL '1' DAY))
GROUP BY window_start, window_end, symbol;
