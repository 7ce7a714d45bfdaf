-- JSON_VALUE … RETURNING type, DEFAULT … ON EMPTY, DEFAULT … ON ERROR and JSON_QUERY … WITH WRAPPER (Flink's full JSON function syntax)
-- duckdb: -- strict paths ('$.missing') make a missing key an error, so ON EMPTY never applies; invalid JSON is an error (ON ERROR)
-- duckdb: WITH p AS (SELECT id, CASE WHEN json_valid(profile) THEN CAST(profile AS JSON) END AS j FROM people WHERE profile IS NOT NULL)
-- duckdb: SELECT id, CAST(j ->> '$.visits' AS INTEGER), coalesce(CAST(j ->> '$.missing' AS INTEGER), 0),
-- duckdb:   CASE WHEN json_exists(j, '$.missing') THEN CAST(j ->> '$.missing' AS INTEGER) END, CASE WHEN j IS NULL THEN 'broken' ELSE j ->> '$.tier' END,
-- duckdb:   CASE WHEN j ->> '$.tier' IS NOT NULL THEN '[' || CAST(j -> '$.tier' AS VARCHAR) || ']' END
-- duckdb: FROM p
-- tables: people

SELECT
    id,
    JSON_VALUE(profile, '$.visits' RETURNING INT) AS visits,
    JSON_VALUE(profile, 'lax $.missing' RETURNING INT DEFAULT 0 ON EMPTY) AS missing_or_zero,
    -- a path without 'lax' is strict: a missing key is an error, not empty, so ON EMPTY never applies
    JSON_VALUE(profile, '$.missing' RETURNING INT DEFAULT 0 ON EMPTY) AS strict_missing,
    JSON_VALUE(profile, '$.tier' DEFAULT 'broken' ON ERROR) AS tier_or_broken,
    JSON_QUERY(profile, '$.tier' WITH WRAPPER) AS wrapped_tier
FROM people
WHERE profile IS NOT NULL;
