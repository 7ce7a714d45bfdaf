-- A per-row watermark expression on a computed TIMESTAMP_LTZ rowtime (the watermark is generated after the computed columns): the rows and results of watermark-expression, with window_time keeping the LTZ type
-- duckdb: WITH stamped AS (SELECT *, rowid AS arrival, make_timestamptz(ts_ms * 1000) AS ts FROM ticks),
-- duckdb: arrived AS (
-- duckdb:   SELECT *, time_bucket(INTERVAL 1 MINUTE, ts) AS w,
-- duckdb:     max(CASE WHEN urgent THEN ts ELSE ts - INTERVAL 30 SECOND END) OVER (ORDER BY arrival ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS wm
-- duckdb:   FROM stamped)
-- duckdb: SELECT sym, CAST(w AS TIMESTAMP), w + INTERVAL 1 MINUTE - INTERVAL 1 MILLISECOND, CAST(SUM(amount) AS INTEGER), COUNT(*)
-- duckdb: FROM arrived WHERE wm IS NULL OR w + INTERVAL 1 MINUTE - INTERVAL 1 MILLISECOND > wm
-- duckdb: GROUP BY sym, w
CREATE TABLE ticks (
    sym STRING,
    amount INT,
    urgent BOOLEAN,
    ts_ms BIGINT,
    ts AS TO_TIMESTAMP_LTZ(ts_ms, 3),
    WATERMARK FOR ts AS CASE WHEN urgent THEN ts ELSE ts - INTERVAL '30' SECOND END
) WITH (
    'connector' = 'filesystem',
    'path' = 'watermark-expression-computed.input/ticks.json',
    'format' = 'json'
);

SET 'pipeline.auto-watermark-interval' = '0';

SELECT sym, window_start, window_time, SUM(amount) AS total, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE ticks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY sym, window_start, window_end, window_time;
