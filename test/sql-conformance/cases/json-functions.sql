-- JSON functions: JSON_VALUE (scalars as text; NULL for objects, arrays, missing paths and invalid JSON), JSON_QUERY (objects and arrays as JSON text), JSON_EXISTS
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
