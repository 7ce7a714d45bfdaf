-- TRY_CAST gives NULL where CAST would fail: bad numbers, bad dates, overflowing values
SELECT
    s,
    TRY_CAST(s AS INT) AS as_int,
    TRY_CAST(s AS DOUBLE) AS as_double,
    TRY_CAST(s AS DATE) AS as_date,
    TRY_CAST(s AS TINYINT) AS as_tinyint,
    TRY_CAST(s AS DECIMAL(4, 1)) AS as_decimal
FROM (VALUES ('12'), ('abc'), ('2024-01-31'), ('1e3'), ('300'), (''), ('99999')) AS t(s);
