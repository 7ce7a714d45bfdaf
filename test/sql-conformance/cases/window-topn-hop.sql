-- Window Top-N over hopping windows (1 hour every 30 minutes): each row is ranked in both windows it belongs to; the largest trade of each window comes out once, at the window's end
-- duckdb: WITH w AS (
-- duckdb:   SELECT symbol, shares, rowid AS arrival, time_bucket(INTERVAL '30 minutes', ts) - k * INTERVAL '30 minutes' AS window_start
-- duckdb:   FROM trades CROSS JOIN range(0, 2) t(k)
-- duckdb: )
-- duckdb: SELECT symbol, shares, window_start, window_start + INTERVAL '1 hour' AS window_end FROM (
-- duckdb:   SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start ORDER BY shares DESC, arrival) AS rn FROM w
-- duckdb: ) WHERE rn <= 1
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

SELECT symbol, shares, window_start, window_end FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY shares DESC) AS rn
    FROM TABLE(HOP(TABLE trades, DESCRIPTOR(ts), INTERVAL '30' MINUTE, INTERVAL '1' HOUR))
) WHERE rn <= 1;
