-- STDDEV_POP, STDDEV_SAMP, VAR_POP, VAR_SAMP over DOUBLE in a window; a one-row group has no sample deviation (NULL)
-- duckdb: SELECT symbol, time_bucket(INTERVAL '2 hours', ts) AS window_start, STDDEV_POP(price) AS sd_pop, STDDEV_SAMP(price) AS sd_samp,
-- duckdb:   VAR_POP(price) AS var_pop, VAR_SAMP(price) AS var_samp
-- duckdb: FROM trades GROUP BY symbol, time_bucket(INTERVAL '2 hours', ts)
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

SELECT
    symbol,
    window_start,
    STDDEV_POP(price) AS sd_pop,
    STDDEV_SAMP(price) AS sd_samp,
    VAR_POP(price) AS var_pop,
    VAR_SAMP(price) AS var_samp
FROM TABLE(TUMBLE(TABLE trades, DESCRIPTOR(ts), INTERVAL '2' HOURS))
GROUP BY symbol, window_start, window_end;
