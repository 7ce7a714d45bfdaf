-- String functions: UPPER, LOWER, TRIM, INITCAP, CHAR_LENGTH, CONCAT, CONCAT_WS, REPLACE, LPAD, RPAD, SUBSTRING
-- duckdb: SELECT id, upper(name), lower(email), trim(name),
-- duckdb:   -- INITCAP: each character upper-case after a character that is not a letter or digit, else lower-case
-- duckdb:   array_to_string(list_transform(range(1, length(name) + 1), i -> CASE WHEN i = 1 OR NOT regexp_matches(substring(name, i - 1, 1), '[A-Za-z0-9]')
-- duckdb:     THEN upper(substring(name, i, 1)) ELSE lower(substring(name, i, 1)) END), ''), length(name),
-- duckdb:   -- Flink's CONCAT is NULL when an argument is (DuckDB's skips NULLs)
-- duckdb:   CASE WHEN city IS NULL THEN NULL ELSE concat(trim(name), '|', city) END,
-- duckdb:   concat_ws('-', trim(name), city, email), replace(email, '@', ' at '),
-- duckdb:   lpad(city, 8, '*'), rpad(city, 8, '.'), lpad(city, 3, '*'), substring(email, 2, 3), substring(email, 3),
-- duckdb:   substring(email, length(email) - 2, 2)
-- duckdb: FROM people
-- tables: people

SELECT
    id,
    UPPER(name) AS upper_name,
    LOWER(email) AS lower_email,
    TRIM(name) AS trimmed,
    INITCAP(name) AS initcap_name,
    CHAR_LENGTH(name) AS name_length,
    CONCAT(TRIM(name), '|', city) AS concatenated,
    CONCAT_WS('-', TRIM(name), city, email) AS joined_ws,
    REPLACE(email, '@', ' at ') AS replaced,
    LPAD(city, 8, '*') AS lpadded,
    RPAD(city, 8, '.') AS rpadded,
    LPAD(city, 3, '*') AS lpad_shorter,
    SUBSTRING(email FROM 2 FOR 3) AS sub_from_for,
    SUBSTRING(email, 3) AS sub_from,
    SUBSTR(email, -3, 2) AS sub_negative
FROM people;
