-- A Top-N rank range (rn BETWEEN 2 AND 3): ranks 1 … 3 are held, only ranks 2 and 3 come out; a row entering at rank 1 pushes the old first into rank 2
-- order: emitted
-- duckdb: SELECT symbol, shares, rn FROM (
-- duckdb:   SELECT symbol, shares, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY shares DESC, rowid) AS rn FROM trades
-- duckdb: ) WHERE rn BETWEEN 2 AND 3
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

SELECT symbol, shares, rn FROM (
    SELECT symbol, shares, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY shares DESC) AS rn
    FROM trades
) WHERE rn BETWEEN 2 AND 3;
