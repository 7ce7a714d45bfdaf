-- A watermark expression evaluated per row: an urgent row moves the watermark up to its own time, others allow 30 seconds; the watermark is the largest value so far, so a row behind it whose window has fired is dropped
-- duckdb: WITH arrived AS (
-- duckdb:   SELECT *, time_bucket(INTERVAL 1 MINUTE, ts) AS w,
-- duckdb:     max(CASE WHEN urgent THEN ts ELSE ts - INTERVAL 30 SECOND END) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS wm
-- duckdb:   FROM ticks)
-- duckdb: SELECT sym, w, CAST(SUM(amount) AS INTEGER), COUNT(*)
-- duckdb: FROM arrived WHERE wm IS NULL OR w + INTERVAL 1 MINUTE - INTERVAL 1 MILLISECOND > wm
-- duckdb: GROUP BY sym, w
CREATE TABLE ticks (
    sym STRING,
    amount INT,
    urgent BOOLEAN,
    ts TIMESTAMP(3),
    WATERMARK FOR ts AS CASE WHEN urgent THEN ts ELSE ts - INTERVAL '30' SECOND END
) WITH (
    'connector' = 'filesystem',
    'path' = 'watermark-expression.input/ticks.json',
    'format' = 'json'
);

-- Row 3 (urgent, 10:01:10) fires the 10:00 window, so row 4 (10:00:55) is late; row 8 (10:02:40 - 30 s)
-- fires the 10:01 windows, so row 9 (B, 10:01:50) is late although it is urgent.
SET 'pipeline.auto-watermark-interval' = '0';

SELECT sym, TUMBLE_START(ts, INTERVAL '1' MINUTE) AS window_start, SUM(amount) AS total, COUNT(*) AS n
FROM ticks
GROUP BY sym, TUMBLE(ts, INTERVAL '1' MINUTE);
