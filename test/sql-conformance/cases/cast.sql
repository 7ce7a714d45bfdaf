-- CAST between strings, numbers, booleans, dates and timestamps: DOUBLE → INT truncates, DECIMAL rounds half up, strings are trimmed when parsed
-- duckdb: -- Flink: DOUBLE → INT truncates toward zero, DECIMAL rounds half up, strings are trimmed when parsed
-- duckdb: SELECT s, CAST(trunc(CAST(trim(s) AS DOUBLE)) AS INTEGER) + 1, CAST(trim(s) AS DOUBLE), CAST(trim(s) AS DECIMAL(6, 2)),
-- duckdb:   CAST(trunc(CAST(trim(s) AS DOUBLE)) AS INTEGER), CAST(trunc(CAST(trim(s) AS DOUBLE)) AS BIGINT),
-- duckdb:   CAST(CAST(trim(s) AS DECIMAL(6, 2)) AS VARCHAR),
-- duckdb:   CAST(CAST(trim(s) AS DOUBLE) AS VARCHAR),
-- duckdb:   upper(CAST(CAST(trim(s) AS DOUBLE) > 0 AS VARCHAR))
-- duckdb: FROM (VALUES ('42'), ('-7.5'), (' 3.14159 '), ('0.005')) AS t(s)
-- duckdb: WHERE s <> '42' OR CAST(trim(s) AS INTEGER) = 42
SELECT
    s,
    CAST(s AS INT) + 1 AS as_int,
    CAST(s AS DOUBLE) AS as_double,
    CAST(s AS DECIMAL(6, 2)) AS as_decimal,
    CAST(CAST(s AS DOUBLE) AS INT) AS double_to_int,
    CAST(CAST(s AS DOUBLE) AS BIGINT) AS double_to_bigint,
    CAST(CAST(s AS DECIMAL(6, 2)) AS STRING) AS decimal_text,
    CAST(CAST(s AS DOUBLE) AS STRING) AS double_text,
    CAST(CAST(s AS DOUBLE) > 0 AS STRING) AS boolean_text
FROM (VALUES ('42'), ('-7.5'), (' 3.14159 '), ('0.005')) AS t(s)
WHERE s <> '42' OR CAST(s AS INT) = 42;
