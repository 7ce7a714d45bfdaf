-- NULL in, NULL out: string functions and || give NULL for a NULL argument, CONCAT_WS skips NULLs, empty strings are not NULL
-- duckdb: SELECT id, email IS NULL, upper(email), length(email), email || '!',
-- duckdb:   -- Flink's CONCAT is NULL when an argument is (DuckDB's skips NULLs)
-- duckdb:   CASE WHEN email IS NULL OR city IS NULL THEN NULL ELSE concat(email, city) END,
-- duckdb:   concat_ws(',', email, city), concat_ws(NULL, email, city), name = '', length(name) = 0
-- duckdb: FROM people
-- tables: people

SELECT
    id,
    email IS NULL AS email_missing,
    UPPER(email) AS upper_email,
    CHAR_LENGTH(email) AS email_length,
    email || '!' AS piped,
    CONCAT(email, city) AS concatenated,
    CONCAT_WS(',', email, city) AS ws_skips_null,
    CONCAT_WS(CAST(NULL AS STRING), email, city) AS ws_null_separator,
    name = '' AS name_is_empty,
    CHAR_LENGTH(name) = 0 AS zero_length
FROM people;
