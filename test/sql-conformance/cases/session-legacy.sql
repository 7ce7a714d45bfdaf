-- Legacy group window: GROUP BY SESSION(ts, gap) per user with SESSION_START / SESSION_END; a session ends one gap after its last click
-- duckdb: WITH flagged AS (
-- duckdb:   SELECT *, CASE WHEN ts - LAG(ts) OVER (PARTITION BY user_name ORDER BY ts) <= INTERVAL '5 minutes' THEN 0 ELSE 1 END AS starts
-- duckdb:   FROM clicks),
-- duckdb: numbered AS (SELECT *, SUM(starts) OVER (PARTITION BY user_name ORDER BY ts) AS session_no FROM flagged)
-- duckdb: SELECT user_name, MIN(ts) AS session_start, MAX(ts) + INTERVAL '5 minutes' AS session_end, COUNT(*) AS clicks, SUM(duration) AS total_duration
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

SELECT
    user_name,
    SESSION_START(ts, INTERVAL '5' MINUTE) AS session_start,
    SESSION_END(ts, INTERVAL '5' MINUTE) AS session_end,
    COUNT(*) AS clicks,
    SUM(duration) AS total_duration
FROM clicks
GROUP BY user_name, SESSION(ts, INTERVAL '5' MINUTE);
