-- TRIM in all its forms: BOTH / LEADING / TRAILING with and without characters, LTRIM and RTRIM
-- duckdb: SELECT '[' || trim(s) || ']', '[' || trim(s, 'x') || ']', '[' || ltrim(s) || ']', '[' || rtrim(s, 'x') || ']', '[' || ltrim(s) || ']', '[' || rtrim(s) || ']'
-- duckdb: FROM (VALUES ('  padded  '), ('xxmarkedxx'), ('x  mixed  x')) AS v(s)
SELECT
    '[' || TRIM(s) || ']' AS trimmed,
    '[' || TRIM(BOTH 'x' FROM s) || ']' AS both_x,
    '[' || TRIM(LEADING FROM s) || ']' AS leading_spaces,
    '[' || TRIM(TRAILING 'x' FROM s) || ']' AS trailing_x,
    '[' || LTRIM(s) || ']' AS ltrimmed,
    '[' || RTRIM(s) || ']' AS rtrimmed
FROM (SELECT CAST(v AS STRING) AS s FROM (VALUES ('  padded  '), ('xxmarkedxx'), ('x  mixed  x')) AS v(v)) AS t;
