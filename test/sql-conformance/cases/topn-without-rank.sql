-- Top-N without the row number in the output: only the row that enters (+I) and the row it pushes out (-D), never the rows that merely move
-- order: emitted
-- duckdb: SELECT symbol, price FROM (
-- duckdb:   SELECT symbol, price, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY price ASC, rowid) AS row_num FROM trades
-- duckdb: ) WHERE row_num <= 2
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

SELECT symbol, price FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY price ASC) AS row_num
    FROM trades
) t WHERE t.row_num < 3;
