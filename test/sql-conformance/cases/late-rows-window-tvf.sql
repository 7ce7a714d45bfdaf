-- Out-of-order and late rows with a window TVF: the same rows as late-rows; results come out as the watermark passes each window end
-- duckdb: WITH arrived AS (
-- duckdb:   SELECT *, time_bucket(INTERVAL 1 MINUTE, ts) AS w,
-- duckdb:     max(ts - INTERVAL 10 SECOND) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS wm
-- duckdb:   FROM ticks)
-- duckdb: SELECT w, w + INTERVAL 1 MINUTE, sym, CAST(SUM(amount) AS INTEGER), COUNT(*)
-- duckdb: FROM arrived WHERE wm IS NULL OR w + INTERVAL 1 MINUTE - INTERVAL 1 MILLISECOND > wm
-- duckdb: GROUP BY sym, w
CREATE TABLE ticks (
    sym STRING,
    amount INT,
    ts TIMESTAMP(3),
    WATERMARK FOR ts AS ts - INTERVAL '10' SECOND
) WITH (
    'connector' = 'filesystem',
    'path' = 'late-rows.input/ticks.json',
    'format' = 'json'
);

-- A watermark after every row (Flink's periodic watermarks with an interval of 0), so which rows are late is fixed.
SET 'pipeline.auto-watermark-interval' = '0';
SELECT window_start, window_end, sym, SUM(amount) AS total, COUNT(*) AS n
FROM TABLE(TUMBLE(TABLE ticks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, sym;
