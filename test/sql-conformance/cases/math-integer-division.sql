-- Integer arithmetic: INT / INT truncates toward zero, MOD and % keep the dividend's sign, DECIMAL and DOUBLE division do not truncate
-- duckdb: -- Flink: INT / INT truncates toward zero; MOD and % keep the dividend's sign (DuckDB's % does too)
-- duckdb: SELECT a, b, CAST(trunc(a / b) AS INTEGER), a % b, a % b, CAST(a AS DOUBLE) / b, round(a * 1.0 / b, 12), a + b * 2 - 1
-- duckdb: FROM (VALUES (7, 2), (-7, 2), (7, -2), (1, 3), (10, 5)) AS t(a, b)
SELECT
    a,
    b,
    a / b AS int_division,
    MOD(a, b) AS mod_ab,
    a % b AS percent_ab,
    CAST(a AS DOUBLE) / b AS double_division,
    a * 1.0 / b AS decimal_division,
    a + b * 2 - 1 AS precedence
FROM (VALUES (7, 2), (-7, 2), (7, -2), (1, 3), (10, 5)) AS t(a, b);
