-- Window TVF: TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), size)) grouped by window_start, window_end with window_time and a key
-- duckdb: SELECT time_bucket(INTERVAL '1 hour', ts) AS window_start, time_bucket(INTERVAL '1 hour', ts) + INTERVAL '1 hour' AS window_end,
-- duckdb:   time_bucket(INTERVAL '1 hour', ts) + INTERVAL '1 hour' - INTERVAL '1 millisecond' AS window_time, symbol, COUNT(*) AS trades, MAX(price) AS high, MIN(price) AS low
-- duckdb: FROM trades GROUP BY time_bucket(INTERVAL '1 hour', ts), symbol
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

SELECT window_start, window_end, window_time, symbol, COUNT(*) AS trades, MAX(price) AS high, MIN(price) AS low
FROM TABLE(TUMBLE(TABLE trades, DESCRIPTOR(ts), INTERVAL '1' HOUR))
GROUP BY window_start, window_end, window_time, symbol;
