-- Deduplication keeping the first row by rowtime (ORDER BY ts ASC, rn = 1): a later-arriving row with an earlier time replaces the kept one (-U/+U), one of the same time does not, as in Flink
-- order: emitted
-- duckdb: SELECT id, device, reading, ts FROM (
-- duckdb:   SELECT *, ROW_NUMBER() OVER (PARTITION BY device ORDER BY ts ASC, rowid) AS rn FROM readings
-- duckdb: ) WHERE rn = 1
CREATE TABLE readings (
    id INT,
    device STRING,
    reading INT,
    ts TIMESTAMP(3),
    WATERMARK FOR ts AS ts - INTERVAL '5' MINUTE
) WITH (
    'connector' = 'filesystem',
    'path' = 'dedup-keep-first-rowtime.input/readings.json',
    'format' = 'json'
);

SELECT id, device, reading, ts FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY device ORDER BY ts ASC) AS rn FROM readings
) WHERE rn = 1;
