-- A Top-N rank range without the row number in the output (rn > 1 AND rn <= 3): the row entering ranks 2 … 3 (+I) and the one leaving them (-D), also when a new first row pushes the old one down
-- order: emitted
-- duckdb: SELECT symbol, shares FROM (
-- duckdb:   SELECT symbol, shares, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY shares DESC, rowid) AS rn FROM trades
-- duckdb: ) WHERE rn > 1 AND rn <= 3
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

SELECT symbol, shares FROM (
    SELECT symbol, shares, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY shares DESC) AS rn
    FROM trades
) WHERE rn > 1 AND rn <= 3;
