-- Window deduplication: the last trade of each symbol in each hour (ROW_NUMBER over a window TVF partitioned by the window and the key, ORDER BY the rowtime DESC, rn = 1), append-only, once per window
-- duckdb: SELECT symbol, price, window_start FROM (
-- duckdb:   SELECT symbol, price, time_bucket(INTERVAL '1 hour', ts) AS window_start,
-- duckdb:     ROW_NUMBER() OVER (PARTITION BY time_bucket(INTERVAL '1 hour', ts), symbol ORDER BY ts DESC) AS rn
-- duckdb:   FROM trades
-- duckdb: ) WHERE rn = 1
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

SELECT symbol, price, window_start FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, symbol ORDER BY ts DESC) AS rn
    FROM TABLE(TUMBLE(TABLE trades, DESCRIPTOR(ts), INTERVAL '1' HOUR))
) WHERE rn = 1;
