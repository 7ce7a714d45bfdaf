-- Computed columns: an event-time attribute computed from epoch milliseconds (TO_TIMESTAMP_LTZ) with its watermark, and a derived value; window_time keeps the LTZ type
-- duckdb: SELECT sensor, time_bucket(INTERVAL '1 minute', epoch_ms(ts_ms)) AS window_start,
-- duckdb:   time_bucket(INTERVAL '1 minute', epoch_ms(ts_ms)) + INTERVAL '1 minute' - INTERVAL '1 millisecond' AS window_time, COUNT(*) AS readings, AVG(celsius * 9 / 5 + 32) AS avg_fahrenheit
-- duckdb: FROM readings GROUP BY 1, 2
CREATE TABLE readings (
    sensor STRING,
    ts_ms BIGINT,
    celsius DOUBLE,
    fahrenheit AS celsius * 9 / 5 + 32,
    ts AS TO_TIMESTAMP_LTZ(ts_ms, 3),
    WATERMARK FOR ts AS ts - INTERVAL '10' SECOND
) WITH (
    'connector' = 'filesystem',
    'path' = 'computed-columns.input/readings.json',
    'format' = 'json'
);

SELECT sensor, window_start, window_time, COUNT(*) AS readings, AVG(fahrenheit) AS avg_fahrenheit
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY sensor, window_start, window_end, window_time;
