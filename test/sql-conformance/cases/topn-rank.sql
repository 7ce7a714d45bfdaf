-- Top-N: ROW_NUMBER() per key filtered by rn <= N is an updating query; each row entering the Top-2 updates only the ranks at and below it (-U/+U), +I for a rank filled the first time
-- order: emitted
-- duckdb: SELECT symbol, shares, price, rn FROM (
-- duckdb:   SELECT symbol, shares, price, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY shares DESC, rowid) AS rn FROM trades
-- duckdb: ) WHERE rn <= 2
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

SELECT * FROM (
    SELECT symbol, shares, price, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY shares DESC) AS rn
    FROM trades
) WHERE rn <= 2;
