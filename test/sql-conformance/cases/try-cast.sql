-- TRY_CAST gives NULL where CAST would fail: bad numbers, bad dates, overflowing values
-- duckdb: -- an integral type takes only integer text ('1e3' is not one); a DECIMAL(4, 1) holds less than 1000
-- duckdb: SELECT s, CASE WHEN regexp_matches(s, '^ *[+-]?[0-9]+ *$') THEN TRY_CAST(s AS INTEGER) END, TRY_CAST(s AS DOUBLE), TRY_CAST(s AS DATE),
-- duckdb:   CASE WHEN regexp_matches(s, '^ *[+-]?[0-9]+ *$') THEN TRY_CAST(s AS TINYINT) END,
-- duckdb:   CASE WHEN TRY_CAST(s AS DECIMAL(18, 1)) >= 1000 OR TRY_CAST(s AS DECIMAL(18, 1)) <= -1000 THEN NULL ELSE TRY_CAST(s AS DECIMAL(18, 1)) END
-- duckdb: FROM (VALUES ('12'), ('abc'), ('2024-01-31'), ('1e3'), ('300'), (''), ('99999')) AS t(s)
SELECT
    s,
    TRY_CAST(s AS INT) AS as_int,
    TRY_CAST(s AS DOUBLE) AS as_double,
    TRY_CAST(s AS DATE) AS as_date,
    TRY_CAST(s AS TINYINT) AS as_tinyint,
    TRY_CAST(s AS DECIMAL(4, 1)) AS as_decimal
FROM (VALUES ('12'), ('abc'), ('2024-01-31'), ('1e3'), ('300'), (''), ('99999')) AS t(s);
