-- Legacy group window over a TIMESTAMP_LTZ rowtime (Flink's time zone docs, MyTable3/MyView5): TUMBLE_START and TUMBLE_END are TIMESTAMP(3), TUMBLE_ROWTIME keeps TIMESTAMP_LTZ(3); the session time zone is UTC
-- duckdb: SELECT time_bucket(INTERVAL '10 minutes', epoch_ms(ts)) AS window_start, time_bucket(INTERVAL '10 minutes', epoch_ms(ts)) + INTERVAL '10 minutes' AS window_end,
-- duckdb:   time_bucket(INTERVAL '10 minutes', epoch_ms(ts)) + INTERVAL '10 minutes' - INTERVAL '1 millisecond' AS window_rowtime, item, MAX(price) AS max_price
-- duckdb: FROM items GROUP BY 1, item
CREATE TABLE items (
    item STRING,
    price DOUBLE,
    ts BIGINT,
    ts_ltz AS TO_TIMESTAMP_LTZ(ts, 3),
    WATERMARK FOR ts_ltz AS ts_ltz - INTERVAL '10' SECOND
) WITH (
    'connector' = 'filesystem',
    'path' = 'tumble-legacy-ltz.input/items.csv',
    'format' = 'csv'
);

SELECT
    TUMBLE_START(ts_ltz, INTERVAL '10' MINUTES) AS window_start,
    TUMBLE_END(ts_ltz, INTERVAL '10' MINUTES) AS window_end,
    TUMBLE_ROWTIME(ts_ltz, INTERVAL '10' MINUTES) AS window_rowtime,
    item,
    MAX(price) AS max_price
FROM items
GROUP BY TUMBLE(ts_ltz, INTERVAL '10' MINUTES), item;
