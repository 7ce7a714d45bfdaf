-- JSON functions: JSON_VALUE (scalars as text; NULL for objects, arrays, missing paths and invalid JSON), JSON_QUERY (objects and arrays as JSON text), JSON_EXISTS
-- duckdb: -- JSON_VALUE: a scalar as text, NULL for objects, arrays, missing paths and invalid JSON; JSON_QUERY: objects and arrays only
-- duckdb: WITH p AS (SELECT id, CASE WHEN json_valid(profile) THEN CAST(profile AS JSON) END AS j FROM people),
-- duckdb: v AS (SELECT id, j,
-- duckdb:   CASE WHEN json_type(j, '$.tier') NOT IN ('OBJECT', 'ARRAY') THEN j ->> '$.tier' END AS tier,
-- duckdb:   CASE WHEN json_type(j, '$.visits') NOT IN ('OBJECT', 'ARRAY') THEN j ->> '$.visits' END AS visits
-- duckdb:   FROM p)
-- duckdb: SELECT id, tier, visits, CAST(visits AS INTEGER) * 2,
-- duckdb:   CASE WHEN json_type(j, '$.address.zip') NOT IN ('OBJECT', 'ARRAY') THEN j ->> '$.address.zip' END,
-- duckdb:   CASE WHEN json_type(j, '$.tags[0]') NOT IN ('OBJECT', 'ARRAY') THEN j ->> '$.tags[0]' END,
-- duckdb:   CASE WHEN json_type(j, '$.missing') NOT IN ('OBJECT', 'ARRAY') THEN j ->> '$.missing' END,
-- duckdb:   CASE WHEN json_type(j, '$.address') NOT IN ('OBJECT', 'ARRAY') THEN j ->> '$.address' END,
-- duckdb:   CASE WHEN json_type(j, '$.tags') IN ('OBJECT', 'ARRAY') THEN CAST(j -> '$.tags' AS VARCHAR) END,
-- duckdb:   CASE WHEN json_type(j, '$.address') IN ('OBJECT', 'ARRAY') THEN CAST(j -> '$.address' AS VARCHAR) END,
-- duckdb:   CASE WHEN json_type(j, '$.tier') IN ('OBJECT', 'ARRAY') THEN CAST(j -> '$.tier' AS VARCHAR) END,
-- duckdb:   CASE WHEN id IN (SELECT id FROM people WHERE profile IS NOT NULL) THEN coalesce(json_exists(j, '$.address'), FALSE) END
-- duckdb: FROM v
-- tables: people

SELECT
    id,
    JSON_VALUE(profile, '$.tier') AS tier,
    JSON_VALUE(profile, '$.visits') AS visits,
    CAST(JSON_VALUE(profile, '$.visits') AS INT) * 2 AS visits_doubled,
    JSON_VALUE(profile, '$.address.zip') AS zip,
    JSON_VALUE(profile, '$.tags[0]') AS first_tag,
    JSON_VALUE(profile, 'lax $.missing') AS missing,
    JSON_VALUE(profile, '$.address') AS object_as_value,
    JSON_QUERY(profile, '$.tags') AS tags,
    JSON_QUERY(profile, '$.address') AS address,
    JSON_QUERY(profile, '$.tier') AS scalar_as_query,
    JSON_EXISTS(profile, '$.address') AS has_address
FROM people;
