-- Window Top-N after a window aggregate: the symbol with the most shares in each 30-minute window, ranked when the window's rows arrive and emitted once per window
-- duckdb: WITH agg AS (
-- duckdb:   SELECT time_bucket(INTERVAL '30 minutes', ts) AS window_start, time_bucket(INTERVAL '30 minutes', ts) + INTERVAL '30 minutes' AS window_end,
-- duckdb:     symbol, SUM(shares) AS volume
-- duckdb:   FROM trades GROUP BY 1, 2, symbol
-- duckdb: )
-- duckdb: SELECT window_start, window_end, symbol, volume FROM (
-- duckdb:   SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY volume DESC, symbol) AS rn FROM agg
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

SELECT window_start, window_end, symbol, volume FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY volume DESC, symbol) AS rn
    FROM (
        SELECT window_start, window_end, window_time, symbol, SUM(shares) AS volume
        FROM TABLE(TUMBLE(TABLE trades, DESCRIPTOR(ts), INTERVAL '30' MINUTE))
        GROUP BY window_start, window_end, window_time, symbol
    )
) WHERE rn <= 1;
