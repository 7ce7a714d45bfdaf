-- Math functions: ABS, MOD, ROUND, FLOOR, CEIL, POWER, SQRT, LN, LOG10, EXP, SIGN, TRUNCATE on DOUBLE, INT and DECIMAL
-- duckdb: -- MOD and % keep the dividend's sign in both; CEIL(-0.5) is -0.0 in both; TRUNCATE(d, 1) is trunc(d * 10) / 10
-- duckdb: SELECT id, abs(i), abs(d), i % 3, i % 4, round(d), round(d, 1), round(m, 2), floor(d), ceil(d), floor(m), ceil(m),
-- duckdb:   pow(i, 2), sqrt(abs(d)), ln(abs(i)), log10(abs(i)), exp(0), sign(d), trunc(d * 10) / 10
-- duckdb: FROM numbers
CREATE TABLE numbers (
    id INT,
    i INT,
    d DOUBLE,
    m DECIMAL(8, 3)
) WITH (
    'connector' = 'filesystem',
    'path' = 'math-functions.input/numbers.csv',
    'format' = 'csv',
    'csv.null-literal' = 'NULL'
);

SELECT
    id,
    ABS(i) AS abs_i,
    ABS(d) AS abs_d,
    MOD(i, 3) AS mod_i,
    i % 4 AS percent_i,
    ROUND(d) AS round_d,
    ROUND(d, 1) AS round_d_1,
    ROUND(m, 2) AS round_m_2,
    FLOOR(d) AS floor_d,
    CEIL(d) AS ceil_d,
    FLOOR(m) AS floor_m,
    CEIL(m) AS ceil_m,
    POWER(i, 2) AS power_i,
    SQRT(ABS(d)) AS sqrt_d,
    LN(ABS(i)) AS ln_i,
    LOG10(ABS(i)) AS log10_i,
    EXP(0) AS exp_0,
    SIGN(d) AS sign_d,
    TRUNCATE(d, 1) AS truncate_d
FROM numbers;
