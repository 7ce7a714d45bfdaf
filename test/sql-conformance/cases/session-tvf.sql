-- Window TVF: SESSION(TABLE t PARTITION BY key, DESCRIPTOR(ts), gap) — sessions per user, as in Flink 1.19+
-- duckdb: WITH flagged AS (
-- duckdb:   SELECT *, CASE WHEN ts - LAG(ts) OVER (PARTITION BY user_name ORDER BY ts) <= INTERVAL '5 minutes' THEN 0 ELSE 1 END AS starts
-- duckdb:   FROM clicks),
-- duckdb: numbered AS (SELECT *, SUM(starts) OVER (PARTITION BY user_name ORDER BY ts) AS session_no FROM flagged)
-- duckdb: SELECT user_name, MIN(ts) AS window_start, MAX(ts) + INTERVAL '5 minutes' AS window_end, COUNT(*) AS clicks, LISTAGG(page, ',' ORDER BY ts) AS pages
-- duckdb: FROM numbered GROUP BY user_name, session_no
CREATE TABLE clicks (
    seq INT,
    user_name STRING,
    page STRING,
    ts TIMESTAMP(3),
    duration INT,
    WATERMARK FOR ts AS ts - INTERVAL '2' MINUTE
) WITH (
    'connector' = 'filesystem',
    'path' = 'data/clicks.json',
    'format' = 'json'
);

SELECT user_name, window_start, window_end, COUNT(*) AS clicks, LISTAGG(page) AS pages
FROM TABLE(SESSION(TABLE clicks PARTITION BY user_name, DESCRIPTOR(ts), INTERVAL '5' MINUTES))
GROUP BY user_name, window_start, window_end;
