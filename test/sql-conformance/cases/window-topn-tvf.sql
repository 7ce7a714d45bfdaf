-- Window Top-N on a window TVF: the two largest trades of each hour, emitted once when the watermark passes the window's end (append-only), with the window's bounds
-- duckdb: SELECT symbol, shares, window_start, window_end, rn FROM (
-- duckdb:   SELECT symbol, shares, time_bucket(INTERVAL '1 hour', ts) AS window_start, time_bucket(INTERVAL '1 hour', ts) + INTERVAL '1 hour' AS window_end,
-- duckdb:     ROW_NUMBER() OVER (PARTITION BY time_bucket(INTERVAL '1 hour', ts) ORDER BY shares DESC, rowid) AS rn
-- duckdb:   FROM trades
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

SELECT symbol, shares, window_start, window_end, rn FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY shares DESC) AS rn
    FROM TABLE(TUMBLE(TABLE trades, DESCRIPTOR(ts), INTERVAL '1' HOUR))
) WHERE rn <= 2;
