-- JSON_VALUE … RETURNING type, DEFAULT … ON EMPTY, DEFAULT … ON ERROR and JSON_QUERY … WITH WRAPPER (Flink's full JSON function syntax)
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
