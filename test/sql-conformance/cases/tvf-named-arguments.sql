-- Window TVF with named arguments (DATA =>, TIMECOL =>, SIZE =>, OFFSET =>): a 1-hour tumbling window shifted by 15 minutes
-- duckdb: SELECT time_bucket(INTERVAL '1 hour', ts, INTERVAL '15 minutes') AS window_start, time_bucket(INTERVAL '1 hour', ts, INTERVAL '15 minutes') + INTERVAL '1 hour' AS window_end,
-- duckdb:   COUNT(*) AS trades, SUM(shares) AS total_shares
-- duckdb: FROM trades GROUP BY 1
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

SELECT window_start, window_end, COUNT(*) AS trades, SUM(shares) AS total_shares
FROM TABLE(TUMBLE(DATA => TABLE trades, TIMECOL => DESCRIPTOR(ts), SIZE => INTERVAL '1' HOUR, `OFFSET` => INTERVAL '15' MINUTE))
GROUP BY window_start, window_end;
