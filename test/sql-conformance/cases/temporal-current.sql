-- Non-deterministic time functions: CURRENT_TIMESTAMP, NOW(), LOCALTIMESTAMP, CURRENT_DATE, PROCTIME() — values later than when this suite was written
-- duckdb: SELECT n, current_timestamp > make_timestamptz(1717200000000000), now() >= make_timestamptz(1717200000000000),
-- duckdb:   localtimestamp > TIMESTAMP '2024-06-01 00:00:00', current_date >= DATE '2024-06-01', current_timestamp IS NOT NULL,
-- duckdb:   date_diff('day', TIMESTAMP '2024-06-01 00:00:00', localtimestamp) > 0
-- duckdb: FROM (VALUES (1), (2)) AS t(n)
SELECT
    n,
    CURRENT_TIMESTAMP > TO_TIMESTAMP_LTZ(1717200000000, 3) AS current_is_recent,
    NOW() >= TO_TIMESTAMP_LTZ(1717200000, 0) AS now_is_recent,
    LOCALTIMESTAMP > TIMESTAMP '2024-06-01 00:00:00' AS local_is_recent,
    CURRENT_DATE >= DATE '2024-06-01' AS date_is_recent,
    PROCTIME() IS NOT NULL AS proctime_present,
    TIMESTAMPDIFF(DAY, TIMESTAMP '2024-06-01 00:00:00', LOCALTIMESTAMP) > 0 AS days_since
FROM (VALUES (1), (2)) AS t(n);
