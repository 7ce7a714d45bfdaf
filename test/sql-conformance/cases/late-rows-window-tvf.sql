-- Out-of-order and late rows with a window TVF: the same rows as late-rows; results come out as the watermark passes each window end
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
